package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
)

func creq(app *echo.Echo, method, path string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	return rec
}

func TestConditionalPage304(t *testing.T) {
	for _, path := range []string{"/governments/burnaby-ca", "/countries/ca/kr", "/countries/ca/kr.csv", "/charts/agreements-by-year?country=kr", "/fr/search?q=seoul"} {
		first := creq(app, http.MethodGet, path)
		if first.Code != http.StatusOK {
			t.Fatalf("%s: status %d", path, first.Code)
		}
		etag := first.Header().Get("ETag")
		if !regexp.MustCompile(`^"[A-Za-z0-9_-]+"$`).MatchString(etag) {
			t.Fatalf("%s: ETag %q", path, etag)
		}
		// Browsers revalidate every time; a shared cache may keep it a second.
		if cc := first.Header().Get("Cache-Control"); cc != "max-age=0, s-maxage=1" {
			t.Errorf("%s: Cache-Control %q, want max-age=0, s-maxage=1", path, cc)
		}
		if !strings.Contains(first.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: no Vary: Accept-Encoding", path)
		}
		again := creq(app, http.MethodGet, path, "If-None-Match", etag)
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Fatalf("%s: repeat with If-None-Match: status %d, %d bytes", path, again.Code, again.Body.Len())
		}
		if again.Header().Get("ETag") != etag {
			t.Errorf("%s: 304 ETag %q, want %q", path, again.Header().Get("ETag"), etag)
		}
		other := creq(app, http.MethodGet, path, "If-None-Match", `"something-else"`)
		if other.Code != http.StatusOK || !bytes.Equal(other.Body.Bytes(), first.Body.Bytes()) {
			t.Fatalf("%s: other ETag: status %d", path, other.Code)
		}
		head := creq(app, http.MethodHead, path)
		if head.Code != http.StatusOK || head.Body.Len() != 0 || head.Header().Get("ETag") != etag {
			t.Fatalf("%s: HEAD status %d, %d bytes, ETag %q", path, head.Code, head.Body.Len(), head.Header().Get("ETag"))
		}
		if head.Header().Get("Content-Length") != first.Header().Get("Content-Length") {
			t.Errorf("%s: HEAD Content-Length %q, GET %q", path, head.Header().Get("Content-Length"), first.Header().Get("Content-Length"))
		}
	}
}

func TestConditionalGzip(t *testing.T) {
	path := "/governments/burnaby-ca"
	plain := creq(app, http.MethodGet, path)
	z := creq(app, http.MethodGet, path, "Accept-Encoding", "br;q=1, gzip;q=0.8")
	if z.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip: %v", z.Header())
	}
	if z.Header().Get("ETag") == plain.Header().Get("ETag") {
		t.Error("gzip and identity share a strong ETag")
	}
	zr, err := gzip.NewReader(z.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, plain.Body.Bytes()) {
		t.Fatal("gunzipped body differs from the plain one")
	}
	if z.Body.Len() >= plain.Body.Len() {
		t.Errorf("gzip %d bytes, plain %d", z.Body.Len(), plain.Body.Len())
	}
	// Either representation's tag revalidates.
	if r := creq(app, http.MethodGet, path, "Accept-Encoding", "gzip", "If-None-Match", z.Header().Get("ETag")); r.Code != http.StatusNotModified {
		t.Errorf("gzip revalidation: %d", r.Code)
	}
	if r := creq(app, http.MethodGet, path, "Accept-Encoding", "gzip;q=0"); r.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
}

func TestConditionalLeavesDownloadsAndErrors(t *testing.T) {
	nf := creq(app, http.MethodGet, "/governments/no-such-place-xx")
	if nf.Code != http.StatusNotFound || nf.Header().Get("ETag") != "" {
		t.Errorf("404: status %d, ETag %q", nf.Code, nf.Header().Get("ETag"))
	}
	db := creq(app, http.MethodHead, "/data/twinning.sqlite")
	if db.Code != http.StatusOK || !strings.HasPrefix(db.Header().Get("ETag"), `"sqlite-`) && !strings.Contains(db.Header().Get("ETag"), "-") {
		t.Errorf("sqlite download: status %d, ETag %q", db.Code, db.Header().Get("ETag"))
	}
	if db.Header().Get("Content-Encoding") != "" {
		t.Error("sqlite download compressed")
	}
}

