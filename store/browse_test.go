package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
)

// browseSample is the sample with more dates and activities: as of 2026-11-27 the
// window is 2021–2025, so Burnaby–Hwaseong (2025) is active, BC–Gyeonggi (2019 only)
// dormant and Gyeonggi–Burnaby unverified.
func browseSample() store.Dataset {
	ds := sample()
	ds.Activities = append(ds.Activities,
		store.Activity{ID: "x2", Agreement: "burnaby-ca--hwaseong-kr", Date: "2025-05-13", Category: "economy_trade", From: "hwaseong-kr", Title: "MOU"},
		store.Activity{ID: "x3", Agreement: "british-columbia-ca--gyeonggi-kr", Date: "", From: "joint", Title: "Undated"},
		store.Activity{ID: "x4", Agreement: "british-columbia-ca--gyeonggi-kr", Date: "2019-05", Category: "ceremony", From: "british-columbia-ca", Title: "Anniversary"})
	return ds
}

func facet(f store.Facets, name string) map[string]int {
	out := map[string]int{}
	for _, v := range f[name] {
		out[v.Value] = v.N
	}
	return out
}

func TestBrowseAgreements(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, browseSample())

	l, err := db.BrowseAgreements(ctx, store.AgreementFilter{Country: "KR"}, "")
	if err != nil {
		t.Fatal(err)
	}
	rows := l.Rows(0, 10)
	if l.Total != 3 || len(rows) != 3 {
		t.Fatalf("KR: total %d, %d rows, want 3", l.Total, len(rows))
	}
	// Oldest signing first, unknown last; side A is the Korean one.
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ID)
		if r.A.Country != "KR" {
			t.Errorf("%s: side A in %s, want KR", r.ID, r.A.Country)
		}
	}
	if want := []string{"british-columbia-ca--gyeonggi-kr", "burnaby-ca--hwaseong-kr", "gyeonggi-kr--burnaby-ca"}; !slices.Equal(ids, want) {
		t.Errorf("order = %v, want %v", ids, want)
	}
	states := map[string]string{}
	for _, r := range rows {
		states[r.ID] = r.Activeness.State
	}
	if states["burnaby-ca--hwaseong-kr"] != "active" || states["british-columbia-ca--gyeonggi-kr"] != "not_reported" || states["gyeonggi-kr--burnaby-ca"] != "unverified" {
		t.Errorf("activeness = %v", states)
	}
	if r := rows[1]; r.Activities != 2 || r.LastActivity != "2025-05-13" || r.Activeness.Rate != 0.2 {
		t.Errorf("Burnaby–Hwaseong = %+v", r)
	}
	if got := facet(l.Facets, "kind"); got["sister"] != 2 || got["unknown"] != 1 || len(got) != 2 {
		t.Errorf("kind facet = %v", got)
	}
	if got := facet(l.Facets, "decade"); got["2000"] != 1 || got["2010"] != 1 || got["unknown"] != 1 {
		t.Errorf("decade facet = %v", got)
	}
	if got := l.Facets["decade"]; got[len(got)-1].Value != "unknown" {
		t.Errorf("unknown decade should come last: %v", got)
	}
	if got := facet(l.Facets, "partner"); got["CA"] != 3 {
		t.Errorf("partner facet = %v", got)
	}

	// A filter narrows the rows but not its own facet.
	l, _ = db.BrowseAgreements(ctx, store.AgreementFilter{Country: "CA", Partner: "KR", Kind: "sister"}, "-signed")
	rows = l.Rows(0, 10)
	if l.Total != 2 || rows[0].Signed != "2010" || rows[0].A.Slug != "burnaby-ca" {
		t.Errorf("CA–KR sister, newest first: %+v", rows)
	}
	if got := facet(l.Facets, "kind"); got["sister"] != 2 || got["unknown"] != 1 {
		t.Errorf("kind facet under kind=sister = %v", got)
	}
	if got := facet(l.Facets, "status"); got["active"] != 2 || got["unverified"] != 0 {
		t.Errorf("status facet under kind=sister = %v", got)
	}

	for _, c := range []struct {
		q    store.AgreementFilter
		want int
	}{
		{store.AgreementFilter{Decade: "unknown"}, 1},
		{store.AgreementFilter{Decade: "2000"}, 1},
		{store.AgreementFilter{Activeness: "not_reported"}, 1}, // nobody reported: not dormant
		{store.AgreementFilter{Activeness: "dormant"}, 0},
		{store.AgreementFilter{Status: "unverified", Kind: "unknown"}, 1},
		{store.AgreementFilter{Kind: "cousin"}, 0}, // outside the vocabulary: nothing
		{store.AgreementFilter{Country: "ZZ"}, 0},  // no such country: nothing
		{store.AgreementFilter{Partner: "KR"}, 0},  // a partner needs a country
		{store.AgreementFilter{Decade: "19x0"}, 0}, // malformed: nothing
		{store.AgreementFilter{Country: "CA", Partner: "CA"}, 0},
	} {
		l, err := db.BrowseAgreements(ctx, c.q, "")
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != c.want {
			t.Errorf("%+v: %d rows, want %d", c.q, l.Total, c.want)
		}
	}

	l, _ = db.BrowseAgreements(ctx, store.AgreementFilter{}, "name")
	if rows := l.Rows(0, 10); rows[0].A.Name != "British Columbia" || rows[2].A.Name != "Gyeonggi" {
		t.Errorf("by name: %v, %v, %v", rows[0].A.Name, rows[1].A.Name, rows[2].A.Name)
	}
	if rows := l.Rows(2, 10); len(rows) != 1 {
		t.Errorf("rows from offset 2: %d, want 1", len(rows))
	}
	if rows := l.Rows(3, 10); rows != nil {
		t.Errorf("rows past the end: %v", rows)
	}
}

