// 说明报告: a live character count under the report's textarea (data-cw-count names the counter,
// data-cw-max the limit); past the limit the counter turns red and the save button is disabled.
(function () {
  "use strict";
  function bind(area) {
    var counter = document.getElementById(area.getAttribute("data-cw-count"));
    var max = parseInt(area.getAttribute("data-cw-max"), 10);
    var form = area.form;
    var save = form ? form.querySelector("[type=submit]") : null;
    function update() {
      // Characters as the server counts them: code points, CRLF as one line break.
      var n = Array.from(area.value.replace(/\r\n/g, "\n").trim()).length;
      counter.textContent = n + " / " + max;
      var over = n > max;
      counter.classList.toggle("text-danger", over);
      counter.classList.toggle("fw-semibold", over);
      area.classList.toggle("is-invalid", over);
      if (save) save.disabled = over;
    }
    area.addEventListener("input", update);
    update();
  }
  document.querySelectorAll("textarea[data-cw-count]").forEach(bind);
})();
