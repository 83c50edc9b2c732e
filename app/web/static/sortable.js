/* vanthu: sort a table by clicking a column heading (table.sortable, th[data-sort]).
 *
 * Without JavaScript the table stays as the server ordered it (best first). Each cell may carry
 * data-value (a number, or the text to compare); data-sort="number" or "text" says how; numbers
 * sort highest first on the first click, unless the heading says data-first="ascending".
 */
(function () {
  "use strict";

  var collator = new Intl.Collator("vi", {numeric: true, sensitivity: "base"});

  function value(row, index, kind) {
    var cell = row.cells[index];
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    return kind === "number" ? parseFloat(raw) || 0 : raw;
  }

  function sortBy(table, heading, index) {
    var kind = heading.getAttribute("data-sort");
    var current = heading.getAttribute("aria-sort");
    var first = heading.getAttribute("data-first") || (kind === "number" ? "descending" : "ascending");
    var order = current ? (current === "ascending" ? "descending" : "ascending") : first;
    Array.prototype.forEach.call(heading.parentNode.cells, function (th) { th.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", order);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, index, kind), y = value(b, index, kind);
      var difference = kind === "number" ? x - y : collator.compare(x, y);
      return order === "ascending" ? difference : -difference;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var headings = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headings, function (heading, index) {
      if (!heading.hasAttribute("data-sort")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (heading.firstChild) { button.appendChild(heading.firstChild); }
      heading.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, heading, index); });
    });
  });
})();
