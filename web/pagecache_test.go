package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/store"
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
	for _, p := range pages {
		if body := reader.do(http.MethodGet, p, nil).Body.String(); !strings.Contains(body, "Morioka embroidery shown in Victoria") {
			t.Errorf("GET %s does not show a write made by another process", p)
		}
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
