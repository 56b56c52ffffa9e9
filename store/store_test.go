package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

// mustOpen opens a fresh database in a temporary folder (a real file, never a bare
// :memory:, so the pools share one database).
func mustOpen(t testing.TB) *store.DB {
	t.Helper()
	db, created, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	if !created {
		t.Fatal("a new path should report created")
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func f(v float64) *float64 { return &v }

// sample is a small dataset in the shape of the real one.
func sample() store.Dataset {
	return store.Dataset{
		Countries: []store.Country{{"CA", "Canada", "Canada", "캐나다"}, {"KR", "South Korea", "Corée du Sud", "대한민국"}},
		Governments: []store.Government{
			{Slug: "burnaby-ca", Name: "Burnaby", Level: "municipality", Country: "CA", Region: "British Columbia", Parent: "british-columbia-ca", Lat: f(49.27), Lon: f(-122.97)},
			{Slug: "british-columbia-ca", Name: "British Columbia", NameFR: "Colombie-Britannique", Level: "province", Country: "CA", Region: "British Columbia"},
			{Slug: "hwaseong-kr", Name: "Hwaseong", NameLocal: "화성시", Level: "municipality", Country: "KR", Region: "Gyeonggi", Parent: "gyeonggi-kr"},
			{Slug: "gyeonggi-kr", Name: "Gyeonggi", NameLocal: "경기도", Level: "province", Country: "KR", Region: "Gyeonggi"},
		},
		Agreements: []store.Agreement{
			{ID: "burnaby-ca--hwaseong-kr", GovernmentA: "burnaby-ca", GovernmentB: "hwaseong-kr", Kind: "sister", Signed: "2010", Status: "active", Sources: []string{"https://www.burnaby.ca/Page27.aspx"}},
			{ID: "british-columbia-ca--gyeonggi-kr", GovernmentA: "british-columbia-ca", GovernmentB: "gyeonggi-kr", Kind: "sister", Signed: "2008-05-19", Status: "active"},
			{ID: "gyeonggi-kr--burnaby-ca", GovernmentA: "gyeonggi-kr", GovernmentB: "burnaby-ca", Kind: "unknown", Status: "unverified"},
		},
		Events: []store.Event{{Agreement: "burnaby-ca--hwaseong-kr", Date: "2010", Event: "sister_signed"}},
		Activities: []store.Activity{
			{ID: "kc-act-12", Agreement: "burnaby-ca--hwaseong-kr", Date: "2020-07-20", Category: "health_humanitarian", From: "hwaseong-kr", Title: "Hwaseong donates 15,000 masks"},
		},
		Sources: []store.Source{{URL: "https://www.burnaby.ca/Page27.aspx", Title: "Sister cities", Publisher: "City of Burnaby", Accessed: "2026-11-27"}},
	}
}

func mustImport(t testing.TB, db *store.DB, ds store.Dataset) {
	t.Helper()
	if _, err := db.Import(context.Background(), ds, "test", "2026-11-27T00:00:00Z", "test data"); err != nil {
		t.Fatal(err)
	}
}

func TestImportAndRead(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())

	g, err := db.Government(ctx, "burnaby-ca")
	if err != nil {
		t.Fatal(err)
	}
	if g.ParentRef == nil || g.ParentRef.Slug != "british-columbia-ca" {
		t.Errorf("parent = %+v, want british-columbia-ca", g.ParentRef)
	}
	if len(g.Agreements) != 2 {
		t.Fatalf("Burnaby has %d agreements, want 2", len(g.Agreements))
	}
	// Seen from Burnaby, Burnaby is side A even where the source listed it second.
	for _, a := range g.Agreements {
		if a.A.Slug != "burnaby-ca" {
			t.Errorf("agreement %s: side A = %s, want burnaby-ca", a.ID, a.A.Slug)
		}
	}
	first := g.Agreements[0]
	if first.B.NameLocal != "화성시" || first.Kind != "sister" || first.Signed != "2010" || first.Activities != 1 || first.LastActivity != "2020-07-20" {
		t.Errorf("first agreement = %+v", first)
	}
	if _, err := db.Government(ctx, "nowhere-zz"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown slug: err = %v, want ErrNotFound", err)
	}

	a, err := db.Agreement(ctx, "burnaby-ca--hwaseong-kr")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Events) != 1 || a.Events[0].Event != "sister_signed" {
		t.Errorf("events = %+v", a.Events)
	}
	if len(a.Sources) != 1 || a.Sources[0].Publisher != "City of Burnaby" {
		t.Errorf("sources = %+v", a.Sources)
	}
	if len(a.Activities) != 1 || a.Activities[0].From != "hwaseong-kr" {
		t.Errorf("activities = %+v", a.Activities)
	}

	rows, err := db.Bilateral(ctx, "CA", "KR")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("CA–KR has %d agreements, want 3", len(rows))
	}
	for _, r := range rows {
		if r.A.Country != "CA" || r.B.Country != "KR" {
			t.Errorf("%s: sides %s/%s, want CA/KR", r.ID, r.A.Country, r.B.Country)
		}
	}
}