func TestBrowseGovernments(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, browseSample())
	lonely := store.Dataset{Governments: []store.Government{{Slug: "coquitlam-ca", Name: "Coquitlam", Country: "CA", Region: "British Columbia"}}}
	mustImport(t, db, lonely)

	l, err := db.BrowseGovernments(ctx, store.GovernmentFilter{}, "agreements")
	if err != nil {
		t.Fatal(err)
	}
	rows := l.Rows(0, 10)
	if l.Total != 5 || rows[0].Agreements != 2 || rows[4].Slug != "coquitlam-ca" || rows[4].Agreements != 0 {
		t.Errorf("by agreements: %+v", rows)
	}
	if got := facet(l.Facets, "country"); got["CA"] != 3 || got["KR"] != 2 {
		t.Errorf("country facet = %v", got)
	}
	if got := facet(l.Facets, "level"); got["province"] != 2 || got["municipality"] != 2 || got["unknown"] != 1 {
		t.Errorf("level facet = %v", got)
	}
	if got := facet(l.Facets, "has"); got["any"] != 4 || got["none"] != 1 {
		t.Errorf("has facet = %v", got)
	}

	l, _ = db.BrowseGovernments(ctx, store.GovernmentFilter{Country: "CA", Has: "any"}, "")
	rows = l.Rows(0, 10)
	if l.Total != 2 || rows[0].Name != "British Columbia" || rows[1].Name != "Burnaby" {
		t.Errorf("CA with agreements, by name: %+v", rows)
	}
	if got := facet(l.Facets, "region"); got["British Columbia"] != 2 {
		t.Errorf("region facet = %v", got)
	}
	if got := facet(l.Facets, "has"); got["none"] != 1 {
		t.Errorf("has facet ignores has: %v", got)
	}
	l, _ = db.BrowseGovernments(ctx, store.GovernmentFilter{Level: "unknown"}, "")
	if l.Total != 1 {
		t.Errorf("level unknown: %d, want 1", l.Total)
	}
	if ok, _ := db.KnownRegion(ctx, "Gyeonggi"); !ok {
		t.Error("Gyeonggi is a known region")
	}
	if ok, _ := db.KnownRegion(ctx, "gyeonggi"); ok {
		t.Error("regions match exactly")
	}
	if g, err := db.Name(ctx, "hwaseong-kr"); err != nil || g.NameLocal != "화성시" {
		t.Errorf("GovernmentRef = %+v, %v", g, err)
	}
	if _, err := db.Name(ctx, "nowhere-zz"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown slug: %v", err)
	}
}

