// Searchable selects without a third-party library (progressive enhancement: without this file
// the plain <select> still works, and the server checks every choice).
//   <select data-cw-search>                    a search box above the list narrows its options
//   <select multiple data-cw-multiselect>      a searchable list of checkboxes with full names
//                                              (no Ctrl-click), kept in sync with the hidden select
//   <select data-cw-filter-by="id_department"> only the options whose data-department is that
//                                              select's value (all when it is empty)
// Words come from the page (data-cw-search-placeholder, data-cw-count="已选 %s 项"), translated there.
(function () {
  "use strict";

  function norm(s) { return (s || "").toLowerCase().replace(/\s+/g, ""); }

  function searchBox(select, placeholder) {
    const input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1 cw-select-search";
    input.placeholder = placeholder || select.dataset.cwSearchPlaceholder || "";
    input.setAttribute("aria-label", input.placeholder);
    return input;
  }

  function departmentOf(select) {
    const id = select.dataset.cwFilterBy;
    const source = id && document.getElementById(id);
    return source ? source.value : "";
  }

  function applyFilters(select, query) {
    const dept = departmentOf(select);
    const q = norm(query);
    select.querySelectorAll("option").forEach(function (opt) {
      if (!opt.value) return;
      const inDept = !dept || !opt.dataset.department || opt.dataset.department === dept;
      const matches = !q || norm(opt.textContent).indexOf(q) !== -1;
      opt.hidden = !(inDept && matches) && !opt.selected;
    });
  }

  function enhanceSearch(select) {
    const input = searchBox(select);
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", function () { applyFilters(select, input.value); });
    if (select.dataset.cwFilterBy) {
      const source = document.getElementById(select.dataset.cwFilterBy);
      if (source) {
        source.addEventListener("change", function () {
          const chosen = select.selectedOptions[0];
          // A person of another department no longer fits the choice: clear it.
          if (chosen && chosen.value && chosen.dataset.department && source.value && chosen.dataset.department !== source.value) {
            select.value = "";
          }
          applyFilters(select, input.value);
        });
      }
      applyFilters(select, "");
    }
  }

  function enhanceMulti(select) {
    const box = document.createElement("div");
    box.className = "cw-multiselect border rounded p-2";
    const head = document.createElement("div");
    head.className = "d-flex align-items-center gap-2 mb-1";
    const input = searchBox(select);
    input.classList.remove("mb-1");
    const count = document.createElement("span");
    count.className = "small text-secondary text-nowrap cw-multiselect-count";
    head.appendChild(input);
    head.appendChild(count);
    const list = document.createElement("div");
    list.className = "cw-multiselect-list";
    box.appendChild(head);
    box.appendChild(list);

    function refreshCount() {
      count.textContent = (select.dataset.cwCount || "%s").replace("%s", select.selectedOptions.length);
    }
    Array.prototype.forEach.call(select.options, function (opt, i) {
      const id = select.id + "_cw_" + i;
      const row = document.createElement("div");
      row.className = "form-check";
      const check = document.createElement("input");
      check.type = "checkbox";
      check.className = "form-check-input";
      check.id = id;
      check.checked = opt.selected;
      check.addEventListener("change", function () { opt.selected = check.checked; refreshCount(); });
      const label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = id;
      label.textContent = opt.textContent;
      row.appendChild(check);
      row.appendChild(label);
      row.dataset.text = norm(opt.textContent);
      list.appendChild(row);
    });
    input.addEventListener("input", function () {
      const q = norm(input.value);
      list.querySelectorAll(".form-check").forEach(function (row) {
        row.hidden = q !== "" && row.dataset.text.indexOf(q) === -1;
      });
    });
    refreshCount();
    select.classList.add("d-none");
    select.parentNode.insertBefore(box, select.nextSibling);
  }

  function enhance(root) {
    root.querySelectorAll("select[data-cw-multiselect]:not([data-cw-enhanced])").forEach(function (s) {
      s.dataset.cwEnhanced = "1";
      enhanceMulti(s);
    });
    root.querySelectorAll("select[data-cw-search]:not([data-cw-enhanced])").forEach(function (s) {
      s.dataset.cwEnhanced = "1";
      enhanceSearch(s);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
  document.addEventListener("htmx:afterSwap", function (e) { enhance(e.target); });
})();