// A write that changes a page changes its ETag: the old tag no longer gets a 304.
func TestConditionalAfterWrite(t *testing.T) {
	app, db := accountApp(t)
	path := "/governments/burnaby-ca"
	before := creq(app, http.MethodGet, path)
	etag := before.Header().Get("ETag")
	if r := creq(app, http.MethodGet, path, "If-None-Match", etag); r.Code != http.StatusNotModified {
		t.Fatalf("before the write: %d", r.Code)
	}
	if _, err := db.SaveActivity(context.Background(), "official:burnaby-ca", store.Activity{Agreement: "burnaby-ca--hwaseong-kr", Title: "Cache test exchange", Date: "2026"}, "test"); err != nil {
		t.Fatal(err)
	}
	after := creq(app, http.MethodGet, path, "If-None-Match", etag)
	if after.Code != http.StatusOK {
		t.Fatalf("after the write: status %d, want 200 with the new page", after.Code)
	}
	if after.Header().Get("ETag") == etag {
		t.Fatal("ETag unchanged after the page changed")
	}
	if bytes.Equal(after.Body.Bytes(), before.Body.Bytes()) {
		t.Fatal("body unchanged after the write")
	}
}

func TestHashedStatic(t *testing.T) {
	page := creq(app, http.MethodGet, "/charts/agreements-by-year?country=kr").Body.String()
	m := regexp.MustCompile(`/static/css/site\.[0-9a-f]{12}\.css`).FindString(page)
	js := regexp.MustCompile(`/static/js/charts\.[0-9a-f]{12}\.js`).FindString(page)
	if m == "" || js == "" {
		t.Fatalf("page links no hashed assets (css %q, js %q)", m, js)
	}
	r := creq(app, http.MethodGet, m)
	if r.Code != http.StatusOK || r.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Fatalf("%s: status %d, Cache-Control %q", m, r.Code, r.Header().Get("Cache-Control"))
	}
	if !strings.HasPrefix(r.Header().Get("Content-Type"), "text/css") {
		t.Errorf("%s: Content-Type %q", m, r.Header().Get("Content-Type"))
	}
	plain := creq(app, http.MethodGet, "/static/css/site.css")
	if plain.Code != http.StatusOK || plain.Header().Get("Cache-Control") != "public, max-age=3600" || !bytes.Equal(plain.Body.Bytes(), r.Body.Bytes()) {
		t.Fatalf("plain URL: status %d, Cache-Control %q", plain.Code, plain.Header().Get("Cache-Control"))
	}
	old := creq(app, http.MethodGet, "/static/css/site.000000000000.css")
	if old.Code != http.StatusOK || strings.Contains(old.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("outdated hash: status %d, Cache-Control %q", old.Code, old.Header().Get("Cache-Control"))
	}
	z := creq(app, http.MethodGet, js, "Accept-Encoding", "gzip")
	if z.Header().Get("Content-Encoding") != "gzip" {
		t.Fatal("charts.js not gzipped")
	}
	zr, err := gzip.NewReader(z.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if full := creq(app, http.MethodGet, js); !bytes.Equal(got, full.Body.Bytes()) {
		t.Fatal("gunzipped charts.js differs")
	}
	if r2 := creq(app, http.MethodGet, js, "Accept-Encoding", "gzip", "If-None-Match", z.Header().Get("ETag")); r2.Code != http.StatusNotModified {
		t.Errorf("static revalidation: %d", r2.Code)
	}
	if h := creq(app, http.MethodHead, m); h.Code != http.StatusOK || h.Body.Len() != 0 || h.Header().Get("Content-Length") != plain.Header().Get("Content-Length") {
		t.Errorf("HEAD %s: %d, %d bytes, length %q", m, h.Code, h.Body.Len(), h.Header().Get("Content-Length"))
	}
	if r := creq(app, http.MethodGet, "/static/css/nope.css"); r.Code != http.StatusNotFound {
		t.Errorf("missing asset: %d", r.Code)
	}
}
