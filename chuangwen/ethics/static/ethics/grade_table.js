// Keyboard-first score tables (the head's department page, the committee's page): Enter and
// the arrow keys move between the cells ([data-cw-cell]) as in a spreadsheet, Tab keeps its
// order, Ctrl+Enter saves. No mouse needed for 60 people.
(function () {
  "use strict";
  document.querySelectorAll("[data-cw-grade-table]").forEach(function (table) {
    var rows = Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (tr) {
      return Array.prototype.slice.call(tr.querySelectorAll("[data-cw-cell]"));
    });
    function move(r, c) {
      if (r < 0 || r >= rows.length) return false;
      var cell = rows[r][Math.min(c, rows[r].length - 1)];
      if (!cell) return false;
      cell.focus();
      if (cell.select) cell.select();
      return true;
    }
    rows.forEach(function (cells, r) {
      cells.forEach(function (cell, c) {
        cell.addEventListener("keydown", function (e) {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            var form = cell.form;
            if (form.requestSubmit) form.requestSubmit(); else form.submit();
            return;
          }
          var select = cell.tagName === "SELECT";
          if (e.key === "Enter" || (e.key === "ArrowDown" && !select)) {
            e.preventDefault();
            if (!move(r + 1, c) && e.key === "Enter") move(0, c + 1);
          } else if (e.key === "ArrowUp" && !select) {
            e.preventDefault();
            move(r - 1, c);
          } else if (e.key === "ArrowRight" && cell.selectionStart === cell.value.length && !select) {
            if (c + 1 < cells.length) { e.preventDefault(); move(r, c + 1); }
          } else if (e.key === "ArrowLeft" && cell.selectionEnd === 0 && !select) {
            if (c > 0) { e.preventDefault(); move(r, c - 1); }
          }
        });
      });
    });
    if (rows.length && rows[0].length && !rows[0][0].disabled) move(0, 0);
  });
})();