func TestAgreementsPerYearCountsUnknownYears(t *testing.T) {
	db := mustOpen(t)
	mustImport(t, db, sample())
	got, err := db.AgreementsPerYear(context.Background(), store.AgreementFilter{Country: "CA", Partner: "KR"})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.YearKindCount{{"", "unknown", 1}, {"2008", "sister", 1}, {"2010", "sister", 1}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestImportIsIdempotentAndAtomic(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	mustImport(t, db, sample())
	s, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Governments != 4 || s.Agreements != 3 || s.Activities != 1 || s.AsOf != "2026-11-27" {
		t.Errorf("after two imports: %+v", s)
	}
	a, _ := db.Agreement(ctx, "burnaby-ca--hwaseong-kr")
	if len(a.Events) != 1 {
		t.Errorf("re-import duplicated events: %d", len(a.Events))
	}

	// A batch with one bad reference writes nothing at all.
	bad := store.Dataset{
		Governments: []store.Government{{Slug: "coquitlam-ca", Name: "Coquitlam", Country: "CA"}},
		Agreements:  []store.Agreement{{ID: "coquitlam-ca--nowhere-kr", GovernmentA: "coquitlam-ca", GovernmentB: "nowhere-kr", Kind: "friendship", Status: "active"}},
	}
	if _, err := db.Import(ctx, bad, "test", "2026-11-28T00:00:00Z", "bad"); err == nil {
		t.Fatal("import with a dangling reference succeeded")
	}
	if _, err := db.Government(ctx, "coquitlam-ca"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("half an import landed: coquitlam-ca err = %v", err)
	}
	if s2, _ := db.Stats(ctx); s2 != s {
		t.Errorf("stats changed after a failed import: %+v → %+v", s, s2)
	}
}

func TestChangeLogIsAppendOnly(t *testing.T) {
	db := mustOpen(t)
	mustImport(t, db, sample())
	for _, q := range []string{`UPDATE change SET actor = 'x'`, `DELETE FROM change`} {
		if err := db.ExecForTest(context.Background(), q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want append-only refusal", q, err)
		}
	}
}

func TestOpenRefusesBadPaths(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, _, err := store.Open(ctx, filepath.Join(dir, "missing", "x.db")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: err = %v", err)
	}
	// A file that is not SQLite is refused and left exactly as it was.
	junk := filepath.Join(dir, "junk.db")
	body := []byte("this is not a database, and must not be replaced\n")
	if err := os.WriteFile(junk, body, 0o644); err != nil {
		t.Fatal(err)
	}
	if db, _, err := store.Open(ctx, junk); err == nil {
		db.Close()
		t.Fatal("opened a non-database file")
	}
	if got, _ := os.ReadFile(junk); string(got) != string(body) {
		t.Errorf("the refused file was changed: %q", got)
	}
	// Reopening an existing database reports it as not created.
	path := filepath.Join(dir, "ok.db")
	db, created, err := store.Open(ctx, path)
	if err != nil || !created {
		t.Fatalf("new db: created=%v err=%v", created, err)
	}
	db.Close()
	db, created, err = store.Open(ctx, path)
	if err != nil || created {
		t.Fatalf("reopen: created=%v err=%v", created, err)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil || v == "" {
		t.Errorf("schema version = %q, %v", v, err)
	}
	db.Close()
}

func TestSearchTreatsWildcardsLiterally(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	for q, want := range map[string]int{"화성": 1, "hwa": 1, "%": 0, "_": 0, `\`: 0, "'; DROP TABLE government; --": 0, "b": 2} {
		got, err := db.SearchGovernments(ctx, q, 10)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if len(got) != want {
			t.Errorf("search %q: %d results, want %d", q, len(got), want)
		}
	}
}

// Cached aggregates follow every write: an import changes the counts at once.
func TestAggregatesFollowWrites(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	before, err := db.AgreementsPerYear(ctx, store.AgreementFilter{})
	if err != nil {
		t.Fatal(err)
	}
	more := store.Dataset{Agreements: []store.Agreement{{ID: "hwaseong-kr--british-columbia-ca", GovernmentA: "hwaseong-kr",
		GovernmentB: "british-columbia-ca", Kind: "friendship", Signed: "2015", Status: "active"}}}
	mustImport(t, db, more)
	after, err := db.AgreementsPerYear(ctx, store.AgreementFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 {
		t.Errorf("per-year counts did not change after an import: %v → %v", before, after)
	}
	cs, _ := db.Countries(ctx)
	if cs[0].Agreements != 4 {
		t.Errorf("countries after import = %+v, want 4 agreements for the first", cs)
	}
}

func TestActivityQueries(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	ds := sample()
	ds.Activities = append(ds.Activities,
		store.Activity{ID: "x2", Agreement: "burnaby-ca--hwaseong-kr", Date: "2025-05-13", Category: "economy_trade", From: "hwaseong-kr", Title: "MOU"},
		store.Activity{ID: "x3", Agreement: "british-columbia-ca--gyeonggi-kr", Date: "", Category: "", From: "joint", Title: "Undated"},
		store.Activity{ID: "x4", Agreement: "british-columbia-ca--gyeonggi-kr", Date: "2008-05-19", Category: "ceremony", From: "british-columbia-ca", Title: "Signing"})
	mustImport(t, db, ds)

	years, err := db.ActivityYears(ctx, store.ActivityFilter{Government: "burnaby-ca"})
	if err != nil {
		t.Fatal(err)
	}
	if got := years["burnaby-ca--hwaseong-kr"]; len(got) != 2 || len(years) != 1 {
		t.Errorf("Burnaby's activity years = %v", years)
	}
	perYear, _ := db.ActivitiesPerYear(ctx, store.ActivityFilter{Country: "CA", Partner: "KR"})
	if len(perYear) != 4 || perYear[0].Year != "" {
		t.Errorf("per year = %+v, want 4 rows with the undated one first", perYear)
	}
	flows, _ := db.ActivityFlows(ctx, store.ActivityFilter{Country: "KR"})
	fromKR := 0
	for _, f := range flows {
		if f.FromCountry == "KR" {
			fromKR += f.N
		}
	}
	if fromKR != 2 {
		t.Errorf("flows from KR = %d, want 2: %+v", fromKR, flows)
	}
	acts, _ := db.Activities(ctx, store.ActivityFilter{Agreement: "british-columbia-ca--gyeonggi-kr"}, 10)
	if len(acts) != 2 || acts[1].ID != "x3" {
		t.Errorf("undated activity should come last: %+v", acts)
	}
	rows, _ := db.CountryAgreements(ctx, "KR")
	for _, r := range rows {
		if r.A.Country != "KR" {
			t.Errorf("%s: side A is in %s, want KR", r.ID, r.A.Country)
		}
	}
}
