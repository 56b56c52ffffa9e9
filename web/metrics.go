package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/twinningtracker/twinning/cache"
)

// metrics are the portal's Prometheus metrics: requests and their latency by route
// and status, the caches' hits, loads and size, page renders and chart drawings, and
// the change log (the rate of writes). They are registered in the registry the
// operator's command gives (Config.Metrics) and served on an address of its own
// (twinning serve -metrics-addr), never on the public one; nil when there is none.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	renders  prometheus.Histogram
	draws    prometheus.Histogram
}

func newMetrics(reg prometheus.Registerer, h *handler) *metrics {
	if reg == nil {
		return nil
	}
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "twinning_http_requests_total",
			Help: "Requests answered, by route pattern, method and status."}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "twinning_http_request_duration_seconds",
			Help: "Time to answer a request, by route pattern.", Buckets: latencyBuckets}, []string{"route"}),
		renders: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "twinning_page_render_seconds",
			Help: "Time to render a page for the page cache (a miss, or a refresh after a write).", Buckets: latencyBuckets}),
		draws: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "twinning_chart_draw_seconds",
			Help: "Time to draw one chart picture on the server (ECharts in QuickJS), drawings not yet kept.", Buckets: latencyBuckets}),
	}
	reg.MustRegister(m.requests, m.latency, m.renders, m.draws)
	cacheMetrics(reg, "pages", h.pages.Stats)
	cacheMetrics(reg, "drawings", h.drawings.Stats)
	cacheMetrics(reg, "downloads", h.downloads.Stats)
	cacheMetrics(reg, "aggregates", h.db.AggregateStats)
	if p := h.purger; p != nil {
		reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "twinning_cdn_purges_total",
				Help: purgesHelp, ConstLabels: prometheus.Labels{"outcome": "sent"}},
				func() float64 { return float64(p.sent.Load()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "twinning_cdn_purges_total",
				Help: purgesHelp, ConstLabels: prometheus.Labels{"outcome": "failed"}},
				func() float64 { return float64(p.failed.Load()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "twinning_cdn_purged_keys_total",
				Help: "Surrogate keys purged (a key is a scope: a government, an agreement, a country, ...)."},
				func() float64 { return float64(p.keys.Load()) }),
		)
	}
	db := h.db
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "twinning_changes_published_total",
		Help: "Change rows published (every write adds one): its rate is the write rate."},
		func() float64 { return float64(db.NewestChange()) }))
	return m
}

const purgesHelp = "Purge requests to the CDN, by outcome (sent: accepted; failed: refused or unreachable after retries)."

// latencyBuckets run from a cached page (under a millisecond) to a slow render.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// cacheMetrics exposes one cache's counts, read when scraped.
func cacheMetrics(reg prometheus.Registerer, name string, stats func() cache.Stats) {
	labels := prometheus.Labels{"cache": name}
	counter := func(metric, help string, v func(cache.Stats) int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: metric, Help: help, ConstLabels: labels},
			func() float64 { return float64(v(stats())) })
	}
	gauge := func(metric, help string, v func(cache.Stats) int64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: metric, Help: help, ConstLabels: labels},
			func() float64 { return float64(v(stats())) })
	}
	reg.MustRegister(
		counter("twinning_cache_hits_total", "Fresh entries returned.", func(s cache.Stats) int64 { return s.Hits }),
		counter("twinning_cache_stale_hits_total", "Stale entries returned while one refresh ran, or within the lag.", func(s cache.Stats) int64 { return s.StaleHits }),
		counter("twinning_cache_loads_total", "Loads run (misses and refreshes).", func(s cache.Stats) int64 { return s.Loads }),
		counter("twinning_cache_waits_total", "Callers that waited for another caller's load.", func(s cache.Stats) int64 { return s.Waits }),
		gauge("twinning_cache_entries", "Entries held.", func(s cache.Stats) int64 { return int64(s.Entries) }),
		gauge("twinning_cache_bytes", "Bytes held, as the cache counts them.", func(s cache.Stats) int64 { return s.Size }),
	)
}

// observeRequest counts a request by its route pattern (a release's routes as
// /releases/:release/…, so releases do not multiply the series).
func (m *metrics) observeRequest(c echo.Context, took time.Duration) {
	if m == nil {
		return
	}
	route := c.Path()
	if route == "" {
		route = "unmatched"
	} else if id, ok := releasePageID(route); ok {
		route = strings.Replace(route, "/releases/"+id, "/releases/:release", 1)
	}
	m.requests.WithLabelValues(route, methodLabel(c.Request().Method), strconv.Itoa(c.Response().Status)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// methodLabel bounds the method label: any token is a method to HTTP, and a label
// per made-up method would let anyone grow the series without end.
func methodLabel(m string) string {
	switch m {
	case "GET", "HEAD", "POST":
		return m
	}
	return "OTHER"
}

func (m *metrics) observeRender(took time.Duration) {
	if m != nil {
		m.renders.Observe(took.Seconds())
	}
}

func (m *metrics) observeDraw(took time.Duration) {
	if m != nil {
		m.draws.Observe(took.Seconds())
	}
}
