package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// purgeLog is a CDN's purge endpoint: it records each purge's keys.
type purgeLog struct {
	srv    *httptest.Server
	purges chan []string
	tokens chan string
}

func newPurgeLog(t *testing.T) *purgeLog {
	p := &purgeLog{purges: make(chan []string, 100), tokens: make(chan string, 100)}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/purge" {
			http.Error(w, "not a purge", http.StatusMethodNotAllowed)
			return
		}
		p.tokens <- r.Header.Get("Fastly-Key")
		p.purges <- strings.Fields(r.Header.Get("Surrogate-Key"))
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// next is the next purge's keys, or fails after wait.
func (p *purgeLog) next(t *testing.T, wait time.Duration) []string {
	t.Helper()
	select {
	case keys := <-p.purges:
		return keys
	case <-time.After(wait):
		t.Fatalf("no purge within %v", wait)
		return nil
	}
}

// drain waits until no purge has come for quiet, and returns how many came.
func (p *purgeLog) drain(quiet time.Duration) int {
	n := 0
	for {
		select {
		case <-p.purges:
			n++
		case <-time.After(quiet):
			return n
		}
	}
}

var sMaxAge = regexp.MustCompile(`^max-age=0, s-maxage=(\d+)$`)

// sharedAge is how long a shared cache may keep the response, and its keys.
func sharedAge(t *testing.T, rec *httptest.ResponseRecorder) (int, []string) {
	t.Helper()
	m := sMaxAge.FindStringSubmatch(rec.Header().Get("Cache-Control"))
	if m == nil {
		return 0, strings.Fields(rec.Header().Get("Surrogate-Key"))
	}
	n, _ := strconv.Atoi(m[1])
	return n, strings.Fields(rec.Header().Get("Surrogate-Key"))
}

