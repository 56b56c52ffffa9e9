package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// Pages are served from memory between writes, and never stale after one: a resident
// who reloads right after an official reports sees the report, and so does a reader of
// the CSV twin, whichever process wrote it.
func TestCachedPagesFollowEveryWrite(t *testing.T) {
	app, db := accountApp(t)
	ctx := context.Background()
	reader := anonymous(t, app)
	pages := []string{"/agreements/victoria-ca--morioka-jp", "/governments/victoria-ca", "/agreements/victoria-ca--morioka-jp.csv", "/fr/agreements/victoria-ca--morioka-jp"}
	before := map[string]string{}
	for _, p := range pages {
		first := reader.do(http.MethodGet, p, nil)
		second := reader.do(http.MethodGet, p, nil)
		if first.Code != http.StatusOK || second.Code != http.StatusOK {
			t.Fatalf("GET %s: %d then %d", p, first.Code, second.Code)
		}
		if first.Body.String() != second.Body.String() || first.Header().Get("ETag") != second.Header().Get("ETag") {
			t.Fatalf("GET %s twice without a write gave two different pages", p)
		}
		if second.Header().Get("Content-Security-Policy") == "" || second.Header().Get("Content-Type") == "" {
			t.Errorf("GET %s from the cache lost its headers: %v", p, second.Header())
		}
		before[p] = second.Header().Get("ETag")
	}

	// An official reports through the portal.
	official := signIn(t, app, db, "cache@victoria.example", "victoria-ca", "official")
	token := official.form("/governments/victoria-ca/activities/new?agreement=victoria-ca--morioka-jp")
	rec := official.post("/governments/victoria-ca/activities", token, url.Values{"agreement": {"victoria-ca--morioka-jp"},
		"date": {"2026-09-14"}, "category": {"culture_arts"}, "from": {"victoria-ca"},
		"title": {"Victoria choir sings in Morioka"}, "reason": {"cache test"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("report: %d\n%s", rec.Code, truncate(rec.Body.String(), 600))
	}
	for _, p := range pages {
		got := reader.do(http.MethodGet, p, nil)
		if !strings.Contains(got.Body.String(), "Victoria choir sings in Morioka") {
			t.Errorf("GET %s after the report does not show it (stale page)", p)
		}
		if got.Header().Get("ETag") == before[p] {
			t.Errorf("GET %s after the report kept its ETag", p)
		}
	}

	// Another process (twinning import, a second server) writes to the same file.
	other, _, err := store.Open(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.SaveActivity(ctx, "admin:test", store.Activity{Agreement: "victoria-ca--morioka-jp", Date: "2026-10-01",
		Category: "culture_arts", From: "morioka-jp", Title: "Morioka embroidery shown in Victoria"}, "written by another process"); err != nil {
		t.Fatal(err)
	}
	// The store's watcher sees it within a second.
	deadline := time.Now().Add(2 * time.Second)
	for _, p := range pages {
		for {
			body := reader.do(http.MethodGet, p, nil).Body.String()
			if strings.Contains(body, "Morioka embroidery shown in Victoria") {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("GET %s does not show a write made by another process 2 s later", p)
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// A report by Burnaby re-renders Burnaby's pages and leaves Dangjin's page, the
// Japan–Korea pair and the worldwide agreement charts cached.
func TestReportLeavesUntouchedPagesCached(t *testing.T) {
	app, db := accountApp(t)
	reader := anonymous(t, app)
	official := signIn(t, app, db, "cache@burnaby.example", "burnaby-ca", "official")
	report := func(title string) {
		t.Helper()
		token := official.form("/governments/burnaby-ca/activities/new?agreement=burnaby-ca--hwaseong-kr")
		rec := official.post("/governments/burnaby-ca/activities", token, url.Values{"agreement": {"burnaby-ca--hwaseong-kr"},
			"date": {"2026-06-02"}, "category": {"youth_education"}, "from": {"burnaby-ca"},
			"title": {title}, "reason": {"scope test"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("report: %d\n%s", rec.Code, truncate(rec.Body.String(), 600))
		}
	}
	// The first write of the day moves the data's as-of date, which every page shows.
	report("Burnaby students visit Hwaseong")
	untouched := []string{"/governments/dangjin-kr", "/countries/jp/kr", "/charts/agreements-by-year", "/agreements/dangjin-kr--daisen-jp"}
	touched := []string{"/governments/burnaby-ca", "/agreements/burnaby-ca--hwaseong-kr", "/countries/ca/kr", "/activities"}
	for _, p := range append(append([]string{}, untouched...), touched...) {
		for range 2 {
			if rec := reader.do(http.MethodGet, p, nil); rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", p, rec.Code)
			}
		}
	}
	report("Burnaby choir sings in Hwaseong")
	for _, p := range untouched {
		if got := reader.do(http.MethodGet, p, nil).Header().Get("X-Cache"); got != "hit" {
			t.Errorf("GET %s after a report by Burnaby: X-Cache %q, want hit (nothing it shows changed)", p, got)
		}
	}
	for _, p := range touched {
		rec := reader.do(http.MethodGet, p, nil)
		if got := rec.Header().Get("X-Cache"); got != "loaded" {
			t.Errorf("GET %s after a report by Burnaby: X-Cache %q, want loaded", p, got)
		}
		if p != "/countries/ca/kr" && !strings.Contains(rec.Body.String(), "Burnaby choir sings in Hwaseong") {
			t.Errorf("GET %s after the report does not show it", p)
		}
	}
}

// With a lag (twinning serve: web.DefaultMaxLag), a page rendered less than the lag
// before a report is served as it was to anonymous readers, marked stale, while the
// official who reported sees the report at once.
func TestPagesLagWritesByAtMostMaxLagForThePublic(t *testing.T) {
	_, db := accountApp(t)
	app := web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		MaxLag: time.Hour}) // a lag no test outlasts
	reader := anonymous(t, app)
	page := "/governments/burnaby-ca"
	for range 2 {
		if rec := reader.do(http.MethodGet, page, nil); rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", page, rec.Code)
		}
	}
	official := signIn(t, app, db, "lag@burnaby.example", "burnaby-ca", "official")
	token := official.form("/governments/burnaby-ca/activities/new?agreement=burnaby-ca--hwaseong-kr")
	title := "Burnaby lacrosse team plays in Hwaseong"
	rec := official.post("/governments/burnaby-ca/activities", token, url.Values{"agreement": {"burnaby-ca--hwaseong-kr"},
		"date": {"2026-07-20"}, "category": {"sports"}, "from": {"burnaby-ca"}, "title": {title}, "reason": {"lag test"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("report: %d\n%s", rec.Code, truncate(rec.Body.String(), 600))
	}
	got := reader.do(http.MethodGet, page, nil)
	if x := got.Header().Get("X-Cache"); x != "stale" || strings.Contains(got.Body.String(), title) {
		t.Errorf("anonymous GET %s within the lag: X-Cache %q, shows the report %v; want the page as it was, stale", page, x,
			strings.Contains(got.Body.String(), title))
	}
	if body := official.do(http.MethodGet, page, nil).Body.String(); !strings.Contains(body, title) {
		t.Errorf("the official who reported does not see the report on %s", page)
	}
}

// A cookie that is no live session (expired, forged, junk) does not bypass the cache.
func TestDeadSessionCookieIsServedFromTheCache(t *testing.T) {
	app, _ := accountApp(t)
	junk := anonymous(t, app)
	path := "/governments/dangjin-kr?junk-cookie"
	_ = anonymous(t, app).do(http.MethodGet, "/governments/dangjin-kr", nil)
	for i := range 2 {
		junk.cookies["twinning_session"] = "x"
		rec := junk.do(http.MethodGet, "/governments/dangjin-kr", nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s with a junk cookie: %d", path, rec.Code)
		}
		if got := rec.Header().Get("X-Cache"); got != "hit" {
			t.Errorf("request %d with a junk session cookie: X-Cache %q, want hit", i+1, got)
		}
		if _, kept := junk.cookies["twinning_session"]; kept {
			t.Errorf("the dead session cookie was not cleared")
		}
	}
}

// Sixty-four readers missing the same page at once cause one render.
func TestConcurrentMissesRenderOnce(t *testing.T) {
	app, _ := accountApp(t)
	const readers = 64
	outcomes := make(chan string, readers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req := httptest.NewRequest(http.MethodGet, "/ko/countries/jp/kr", nil)
			rec := httptest.NewRecorder()
			app.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Errorf("GET: %d", rec.Code)
			}
			outcomes <- rec.Header().Get("X-Cache")
		}()
	}
	close(start)
	wg.Wait()
	close(outcomes)
	count := map[string]int{}
	for o := range outcomes {
		count[o]++
	}
	if count["loaded"] != 1 {
		t.Errorf("64 concurrent readers of one uncached page: %v, want exactly one render (loaded)", count)
	}
}

// A form page holds a personal CSRF token: two visitors must never get the same one
// from the cache.
func TestFormPagesAreNotShared(t *testing.T) {
	app, _ := accountApp(t)
	a := anonymous(t, app).form("/corrections/new?record=government:victoria-ca")
	b := anonymous(t, app).form("/corrections/new?record=government:victoria-ca")
	if a == b {
		t.Error("two visitors got the same CSRF token: the form page was served from a shared cache")
	}
}
