// Tooltips and PNG downloads for the charts the server drew. Each chart arrives as
// an inline SVG (a picture with JavaScript off); its bars carry data-s (series) and
// data-i (category) and the figure's table holds the numbers, so a tooltip is the
// table row of the bar under the pointer or the finger. Nothing here draws a chart.
(function () {
  "use strict";

  function figureOf(el) { return el.closest("figure.chart"); }

  // rowOf reads a bar's numbers from the figure's table: the row of its category
  // (data-reversed: the table lists them top-down, the drawing bottom-up), each
  // column headed by its series.
  function rowOf(fig, bar) {
    var rows = fig.querySelectorAll("details.chart-table tbody tr");
    var i = +bar.getAttribute("data-i");
    var reversed = fig.querySelector(".chart-svg").hasAttribute("data-reversed");
    var row = rows[reversed ? rows.length - 1 - i : i];
    if (!row) return null;
    var heads = fig.querySelectorAll("details.chart-table thead th");
    var cells = row.children;
    var lines = [cells[0].textContent];
    for (var c = 1; c < cells.length; c++) {
      if (cells[c].textContent !== "0") lines.push(heads[c].textContent + ": " + cells[c].textContent);
    }
    return lines;
  }

  var tip = null;
  function show(fig, bar, x, y) {
    var lines = rowOf(fig, bar);
    if (!lines) return;
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "chart-tip";
      tip.setAttribute("role", "status");
      document.body.appendChild(tip);
    }
    tip.textContent = "";
    lines.forEach(function (line, k) {
      var p = document.createElement(k === 0 ? "strong" : "span");
      p.textContent = line;
      tip.appendChild(p);
    });
    tip.hidden = false;
    // Positioned through the CSSOM, which the Content-Security-Policy allows.
    var left = Math.min(x + 12, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 4);
    tip.style.left = Math.max(window.scrollX + 4, left) + "px";
    tip.style.top = (y + 12) + "px";
  }
  function hide() { if (tip) tip.hidden = true; }

  function bind(box) {
    var fig = figureOf(box);
    box.addEventListener("pointermove", function (e) {
      var bar = e.target.closest && e.target.closest("[data-i]");
      if (bar) show(fig, bar, e.pageX, e.pageY); else hide();
    });
    box.addEventListener("pointerleave", hide);
  }

  // png draws a chart's picture into a canvas at twice its size and saves it: the
  // chart's own standalone SVG when the figure links it (a map's carries its world
  // outline, which the page draws as a background), else the drawing on the page.
  function png(btn) {
    var id = btn.getAttribute("data-chart-png");
    var box = document.querySelector('.chart-svg.wide[data-chart="' + id + '"], .chart-svg.map[data-chart="' + id + '"]');
    var svg = box && box.querySelector("svg");
    if (!svg) return;
    var w = +svg.getAttribute("width"), h = +svg.getAttribute("height");
    var link = document.querySelector("#fig-" + id + ' .chart-links a[href*=".svg?"]');
    var img = new Image();
    img.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = w * 2;
      canvas.height = h * 2;
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      var a = document.createElement("a");
      a.href = canvas.toDataURL("image/png");
      a.download = btn.getAttribute("data-filename") || "chart.png";
      document.body.appendChild(a);
      a.click();
      a.remove();
    };
    img.src = link ? link.href : "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
  }

  function init() {
    document.querySelectorAll(".chart-svg:not(.map)").forEach(bind); // a map's table is no per-dot list
    document.querySelectorAll("button[data-chart-png]").forEach(function (btn) {
      btn.hidden = false;
      btn.addEventListener("click", function () { png(btn); });
    });
    document.querySelectorAll(".copy").forEach(function (f) {
      f.addEventListener("focus", function () { f.select(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
