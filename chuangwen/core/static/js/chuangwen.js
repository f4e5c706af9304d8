// Behaviours the templates ask for with data-* attributes, so that no page needs an inline script
// or an on*= handler (the Content-Security-Policy allows scripts from our static files only).
// Listeners sit on the document: they also serve markup that htmx swaps in later.
(function () {
  "use strict";

  document.addEventListener("submit", function (e) {
    const form = e.target;
    // <form data-cw-confirm="Archive this task?">: asks first, sends nothing if refused.
    if (form.dataset.cwConfirm && !window.confirm(form.dataset.cwConfirm)) {
      e.preventDefault();
      return;
    }
    // <form data-cw-submit-once>: a second tap while the first submission is on its way sends
    // nothing (the server also stores one answer per form, whatever arrives).
    if (form.hasAttribute("data-cw-submit-once")) {
      if (form.dataset.cwSent) {
        e.preventDefault();
        return;
      }
      form.dataset.cwSent = "1";
      const button = form.querySelector("[type=submit]");
      if (button) button.disabled = true;
    }
  });

  document.addEventListener("change", function (e) {
    const el = e.target;
    // <select data-cw-autosubmit>: choosing reloads the page for the choice.
    if (el.hasAttribute("data-cw-autosubmit") && el.form) el.form.submit();
    // <input type=checkbox data-cw-check-all="box-id">: ticks every item checkbox inside #box-id.
    if (el.dataset.cwCheckAll) {
      const box = document.getElementById(el.dataset.cwCheckAll);
      if (box) box.querySelectorAll("input[type=checkbox][name=items]").forEach(function (c) { c.checked = el.checked; });
    }
  });

  document.addEventListener("focusin", function (e) {
    // <input data-cw-select-on-focus>: the whole value selected, ready to copy.
    if (e.target.hasAttribute("data-cw-select-on-focus")) e.target.select();
  });

  document.addEventListener("click", function (e) {
    // <button data-cw-copy="input-id">: copies that input's value.
    const copy = e.target.closest("[data-cw-copy]");
    if (copy) {
      const source = document.getElementById(copy.dataset.cwCopy);
      if (source && navigator.clipboard) navigator.clipboard.writeText(source.value);
    }
    // <button data-cw-print>: the browser's print dialog.
    if (e.target.closest("[data-cw-print]")) window.print();
  });
})();
