// Share and print on a service page: progressive enhancement only (the page works without it).
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-status"));
    if (!field || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-done"); }
      }, function () {
        field.focus();
        field.select();
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("input[data-select-all]"), function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
})();
