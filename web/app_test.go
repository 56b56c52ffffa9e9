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
var (
	app   *echo.Echo
	appDB *store.DB
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "twinning-web-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		ctx := context.Background()
		db, err := seededDB(ctx, filepath.Join(dir, "test.db"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer db.Close()
		appDB = db
		app = web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		return m.Run()
	}()
	os.RemoveAll(dir)
	if fuzzing, worker, template := fuzzTemplate(); fuzzing && !worker {
		os.Remove(template)
	}
	os.Exit(code)
}

// seededDB opens a database at path holding the default data. Under go test -fuzz,
// every fuzz worker is a new process running TestMain: the coordinator seeds once
// and leaves a copy for its workers, which would otherwise spend their fuzz time
// seeding.
func seededDB(ctx context.Context, path string) (*store.DB, error) {
	fuzzing, worker, template := fuzzTemplate()
	if worker {
		if err := copyFile(template, path); err == nil {
			db, _, err := store.Open(ctx, path)
			return db, err
		}
	}
	db, _, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if _, err := seed.Load(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	if fuzzing && !worker {
		// Close to fold the WAL into the file, copy it, and open again.
		if err := db.Close(); err != nil {
			return nil, err
		}
		if err := copyFile(path, template+".tmp"); err == nil {
			_ = os.Rename(template+".tmp", template)
		}
		db, _, err = store.Open(ctx, path)
	}
	return db, err
}

// fuzzTemplate tells whether this process fuzzes, whether it is a worker, and where
// the coordinator's seeded copy lives (named after the coordinator's process id).
func fuzzTemplate() (fuzzing, worker bool, template string) {
	owner := os.Getpid()
	for _, a := range os.Args[1:] {
		switch {
		case strings.HasPrefix(a, "-test.fuzzworker"):
			fuzzing, worker, owner = true, true, os.Getppid()
		case strings.HasPrefix(a, "-test.fuzz="):
			fuzzing = true
		}
	}
	return fuzzing, worker, filepath.Join(os.TempDir(), fmt.Sprintf("twinning-fuzz-%d.db", owner))
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
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
