package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// After each of a random sequence of agreement edits, new agreements, lifecycle
// events and reports, the browse base the next reader gets (patched from the
// previous one) equals a base read from scratch: every row, count, rank and sort
// order. And it was patched, not read again.
func TestPatchedBrowseBaseEqualsARebuild(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	defer func(n int32) { overlayChunk = n }(overlayChunk)
	overlayChunk = 16 // many chunks, so that sharing the untouched ones shows
	r := rand.New(rand.NewPCG(3, 5))
	dates := []string{"", "1965", "1988-04", "2001-09-12", "2010", "2019-05-01", "2026-02"}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	ds := Dataset{Countries: []Country{{"CA", "Canada", "Canada", "캐나다"}, {"KR", "South Korea", "Corée du Sud", "대한민국"},
		{"JP", "Japan", "Japon", "일본"}}}
	var slugs []string
	for i := range 40 {
		cc := []string{"CA", "KR", "JP"}[i%3]
		g := Government{Slug: fmt.Sprintf("g%02d-%s", i, cc), Name: fmt.Sprintf("Town %c%d", 'Z'-rune(i%26), i), Country: cc}
		ds.Governments = append(ds.Governments, g)
		slugs = append(slugs, g.Slug)
	}
	seen := map[string]bool{}
	for len(ds.Agreements) < 120 {
		a, b := pick(slugs), pick(slugs)
		id := a + "--" + b
		if a == b || seen[id] {
			continue
		}
		seen[id] = true
		ds.Agreements = append(ds.Agreements, Agreement{ID: id, GovernmentA: a, GovernmentB: b, Kind: pick(Kinds),
			Signed: pick(dates), Status: pick(Statuses)})
	}
	if _, err := db.Import(ctx, ds, "test", "2026-11-27T00:00:00Z", "test"); err != nil {
		t.Fatal(err)
	}
	first, err := db.browseBase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.browseIndex(ctx); err != nil {
		t.Fatal(err)
	}
	shared := 0 // overlay chunks a later index shares with the one before
	ids := func() []string {
		var out []string
		for _, a := range ds.Agreements {
			out = append(out, a.ID)
		}
		return out
	}
	const actor = "admin:test"
	for step := range 60 {
		var err error
		switch op := r.IntN(4); op {
		case 0: // edit an agreement
			a, gerr := db.AgreementByID(ctx, pick(ids()))
			if gerr != nil {
				t.Fatal(gerr)
			}
			a.Kind, a.Signed, a.Status = pick(Kinds), pick(dates), pick(Statuses)
			if r.IntN(2) == 0 { // a date no agreement has yet
				a.Signed = fmt.Sprintf("19%02d-%02d", r.IntN(100), 1+r.IntN(12))
			}
			_, err = db.SaveAgreement(ctx, actor, *a, "test")
		case 1: // a new agreement
			a, b := pick(slugs), pick(slugs)
			id := fmt.Sprintf("%s--%s-%d", a, b, step)
			if a == b {
				continue
			}
			ag := Agreement{ID: id, GovernmentA: a, GovernmentB: b, Kind: pick(Kinds), Signed: pick(dates), Status: pick(Statuses)}
			_, err = db.SaveAgreement(ctx, actor, ag, "test")
			ds.Agreements = append(ds.Agreements, ag)
		case 2: // a lifecycle event
			_, err = db.AddEvent(ctx, actor, Event{Agreement: pick(ids()), Date: pick(dates), Event: "renewed"}, "test")
		default: // a report, which the base does not hold
			_, err = db.SaveActivity(ctx, actor, Activity{Agreement: pick(ids()), Date: pick(dates), Title: "Visit",
				Category: pick(append([]string{""}, Categories...)), From: pick([]string{"", "joint"})}, "test")
		}
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		got, err := db.browseBase(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		want, err := readBase(ctx, tx)
		tx.Rollback()
		if err != nil {
			t.Fatal(err)
		}
		want.changeID = got.changeID
		if &got.govOrder["name"][0] != &first.govOrder["name"][0] {
			t.Fatalf("step %d: the base was read again, not patched", step)
		}
		for _, f := range []ActivityFilter{{}, {Country: "KR"}, {Country: "CA", Partner: "JP"}, {Country: "JP", Category: Unknown},
			{Decade: "2010"}, {Country: "KR", Year: Unknown}, {Direction: "joint"}, {Partner: "KR"}} {
			mem, err := db.ActivitiesPerYear(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			counted, err := db.activitiesPerYearSQL(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(mem) != 0 || len(counted) != 0 {
				if !reflect.DeepEqual(mem, counted) {
					t.Fatalf("step %d: activities per year %+v: in memory %v, counted %v", step, f, mem, counted)
				}
			}
		}
		prevIndex := db.lastIndex.Load()
		full, err := db.browseIndex(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if full.lineage != first.lineage {
			t.Fatalf("step %d: the index was rebuilt, not patched", step)
		}
		for c := range min(len(full.act), len(prevIndex.act)) {
			if len(full.act[c]) > 0 && &full.act[c][0] == &prevIndex.act[c][0] {
				shared++
			}
		}
		for i := range full.ags {
			id := full.ags[i].id
			var n int32
			var last string
			var years []int
			rows, err := db.read.QueryContext(ctx, `SELECT count(*), max(date), substr(date, 1, 4) y FROM activity WHERE agreement = ? GROUP BY y ORDER BY y`, id)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var k int32
				var l, y string
				rows.Scan(&k, &l, &y)
				n += k
				last = max(last, l)
				if yy := yearOf(y); yy > 0 {
					years = append(years, yy)
				}
			}
			rows.Close()
			want := agActivity{n: n, last: last, years: years,
				state: int8(vocabID(ActivenessStates, Assess(full.ags[i].status, years, full.covered(&full.ags[i]), full.window).State))}
			if got := *full.act.at(int32(i)); !reflect.DeepEqual(got, want) {
				t.Fatalf("step %d: %s in the index: %+v, recounted %+v", step, id, got, want)
			}
		}
		// Ranks only order the dates (a patch may leave gaps): compare the rows
		// without them, and the orders they give.
		unranked := func(ags []browseAgreement) []browseAgreement {
			out := slices.Clone(ags)
			for i := range out {
				out[i].signedRank = 0
			}
			return out
		}
		for i := range got.ags {
			if (got.ags[i].signed == "") != (got.ags[i].signedRank == got.unknownSigned()) {
				t.Fatalf("step %d: %s has rank %d, unknown is %d", step, got.ags[i].id, got.ags[i].signedRank, got.unknownSigned())
			}
		}
		for _, f := range []struct {
			name      string
			got, want any
		}{
			{"agreements", unranked(got.ags), unranked(want.ags)}, {"agreement ids", got.agID, want.agID}, {"governments", got.govs, want.govs}, {"agreements per government", got.govAgreements, want.govAgreements},
			{"government orders", got.govOrder, want.govOrder}, {"agreement orders", got.agOrder, want.agOrder},
		} {
			if !reflect.DeepEqual(f.got, f.want) {
				t.Fatalf("step %d: patched %s differ from a rebuild", step, f.name)
			}
		}
	}
	if shared == 0 {
		t.Error("no index shared a chunk of its overlay with the one before: every report rebuilt it")
	}
}
