package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Hot pages through the whole application (routing, middleware, store, templ,
// ETag and, where asked, gzip) on the seeded default data:
//
//	go test ./web -run '^$' -bench 'Page|Search|Export' -benchmem
//
// "cached" is what an anonymous reader gets between writes (pagecache.go);
// "rendered" sends a session cookie, which bypasses the page cache, so it measures the
// queries and templates: what the first reader after a write waits for.
func benchPath(b *testing.B, path string, header ...string) {
	b.Helper()
	if r := creq(app, http.MethodGet, path, header...); r.Code != http.StatusOK && r.Code != http.StatusNotModified {
		b.Fatalf("%s: status %d", path, r.Code)
	}
	b.ReportAllocs()
	for b.Loop() {
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
	b.Run("rendered", func(b *testing.B) { benchPath(b, "/governments/burnaby-ca", "Cookie", noSession) })
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

// noSession is a session cookie that matches no session: the page is rendered (and
// the cookie cleared) on every request, never served from or stored in the cache.
const noSession = "twinning_session=benchmark-no-such-session"

func benchCachedAndRendered(b *testing.B, path string) {
	b.Run("cached", func(b *testing.B) { benchPath(b, path) })
	b.Run("rendered", func(b *testing.B) { benchPath(b, path, "Cookie", noSession) })
}
