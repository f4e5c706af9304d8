// Paper cards typed in a grid (surveys/paper_entry.html): values sent back after an error come
// from the json_script block "sv-values"; a digit moves the cursor on, Enter goes to the next
// card, "10 more rows" adds rows.
(function () {
  const form = document.getElementById("sv-paper");
  if (!form) return;
  const values = JSON.parse(document.getElementById("sv-values").textContent || "{}");
  Object.keys(values).forEach(function (name) { const el = form.elements[name]; if (el) el.value = values[name]; });
  const inputs = function () { return Array.from(form.querySelectorAll("tbody input")); };
  form.addEventListener("input", function (e) {
    const el = e.target;
    if (el.classList.contains("sv-digit") && /^[0-9]$/.test(el.value)) {
      const all = inputs(); const next = all[all.indexOf(el) + 1]; if (next) next.focus();
    }
  });
  form.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.ctrlKey || e.target.tagName !== "INPUT") return;
    e.preventDefault();
    const row = e.target.closest("tr"); const next = row.nextElementSibling;
    if (next) { const first = next.querySelector("input:not([type=date])"); if (first) first.focus(); }
  });
  document.getElementById("sv-more").addEventListener("click", function () {
    const body = form.querySelector("tbody"); const last = body.lastElementChild;
    const n = body.children.length;
    for (let k = 1; k <= 10; k++) {
      const row = last.cloneNode(true);
      row.querySelector(".sv-n").textContent = n + k;
      row.querySelectorAll("input").forEach(function (el) { el.value = ""; el.name = el.name.replace(/^r\d+-/, "r" + (n + k) + "-"); });
      body.appendChild(row);
    }
    document.getElementById("sv-rows").value = n + 10;
  });
})();
