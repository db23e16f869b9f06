// Size the email's frame to the email, so the page scrolls rather than a box inside it.
// The frame allows same-origin (never scripts), so this page may read the email's height.
(function () {
  "use strict";
  var frame = document.getElementById("email-html");
  if (!frame) { return; }
  function fit() {
    try {
      var doc = frame.contentDocument;
      if (!doc || !doc.documentElement) { return; }
      // Shrink first: a frame taller than its email reports its own height as the email's.
      frame.style.height = "0px";
      var height = doc.documentElement.scrollHeight;
      frame.style.height = (height + 4) + "px";
    } catch (error) {
      // A frame we cannot read keeps its CSS height.
    }
  }
  frame.addEventListener("load", fit);
  window.addEventListener("resize", fit);
  fit();
}());
