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
