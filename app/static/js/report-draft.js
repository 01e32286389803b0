// Keeps what is typed in a report on this device as well, so that nothing is lost when the session expires
// before "Save the draft": the copy is offered back when it is newer than the draft saved on the server.
// Without JavaScript the form works as it is; the copy is removed once the server has the draft.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !window.localStorage) { return; }
  var key = "siec-" + form.getAttribute("data-draft-key");
  var saved = form.getAttribute("data-saved") || "";
  var panel = document.getElementById("draft-restore");
  var button = document.getElementById("draft-restore-button");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.name !== "action";
    });
  }
  function snapshot() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "radio") { if (el.checked) { values[el.name] = el.value; } }
      else { values[el.name] = el.value; }
    });
    return values;
  }
  var stored = null;
  try { stored = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
  if (stored && stored.at && (!saved || stored.at > saved) && panel && button) {
    panel.hidden = false;
    button.addEventListener("click", function () {
      fields().forEach(function (el) {
        if (!(el.name in stored.values)) { return; }
        if (el.type === "radio") { el.checked = stored.values[el.name] === el.value; }
        else { el.value = stored.values[el.name]; }
      });
      panel.hidden = true;
      form.querySelector("input, textarea").focus();
    });
  } else if (stored && saved && stored.at <= saved) {
    window.localStorage.removeItem(key);
  }
  form.addEventListener("input", function () {
    try {
      window.localStorage.setItem(key, JSON.stringify({at: new Date().toISOString(), values: snapshot()}));
    } catch (e) { /* storage full or refused: the server's draft still holds */ }
  });
})();
