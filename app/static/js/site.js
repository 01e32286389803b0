// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary so screen-reader users hear what went wrong.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // The organisation switcher is sent with its button only: choosing in the list changes nothing
  // by itself (WCAG 3.2.2), so arrow keys can move through the organisations.
})();
// Quick exit: leave for a neutral site and replace this page in the history.
(function () {
  "use strict";
  var exits = document.querySelectorAll("[data-quick-exit]");
  function leave(href) { window.location.replace(href); }
  Array.prototype.forEach.call(exits, function (link) {
    link.addEventListener("click", function (event) { event.preventDefault(); leave(link.href); });
  });
  if (exits.length) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { leave(exits[0].href); }
    });
  }
})();
// On a phone the console's and the workspace's pages are one row that scrolls sideways: show the current one.
(function () {
  "use strict";
  var current = document.querySelector(".subnav [aria-current]");
  var row = current && current.closest("ul");
  if (row && row.scrollWidth > row.clientWidth) {
    row.scrollLeft = current.offsetLeft - (row.clientWidth - current.offsetWidth) / 2;
  }
})();