// A CDN in front of the portal keeps the public's pages for long and is told,
// after each write, exactly which pages to drop: a report by Burnaby purges
// Burnaby's and Hwaseong's pages and not Dangjin's; a page served stale is kept
// a second only; an official's pages are never the CDN's.
func TestCDNKeepsPagesUntilAWritePurgesThem(t *testing.T) {
	ctx := context.Background()
	db, err := seededDB(ctx, filepath.Join(t.TempDir(), "cdn.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cdn := newPurgeLog(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	app := web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: logger,
		CDN: &web.CDN{PurgeURL: cdn.srv.URL + "/purge", PurgeHeader: map[string]string{"Fastly-Key": "token"}, MaxAge: time.Hour}})

	keysOf := map[string][]string{}
	for _, path := range []string{"/governments/burnaby-ca", "/fr/governments/hwaseong-kr", "/governments/dangjin-kr",
		"/agreements/burnaby-ca--hwaseong-kr", "/countries/ca/kr", "/ko/activities", "/charts/agreements-by-year.svg"} {
		rec := fetch(t, app, path)
		age, keys := sharedAge(t, rec)
		if rec.Code != http.StatusOK || age <= 1 || age > 3600 || !slices.Contains(keys, "all") {
			t.Fatalf("%s: %d, Cache-Control %q, Surrogate-Key %q: want a long s-maxage (at most an hour) and keys with all",
				path, rec.Code, rec.Header().Get("Cache-Control"), rec.Header().Get("Surrogate-Key"))
		}
		keysOf[path] = keys
	}
	if !slices.Contains(keysOf["/governments/burnaby-ca"], "gov:burnaby-ca") || slices.Contains(keysOf["/governments/dangjin-kr"], "gov:burnaby-ca") {
		t.Errorf("government pages' keys: Burnaby %v, Dangjin %v", keysOf["/governments/burnaby-ca"], keysOf["/governments/dangjin-kr"])
	}

	// Pages with a form's token and error pages name no keys and are kept a second
	// at most: no purge would reach them.
	for path, want := range map[string]int{"/login": http.StatusOK, "/corrections/new?record=agreement:burnaby-ca--hwaseong-kr": http.StatusOK,
		"/governments/nowhere-xx": http.StatusNotFound, "/agreements?page=-1": http.StatusBadRequest} {
		rec := fetch(t, app, path)
		if rec.Code != want || rec.Header().Get("Surrogate-Key") != "" || strings.Contains(rec.Header().Get("Cache-Control"), "s-maxage=3") {
			t.Errorf("%s: %d, Cache-Control %q, Surrogate-Key %q; want %d, no keys, not kept long",
				path, rec.Code, rec.Header().Get("Cache-Control"), rec.Header().Get("Surrogate-Key"), want)
		}
	}
	if cc := fetch(t, app, "/governments/nowhere-xx").Header().Get("Cache-Control"); cc != "max-age=0, s-maxage=1" {
		t.Errorf("a 404 page: Cache-Control %q, want max-age=0, s-maxage=1", cc)
	}

	// An official's own pages are theirs: private, no keys.
	official := signIn(t, app, db, "cdn@burnaby.example", "burnaby-ca", "official")
	if rec := official.do(http.MethodGet, "/governments/burnaby-ca", nil); rec.Header().Get("Surrogate-Key") != "" || !strings.HasPrefix(rec.Header().Get("Cache-Control"), "private") {
		t.Errorf("a signed-in official's page: Cache-Control %q, Surrogate-Key %q", rec.Header().Get("Cache-Control"), rec.Header().Get("Surrogate-Key"))
	}

	report := func(title string) {
		t.Helper()
		if _, err := db.SaveActivity(ctx, "official:burnaby-ca", store.Activity{Agreement: "burnaby-ca--hwaseong-kr",
			Date: time.Now().Format("2006-01-02"), Category: "sports", From: "burnaby-ca", Title: title}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	// The first write of the day also moves the data's as-of date, on every page:
	// let it and its repeat pass.
	report("CDN first report")
	cdn.next(t, 5*time.Second)
	cdn.drain(3 * time.Second)

	report("CDN second report")
	acked := time.Now()
	purged := cdn.next(t, 5*time.Second)
	took := time.Since(acked)
	if token := <-cdn.tokens; token != "token" {
		t.Errorf("the purge carried Fastly-Key %q, want the configured header", token)
	}
	hit := func(path string) bool {
		for _, k := range keysOf[path] {
			if slices.Contains(purged, k) {
				return true
			}
		}
		return false
	}
	for _, path := range []string{"/governments/burnaby-ca", "/fr/governments/hwaseong-kr", "/agreements/burnaby-ca--hwaseong-kr", "/countries/ca/kr", "/ko/activities"} {
		if !hit(path) {
			t.Errorf("a report by Burnaby did not purge %s (keys %v; purged %v)", path, keysOf[path], purged)
		}
	}
	for _, path := range []string{"/governments/dangjin-kr", "/charts/agreements-by-year.svg"} {
		if hit(path) {
			t.Errorf("a report by Burnaby purged %s (keys %v; purged %v), which it does not change", path, keysOf[path], purged)
		}
	}
	// The same keys again, for a page that was on its way to the CDN.
	if again := cdn.next(t, 5*time.Second); !slices.Equal(sorted(again), sorted(purged)) {
		t.Errorf("the repeated purge had %v, want %v", again, purged)
	}
	// The CDN's next fetch is the new page, kept long again.
	rec := fetch(t, app, "/governments/burnaby-ca")
	if age, _ := sharedAge(t, rec); age <= 1 || !strings.Contains(rec.Body.String(), "CDN second report") {
		t.Errorf("Burnaby's page after the purge: s-maxage %d, report shown %v", age, strings.Contains(rec.Body.String(), "CDN second report"))
	}
	t.Logf("a report purged %d keys %v %v after it was acknowledged", len(purged), purged, took.Round(time.Millisecond))

	// A page the portal serves stale (within its MaxLag) is kept a second only.
	lagging := web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: logger, MaxLag: time.Minute,
		CDN: &web.CDN{PurgeURL: cdn.srv.URL + "/purge", MaxAge: time.Hour}})
	fetch(t, lagging, "/agreements/burnaby-ca--hwaseong-kr")
	report("CDN third report")
	rec = fetch(t, lagging, "/agreements/burnaby-ca--hwaseong-kr")
	if age, _ := sharedAge(t, rec); rec.Header().Get("X-Cache") != "stale" || age != 1 {
		t.Errorf("a stale page: X-Cache %q, s-maxage %d, want stale and 1", rec.Header().Get("X-Cache"), age)
	}
	cdn.drain(3 * time.Second)

	// A write whose reach is unknown (an import) purges every page.
	db.Generations().BumpAll()
	if keys := cdn.next(t, 5*time.Second); !slices.Equal(keys, []string{"all"}) {
		t.Errorf("an import purged %v, want all", keys)
	}
}

// Without a CDN the portal names no keys and lets a shared cache keep a page a second.
func TestNoCDNNoKeys(t *testing.T) {
	rec := get(t, "/governments/burnaby-ca")
	if rec.Header().Get("Surrogate-Key") != "" || rec.Header().Get("Cache-Control") != "max-age=0, s-maxage=1" {
		t.Errorf("without a CDN: Cache-Control %q, Surrogate-Key %q", rec.Header().Get("Cache-Control"), rec.Header().Get("Surrogate-Key"))
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
