// Timezone select, progressively enhanced (no inline script: the CSP forbids it). Without
// JavaScript it is a plain select grouped by region. With it: a select marked data-autodetect gets
// the browser's zone (an alias such as Asia/Calcutta is read as its canonical name, from
// data-aliases), and a search box above the list narrows it as you type. A value already chosen is
// never overwritten: only the server knows whether one was (the lead's on an invitation, the
// person's own, a refused form's), so it marks data-autodetect only where nobody chose a zone.
(function () {
  "use strict";

  function hasOption(select, zone) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { return true; }
    }
    return false;
  }

  function detect(select) {
    if (select.getAttribute("data-autodetect") !== "true") { return; }
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    if (!zone) { return; }
    if (!hasOption(select, zone)) {
      var aliases = {};
      try {
        aliases = JSON.parse(select.getAttribute("data-aliases") || "{}");
      } catch (e) {
        aliases = {};
      }
      zone = aliases[zone];
    }
    if (zone && hasOption(select, zone)) { select.value = zone; }
  }

  function words(text) {
    return text.toLowerCase().replace(/[_/()]/g, " ").split(/\s+/).filter(function (w) { return w; });
  }

  function narrow(select, query) {
    var wanted = words(query);
    var first = null;
    var groups = select.getElementsByTagName("optgroup");
    for (var g = 0; g < groups.length; g++) {
      var options = groups[g].getElementsByTagName("option");
      var shown = 0;
      for (var i = 0; i < options.length; i++) {
        var text = (options[i].textContent + " " + options[i].value + " " + groups[g].label).toLowerCase().replace(/_/g, " ");
        var match = wanted.every(function (w) { return text.indexOf(w) !== -1; });
        options[i].hidden = !match;
        if (match) {
          shown++;
          if (!first) { first = options[i]; }
        }
      }
      groups[g].hidden = shown === 0;
    }
    var selected = select.options[select.selectedIndex];
    if (first && (!selected || selected.hidden)) { select.value = first.value; }
    return first !== null;
  }

  function searchable(select) {
    var label = document.createElement("label");
    label.htmlFor = "timezone-search";
    label.textContent = "Find your timezone (a city or region)";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "timezone-search";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    var status = document.createElement("p");
    status.className = "hint";
    status.id = "timezone-search-status";
    status.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", status.id);
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(status, select);
    input.addEventListener("input", function () {
      var found = narrow(select, input.value);
      status.textContent = input.value && !found ? "No timezone matches; try a larger city nearby." : "";
    });
  }

  function init() {
    var select = document.getElementById("timezone");
    if (!select) { return; }
    detect(select);
    if (select.getAttribute("data-searchable") === "true") { searchable(select); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
