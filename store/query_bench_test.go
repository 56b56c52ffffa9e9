package store_test

import (
	"context"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

// BenchmarkQueries measures the queries behind the hot pages on the default data
// (government, country pair, chart, search, export):
//
//	go test ./store -run '^$' -bench BenchmarkQueries -benchmem
func BenchmarkQueries(b *testing.B) {
	ctx := context.Background()
	db := seededDB(b)
	cases := []struct {
		name string
		fn   func() error
	}{
		{"Government burnaby-ca", func() error { _, err := db.Government(ctx, "burnaby-ca"); return err }},
		{"GovernmentAgreements burnaby-ca", func() error { _, err := db.GovernmentAgreements(ctx, "burnaby-ca"); return err }},
		{"Bilateral ca-kr", func() error { _, err := db.Bilateral(ctx, "CA", "KR"); return err }},
		{"AgreementsPerYear kr", func() error {
			_, err := db.AgreementsPerYear(ctx, store.AgreementFilter{Country: "KR"})
			return err
		}},
		{"Search seoul", func() error { _, err := db.Search(ctx, "seoul", 50); return err }},
		{"Stats", func() error { _, err := db.Stats(ctx); return err }},
	}
	for _, c := range cases {
		if err := c.fn(); err != nil {
			b.Fatalf("%s: %v", c.name, err)
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.fn(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