func TestBrowseActivities(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, browseSample())

	l, err := db.BrowseActivities(ctx, store.ActivityFilter{}, "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range must(l.Rows(ctx, 0, 10)) {
		ids = append(ids, a.ID)
	}
	if want := []string{"x2", "kc-act-12", "x4", "x3"}; !slices.Equal(ids, want) {
		t.Errorf("newest first, undated last: %v, want %v", ids, want)
	}
	l, _ = db.BrowseActivities(ctx, store.ActivityFilter{}, "date")
	ids = nil
	for _, a := range must(l.Rows(ctx, 0, 10)) {
		ids = append(ids, a.ID)
	}
	if want := []string{"x4", "kc-act-12", "x2", "x3"}; !slices.Equal(ids, want) {
		t.Errorf("oldest first, undated last: %v, want %v", ids, want)
	}
	if got := facet(l.Facets, "direction"); got["KR"] != 2 || got["CA"] != 1 || got["joint"] != 1 {
		t.Errorf("direction facet = %v", got)
	}
	if got := facet(l.Facets, "category"); got["unknown"] != 1 || got["ceremony"] != 1 {
		t.Errorf("category facet = %v", got)
	}
	if got := facet(l.Facets, "decade"); got["2020"] != 2 || got["2010"] != 1 || got["unknown"] != 1 {
		t.Errorf("decade facet = %v", got)
	}

	for _, c := range []struct {
		q    store.ActivityFilter
		want int
	}{
		{store.ActivityFilter{Government: "burnaby-ca"}, 2},
		{store.ActivityFilter{Government: "british-columbia-ca", Direction: "joint"}, 1},
		{store.ActivityFilter{Direction: "KR"}, 2},
		{store.ActivityFilter{Direction: "unknown"}, 0},
		{store.ActivityFilter{Year: "2025"}, 1},
		{store.ActivityFilter{Year: "unknown"}, 1},
		{store.ActivityFilter{Decade: "unknown", Category: "unknown"}, 1},
		{store.ActivityFilter{Country: "CA", Partner: "KR", Decade: "2020"}, 2},
		{store.ActivityFilter{Government: "nowhere-zz"}, 0},
	} {
		l, err := db.BrowseActivities(ctx, c.q, "")
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != c.want {
			t.Errorf("%+v: %d rows, want %d", c.q, l.Total, c.want)
		}
	}
}

// The index follows writes: an import shows at once, with new counts.
func TestBrowseFollowsWrites(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, browseSample())
	before, _ := db.BrowseAgreements(ctx, store.AgreementFilter{Kind: "friendship"}, "")
	mustImport(t, db, store.Dataset{Agreements: []store.Agreement{{ID: "hwaseong-kr--british-columbia-ca",
		GovernmentA: "hwaseong-kr", GovernmentB: "british-columbia-ca", Kind: "friendship", Signed: "2015", Status: "active"}}})
	after, _ := db.BrowseAgreements(ctx, store.AgreementFilter{Kind: "friendship"}, "")
	if before.Total != 0 || after.Total != 1 || facet(after.Facets, "kind")["friendship"] != 1 {
		t.Errorf("friendship before %d, after %d, facet %v", before.Total, after.Total, after.Facets["kind"])
	}
}

