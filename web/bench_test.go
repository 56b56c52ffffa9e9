package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

// Hot pages through the whole application (routing, middleware, store, templ,
// ETag and, where asked, gzip) on the seeded default data:
//
//	go test ./web -run '^$' -bench 'Page|Search|Export' -benchmem
//
// "cached" is what an anonymous reader gets between writes (pagecache.go);
// "rendered" invalidates every cache entry before each request (as an import does),
// so it measures the queries, aggregates and templates: what the first reader after
// a write that touched the page waits for.
func benchPath(b *testing.B, path string, header ...string) {
	b.Helper()
	invalidate := len(header) > 0 && header[0] == rendered
	if invalidate {
		header = header[1:]
	}
	if r := creq(app, http.MethodGet, path, header...); r.Code != http.StatusOK && r.Code != http.StatusNotModified {
		b.Fatalf("%s: status %d", path, r.Code)
	}
	b.ReportAllocs()
	for b.Loop() {
		if invalidate {
			appDB.Generations().BumpAll()
		}
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusNotModified {
			b.Fatalf("%s: status %d", path, rec.Code)
		}
	}
}

func BenchmarkGovernmentPage(b *testing.B) {
	b.Run("rendered", func(b *testing.B) { benchPath(b, "/governments/burnaby-ca", rendered) })
	b.Run("plain", func(b *testing.B) { benchPath(b, "/governments/burnaby-ca") })
	b.Run("gzip", func(b *testing.B) { benchPath(b, "/governments/burnaby-ca", "Accept-Encoding", "gzip") })
	etag := creq(app, http.MethodGet, "/governments/burnaby-ca").Header().Get("ETag")
	b.Run("304", func(b *testing.B) { benchPath(b, "/governments/burnaby-ca", "If-None-Match", etag) })
}

func BenchmarkBilateralPage(b *testing.B) { benchCachedAndRendered(b, "/countries/ca/kr") }

func BenchmarkChartPage(b *testing.B) {
	benchCachedAndRendered(b, "/charts/agreements-by-year?country=kr")
}

func BenchmarkSearch(b *testing.B) { benchCachedAndRendered(b, "/search?q=seoul") }

func BenchmarkExportCSV(b *testing.B) { benchCachedAndRendered(b, "/countries/ca/kr.csv") }

// rendered, first among benchPath's headers, makes every request render.
const rendered = "(rendered)"

func benchCachedAndRendered(b *testing.B, path string) {
	b.Run("cached", func(b *testing.B) { benchPath(b, path) })
	b.Run("rendered", func(b *testing.B) { benchPath(b, path, rendered) })
}

// The pages of the mixed load run (scripts/load/mixed.lua) rendered after a report by
// Burnaby (written before each request, outside the timing): what each page costs the
// server after every report. Pages the report did not touch stay cached.
//
//	go test ./web -run '^$' -bench RenderAfterReport -benchtime 20x
func BenchmarkRenderAfterReport(b *testing.B) {
	ctx := context.Background()
	for _, path := range []string{"/", "/countries/ca", "/countries/kr", "/countries/ca/kr", "/countries/jp/kr",
		"/governments/burnaby-ca", "/governments/dangjin-kr", "/agreements/burnaby-ca--hwaseong-kr",
		"/charts/agreements-by-year?country=kr", "/charts/activities-by-year?country=ca&partner=kr", "/agreements?country=ca",
		"/activities", "/governments?country=kr", "/search?q=seoul", "/countries/ca/kr.csv"} {
		b.Run(path, func(b *testing.B) {
			if r := creq(app, http.MethodGet, path); r.Code != http.StatusOK {
				b.Fatalf("%s: status %d", path, r.Code)
			}
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				if _, err := appDB.SaveActivity(ctx, "official:burnaby-ca", store.Activity{Agreement: "burnaby-ca--hwaseong-kr",
					Date: "2026-05-01", Category: "sports", From: "burnaby-ca", Title: "Benchmark report"}, "benchmark"); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				rec := httptest.NewRecorder()
				app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d", path, rec.Code)
				}
			}
		})
	}
}
