// Draws every chart on the page. Each chart's ECharts option arrives as a JSON data
// island (<script type="application/json">), never as script, so pages need no inline
// JavaScript and the Content-Security-Policy can forbid it. Without JavaScript the
// table of numbers under each chart is the chart.
(function () {
  "use strict";
  function draw(el) {
    var island = document.getElementById(el.getAttribute("data-chart"));
    if (!island || typeof echarts === "undefined") return;
    var option;
    try {
      option = JSON.parse(island.textContent);
    } catch (e) {
      return;
    }
    // Tooltips as rich text on the canvas: ECharts' HTML tooltips need inline
    // style attributes, which the Content-Security-Policy refuses.
    option.tooltip = Object.assign({}, option.tooltip, { renderMode: "richText" });
    // ECharts' aria component writes its own aria-label on the chart element, an
    // English sentence per series ("the data for 1974 is 0, 1, 1, NaN"). The page
    // already wrote a summary in the page's language there: keep it.
    var summary = el.getAttribute("aria-label");
    if (summary) {
      option.aria = Object.assign({}, option.aria, { label: { description: summary } });
    }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    el.setAttribute("data-drawn", "true");
    // The chart now shows the numbers; fold the table away but keep it one click off.
    var fig = el.closest("figure");
    var details = fig && fig.querySelector("details.chart-table");
    if (details) details.removeAttribute("open");
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function init() {
    document.querySelectorAll("[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// Chart pages: a PNG download of the drawn chart, and permalink/embed fields that
// select themselves for copying.
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("button[data-chart-png]").forEach(function (btn) {
      var el = document.querySelector('[data-chart="' + btn.getAttribute("data-chart-png") + '"]');
      if (!el || typeof echarts === "undefined") return;
      btn.hidden = false;
      btn.addEventListener("click", function () {
        var chart = echarts.getInstanceByDom(el);
        if (!chart) return;
        var a = document.createElement("a");
        a.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
        a.download = btn.getAttribute("data-filename") || "chart.png";
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
    });
    document.querySelectorAll(".copy").forEach(function (f) {
      f.addEventListener("focus", function () { f.select(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
