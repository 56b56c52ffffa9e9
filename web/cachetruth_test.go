package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// truthPaths are pages of every kind, in every language, with their twins: after
// any write, what the cache serves for each must be what a fresh render gives.
var truthPaths = []string{
	"/", "/fr", "/ko", "/countries", "/countries.csv", "/countries/ca", "/countries/kr", "/countries/jp",
	"/countries/ca/kr", "/fr/countries/ca/kr", "/countries/jp/kr", "/countries/ca/kr.atom",
	"/governments/burnaby-ca", "/governments/burnaby-ca.json", "/governments/burnaby-ca.atom", "/ko/governments/burnaby-ca",
	"/governments/hwaseong-kr", "/governments/dangjin-kr", "/governments/victoria-ca",
	"/agreements/burnaby-ca--hwaseong-kr", "/agreements/burnaby-ca--hwaseong-kr.csv", "/agreements/dangjin-kr--daisen-jp",
	"/governments/burnaby-ca/history", "/agreements/burnaby-ca--hwaseong-kr/history",
	"/governments", "/governments.csv?country=ca", "/agreements", "/agreements?country=ca&partner=kr",
	"/agreements.json?activeness=active", "/activities", "/activities.csv?country=ca", "/activities?direction=kr",
	"/charts/agreements-by-year", "/charts/agreements-by-year?country=CA", "/charts/partner-countries?country=KR",
	"/charts/activities-by-year?country=CA&partner=KR", "/charts/activity-flows?country=CA&partner=KR",
	"/charts/activeness-by-region?country=CA&partner=KR", "/embed/charts/activities-by-year?government=burnaby-ca",
	"/search?q=burnaby", "/search.json?q=hwaseong", "/reporting", "/reporting?country=CA", "/corrections", "/data", "/about",
}

// After every kind of write (report, edit, lifecycle event, withdrawal, public
// correction, decision, declaration), every page the cache serves equals a fresh
// render by a portal with an empty cache: scoped invalidation never leaves a page
// stale, whatever scopes a write touched.
func TestCachedPagesMatchAFreshRenderAfterEveryWrite(t *testing.T) {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	// A copy of the seeded database of its own: these writes must not change what
	// other tests read.
	_, shared := accountApp(t)
	path := filepath.Join(t.TempDir(), "truth.db")
	if err := shared.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	db, _, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	app := web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: quiet})
	get := func(h http.Handler, path string) (int, string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = "192.0.2.30:1234"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	for _, p := range truthPaths { // warm the cache
		if code, _ := get(app, p); code != http.StatusOK {
			t.Fatalf("GET %s: %d", p, code)
		}
	}
	const actor = "official:burnaby-ca"
	var reported store.Activity
	var correction store.Correction
	writes := []struct {
		name  string
		write func() error
	}{
		{"report an activity", func() (err error) {
			reported, err = db.SaveActivity(ctx, actor, store.Activity{Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-03-04",
				Category: "sports", From: "hwaseong-kr", Title: "Hwaseong taekwondo team in Burnaby"}, "truth test")
			return err
		}},
		{"edit the activity", func() error {
			reported.Title = "Hwaseong taekwondo team tours Burnaby"
			reported.Category = "youth_education"
			_, err := db.SaveActivity(ctx, actor, reported, "truth test")
			return err
		}},
		{"edit an agreement", func() error {
			a, err := db.AgreementByID(ctx, "burnaby-ca--hwaseong-kr")
			if err != nil {
				return err
			}
			a.Kind, a.Note = "friendship", "truth test: kind changed"
			_, err = db.SaveAgreement(ctx, actor, *a, "truth test")
			return err
		}},
		{"add a lifecycle event", func() error {
			_, err := db.AddEvent(ctx, actor, store.Event{Agreement: "burnaby-ca--hwaseong-kr", Date: "2026-04", Event: "renewed"}, "truth test")
			return err
		}},
		{"withdraw the activity", func() error {
			_, err := db.WithdrawActivity(ctx, actor, reported.ID, "truth test")
			return err
		}},
		{"suggest a correction", func() (err error) {
			correction, err = db.SuggestCorrection(ctx, store.Correction{RecordType: "agreement", RecordID: "burnaby-ca--hwaseong-kr",
				Text: "The agreement was signed in 2008."})
			return err
		}},
		{"decide the correction", func() error {
			_, err := db.DecideCorrection(ctx, actor, correction.ID, "reject", "truth test")
			return err
		}},
		{"declare a report", func() error {
			_, _, err := db.DeclareReport(ctx, actor, "burnaby-ca", 2025, "truth test")
			return err
		}},
	}
	for _, w := range writes {
		if err := w.write(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		fresh := web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: quiet})
		for _, p := range truthPaths {
			code, cached := get(app, p)
			freshCode, want := get(fresh, p)
			if code != freshCode || cached != want {
				t.Errorf("after %q, GET %s from the cache differs from a fresh render (%d vs %d)", w.name, p, code, freshCode)
			}
		}
	}
}
