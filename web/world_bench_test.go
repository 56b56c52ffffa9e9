package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/web"
)

// First render after a write at world scale: each round writes (a report by
// Burnaby, or an edit of one agreement's note), then requests every page once
// through the whole application, anonymously; the first request of a page after a
// write is the one a reader waits for. Reported per page: the 95th percentile and
// the worst of the rounds, in milliseconds. Pages a write did not touch are served
// from the cache (0.0x ms). It writes to the database it is given: use a scratch
// copy of the world profile (docs/benchmarks.md).
//
//	TWINNING_WORLD_DB=/tmp/world.db go test ./web -run '^$' -bench FirstRenderWorld -benchtime 1x -timeout 30m
func BenchmarkFirstRenderWorld(b *testing.B) {
	path := os.Getenv("TWINNING_WORLD_DB")
	if path == "" {
		b.Skip("TWINNING_WORLD_DB names a scratch world-scale database")
	}
	ctx := context.Background()
	db, _, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	app := web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	pages := []string{"/", "/countries/kr", "/countries/ca", "/countries/ca/kr", "/charts/agreements-by-year?country=kr",
		"/charts/activities-by-year?country=ca&partner=kr", "/governments", "/agreements", "/activities",
		"/agreements?country=kr", "/activities?country=kr", "/governments/burnaby-ca", "/governments/dangjin-kr"}
	if only := os.Getenv("TWINNING_WORLD_PAGES"); only != "" { // a comma-separated subset, for profiling
		pages = strings.Split(only, ",")
	}
	get := func(p string) time.Duration {
		start := time.Now()
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: status %d", p, rec.Code)
		}
		return time.Since(start)
	}
	for _, p := range pages { // warm: the first render ever builds the summaries
		get(p)
	}
	const rounds = 20
	writes := map[string]func(i int) error{
		"report": func(i int) error {
			_, err := db.SaveActivity(ctx, "official:burnaby-ca", store.Activity{Agreement: "burnaby-ca--hwaseong-kr",
				Date: "2026-05-01", Category: "sports", From: "burnaby-ca", Title: fmt.Sprintf("Benchmark report %d", i)}, "benchmark")
			return err
		},
		"agreement edit": func(i int) error {
			a, err := db.AgreementByID(ctx, "burnaby-ca--hwaseong-kr")
			if err != nil {
				return err
			}
			a.Note = fmt.Sprintf("Benchmark edit %d", i)
			_, err = db.SaveAgreement(ctx, "official:burnaby-ca", *a, "benchmark")
			return err
		},
	}
	kinds := []string{"report", "agreement edit"}
	if only := os.Getenv("TWINNING_WORLD_WRITES"); only != "" {
		kinds = strings.Split(only, ",")
	}
	for b.Loop() {
		for _, name := range kinds {
			times := map[string][]time.Duration{}
			for i := range rounds {
				if err := writes[name](i); err != nil {
					b.Fatal(err)
				}
				for _, p := range pages {
					times[p] = append(times[p], get(p))
				}
			}
			for _, p := range pages {
				t := times[p]
				slices.Sort(t)
				p95 := t[(len(t)*95+99)/100-1]
				fmt.Printf("after a %s: %-50s p95 %8.2f ms   max %8.2f ms\n", name, p, ms(p95), ms(t[len(t)-1]))
			}
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
