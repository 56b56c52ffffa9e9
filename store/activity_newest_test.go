package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// A place's newest activities merged from its agreements are exactly the date walk's:
// the same rows in the same order (ties on a date by id), for countries, pairs and
// narrower filters, on the first page and deeper ones, after a report too.
func TestNewestOfPlaceIsTheDateWalk(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	r := rand.New(rand.NewPCG(7, 11))
	dates := []string{"", "1999", "2019-05", "2019-05-01", "2019-05-02", "2024", "2025-11", "2025-11-30", "2026-01-02"}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	countries := []string{"CA", "KR", "JP"}
	ds := Dataset{Countries: []Country{{"CA", "Canada", "Canada", "캐나다"}, {"KR", "South Korea", "Corée du Sud", "대한민국"},
		{"JP", "Japan", "Japon", "일본"}}}
	var slugs []string
	for i := range 30 {
		cc := countries[i%3]
		ds.Governments = append(ds.Governments, Government{Slug: fmt.Sprintf("g%02d-%s", i, cc), Name: fmt.Sprintf("Town %d", i), Country: cc})
		slugs = append(slugs, ds.Governments[i].Slug)
	}
	seen := map[string]bool{}
	for len(ds.Agreements) < 80 {
		a, b := pick(slugs), pick(slugs)
		if id := a + "--" + b; a != b && !seen[id] {
			seen[id] = true
			ds.Agreements = append(ds.Agreements, Agreement{ID: id, GovernmentA: a, GovernmentB: b, Kind: "sister", Status: "active"})
		}
	}
	for i := range 1500 {
		ag := ds.Agreements[int(float64(len(ds.Agreements))*r.Float64()*r.Float64())] // a few busy agreements
		ds.Activities = append(ds.Activities, Activity{ID: fmt.Sprintf("x%04d", r.IntN(10000)*10+i%10), Agreement: ag.ID,
			Date: pick(dates), Category: pick(Categories), From: pick([]string{"", "joint", ag.GovernmentA}), Title: "Visit"})
	}
	slices.SortFunc(ds.Activities, func(a, b Activity) int { return compareStrings(a.ID, b.ID) })
	ds.Activities = slices.CompactFunc(ds.Activities, func(a, b Activity) bool { return a.ID == b.ID })
	if _, err := db.Import(ctx, ds, "test", "2026-11-27T00:00:00Z", "test"); err != nil {
		t.Fatal(err)
	}
	filters := []ActivityFilter{{Country: "KR"}, {Country: "CA", Partner: "JP"}, {Country: "JP", Partner: "JP"},
		{Country: "KR", Category: Categories[0]}, {Country: "CA", Year: "2019"}, {Country: "KR", Direction: "joint"},
		{Country: "JP", Decade: "2020"}}
	check := func(when string) {
		t.Helper()
		for _, f := range filters {
			for _, n := range []int{1, 7, 50, 400} {
				got, ok, err := db.newestOfPlace(ctx, f, n)
				if err != nil {
					t.Fatal(err)
				}
				want, err := db.dateWalk(ctx, f, n)
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					t.Errorf("%s %+v n=%d: the merge gave up", when, f, n)
				}
				if g, w := activityIDs(got), activityIDs(want); !slices.Equal(g, w) {
					t.Errorf("%s %+v n=%d:\nmerged %v\nwalked %v", when, f, n, g, w)
				}
			}
			// The browse list's pages are slices of the same order.
			l, err := db.BrowseActivities(ctx, f, "")
			if err != nil {
				t.Fatal(err)
			}
			all, err := db.dateWalk(ctx, f, l.Total)
			if err != nil || len(all) != l.dated {
				t.Fatalf("%s %+v: %d dated activities walked (%v), the list counts %d", when, f, len(all), err, l.dated)
			}
			for _, off := range []int{0, 3, 20} {
				if off+10 > l.dated {
					continue
				}
				rows, err := l.Rows(ctx, off, 10)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := activityIDs(rows), activityIDs(all[off:off+10]); !slices.Equal(g, w) {
					t.Errorf("%s %+v rows from %d: %v, want %v", when, f, off, g, w)
				}
			}
		}
	}
	check("after the import")
	// A report on a quiet agreement, newer than everything: the summary is patched, so
	// the merge reads that agreement first.
	quiet := ds.Agreements[len(ds.Agreements)-1]
	if _, err := db.SaveActivity(ctx, "admin:test", Activity{ID: "zz-new", Agreement: quiet.ID, Date: "2026-11-30", Title: "Report"}, "test"); err != nil {
		t.Fatal(err)
	}
	check("after a report")
}

func compareStrings(a, b string) int { return cmpString(a, b) }

// dateWalk is the plain SQL answer: the n newest dated activities f selects, walking
// the date index.
func (db *DB) dateWalk(ctx context.Context, f ActivityFilter, n int) ([]LatestActivity, error) {
	cond, args := f.where()
	return scanLatestActivities(db.query(ctx, `SELECT `+activityCols+`, `+govCols("ga")+`, `+govCols("gb")+activityJoins+
		`WHERE a.date <> '' AND `+cond+` ORDER BY a.date DESC, a.id DESC LIMIT `+fmt.Sprint(max(n, 0)), args...))
}

func activityIDs(as []LatestActivity) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}
