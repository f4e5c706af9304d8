// The organiser's sign-in screen: a new QR code and the count, fetched every few seconds.
(function () {
  "use strict";
  var box = document.querySelector("[data-cw-signin-state]");
  if (!box) return;
  var url = box.getAttribute("data-cw-signin-state");
  var every = parseInt(box.getAttribute("data-cw-refresh"), 10) || 10;
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) return;
        document.getElementById("cw-signin-qr").src = s.qr;
        var link = document.getElementById("cw-signin-link");
        link.href = s.url;
        link.textContent = s.url;
        document.getElementById("cw-signin-attended").textContent = s.attended;
        document.getElementById("cw-signin-rate").textContent = s.rate === null ? "—" : s.rate + "%";
      })
      .catch(function () {});
  }
  setInterval(refresh, every * 1000);
})();
