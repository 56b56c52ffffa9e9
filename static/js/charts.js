// Draws every chart on the page. Each chart's ECharts option arrives as a JSON data
// island (<script type="application/json">), never as script, so pages need no inline
// JavaScript and the Content-Security-Policy can forbid it. Without JavaScript the
// table of numbers under each chart is the chart.
//
// ECharts (160 kB compressed, and seconds of script on a slow phone) is loaded only
// when a chart comes near the screen: a page whose charts are further down reads and
// scrolls at once, and one that is never scrolled to its charts never pays for them.
// Its address comes from this script's data-echarts attribute (a hashed, cached URL).
(function () {
  "use strict";
  var me = document.currentScript;
  var echartsURL = me && me.getAttribute("data-echarts");
  var loading = null;

  // loadECharts adds the ECharts script once and calls back when it has run.
  function loadECharts(done) {
    if (typeof echarts !== "undefined") return done();
    if (!loading) {
      loading = [];
      var s = document.createElement("script");
      s.src = echartsURL;
      s.onload = function () {
        var waiting = loading;
        loading = [];
        waiting.forEach(function (f) { f(); });
      };
      document.head.appendChild(s);
    }
    loading.push(done);
  }

  function draw(el) {
    if (el.getAttribute("data-drawn")) return;
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
    // No growing bars: the numbers are the point, and every animation frame is a
    // long task on a slow phone.
    option.animation = false;
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
    offerPNG(el, chart);
  }

  // offerPNG shows the chart page's "download PNG" button once its chart is drawn.
  function offerPNG(el, chart) {
    var id = el.getAttribute("data-chart");
    document.querySelectorAll("button[data-chart-png]").forEach(function (btn) {
      if (btn.getAttribute("data-chart-png") !== id) return;
      btn.hidden = false;
      btn.addEventListener("click", function () {
        var a = document.createElement("a");
        a.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
        a.download = btn.getAttribute("data-filename") || "chart.png";
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
    });
  }

  function init() {
    var els = Array.prototype.slice.call(document.querySelectorAll("[data-chart]"));
    if (!els.length || !echartsURL) return;
    if (!("IntersectionObserver" in window)) {
      loadECharts(function () { els.forEach(draw); });
      return;
    }
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        seen.unobserve(e.target);
        loadECharts(function () { draw(e.target); });
      });
    }, { rootMargin: "200px 0px" });
    els.forEach(function (el) { seen.observe(el); });
  }

  document.querySelectorAll(".copy").forEach(function (f) {
    f.addEventListener("focus", function () { f.select(); });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
