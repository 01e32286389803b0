// The search page's filters: folded on a phone once a search is made (the results lead), but on a
// wide screen, where they stand beside the results, opened. Without this file they stay folded
// behind "Change filters", which opens them by mouse, touch or keyboard alike.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(min-width: 60em)").matches) { return; }
  var panels = document.querySelectorAll("details[data-open-wide]");
  for (var i = 0; i < panels.length; i += 1) { panels[i].open = true; }
}());
