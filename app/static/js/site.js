// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary so screen-reader users hear what went wrong.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // The organisation switcher is sent with its button only: choosing in the list changes nothing
  // by itself (WCAG 3.2.2), so arrow keys can move through the organisations.
})();
// Quick exit: leave for a neutral site in place of this page, so the back button does not return to it. On a page
// of a crisis category its own history entry is made this site's home page at once (a page cannot delete earlier
// entries, only its own): going back to it later opens the home page, and a copy the browser kept for the back
// button (the back-forward cache) is hidden on leaving and replaced on return.
(function () {
  "use strict";
  var exits = document.querySelectorAll("[data-quick-exit]");
  if (!exits.length) { return; }
  function leave(href) { window.location.replace(href); }
  Array.prototype.forEach.call(exits, function (link) {
    link.addEventListener("click", function (event) { event.preventDefault(); leave(link.href); });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented || event.isComposing) { return; }
    // A control that uses Esc itself (a list of suggestions closing) marks the key as handled; in a search box
    // with words in it the first Esc clears them, as browsers do, and the next one leaves.
    var target = event.target;
    if (target && target.type === "search" && target.value) { return; }
    leave(exits[0].href);
  });
  var crisis = document.querySelector("[data-crisis-page]");
  if (!crisis || !window.history || !window.history.replaceState) { return; }
  var neutral = crisis.getAttribute("data-neutral-url") || "/";
  var here = window.location.href;
  // A form without an action is sent to the page's address: keep that the real one, not the neutral one.
  Array.prototype.forEach.call(document.forms, function (form) {
    if (!form.getAttribute("action")) { form.setAttribute("action", here); }
  });
  window.history.replaceState(null, "", neutral);
  document.title = crisis.getAttribute("data-neutral-title") || document.title;
  window.addEventListener("pagehide", function () { document.documentElement.classList.add("quick-exit-left"); });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { leave(neutral); }
  });
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
