// Improvement areas in the order an officer wants: "Move up" and "Move down" on each area move it
// on the form and renumber every position 1..N in the order shown, so the saved order is the order
// seen. Without JavaScript the officer types the positions; the server numbers them 1..N either way.
(function () {
  "use strict";

  var GROUP = "improvement_areas-group";

  function areas(group) {
    return Array.prototype.filter.call(group.querySelectorAll(".inline-related"), function (row) {
      return !row.classList.contains("empty-form") && row.id.indexOf("-empty") === -1;
    });
  }

  function positionInput(row) {
    return row.querySelector('input[name$="-position"]');
  }

  function titleOf(row) {
    var title = row.querySelector('input[name$="-title"]');
    return title && title.value.trim() ? "“" + title.value.trim() + "”" : "This area";
  }

  function renumber(group) {
    var position = 0;
    areas(group).forEach(function (row) {
      var input = positionInput(row);
      var deleted = row.querySelector('input[name$="-DELETE"]');
      if (input && !(deleted && deleted.checked)) {
        position += 1;
        input.value = position;
      }
    });
    return position;
  }

  function move(group, row, step, status, pressed) {
    var rows = areas(group);
    var index = rows.indexOf(row);
    var target = rows[index + step];
    if (!target) {
      status.textContent = titleOf(row) + " is already " + (step < 0 ? "first." : "last.");
      return;
    }
    target.parentNode.insertBefore(row, step < 0 ? target : target.nextSibling);
    // Moving an element in the page takes the focus away from it: give it back.
    pressed.focus();
    var count = renumber(group);
    var input = positionInput(row);
    status.textContent = titleOf(row) + " is now area " + (input ? input.value : index + 1 + step) + " of " + count + ".";
  }

  function button(text, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button area-order__button";
    element.textContent = text;
    element.addEventListener("click", function () { onClick(element); });
    return element;
  }

  function attach(group, row, status) {
    if (row.querySelector(".area-order")) {
      return;
    }
    var controls = document.createElement("div");
    controls.className = "area-order";
    controls.appendChild(button("Move up", function (pressed) { move(group, row, -1, status, pressed); }));
    controls.appendChild(button("Move down", function (pressed) { move(group, row, 1, status, pressed); }));
    var heading = row.querySelector("h3");
    if (heading) {
      heading.insertAdjacentElement("afterend", controls);
    } else {
      row.insertBefore(controls, row.firstChild);
    }
  }

  function start() {
    var group = document.getElementById(GROUP);
    if (!group) {
      return;
    }
    var status = document.createElement("p");
    status.className = "area-order__status";
    status.setAttribute("role", "status");
    group.insertBefore(status, group.firstChild);
    areas(group).forEach(function (row) { attach(group, row, status); });
    document.addEventListener("formset:added", function (event) {
      if (event.detail && event.detail.formsetName === "improvement_areas") {
        attach(group, event.target, status);
        renumber(group);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
