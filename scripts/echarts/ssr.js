// Entry of the portal's server-side Apache ECharts build (build.sh): chartsvg/ runs it
// inside a pure-Go JavaScript engine (modernc.org/quickjs) to draw each chart's option
// (go-echarts chart.JSON()) to SVG with ECharts' own SVG renderer in ssr mode: no DOM,
// no canvas, no timers.
//
// What the options hold:
//   series type "bar" (stacked, horizontal via XYReversal)   → BarChart
//   series "scatter" and "lines" on a hidden value grid       → ScatterChart, LinesChart
//     (partner maps: places and great-circle routes in plate carrée, drawn over the
//     shared world outline static/img/world-land.svg)
//   grid with containLabel, category/value axes               → GridComponent
// The options also carry "legend", "tooltip", "aria", "title" and "toolbox" objects;
// without their components ECharts keeps them as plain data and draws nothing for them:
// the page writes the legend in HTML (it wraps on a phone), the summary as the SVG's
// aria-label and <title>, and static/js/charts.js adds tooltips.
// Add a component here (and rebuild) before a chart uses a new option.
import { use, init } from "echarts/core";
import { BarChart, ScatterChart, LinesChart } from "echarts/charts";
import { GridComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { setPlatformAPI, DEFAULT_TEXT_WIDTH_MAP } from "zrender/lib/core/platform.js";

use([BarChart, ScatterChart, LinesChart, GridComponent, SVGRenderer]);

// Text widths without a canvas. ECharts' fallback knows printable ASCII and counts
// every other character as 1 em: right for Hangul and Han, far too wide for é, ’ or
// the narrow no-break space of French numbers, so French labels wrapped or were cut.
// Accented Latin letters measure as their base letter; spaces and quotes as their
// ASCII look-alikes; everything else keeps the 1 em guess.
var lookAlike = { "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2019": "'", "\u2018": "'",
  "\u00ab": "<", "\u00bb": ">", "\u2013": "-", "\u2014": "W", "\u2026": "...", "\u00b7": "." };
function charWidth(ch) {
  var w = DEFAULT_TEXT_WIDTH_MAP[ch];
  if (w != null) return w;
  var alike = lookAlike[ch];
  if (alike != null) {
    var sum = 0;
    for (var i = 0; i < alike.length; i++) sum += DEFAULT_TEXT_WIDTH_MAP[alike[i]];
    return alike === " " && ch !== "\u00a0" ? sum / 2 : sum;
  }
  var base = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  if (base.length === 1 && DEFAULT_TEXT_WIDTH_MAP[base] != null) return DEFAULT_TEXT_WIDTH_MAP[base];
  return 1;
}
function measureText(text, font) {
  text = text || "";
  var m = /(\d+(?:\.\d+)?)px/.exec(font || "");
  var size = m ? +m[1] : 12;
  var width = 0;
  for (var i = 0; i < text.length; i++) width += charWidth(text[i]) * size;
  return { width: width };
}
setPlatformAPI({ measureText: measureText });

// formatNumber writes an axis value with the page language's separators (there is no
// Intl here): group is the thousands separator, decimal the decimal mark.
function formatNumber(v, sep) {
  var parts = String(Math.abs(v)).split(".");
  var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, sep.group);
  return (v < 0 ? "-" : "") + whole + (parts[1] ? sep.decimal + parts[1] : "");
}

function asArray(x) {
  return x == null ? [] : Array.isArray(x) ? x : [x];
}

// prepare adapts an option for a drawing that is the final frame of a static picture.
function prepare(option, width) {
  option.animation = false;
  var sep = option.numberFormat || { group: ",", decimal: "." };
  delete option.numberFormat;
  var axes = asArray(option.xAxis).concat(asArray(option.yAxis));
  axes.forEach(function (ax) {
    if (ax.type === "category" || ax.data) return;
    ax.axisLabel = ax.axisLabel || {};
    ax.axisLabel.formatter = function (v) { return formatNumber(v, sep); };
  });
  // A zero in a stacked bar draws nothing but costs as much as a bar: leave it out
  // of the drawing (the page's table keeps every zero).
  asArray(option.series).forEach(function (s) {
    if (s.type !== "bar" || !s.data) return;
    s.data = s.data.map(function (d) {
      var v = d !== null && typeof d === "object" ? d.value : d;
      return v === 0 ? "-" : d;
    });
  });
  // The last label of a horizontal category axis is centred on its bar and would
  // stick out past the right edge ("Year unknown"): make room for half of it.
  var x = asArray(option.xAxis)[0];
  var grid = asArray(option.grid)[0];
  if (x && x.data && x.data.length && grid) {
    var last = x.data[x.data.length - 1];
    var label = last !== null && typeof last === "object" ? last.value : last;
    var half = measureText(String(label), "12px sans-serif").width / 2;
    grid.right = Math.max(typeof grid.right === "number" ? grid.right : 8, Math.ceil(half) + 4);
  }
  return option;
}

// render draws one option (a JSON string) at width × height CSS pixels and returns
// the SVG document.
export function render(optionJSON, width, height) {
  var chart = init(null, null, { renderer: "svg", ssr: true, width: width, height: height });
  try {
    chart.setOption(prepare(JSON.parse(optionJSON), width));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
