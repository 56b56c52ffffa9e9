// Runs inside an embedded chart (/embed/charts/…): tells the page that frames it how
// tall the chart is, now and whenever it changes (a folded table opened, a phone
// turned), so the host script (embed.js) can size the frame to fit. A host script that
// starts after the first report says hello, and hears the height again. Without a host
// script the message is ignored and the frame keeps the snippet's safe height.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var body = document.body, cs = getComputedStyle(body);
    var h = Math.ceil(body.getBoundingClientRect().height + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom));
    if (h === last) return;
    last = h;
    window.parent.postMessage({ twinning: "embed-height", height: h }, "*");
  }
  function start() {
    report();
    if ("ResizeObserver" in window) new ResizeObserver(report).observe(document.body);
    else window.addEventListener("resize", report);
    document.addEventListener("toggle", report, true);
    window.addEventListener("message", function (e) {
      if (e.source === window.parent && e.data && e.data.twinning === "embed-hello") {
        last = 0;
        report();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
