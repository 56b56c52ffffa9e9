package web_test

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/web"
)

// Over HTTPS every cookie the portal sets carries the __Host- prefix (so a sibling
// subdomain cannot plant one), Secure, Path=/ and no Domain; the session still works.
func TestCookiesOverHTTPSAreHostPrefixed(t *testing.T) {
	_, db := accountApp(t)
	const email, password = "https@burnaby.example", "a password over https"
	if _, err := db.AddAccount(context.Background(), email, password, "burnaby-ca", "official"); err != nil {
		t.Fatal(err)
	}
	secure := web.New(web.Config{DB: db, BaseURL: "https://portal.test", Logger: slog.New(slog.DiscardHandler)})
	c := anonymous(t, secure)
	c.ip = "192.0.2.160"
	token := c.form("/login")
	rec := c.post("/login", token, url.Values{"email": {email}, "password": {password}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-in over https: %d", rec.Code)
	}
	for _, ck := range rec.Result().Cookies() {
		if !strings.HasPrefix(ck.Name, "__Host-") || !ck.Secure || ck.Path != "/" || ck.Domain != "" || !ck.HttpOnly {
			t.Errorf("cookie %s: Secure %v, Path %q, Domain %q, HttpOnly %v", ck.Name, ck.Secure, ck.Path, ck.Domain, ck.HttpOnly)
		}
	}
	if c.cookies["__Host-twinning_session"] == "" || c.cookies["__Host-csrf"] == "" || c.cookies["__Host-twinning_device"] == "" {
		t.Errorf("cookies after sign-in: %v", c.cookies)
	}
	if rec := c.do(http.MethodGet, "/desk", nil); rec.Code != http.StatusOK {
		t.Errorf("desk with the __Host- session: %d", rec.Code)
	}
}

// A CSRF token in a POST's address is refused, even when it is the right one: it
// would be written to logs and sent on in Referer headers.
func TestCSRFTokenInAPostsAddressIsRefused(t *testing.T) {
	app, _ := accountApp(t)
	c := anonymous(t, app)
	c.ip = "192.0.2.161"
	token := c.form("/login")
	form := url.Values{"email": {"x@example.org"}, "password": {"whatever it is"}}
	rec := c.do(http.MethodPost, "/login?_csrf="+url.QueryEscape(token), form)
	if rec.Code != http.StatusForbidden {
		t.Errorf("token in the query string: %d, want 403", rec.Code)
	}
	if rec := c.post("/login", token, form); rec.Code != http.StatusUnauthorized {
		t.Errorf("the same token in the body: %d, want 401 (wrong password)", rec.Code)
	}
}

// A wrong method on a real page is 405 with Allow, in every language.
func TestWrongMethodIs405WithAllow(t *testing.T) {
	for _, p := range []probe{{method: http.MethodDelete, path: "/about"}, {method: http.MethodPost, path: "/fr/governments/burnaby-ca"},
		{method: http.MethodPut, path: "/ko/login"}} {
		rec := serve(app, p)
		if rec.Code != http.StatusMethodNotAllowed || !strings.Contains(rec.Header().Get("Allow"), http.MethodGet) {
			t.Errorf("%s: %d, Allow %q; want 405 with GET allowed", p, rec.Code, rec.Header().Get("Allow"))
		}
	}
	if rec := serve(app, probe{method: http.MethodGet, path: "/no-such-page"}); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown page: %d, want 404", rec.Code)
	}
}

// An official's report that meets a database another writer holds locked gets a
// 503 saying nothing was saved, and nothing is saved.
func TestWriteOnALockedDatabaseIs503NothingSaved(t *testing.T) {
	app, db := accountApp(t)
	official := signIn(t, app, db, "locked@burnaby.example", "burnaby-ca", "official")
	token := official.form("/governments/burnaby-ca/activities/new?agreement=burnaby-ca--hwaseong-kr")
	before := changeCount(t, db)

	other, err := sql.Open("sqlite", "file:"+db.Path()+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"agreement": {"burnaby-ca--hwaseong-kr"}, "date": {"2026-10-03"}, "category": {"culture_arts"},
		"from": {"burnaby-ca"}, "title": {"A report that meets a lock"}, "reason": {"testing a lock"}}
	rec := official.post("/governments/burnaby-ca/activities", token, form)
	conn.ExecContext(context.Background(), "ROLLBACK")
	conn.Close()
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "nothing was saved") {
		t.Errorf("write on a locked database: %d\n%s", rec.Code, truncate(rec.Body.String(), 600))
	}
	if after := changeCount(t, db); after != before {
		t.Errorf("changes went from %d to %d although the write was refused", before, after)
	}
}
