package web_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/pquerna/otp/totp"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// accountApp is a second seeded portal whose database the tests can reach, for
// tests that create accounts and write. It is built once per package run.
var (
	accountOnce sync.Once
	accountE    *echo.Echo
	accountDB   *store.DB
	accountErr  error
)

func accountApp(t testing.TB) (*echo.Echo, *store.DB) {
	t.Helper()
	accountOnce.Do(func() {
		dir, err := os.MkdirTemp("", "twinning-accounts-")
		if err != nil {
			accountErr = err
			return
		}
		ctx := context.Background()
		db, _, err := store.Open(ctx, filepath.Join(dir, "accounts.db"))
		if err != nil {
			accountErr = err
			return
		}
		if _, err := seed.Load(ctx, db); err != nil {
			accountErr = err
			return
		}
		accountDB = db
		accountE = web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	})
	if accountErr != nil {
		t.Fatal(accountErr)
	}
	return accountE, accountDB
}

// client is a signed-in (or anonymous) browser without Sec-Fetch-Site, so the
// CSRF token check applies.
type client struct {
	t       testing.TB
	app     *echo.Echo
	cookies map[string]string
	ip      string
}

// signIn creates an account (once) and a session for it.
func signIn(t testing.TB, app *echo.Echo, db *store.DB, email, government, role string) *client {
	t.Helper()
	ctx := context.Background()
	a, err := db.AddAccount(ctx, email, "a long test password", government, role)
	if err != nil && !strings.Contains(err.Error(), "exists already") {
		t.Fatal(err)
	}
	if err != nil {
		a, err = db.Authenticate(ctx, store.SignInAttempt{Email: email, Password: "a long test password", Address: "test"})
		if err != nil && !errors.Is(err, store.ErrCodeNeeded) {
			t.Fatal(err)
		}
	}
	if role == "admin" && !a.SecondFactor { // administrators must have a second factor
		turnOnSecondFactor(t, db, a)
	}
	token, err := db.NewSession(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return &client{t: t, app: app, cookies: map[string]string{"twinning_session": token}, ip: "192.0.2.10"}
}

// turnOnSecondFactor gives an account a TOTP secret, as its desk would, and returns it.
func turnOnSecondFactor(t testing.TB, db *store.DB, a store.Account) string {
	t.Helper()
	key, err := store.NewSecondFactorKey(a.Email)
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(key.Secret(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EnableSecondFactor(context.Background(), a.ID, key.Secret(), code); err != nil {
		t.Fatal(err)
	}
	return key.Secret()
}

func anonymous(t testing.TB, app *echo.Echo) *client {
	return &client{t: t, app: app, cookies: map[string]string{}, ip: "192.0.2.20"}
}

func (c *client) do(method, path string, form url.Values) *httptest.ResponseRecorder {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return c.send(req)
}

// send serves req with the client's address and cookies, keeping the cookies it sets.
func (c *client) send(req *http.Request) *httptest.ResponseRecorder {
	req.RemoteAddr = c.ip + ":1234"
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	rec := httptest.NewRecorder()
	c.app.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return rec
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// form GETs a form page and returns its CSRF token (the cookie is kept).
func (c *client) form(path string) string {
	c.t.Helper()
	rec := c.do(http.MethodGet, path, nil)
	if rec.Code != http.StatusOK {
		c.t.Fatalf("GET %s: %d\n%s", path, rec.Code, truncate(rec.Body.String(), 500))
	}
	m := csrfInput.FindStringSubmatch(rec.Body.String())
	if m == nil {
		c.t.Fatalf("GET %s: no _csrf field", path)
	}
	return m[1]
}

// post submits a form with the CSRF token.
func (c *client) post(path, token string, form url.Values) *httptest.ResponseRecorder {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if token != "" {
		form.Set("_csrf", token)
	}
	return c.do(http.MethodPost, path, form)
}
