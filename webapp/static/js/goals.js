/* Goal editor: each condition row's value list shows only the options of the chosen kind.
 * Without JavaScript the list shows every kind's options in groups and the server checks them. */
(function () {
  "use strict";

  function filterRow(row) {
    var kind = row.querySelector(".goal-condition-kind").value;
    var groups = row.querySelectorAll(".goal-condition-values optgroup");
    Array.prototype.forEach.call(groups, function (group) {
      var match = group.dataset.kind === kind;
      group.hidden = !match;
      group.disabled = !match;
      if (!match) {
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (o) { o.selected = false; });
      }
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".goal-condition"), function (row) {
      filterRow(row);
      row.querySelector(".goal-condition-kind").addEventListener("change", function () { filterRow(row); });
    });
  }

  document.addEventListener("DOMContentLoaded", init);
}());