// randomDataset has n agreements among governments of five countries, with random
// kinds, statuses, dates, levels and activities.
func randomDataset(n int) store.Dataset {
	r := rand.New(rand.NewPCG(1, 2))
	ccs := []string{"CA", "KR", "JP", "FR", "US"}
	ds := store.Dataset{}
	for _, cc := range ccs {
		ds.Countries = append(ds.Countries, store.Country{Code: cc, NameEN: cc, NameFR: cc, NameKO: cc})
	}
	pick := func(vs []string) string { return vs[r.IntN(len(vs))] }
	for i := range 60 {
		cc := ccs[i%len(ccs)]
		level := ""
		if r.IntN(3) > 0 {
			level = pick(store.Levels)
		}
		ds.Governments = append(ds.Governments, store.Government{Slug: fmt.Sprintf("g%02d-%s", i, cc), Name: fmt.Sprintf("Town %02d", 59-i),
			Country: cc, Level: level, Region: pick([]string{"", "North", "South"})})
	}
	dates := []string{"", "", "1968", "1975-06", "1988-10-02", "1994", "2001-03", "2013", "2019-12-24"}
	for i := range n {
		a, b := r.IntN(60), r.IntN(60)
		if a == b {
			continue
		}
		ga, gb := ds.Governments[a].Slug, ds.Governments[b].Slug
		ds.Agreements = append(ds.Agreements, store.Agreement{ID: fmt.Sprintf("ag%04d", i), GovernmentA: ga, GovernmentB: gb,
			Kind: pick(store.Kinds), Status: pick(store.Statuses), Signed: pick(dates)})
		for j := range r.IntN(3) {
			from := pick([]string{"", "joint", ga, gb})
			ds.Activities = append(ds.Activities, store.Activity{ID: fmt.Sprintf("act%04d-%d", i, j), Agreement: fmt.Sprintf("ag%04d", i),
				Date: pick([]string{"", "2009", "2019-05", "2021-01-02", "2024", "2025-07"}), Category: pick(append([]string{""}, store.Categories...)),
				From: from, Title: "t"})
		}
	}
	return ds
}

