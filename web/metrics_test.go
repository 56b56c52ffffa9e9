package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/twinningtracker/twinning/web"
)

// The metrics count requests by route pattern and status, page renders and hits,
// and chart drawings; the public address has no /metrics.
func TestMetricsCountRequestsCachesAndDrawings(t *testing.T) {
	reg := prometheus.NewRegistry()
	a := web.New(web.Config{DB: appDB, BaseURL: "http://portal.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: reg})
	for _, p := range []string{"/countries/ca/kr", "/countries/ca/kr", "/countries/kr/ca", "/no-such-page", "/charts/agreements-by-year.svg?country=ca"} {
		fetch(t, a, p)
	}
	if rec := fetch(t, a, "/metrics"); rec.Code != http.StatusNotFound {
		t.Errorf("/metrics on the public address: %d", rec.Code)
	}
	want := `
# HELP twinning_http_requests_total Requests answered, by route pattern, method and status.
# TYPE twinning_http_requests_total counter
twinning_http_requests_total{method="GET",route="/charts/:name",status="200"} 1
twinning_http_requests_total{method="GET",route="/countries/:cc/:cc2",status="200"} 3
twinning_http_requests_total{method="GET",route="unmatched",status="404"} 2
`
	// Addresses no route matches are one series, whatever they are.
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "twinning_http_requests_total"); err != nil {
		t.Error(err)
	}
	if hits := metricValue(t, reg, "twinning_cache_hits_total", "pages"); hits < 1 {
		t.Errorf("page cache hits = %v, want the second request a hit", hits)
	}
	if n := testutil.CollectAndCount(reg, "twinning_page_render_seconds"); n != 1 {
		t.Errorf("page render histogram: %d series", n)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == "twinning_page_render_seconds" && mf.Metric[0].GetHistogram().GetSampleCount() < 2 {
			t.Errorf("page renders observed: %d, want at least the two pairs' pages", mf.Metric[0].GetHistogram().GetSampleCount())
		}
	}
}

// metricValue is a cache metric's value for one cache.
func metricValue(t *testing.T, reg *prometheus.Registry, name, cache string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, m := range mf.Metric {
			for _, l := range m.Label {
				if mf.GetName() == name && l.GetName() == "cache" && l.GetValue() == cache {
					return m.GetCounter().GetValue() + m.GetGauge().GetValue()
				}
			}
		}
	}
	t.Fatalf("no %s for cache %s", name, cache)
	return 0
}
