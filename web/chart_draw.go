package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/cache"
	"github.com/twinningtracker/twinning/chartsvg"
	"github.com/twinningtracker/twinning/views"
)

// drawingCacheBytes bounds the drawn SVGs kept (3–30 kB each).
const drawingCacheBytes = 64 << 20

// drawTimeout bounds one drawing's wait for a runtime and its run.
const drawTimeout = 10 * time.Second

// newDrawingCache keeps drawings by what they are drawn from (see drawingKey), so a
// drawing never goes stale: a write that changes a chart's numbers changes its key,
// and a page re-rendered after a write it did not touch draws nothing again.
func newDrawingCache(g *cache.Generations) *cache.Cache[string] {
	return cache.New(g, drawingCacheBytes, func(s string) int64 { return int64(len(s)) + 128 }, drawTimeout)
}

// drawingKey names a picture by a hash of everything that makes it.
func drawingKey(p chartsvg.Picture) string {
	h := sha256.New()
	h.Write([]byte(p.ID + "\x00" + strconv.Itoa(p.Width) + "x" + strconv.Itoa(p.Height) + "\x00" + p.Label + "\x00"))
	h.Write(p.Option)
	return "svg " + hex.EncodeToString(h.Sum(nil))
}

// draw fills in each chart's pictures, wide and narrow, drawn on the server. A chart
// that cannot be drawn (a runtime error, a timeout) keeps no picture and is logged:
// its figure then opens its table, which shows the same numbers.
func (h *handler) draw(ctx context.Context, charts ...*views.Chart) {
	for _, c := range charts {
		if c == nil || c.Option == nil {
			continue
		}
		option, err := json.Marshal(c.Option)
		if err != nil {
			h.log.Error("chart option", "chart", c.ID, "err", err)
			continue
		}
		wide, err := h.drawOne(ctx, chartsvg.Picture{ID: c.ID, Option: option, Width: views.ChartWidth, Height: c.Height, Label: c.Summary})
		if err != nil {
			h.log.Error("draw chart", "chart", c.ID, "err", err)
			continue
		}
		if c.NarrowHeight == 0 { // one drawing for every width (a map)
			c.SVG = wide
			continue
		}
		narrow, err := h.drawOne(ctx, chartsvg.Picture{ID: c.ID + "_n", Option: option, Width: views.NarrowWidth, Height: c.NarrowHeight, Label: c.Summary})
		if err != nil {
			h.log.Error("draw chart", "chart", c.ID, "err", err)
			continue
		}
		c.SVG, c.NarrowSVG = wide, narrow
	}
}

func (h *handler) drawOne(ctx context.Context, p chartsvg.Picture) (string, error) {
	return h.drawings.Get(ctx, drawingKey(p), func(ctx context.Context) (string, error) {
		start := time.Now()
		svg, err := h.charts.Draw(ctx, p)
		h.metrics.observeDraw(time.Since(start))
		return svg, err
	})
}

// serveChartSVG answers /charts/{name}.svg: the wide drawing as a standalone image,
// for a story, a slide or a social card. Any site may use it (CORS, as for twins).
func (h *handler) serveChartSVG(c echo.Context, chart *views.Chart) error {
	if chart.Option == nil {
		return notFound() // nothing to draw (a map of places without coordinates)
	}
	h.draw(c.Request().Context(), chart)
	if chart.SVG == "" {
		return echo.NewHTTPError(http.StatusServiceUnavailable) // logged by draw; the page says try again
	}
	svg := chart.SVG
	if chart.Map {
		svg = withOutline(svg)
	}
	hd := c.Response().Header()
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Content-Disposition", `inline; filename="`+strings.ReplaceAll(chart.ID, "_", "-")+`.svg"`)
	return c.Blob(http.StatusOK, "image/svg+xml; charset=utf-8", []byte(svg))
}