// The count shown for a facet value is the number of rows a click on it gives: the
// defining property of faceted browsing, checked for every value of every facet
// under several combinations of filters.
func TestFacetCountsMatchTheirLinks(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, randomDataset(400))

	agreementStates := []store.AgreementFilter{{}, {Country: "KR"}, {Country: "KR", Partner: "JP"}, {Kind: "sister", Decade: "unknown"},
		{Country: "CA", Status: "active", Activeness: "active"}, {Decade: "1990", Kind: "friendship", Partner: ""}}
	for _, q := range agreementStates {
		l, err := db.BrowseAgreements(ctx, q, "")
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for name, values := range l.Facets {
			for _, v := range values {
				q2 := q
				switch name {
				case "country":
					q2.Country, q2.Partner = v.Value, ""
				case "partner":
					q2.Partner = v.Value
				case "kind":
					q2.Kind = v.Value
				case "status":
					q2.Status = v.Value
				case "decade":
					q2.Decade = v.Value
				case "activeness":
					q2.Activeness = v.Value
				}
				l2, _ := db.BrowseAgreements(ctx, q2, "")
				if l2.Total != v.N {
					t.Errorf("%+v: facet %s=%s says %d, the link gives %d", q, name, v.Value, v.N, l2.Total)
				}
				if name == "kind" {
					sum += v.N
				}
			}
		}
		if q.Kind == "" && sum != l.Total {
			t.Errorf("%+v: kind facet sums to %d, total %d", q, sum, l.Total)
		}
	}

	govStates := []store.GovernmentFilter{{}, {Country: "FR"}, {Level: "unknown", Has: "any"}, {Country: "US", Region: "North", Level: "county"}}
	for _, q := range govStates {
		l, _ := db.BrowseGovernments(ctx, q, "")
		for name, values := range l.Facets {
			for _, v := range values {
				q2 := q
				switch name {
				case "country":
					q2.Country = v.Value
				case "level":
					q2.Level = v.Value
				case "region":
					q2.Region = v.Value
				case "has":
					q2.Has = v.Value
				}
				if l2, _ := db.BrowseGovernments(ctx, q2, ""); l2.Total != v.N {
					t.Errorf("%+v: facet %s=%s says %d, the link gives %d", q, name, v.Value, v.N, l2.Total)
				}
			}
		}
	}

	actStates := []store.ActivityFilter{{}, {Country: "KR"}, {Country: "KR", Partner: "CA", Direction: "KR"}, {Decade: "2020", Category: "unknown"},
		{Government: "g07-KR", Year: "unknown"}, {Direction: "joint", Decade: "2000"}}
	for _, q := range actStates {
		l, _ := db.BrowseActivities(ctx, q, "")
		for name, values := range l.Facets {
			for _, v := range values {
				q2 := q
				switch name {
				case "country":
					q2.Country, q2.Partner = v.Value, ""
				case "partner":
					q2.Partner = v.Value
				case "category":
					q2.Category = v.Value
				case "direction":
					q2.Direction = v.Value
				case "year":
					q2.Year = v.Value
				case "decade":
					q2.Decade = v.Value
				}
				l2, _ := db.BrowseActivities(ctx, q2, "")
				if l2.Total != v.N {
					t.Errorf("%+v: facet %s=%s says %d, the link gives %d", q, name, v.Value, v.N, l2.Total)
				}
				// The rows (SQL on the activities) agree with the counts (kept by writes).
				if rows := must(l2.Rows(ctx, 0, 10000)); len(rows) != l2.Total {
					t.Errorf("%+v: %d rows, the counts say %d", q2, len(rows), l2.Total)
				}
			}
		}
	}

	// The browse agrees with the SQL aggregates.
	l, _ := db.BrowseAgreements(ctx, store.AgreementFilter{Country: "KR", Partner: "JP"}, "")
	perYear, _ := db.AgreementsPerYear(ctx, store.AgreementFilter{Country: "KR", Partner: "JP"})
	n := 0
	for _, c := range perYear {
		n += c.N
	}
	if n != l.Total {
		t.Errorf("KR–JP: browse %d, per-year aggregate %d", l.Total, n)
	}
}

// seededDB opens a fresh database with the embedded default data (a few seconds).
func seededDB(b *testing.B) *store.DB {
	b.Helper()
	db, _, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := seed.Load(context.Background(), db); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkBrowse measures one browse (rows of a 50-row page and facets) on the
// default data: 17,075 governments, 24,500 agreements, 156 activities. The index is
// built before the timer starts; "facets uncached" cycles through 4,060 distinct
// filter states so that facet counts are computed, not looked up.
func BenchmarkBrowse(b *testing.B) {
	ctx := context.Background()
	db := seededDB(b)
	if _, err := db.BrowseAgreements(ctx, store.AgreementFilter{}, ""); err != nil {
		b.Fatal(err)
	}
	type agreementState struct {
		q    store.AgreementFilter
		sort string
	}
	agreements := map[string]agreementState{
		"agreements":                  {},
		"agreements country=us":       {q: store.AgreementFilter{Country: "US"}},
		"agreements ca-kr sister":     {q: store.AgreementFilter{Country: "CA", Partner: "KR", Kind: "sister"}},
		"agreements name sort":        {sort: "name"},
		"agreements -signed dormant":  {q: store.AgreementFilter{Activeness: "dormant"}, sort: "-signed"},
		"agreements decade=1990 name": {q: store.AgreementFilter{Decade: "1990"}, sort: "name"},
	}
	for name, st := range agreements {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				l, err := db.BrowseAgreements(ctx, st.q, st.sort)
				if err != nil {
					b.Fatal(err)
				}
				l.Rows(0, 50)
			}
		})
	}
	b.Run("agreements facets uncached", func(b *testing.B) {
		var states []store.AgreementFilter
		l, _ := db.BrowseAgreements(ctx, store.AgreementFilter{}, "")
		for _, c := range l.Facets["country"] {
			for _, k := range []string{"", "sister", "friendship", "unknown"} {
				for _, s := range []string{"", "active", "ended", "planned", "unverified"} {
					states = append(states, store.AgreementFilter{Country: c.Value, Kind: k, Status: s})
				}
			}
		}
		i := 0
		for b.Loop() {
			l, err := db.BrowseAgreements(ctx, states[i%len(states)], "")
			if err != nil {
				b.Fatal(err)
			}
			l.Rows(0, 50)
			i++
		}
	})
	type governmentState struct {
		q    store.GovernmentFilter
		sort string
	}
	governments := map[string]governmentState{
		"governments":                      {},
		"governments by agreements":        {sort: "agreements"},
		"governments country=us by agreem": {q: store.GovernmentFilter{Country: "US"}, sort: "agreements"},
	}
	for name, st := range governments {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				l, err := db.BrowseGovernments(ctx, st.q, st.sort)
				if err != nil {
					b.Fatal(err)
				}
				l.Rows(0, 50)
			}
		})
	}
	for name, q := range map[string]store.ActivityFilter{"activities": {}, "activities dangjin": {Government: "dangjin-kr"}} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				l, err := db.BrowseActivities(ctx, q, "")
				if err != nil {
					b.Fatal(err)
				}
				l.Rows(ctx, 0, 50)
			}
		})
	}
}

