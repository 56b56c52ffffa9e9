package store

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// What people type into the search box, drawn from the database itself (seeded, so
// every run asks the same): a place's whole name (half the queries), the beginning of
// one as far as the first space or 5 letters, a name with two letters swapped, a
// place's own-script name, a country's name, and two parties of an agreement.
// Each query runs as the search page runs it: the three groups' first 30 matches
// and totals, then, when every place found fits on the page, the loose search.
//
//	TWINNING_WORLD_DB=/tmp/world.db go test ./store -run '^$' -bench SearchMixWorld -benchtime 1x
//
// It reports the latency percentiles over the mix (p50, p95, p99, max in ms).
func BenchmarkSearchMixWorld(b *testing.B) {
	ctx := context.Background()
	db := openWorld(b)
	qs := searchMix(b, db, 400)
	if _, err := db.SearchPlacesLoosely(ctx, "warm", nil, 1); err != nil { // names in memory, as a running portal holds them
		b.Fatal(err)
	}
	var lat []time.Duration
	slowest := map[string]time.Duration{}
	for b.Loop() {
		for _, q := range qs {
			start := time.Now()
			res, err := db.SearchFrom(ctx, q, 30, SearchSkip{})
			if err != nil {
				b.Fatal(err)
			}
			if res.GovernmentTotal == len(res.Governments) {
				listed := map[string]bool{}
				for _, g := range res.Governments {
					listed[g.Slug] = true
				}
				if _, err := db.SearchPlacesLoosely(ctx, q, listed, 10); err != nil {
					b.Fatal(err)
				}
			}
			d := time.Since(start)
			lat = append(lat, d)
			slowest[q] = max(slowest[q], d)
		}
	}
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(at(1), "max-ms")
	b.ReportMetric(0, "ns/op")
	if testing.Verbose() {
		n := min(10, len(qs))
		b.Logf("the mix's first %d queries: %q", n, qs[:n])
		var worst []string
		for q := range slowest {
			worst = append(worst, q)
		}
		slices.SortFunc(worst, func(x, y string) int { return int(slowest[y] - slowest[x]) })
		for _, q := range worst[:min(12, len(worst))] {
			b.Logf("%6.1f ms  %q", float64(slowest[q])/1e6, q)
		}
	}
}

func searchMix(b *testing.B, db *DB, n int) []string {
	ctx := context.Background()
	var names, locals, countries, pairs []string
	read := func(q string, into *[]string) {
		rows, err := db.read.QueryContext(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				b.Fatal(err)
			}
			*into = append(*into, s)
		}
	}
	// Every 97th place and agreement: spread over the whole table, the same every run.
	read(`SELECT name FROM government WHERE rowid % 97 = 0 AND name <> ''`, &names)
	read(`SELECT name_local FROM government WHERE rowid % 97 = 0 AND name_local <> ''`, &locals)
	read(`SELECT name_en FROM country`, &countries)
	read(`SELECT ga.name || ' ' || gb.name FROM agreement ag JOIN government ga ON ga.slug = ag.government_a
		JOIN government gb ON gb.slug = ag.government_b WHERE ag.rowid % 97 = 0`, &pairs)
	if len(names) == 0 || len(countries) == 0 || len(pairs) == 0 {
		b.Fatal("the database has too few records for the mix")
	}
	if len(locals) == 0 {
		locals = names
	}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	qs := make([]string, 0, n)
	for len(qs) < n {
		var q string
		switch x := r.IntN(100); {
		case x < 50:
			q = pick(names)
		case x < 65:
			q = pick(names)
			if i := strings.IndexByte(q, ' '); i > 0 {
				q = q[:i]
			} else if utf8.RuneCountInString(q) > 5 {
				q = string([]rune(q)[:5])
			}
		case x < 75:
			rs := []rune(pick(names))
			if len(rs) > 4 {
				i := len(rs) / 2
				rs[i], rs[i+1] = rs[i+1], rs[i]
			}
			q = string(rs)
		case x < 85:
			q = pick(locals)
		case x < 95:
			q = pick(countries)
		default:
			q = pick(pairs)
		}
		qs = append(qs, q)
	}
	return qs
}
