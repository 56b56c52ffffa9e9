package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

// The counts writes maintain equal a recount from the records after every write of
// a random sequence: reports, edits, withdrawals, agreement edits, lifecycle events
// and imports (which rebuild them). twinning check makes the same comparison
// (store.DB.Check includes CheckMaintained).
func TestMaintainedCountsEqualARecountAfterRandomWrites(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	ds := sample()
	ds.Countries = append(ds.Countries, store.Country{Code: "JP", NameEN: "Japan", NameFR: "Japon", NameKO: "일본"})
	ds.Governments = append(ds.Governments,
		store.Government{Slug: "kushiro-jp", Name: "Kushiro", Country: "JP"},
		store.Government{Slug: "suwon-kr", Name: "Suwon", Country: "KR"})
	ds.Agreements = append(ds.Agreements,
		store.Agreement{ID: "burnaby-ca--kushiro-jp", GovernmentA: "burnaby-ca", GovernmentB: "kushiro-jp", Kind: "unknown", Status: "unverified"},
		store.Agreement{ID: "hwaseong-kr--suwon-kr", GovernmentA: "hwaseong-kr", GovernmentB: "suwon-kr", Kind: "friendship", Signed: "1999-03", Status: "active"})
	mustImport(t, db, ds)
	check := func(step string) {
		t.Helper()
		// Only what writes maintain: SQLite's own integrity check also reports an FTS5
		// checksum mismatch after some reports, a search-index problem older than the
		// counts (seen on f587e3c too) and left for the search issue.
		problems, err := db.CheckMaintained(ctx)
		if err != nil {
			t.Fatalf("%s: check: %v", step, err)
		}
		for _, p := range problems {
			t.Errorf("%s: %s", step, p)
		}
		if len(problems) > 0 {
			t.FailNow()
		}
	}
	check("import")

	r := rand.New(rand.NewPCG(7, 11))
	agreements := map[string][2]string{}
	for _, a := range ds.Agreements {
		agreements[a.ID] = [2]string{a.GovernmentA, a.GovernmentB}
	}
	ids := func() []string {
		var out []string
		for _, a := range ds.Agreements {
			out = append(out, a.ID)
		}
		return out
	}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	dates := []string{"", "2019", "2021-05", "2024-10-02", "2026-01-15"}
	categories := append([]string{""}, store.Categories...)
	var reported []store.Activity
	const actor = "admin:test"
	for step := range 150 {
		var name string
		var err error
		switch op := r.IntN(7); {
		case op <= 1 || len(reported) == 0: // report
			ag := pick(ids())
			parties := agreements[ag]
			a := store.Activity{Agreement: ag, Date: pick(dates), Category: pick(categories),
				From: pick([]string{"", "joint", parties[0], parties[1]}), Title: fmt.Sprintf("Step %d", step)}
			name = "report under " + ag
			a, err = db.SaveActivity(ctx, actor, a, "test")
			reported = append(reported, a)
		case op == 2: // edit a report
			i := r.IntN(len(reported))
			a := reported[i]
			parties := agreements[a.Agreement]
			a.Date, a.Category, a.From = pick(dates), pick(categories), pick([]string{"", "joint", parties[0], parties[1]})
			name = "edit " + a.ID
			reported[i], err = db.SaveActivity(ctx, actor, a, "test")
		case op == 3: // withdraw a report
			i := r.IntN(len(reported))
			name = "withdraw " + reported[i].ID
			_, err = db.WithdrawActivity(ctx, actor, reported[i].ID, "test")
			reported = append(reported[:i], reported[i+1:]...)
		case op == 4: // edit an agreement
			a, gerr := db.AgreementByID(ctx, pick(ids()))
			if gerr != nil {
				t.Fatal(gerr)
			}
			a.Kind, a.Signed, a.Status = pick(store.Kinds), pick(dates), pick(store.Statuses)
			name = "edit agreement " + a.ID
			_, err = db.SaveAgreement(ctx, actor, *a, "test")
		case op == 5: // lifecycle event
			name = "event"
			_, err = db.AddEvent(ctx, actor, store.Event{Agreement: pick(ids()), Date: pick(dates), Event: "renewed"}, "test")
		default: // import: a new agreement with an activity (the counts are rebuilt)
			id := fmt.Sprintf("kushiro-jp--suwon-kr-%d", step)
			imp := store.Dataset{
				Agreements: []store.Agreement{{ID: id, GovernmentA: "kushiro-jp", GovernmentB: "suwon-kr", Kind: "sister", Signed: pick(dates), Status: "active"}},
				Activities: []store.Activity{{ID: id + "-act", Agreement: id, Date: pick(dates), Category: pick(categories), From: "joint", Title: "Imported"}},
			}
			name = "import " + id
			_, err = db.Import(ctx, imp, actor, "2026-11-27T00:00:00Z", "test")
			ds.Agreements = append(ds.Agreements, imp.Agreements...)
			agreements[id] = [2]string{"kushiro-jp", "suwon-kr"}
		}
		if err != nil {
			t.Fatalf("step %d, %s: %v", step, name, err)
		}
		check(fmt.Sprintf("step %d, %s", step, name))
	}
}
