// Twinning Tracker embeds, host side (optional): add this script once to a page that
// frames charts from the portal, and each <iframe data-twinning-embed> takes the
// exact height of its chart, following it when a reader opens the chart's table.
// It only listens: it sizes frames whose page is on the portal that served this
// script, from the height the framed page reports (embed-frame.js).
(function () {
  "use strict";
  if (window.twinningEmbedHost) return;
  window.twinningEmbedHost = true;
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : null;
  window.addEventListener("message", function (e) {
    var d = e.data;
    if (!d || d.twinning !== "embed-height" || typeof d.height !== "number") return;
    if (origin && e.origin !== origin) return;
    var frames = document.querySelectorAll("iframe[data-twinning-embed]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        var h = Math.max(100, Math.min(5000, Math.round(d.height)));
        frames[i].style.height = h + "px";
        frames[i].setAttribute("height", String(h));
      }
    }
  });
})();
