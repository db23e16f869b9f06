// Pre-select the browser's timezone on the subscribe page. Without JavaScript the select keeps its
// server-side default (UTC), and a value the person already chose is never overwritten.
(function () {
  "use strict";
  function detect() {
    var select = document.getElementById("timezone");
    if (!select || select.getAttribute("data-autodetect") !== "true") { return; }
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    if (!zone) { return; }
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) {
        select.value = zone;
        return;
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", detect);
  } else {
    detect();
  }
})();
