// Polls a CSV import's JSON status and updates the progress bar; reloads once to show the result.
(function () {
  "use strict";
  var box = document.getElementById("upload-status");
  if (!box || box.getAttribute("data-finished") === "true") { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("upload-progress");
  var summary = document.getElementById("upload-summary");
  var delay = 700;

  function show(status) {
    if (status.total > 0) {
      bar.max = status.total;
      bar.value = status.done;
    }
    if (status.state === "running") {
      summary.textContent = status.done + " of " + status.total + " lines processed…";
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.finished) { window.location.reload(); return; }
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 10000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
}());
