package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// An activity reported this year keeps a relationship active: Belleville–Gunpo,
// with nothing recorded since 2019, was "dormant" when an activity of 2 May 2026
// came in, because the window ignored the year we are in.
func TestAnActivityThisYearMakesItActive(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a database")
	}
	ctx := context.Background()
	db, _, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	app := web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	verdict := func() string {
		t.Helper()
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/agreements/belleville-ca--gunpo-kr", nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		return text(doc(t, rec.Body.String()).Find("section.activeness .verdict"))
	}
	if got := verdict(); !strings.HasPrefix(got, "not reported") {
		t.Fatalf("before: %q, want not reported (nothing since 2019, nobody declared a year)", got)
	}
	today := time.Now().UTC()
	if _, err := db.SaveActivity(ctx, "official:belleville-ca", store.Activity{Agreement: "belleville-ca--gunpo-kr",
		Date: today.Format("2006-01-02"), Category: "administrative", From: "gunpo-kr", Title: "Gunpo delegation visits Belleville"}, "test"); err != nil {
		t.Fatal(err)
	}
	year := today.Format("2006")
	got := verdict()
	for _, want := range []string{"active Activity in 0 of the 5 full years", "Activity recorded in " + year + " so far"} {
		if !strings.Contains(got, want) {
			t.Errorf("after an activity of %s: %q lacks %q", today.Format("2006-01-02"), got, want)
		}
	}
	if strings.Contains(got, "dormant") || strings.Contains(got, "not reported") {
		t.Errorf("after an activity this year: %q", got)
	}
}
