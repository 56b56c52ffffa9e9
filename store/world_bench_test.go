package store

// Benchmarks on a world-scale database (docs/benchmarks.md: gen -profile world, then
// import), named by TWINNING_WORLD_DB; skipped without one.

import (
	"context"
	"os"
	"testing"
)

// The cost ledger's query, uncached (what a page pays after a report in its scope),
// on a world-scale database, beside the activity-years query the same pages run:
//
//	TWINNING_WORLD_DB=/tmp/world.db go test ./store -run '^$' -bench CostLedgerWorld
func BenchmarkCostLedgerWorld(b *testing.B) {
	ctx := context.Background()
	db := openWorld(b)
	var busiestGov, busiestPairA, busiestPairB string
	if err := db.read.QueryRowContext(ctx, `SELECT g, 0 FROM (SELECT ag.government_a AS g, count(*) AS n FROM activity a
		JOIN agreement ag ON ag.id = a.agreement GROUP BY 1 ORDER BY 2 DESC LIMIT 1)`).Scan(&busiestGov, new(int)); err != nil {
		b.Fatal(err)
	}
	if err := db.read.QueryRowContext(ctx, `SELECT min(country_a, country_b), max(country_a, country_b) FROM activity a
		JOIN agreement ag ON ag.id = a.agreement WHERE country_a <> country_b GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`).Scan(&busiestPairA, &busiestPairB); err != nil {
		b.Fatal(err)
	}
	for _, f := range []ActivityFilter{{Government: busiestGov}, {Government: "burnaby-ca"}, {Country: "CA", Partner: "KR"},
		{Country: busiestPairA, Partner: busiestPairB}} {
		name := f.Government + f.Country + "-" + f.Partner
		b.Run("ledger "+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.costLines(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("years "+name, func(b *testing.B) {
			cond, args := f.where()
			for b.Loop() {
				rows, err := db.read.QueryContext(ctx, `SELECT a.agreement, substr(a.date, 1, 4), count(*) FROM activity a
					JOIN agreement ag ON ag.id = a.agreement WHERE `+cond+` GROUP BY 1, 2`, args...)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				rows.Close()
			}
		})
	}
}

// Search on a world-scale database, by query: names, a country, the busiest
// government's name and a two-letter prefix that matches much of everything:
//
//	TWINNING_WORLD_DB=/tmp/world.db go test ./store -run '^$' -bench SearchWorld -benchtime 20x
func BenchmarkSearchWorld(b *testing.B) {
	ctx := context.Background()
	db := openWorld(b)
	for _, q := range []string{"seoul", "dangjin", "korea", "saint", "burnaby", "wurnen", "ha"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.SearchFrom(ctx, q, 30, SearchSkip{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// The places the index cannot find: every place's names looked at in memory (the
	// names read once first, as a running portal holds them).
	if _, err := db.SearchPlacesLoosely(ctx, "warm", nil, 1); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"Hwasong", "Saint Petersbourg", "성시", "시"} {
		b.Run("near "+q, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.SearchPlacesLoosely(ctx, q, nil, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func openWorld(b *testing.B) *DB {
	b.Helper()
	path := os.Getenv("TWINNING_WORLD_DB")
	if path == "" {
		b.Skip("TWINNING_WORLD_DB names a world-scale database")
	}
	db, _, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}
