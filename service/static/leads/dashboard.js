// The dashboard's "Print or save as PDF" button: shown only where scripts run (the print
// stylesheet does the rest), so the page never offers a button that does nothing.
(function () {
  "use strict";
  var button = document.getElementById("print-report");
  if (!button || typeof window.print !== "function") { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
}());
