// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary so screen-reader users hear what went wrong.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // Submit the organisation switcher as soon as a new organisation is chosen.
  var switcher = document.getElementById("switch-organisation");
  if (switcher) {
    switcher.addEventListener("change", function () { switcher.form.submit(); });
  }
})();
