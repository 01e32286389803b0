// Suggestions while typing in the directory's search box (progressive enhancement: without this file the
// form is sent as it always was). A search input marked data-suggest="<url>" (or a form so marked, for its
// input named q) becomes a WAI-ARIA 1.2 combobox with a list of suggestions from that URL
// (GET ?q=…, JSON {query, status, label, suggestions: [{kind, kind_label, label, url}]}): from the second
// letter, 150 ms after the last key, a stale request aborted. ArrowDown/ArrowUp move through the list,
// Enter opens the chosen suggestion (a category's search, a service's page) or, with none chosen, sends the
// form as before; Escape closes the list (a second Escape reaches the page, e.g. the quick exit). The
// answer's status ("3 suggestions") is read out by a polite live region; every text comes from the server,
// in the reader's language.
(function () {
  "use strict";
  var MIN_CHARS = 2;
  var DELAY = 150;
  var counter = 0;

  function enhance(marked) {
    var input = marked.tagName === "INPUT" ? marked : marked.querySelector("input[name=q]");
    var endpoint = marked.getAttribute("data-suggest");
    if (!input || !endpoint || !window.fetch || input.getAttribute("role") === "combobox") { return; }
    counter += 1;
    var id = "suggest-" + counter;
    var wrapper = document.createElement("div");
    wrapper.className = "suggest";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrapper.appendChild(list);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);
    var label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) { label.id = id + "-label"; }
      list.setAttribute("aria-labelledby", label.id);
    }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    var items = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var shownFor = null;
    var answers = {};  // this page's answers by query, so that deleting a letter asks nothing again
    var kept = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.children;
      if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
      active = index;
      if (index < 0) { input.removeAttribute("aria-activedescendant"); return; }
      options[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[index].id);
      if (options[index].scrollIntoView) { options[index].scrollIntoView({block: "nearest"}); }
    }

    function choose(index) {
      var item = items[index];
      if (!item) { return; }
      close();
      window.location.assign(item.url);
    }

    function show(answer) {
      items = answer.suggestions || [];
      shownFor = answer.query;
      while (list.firstChild) { list.removeChild(list.firstChild); }
      active = -1;
      input.removeAttribute("aria-activedescendant");
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = id + "-option-" + index;
        option.className = "suggest-option suggest-" + item.kind;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var text = document.createElement("span");
        text.className = "suggest-label";
        text.textContent = item.label;
        option.appendChild(text);
        if (item.kind_label) {
          var kind = document.createElement("span");
          kind.className = "suggest-kind";
          kind.textContent = item.kind_label;
          option.appendChild(kind);
        }
        // mousedown keeps the focus in the box; the click (mouse, touch, pen) chooses
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(index); });
        list.appendChild(option);
      });
      if (!label && answer.label) { list.setAttribute("aria-label", answer.label); }
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      status.textContent = answer.status || "";
    }

    function request(text) {
      if (answers.hasOwnProperty(text)) { show(answers[text]); return; }
      if (pending) { pending.abort(); }
      var controller = window.AbortController ? new AbortController() : null;
      pending = controller;
      var url = endpoint + (endpoint.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
      window.fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin",
                         signal: controller ? controller.signal : undefined})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (pending === controller) { pending = null; }
          if (!answer) { return; }
          if (kept >= 50) { answers = {}; kept = 0; }
          answers[text] = answer;
          kept += 1;
          if (input.value.trim() === text && document.activeElement === input) { show(answer); }
        })
        .catch(function () { /* aborted or offline: the form still works */ });
    }

    input.addEventListener("input", function () {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (text.length < MIN_CHARS) {
        if (pending) { pending.abort(); pending = null; }
        close();
        items = [];
        shownFor = null;
        status.textContent = "";
        return;
      }
      timer = window.setTimeout(function () { request(text); }, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "Down") {
        if (!items.length || input.value.trim() !== shownFor) { return; }
        event.preventDefault();
        if (!open) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        highlight(active + 1 < items.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (!open || !items.length) { return; }
        event.preventDefault();
        highlight(active > 0 ? active - 1 : items.length - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          choose(active);
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () { close(); });
    input.addEventListener("focus", function () {
      if (items.length && input.value.trim() === shownFor) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-suggest]"), enhance);
})();
