// Give each autocomplete box (select2) the name of its field's label, so screen readers announce
// "Notice it responds to" rather than nothing. Select2 names the box after its selected value
// only, which is empty until something is chosen. Boxes are created by the admin's own script
// after the page loads, and again when an inline form is added, so watch for them.
"use strict";
(function () {
  function nameAutocompleteBoxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "-label";
      }
      container.querySelectorAll("[aria-labelledby], .select2-selection__rendered").forEach(function (element) {
        var names = [label.id];
        var rendered = element.querySelector(".select2-selection__rendered") || element;
        if (rendered.id) {
          names.push(rendered.id);
        }
        element.setAttribute("aria-labelledby", names.join(" "));
      });
    });
    // The search box of an open list is added to the end of the page; it names its results list,
    // "select2-<field id>-results", which leads back to the field and its label.
    root.querySelectorAll(".select2-search__field[aria-controls]").forEach(function (search) {
      var match = /^select2-(.+)-results$/.exec(search.getAttribute("aria-controls"));
      var label = match && document.querySelector('label[for="' + match[1] + '"]');
      if (label) {
        search.setAttribute("aria-label", "Search: " + label.textContent.replace(/:\s*$/, "").trim());
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAutocompleteBoxes(document);
    new MutationObserver(function () {
      nameAutocompleteBoxes(document);
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
