package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/web"
)

// A read replica serves the public pages, leads every form page to the primary,
// refuses every write with a page that says where changes are made (never a 500),
// writes nothing, and signs nobody in.
func TestReadReplicaRefusesWritesAndLeadsToThePrimary(t *testing.T) {
	_, db := accountApp(t)
	primary := web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	official := signIn(t, primary, db, "replica@burnaby.example", "burnaby-ca", "official")
	replica := web.New(web.Config{DB: db, BaseURL: "http://replica.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		ReadOnly: true, PrimaryURL: "https://twinning.example.org"})
	if rec := fetch(t, replica, "/governments/burnaby-ca"); rec.Code != http.StatusOK {
		t.Errorf("public page on the replica: %d", rec.Code)
	}
	for path, want := range map[string]string{"/login": "https://twinning.example.org/login", "/fr/desk": "https://twinning.example.org/fr/desk",
		"/corrections/new?record=agreement:burnaby-ca--hwaseong-kr": "https://twinning.example.org/corrections/new?record=agreement:burnaby-ca--hwaseong-kr"} {
		if rec := fetch(t, replica, path); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
			t.Errorf("GET %s on the replica: %d → %q, want 303 → %s", path, rec.Code, rec.Header().Get("Location"), want)
		}
	}
	before := changeCount(t, db)
	for _, path := range []string{"/corrections", "/login", "/ko/governments/burnaby-ca/activities", "/releases", "/admin/import"} {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(url.Values{"text": {"x"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for name, v := range official.cookies {
			req.AddCookie(&http.Cookie{Name: name, Value: v})
		}
		rec := httptest.NewRecorder()
		replica.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != http.StatusForbidden || !strings.Contains(body, "https://twinning.example.org") {
			t.Errorf("POST %s on the replica: %d, want 403 naming the primary", path, rec.Code)
		}
		if path == "/corrections" && !strings.Contains(body, "nothing was saved") {
			t.Errorf("the refusal does not say nothing was saved:\n%s", truncate(body, 400))
		}
	}
	if changeCount(t, db) != before {
		t.Error("a write reached the database through the replica")
	}
	// A session cookie means nothing on a replica: the page is the public's.
	req := httptest.NewRequest(http.MethodGet, "/governments/burnaby-ca", nil)
	for name, v := range official.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: v})
	}
	rec := httptest.NewRecorder()
	replica.ServeHTTP(rec, req)
	if strings.Contains(rec.Body.String(), "replica@burnaby.example") || strings.Contains(rec.Body.String(), `action="/logout"`) {
		t.Error("the replica signed an official in")
	}
}
