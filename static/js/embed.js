// Twinning Tracker embeds, host side (optional): add this script once to a page that
// frames charts from the portal, and each <iframe data-twinning-embed> takes the
// exact height of its chart, following it when a reader opens the chart's table.
// It only listens: it sizes a frame from the height the page inside reports
// (embed-frame.js), and only when the message comes from that frame and from the
// origin of the frame's own address. It says hello to every frame when it starts and
// when a frame loads, so frames that reported before it ran report again.
(function () {
  "use strict";
  if (window.twinningEmbedHost) return;
  window.twinningEmbedHost = true;
  var SELECTOR = "iframe[data-twinning-embed]";
  function originOf(frame) {
    try { return new URL(frame.src, location.href).origin; } catch (e) { return null; }
  }
  function hello(frame) {
    var origin = originOf(frame);
    if (frame.contentWindow && origin) frame.contentWindow.postMessage({ twinning: "embed-hello" }, origin);
  }
  window.addEventListener("message", function (e) {
    var d = e.data;
    if (!d || d.twinning !== "embed-height" || typeof d.height !== "number") return;
    var frames = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source && e.origin === originOf(frames[i])) {
        var h = Math.max(100, Math.min(5000, Math.round(d.height)));
        frames[i].style.height = h + "px";
        frames[i].setAttribute("height", String(h));
      }
    }
  });
  function start() {
    var frames = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < frames.length; i++) {
      hello(frames[i]);
      frames[i].addEventListener("load", function (e) { hello(e.target); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
