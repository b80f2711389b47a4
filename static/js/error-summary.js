// The error summary at the top of an admin form (the GOV.UK pattern): focused when the page
// loads, so it is read out and the officer starts there; each link moves the focus to its field.
// A field drawn by a widget (CKEditor's editing area, the autocomplete box) hides the field itself,
// so the link focuses what the officer types into instead, and scrolls its label into view.
"use strict";
(function () {
  function typingPlace(target) {
    if (target.offsetParent !== null && !target.hidden) {
      return target;
    }
    var row = target.closest(".form-row, .inline-related, .fieldBox") || target.parentElement;
    // In this order: the hidden field itself comes before its widget on the page.
    var places = [".ck-editor__editable", ".select2-selection", "input:not([type=hidden])", "textarea", "select"];
    for (var index = 0; row && index < places.length; index += 1) {
      var place = row.querySelector(places[index]);
      if (place && place.offsetParent !== null) {
        return place;
      }
    }
    return target;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) {
        return;
      }
      event.preventDefault();
      var place = typingPlace(target);
      var row = place.closest(".form-row, .inline-related") || place;
      row.scrollIntoView();
      if (place.tabIndex < 0 && !place.isContentEditable) {
        place.setAttribute("tabindex", "-1");
      }
      place.focus({ preventScroll: true });
    });
  });
})();
