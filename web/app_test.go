package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// app is the whole portal on the embedded default data, shared by the tests in this
// package: seeding takes seconds, so it happens once.
var app *echo.Echo

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "twinning-web-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		ctx := context.Background()
		db, _, err := store.Open(ctx, filepath.Join(dir, "test.db"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer db.Close()
		if _, err := seed.Load(ctx, db); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		app = web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		return m.Run()
	}()
	os.RemoveAll(dir)
	os.Exit(code)
}

// get requests path from the whole application.
func get(t testing.TB, path string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	return rec
}

// mustGet requests path and fails unless the answer has the wanted status.
func mustGet(t testing.TB, path string, status int) string {
	t.Helper()
	rec := get(t, path)
	if rec.Code != status {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, rec.Code, status, truncate(rec.Body.String(), 600))
	}
	return rec.Body.String()
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func containsAll(t testing.TB, path, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("GET %s: page lacks %q", path, w)
		}
	}
}