// BenchmarkBrowseIndex measures building the index, which the first browse after
// every write pays: each iteration records a change, then browses.
func BenchmarkBrowseIndex(b *testing.B) {
	ctx := context.Background()
	db := seededDB(b)
	for b.Loop() {
		b.StopTimer()
		mustImport(b, db, store.Dataset{}) // a change row: a new database version
		b.StartTimer()
		if _, err := db.BrowseAgreements(ctx, store.AgreementFilter{}, ""); err != nil {
			b.Fatal(err)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// A relationship with no activity in the window is not reported until a party's
// record is complete for part of it: an official's declaration or an import's
// stated span makes it dormant, in the browse index and its facet alike.
func TestCoverageTurnsNotReportedIntoDormant(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, browseSample())
	const id = "british-columbia-ca--gyeonggi-kr"
	state := func() store.Activeness {
		t.Helper()
		l, err := db.BrowseAgreements(ctx, store.AgreementFilter{Country: "CA"}, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range l.Rows(0, 10) {
			if r.ID == id {
				return r.Activeness
			}
		}
		t.Fatalf("%s not listed", id)
		return store.Activeness{}
	}
	if a := state(); a.State != "not_reported" || a.CoveredYears != nil {
		t.Fatalf("before any coverage: %+v, want not_reported", a)
	}
	year := store.WindowFor(time.Now().UTC().Format("2006-01-02")).From + 1
	if _, _, err := db.DeclareReport(ctx, "official:british-columbia-ca", "british-columbia-ca", year, ""); err != nil {
		t.Fatal(err)
	}
	if a := state(); a.State != "dormant" || !slices.Equal(a.CoveredYears, []int{year}) {
		t.Errorf("after British Columbia declared %d complete: %+v, want dormant on %d", year, a, year)
	}
	l, _ := db.BrowseAgreements(ctx, store.AgreementFilter{Activeness: "dormant"}, "")
	if l.Total != 1 {
		t.Errorf("dormant facet after the declaration: %d rows, want 1", l.Total)
	}
	ds := store.Dataset{Coverage: []store.CoverageSpan{{Government: "gyeonggi-kr", From: year - 1, To: year, Source: "https://example.org/gyeonggi"}}}
	mustImport(t, db, ds)
	if a := state(); a.State != "dormant" || !slices.Equal(a.CoveredYears, []int{year - 1, year}) {
		t.Errorf("after Gyeonggi's imported span: %+v", a)
	}
}
