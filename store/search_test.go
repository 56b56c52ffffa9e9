package store_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/twinningtracker/twinning/store"
)

// searchSample is the sample with an accented name and a note to search.
func searchSample() store.Dataset {
	ds := sample()
	ds.Countries = append(ds.Countries, store.Country{"BR", "Brazil", "Brésil", "브라질"})
	ds.Governments = append(ds.Governments, store.Government{Slug: "sao-paulo-br", Name: "São Paulo", Level: "municipality", Country: "BR"})
	ds.Agreements = append(ds.Agreements, store.Agreement{ID: "hwaseong-kr--sao-paulo-br", GovernmentA: "hwaseong-kr",
		GovernmentB: "sao-paulo-br", Kind: "friendship", Signed: "2016", Status: "active", Note: "Signed at the Expo"})
	ds.Activities[0].Description = "Surgical masks presented with the help of the Consul General"
	return ds
}

func TestMatchQuery(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		"   \t\n":                    "",
		"Hwaseong":                   `"Hwaseong"*`,
		"Sao  Paulo":                 `"Sao"* AND "Paulo"*`,
		"화성":                         `"화성"*`,
		`ab"c`:                       `"ab""c"*`,
		`"`:                          "",
		`(`:                          "",
		"*":                          "",
		"NEAR(a b)":                  `"NEAR(a"* AND "b)"*`,
		"a OR":                       `"a"* AND "OR"*`,
		"'; DROP TABLE x; --":        `"DROP"* AND "TABLE"* AND "x;"*`,
		"col:val ^x -y":              `"col:val"* AND "^x"* AND "-y"*`,
		"a\x00b":                     `"ab"*`,
		"a\xffb":                     `"ab"*`,
		"1 2 3 4 5 6 7 8 9 10 11 12": `"1"* AND "2"* AND "3"* AND "4"* AND "5"* AND "6"* AND "7"* AND "8"* AND "9"* AND "10"*`,
		strings.Repeat("x", 100):     `"` + strings.Repeat("x", 64) + `"*`,
	} {
		if got := store.MatchQuery(in); got != want {
			t.Errorf("MatchQuery(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestSearchFindsEveryForm(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, searchSample())
	for _, c := range []struct{ q, gov string }{
		{"Hwaseong", "hwaseong-kr"}, {"hwaseong", "hwaseong-kr"}, {"HWA", "hwaseong-kr"}, {"화성", "hwaseong-kr"},
		{"화성시", "hwaseong-kr"}, {"hwaseong-kr", "hwaseong-kr"}, {"São Paulo", "sao-paulo-br"}, {"Sao Paulo", "sao-paulo-br"},
		{"sao", "sao-paulo-br"}, {"Brésil", "sao-paulo-br"}, {"bresil", "sao-paulo-br"}, {"브라질", "sao-paulo-br"},
		{"Colombie", "british-columbia-ca"}, {"경기", "gyeonggi-kr"},
	} {
		res, err := db.Search(ctx, c.q, 10)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if len(res.Governments) == 0 || res.Governments[0].Slug != c.gov {
			t.Errorf("search %q: governments %+v, want %s first", c.q, res.Governments, c.gov)
		}
		if res.GovernmentTotal < len(res.Governments) {
			t.Errorf("search %q: total %d below the %d listed", c.q, res.GovernmentTotal, len(res.Governments))
		}
	}

	res, err := db.Search(ctx, "hwaseong burnaby", 10)
	if err != nil {
		t.Fatal(err)
	}
	if res.AgreementTotal != 1 || res.Agreements[0].ID != "burnaby-ca--hwaseong-kr" || res.GovernmentTotal != 0 {
		t.Errorf("both parties' names find their agreement only: %+v", res)
	}
	if a := res.Agreements[0]; a.A.Slug != "burnaby-ca" || a.B.NameLocal != "화성시" || a.Activities != 1 {
		t.Errorf("agreement row = %+v", a)
	}
	res, _ = db.Search(ctx, "expo", 10)
	if res.AgreementTotal != 1 || res.Agreements[0].ID != "hwaseong-kr--sao-paulo-br" {
		t.Errorf("the note finds its agreement: %+v", res.Agreements)
	}
	res, _ = db.Search(ctx, "consul masks", 10)
	if res.ActivityTotal != 1 || res.Activities[0].ID != "kc-act-12" || res.Activities[0].B.Slug != "hwaseong-kr" || res.Activities[0].Date != "2020-07-20" {
		t.Errorf("title and description find the activity: %+v", res.Activities)
	}
	// A party's name finds the exchanges of its agreements too, though their titles
	// do not name it.
	res, _ = db.Search(ctx, "화성", 10)
	if res.GovernmentTotal != 1 || res.AgreementTotal != 2 || res.ActivityTotal != 1 || res.Activities[0].ID != "kc-act-12" {
		t.Errorf("화성: %d governments, %d agreements, %d activities; want 1, 2, 1 (kc-act-12)", res.GovernmentTotal, res.AgreementTotal, res.ActivityTotal)
	}
	// Paging: the second page of one result is empty, the totals the same.
	if more, err := db.SearchFrom(ctx, "화성", 1, store.SearchSkip{Agreements: 1, Activities: 1}); err != nil || len(more.Agreements) != 1 ||
		more.Agreements[0].ID == res.Agreements[0].ID || len(more.Activities) != 0 || more.ActivityTotal != 1 {
		t.Errorf("the next page: %+v, %v", more, err)
	}
	res, _ = db.Search(ctx, "c", 1)
	if len(res.Governments) != 1 || res.GovernmentTotal < 2 {
		t.Errorf("limit 1: %d listed of %d", len(res.Governments), res.GovernmentTotal)
	}
}

// Any input is a query, never an SQL or FTS5 syntax error.
func TestSearchHostileInput(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, searchSample())
	for _, q := range hostile {
		res, err := db.Search(ctx, q, 10)
		if err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
		if _, err := db.SearchGovernments(ctx, q, 10); err != nil {
			t.Errorf("SearchGovernments(%q): %v", q, err)
		}
		if res.GovernmentTotal+res.AgreementTotal+res.ActivityTotal > 0 && store.MatchQuery(q) == "" {
			t.Errorf("%q: results for an empty query", q)
		}
	}
}

var hostile = []string{`"`, `""`, `(`, `)`, `*`, `^`, `:`, `-`, `+`, `NEAR(a b)`, `NEAR`, `a OR`, `OR`, `AND`, `NOT`,
	`a NOT`, `'; DROP TABLE government; --`, `<script>alert(1)</script>`, strings.Repeat("x", 200),
	strings.Repeat("a ", 200), `slug:burnaby`, `{slug name}: x`, `name : "x"`, `"a" "b`, `a*b`, `*a`, "\x00", "a\x00b",
	"\xff\xfe", `\`, `%`, `_`, "\u0301", "\u200b", "🙂", `burnaby^`, `x"*`, `"hwa"*`}

// The index follows every write: an update by upsert, a renamed country, a deleted
// record, and a re-import that changes nothing leaves no duplicate.
func TestSearchIndexFollowsWrites(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	ds := searchSample()
	mustImport(t, db, ds)
	mustImport(t, db, ds)
	total := func(q string) (g, a, act int) {
		t.Helper()
		res, err := db.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		return res.GovernmentTotal, res.AgreementTotal, res.ActivityTotal
	}
	if g, a, _ := total("burnaby"); g != 1 || a != 2 {
		t.Errorf("after two imports, burnaby: %d governments, %d agreements; want 1, 2", g, a)
	}

	// Import upserts (ON CONFLICT DO UPDATE), which fire the UPDATE triggers.
	ds.Governments[0].Name, ds.Governments[0].NameFR = "Burnaby City", "Ville de Burnaby"
	ds.Countries[0].NameFR = "Kanada"
	ds.Activities[0].Title = "Hwaseong donates gowns"
	mustImport(t, db, ds)
	if g, a, _ := total("ville burnaby"); g != 1 || a != 2 {
		t.Errorf("new French name: %d governments, %d agreements; want 1, 2", g, a)
	}
	if g, _, _ := total("kanada"); g != 2 {
		t.Errorf("renamed country finds %d governments, want 2", g)
	}
	if _, _, act := total("gowns"); act != 1 {
		t.Errorf("new title finds %d activities", act)
	}
	if _, _, act := total("15,000"); act != 0 {
		t.Errorf("old title still found: %d", act)
	}

	// Every write logs a change in its transaction; that is when the index catches up.
	for _, q := range []string{`BEGIN`, `DELETE FROM activity WHERE id = 'kc-act-12'`,
		`UPDATE agreement SET note = 'moved' WHERE id = 'hwaseong-kr--sao-paulo-br'`,
		`INSERT INTO change (at, actor, record_type, record_id, action) VALUES ('2026-11-28T00:00:00Z', 'test', 'activity', 'kc-act-12', 'delete')`,
		`COMMIT`} {
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, act := total("gowns"); act != 0 {
		t.Errorf("deleted activity still found")
	}
	if _, a, _ := total("expo"); a != 0 {
		t.Errorf("old note still found")
	}
	if _, a, _ := total("moved"); a != 1 {
		t.Errorf("new note not found")
	}
	for _, table := range []string{"search_government", "search_agreement", "search_activity"} {
		if err := db.ExecForTest(ctx, `INSERT INTO `+table+` (`+table+`) VALUES ('integrity-check')`); err != nil {
			t.Errorf("%s: %v", table, err)
		}
	}
}

// Migration 0002 indexes the records of a database made before it.
func TestSearchMigrationIndexesExistingRecords(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, _, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, searchSample())
	// Back to the schema before 0002, records kept: drop what it creates.
	body, err := os.ReadFile(filepath.Join("migrations", "0002_search.sql"))
	if err != nil {
		t.Fatal(err)
	}
	drops := []string{`DELETE FROM schema_migration WHERE version = '0002_search'`}
	for _, m := range regexp.MustCompile(`(?m)^CREATE (TABLE|VIRTUAL TABLE|VIEW|TRIGGER) (\w+)`).FindAllStringSubmatch(string(body), -1) {
		kind := map[string]string{"VIRTUAL TABLE": "TABLE"}[m[1]]
		if kind == "" {
			kind = m[1]
		}
		drops = append(drops, "DROP "+kind+" IF EXISTS "+m[2])
	}
	if len(drops) < 15 {
		t.Fatalf("found only %d objects in the migration", len(drops)-1)
	}
	for _, q := range drops {
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	db, created, err := store.Open(ctx, path)
	if err != nil || created {
		t.Fatalf("reopen: created=%v err=%v", created, err)
	}
	defer db.Close()
	res, err := db.Search(ctx, "화성", 10)
	if err != nil {
		t.Fatal(err)
	}
	if res.GovernmentTotal != 1 || res.AgreementTotal != 2 {
		t.Errorf("after migrating: %+v", res)
	}
	if res, _ := db.Search(ctx, "masks", 10); res.ActivityTotal != 1 {
		t.Errorf("activities not indexed by the migration: %+v", res)
	}
}

func FuzzSearchQuery(f *testing.F) {
	for _, q := range append(hostile, "Hwaseong", "화성", "Sao Paulo", "São Paulo") {
		f.Add(q)
	}
	ctx := context.Background()
	db := mustOpen(f)
	mustImport(f, db, searchSample())
	f.Fuzz(func(t *testing.T, q string) {
		m := store.MatchQuery(q)
		if !utf8.ValidString(m) || strings.ContainsRune(m, 0) {
			t.Fatalf("MatchQuery(%q) = %q: not clean UTF-8", q, m)
		}
		if _, err := db.Search(ctx, q, 5); err != nil {
			t.Fatalf("Search(%q) [%s]: %v", q, m, err)
		}
	})
}

// What the index cannot find: a CJK name containing the query anywhere, a Latin name
// a letter off; never what the index found, never for a short Latin word.
// A Chinese or Japanese name is found by its beginning (日照 → 日照市, as Wikidata
// names Rizhao; the default data knows Rizhao only by its Korean name, 일조시) and,
// by the loose search, by a part inside it (照市).
func TestSearchFindsChineseAndJapaneseNames(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	ds := sample()
	ds.Countries = append(ds.Countries, store.Country{"CN", "China", "Chine", "중국"}, store.Country{"JP", "Japan", "Japon", "일본"})
	ds.Governments = append(ds.Governments,
		store.Government{Slug: "rizhao-cn", Name: "Rizhao", NameLocal: "日照市", NameKO: "일조시", Level: "municipality", Country: "CN"},
		store.Government{Slug: "kushiro-jp", Name: "Kushiro", NameLocal: "釧路市", Level: "municipality", Country: "JP"})
	mustImport(t, db, ds)
	for q, want := range map[string]string{"日照": "rizhao-cn", "日照市": "rizhao-cn", "일조": "rizhao-cn", "釧路": "kushiro-jp"} {
		res, err := db.Search(ctx, q, 10)
		if err != nil || len(res.Governments) == 0 || res.Governments[0].Slug != want {
			t.Errorf("%q: %+v, %v; want %s first", q, res.Governments, err, want)
		}
	}
	for q, want := range map[string]string{"照市": "rizhao-cn", "路市": "kushiro-jp"} {
		got, err := db.SearchPlacesLoosely(ctx, q, nil, 5)
		if err != nil || len(got) != 1 || got[0].Slug != want {
			t.Errorf("loosely %q: %+v, %v; want %s", q, got, err, want)
		}
	}
}

func TestSearchPlacesLoosely(t *testing.T) {
	db := mustOpen(t)
	mustImport(t, db, sample())
	ctx := context.Background()
	for _, c := range []struct {
		q    string
		skip map[string]bool
		want string
	}{
		{"Hwasong", nil, "hwaseong-kr"},
		{"hwaseongg", nil, "hwaseong-kr"},
		{"성시", nil, "hwaseong-kr"},
		{"성시", map[string]bool{"hwaseong-kr": true}, ""},
		{"Hwa", nil, ""},
		{"Zzzzzzz", nil, ""},
	} {
		got, err := db.SearchPlacesLoosely(ctx, c.q, c.skip, 5)
		var slugs []string
		for _, g := range got {
			slugs = append(slugs, g.Slug)
		}
		if err != nil || strings.Join(slugs, " ") != c.want {
			t.Errorf("%q: %v, %v; want %q", c.q, slugs, err, c.want)
		}
	}
}
