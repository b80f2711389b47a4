// The GOV.UK character count pattern: a field with a limit accepts more than the limit and
// says, as the officer types, how many characters are left or how many too many.
// Without JavaScript the hint under the field states the limit and the server refuses the excess.
(function () {
  "use strict";

  function message(limit, length) {
    var left = limit - length;
    if (left >= 0) {
      return "You have " + left + " character" + (left === 1 ? "" : "s") + " remaining";
    }
    return "You have " + -left + " character" + (left === -1 ? "" : "s") + " too many";
  }

  function attach(field) {
    var limit = parseInt(field.getAttribute("data-character-limit"), 10);
    var status = document.createElement("p");
    status.id = field.id + "_count";
    status.className = "character-count";
    status.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", status);
    var describedBy = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", describedBy ? describedBy + " " + status.id : status.id);

    function update() {
      var length = field.value.length;
      status.textContent = message(limit, length);
      status.classList.toggle("character-count--over", length > limit);
      field.classList.toggle("character-count__field--over", length > limit);
    }
    field.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-character-limit]").forEach(attach);
  });
})();
