package wikidata_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/seed/wikidata"
	"github.com/twinningtracker/twinning/store"
)

// seeded opens a database holding the embedded default data.
func seeded(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, _, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := seed.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}

// The sample is a SPARQL 1.1 JSON result of the query in docs/wikidata.md, in the
// exact form the Wikidata Query Service returns it.
func TestMergeFillsWithoutOverwriting(t *testing.T) {
	ctx := context.Background()
	data, err := os.ReadFile("testdata/pairs.json")
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := wikidata.Read("pairs.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 5 || pairs[4].Start != "1990-06" || pairs[1].Start != "1965" || pairs[3].End != "2022-03" {
		t.Fatalf("read %d pairs: %+v", len(pairs), pairs)
	}
	db := seeded(t)
	ds, sum, err := wikidata.Merge(ctx, db, pairs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Import(ctx, ds, "admin (command line)", "2026-12-07T00:00:00Z", "test"); err != nil {
		t.Fatal(err)
	}
	if sum.NewGovs != 2 || sum.NewAgreements != 1 || sum.AgreementsMatched != 4 || sum.ByName != 6 {
		t.Errorf("summary = %+v", sum)
	}

	// Rizhao, found by name and country: its own name is now its own (日照市); its
	// Korean name (일조시, from Dangjin's pages) is kept, not Wikidata's 르자오시.
	rizhao, _ := db.GovernmentRecord(ctx, "rizhao-cn")
	if rizhao.NameLocal != "日照市" || rizhao.NameKO != "일조시" || rizhao.Wikidata != "Q1004652" ||
		!slices.Contains(rizhao.Sources, "https://www.wikidata.org/wiki/Q1004652") {
		t.Errorf("rizhao-cn = %+v", rizhao)
	}
	// Kushiro keeps its own name and gains its Korean one and its id.
	kushiro, _ := db.GovernmentRecord(ctx, "kushiro-jp")
	if kushiro.NameLocal != "釧路市" || kushiro.NameKO != "구시로시" || kushiro.Wikidata != "Q233466" {
		t.Errorf("kushiro-jp = %+v", kushiro)
	}
	// A sourced signing year is kept; the disagreement is reported.
	bh, _ := db.AgreementByID(ctx, "burnaby-ca--hwaseong-kr")
	if bh.Signed != "2010" || !slices.ContainsFunc(sum.Kept, func(s string) bool { return strings.Contains(s, "burnaby-ca--hwaseong-kr: signed 2010 kept") }) {
		t.Errorf("Burnaby–Hwaseong signed %q; kept = %v", bh.Signed, sum.Kept)
	}
	// An unverified pair known only from Wikipedia takes the end date it lacked.
	kh, _ := db.AgreementBetween(ctx, "kushiro-jp", "kholmsk-ru")
	if kh.Status != "ended" || kh.Ended != "2022-03" {
		t.Errorf("Kushiro–Kholmsk = %+v", kh)
	}
	// A pair nobody else gives: two new places and an unverified agreement, dated at
	// the statement's precision.
	taibao, err := db.GovernmentRecord(ctx, "taibao-tw")
	if err != nil || taibao.NameLocal != "太保市" || taibao.Region != "Chiayi County" || taibao.Lat == nil || *taibao.Lat != 23.459 {
		t.Errorf("taibao-tw = %+v, %v", taibao, err)
	}
	ts, err := db.AgreementByID(ctx, "taibao-tw--mount-shasta-us")
	if err != nil || ts.Status != "unverified" || ts.Kind != "unknown" || ts.Signed != "1990-06" {
		t.Errorf("Taibao–Mount Shasta = %+v, %v", ts, err)
	}

	// Merging the same file again finds every place by its Wikidata id and writes
	// nothing new.
	_, again, err := wikidata.Merge(ctx, db, pairs)
	if err != nil || again.ByQID != 8 || again.NewGovs != 0 || again.NewAgreements != 0 || again.GovsFilled != 0 {
		t.Errorf("second merge: %+v, %v", again, err)
	}
}

func TestReadRejectsTheWholeFileWithPositions(t *testing.T) {
	data, _ := os.ReadFile("testdata/pairs.json")
	bad := strings.Replace(string(data), `"value": "CN"`, `"value": "China"`, 1)
	bad = strings.Replace(bad, `Point(119.527 35.417)`, `Point(119.527)`, 1)
	bad = strings.Replace(bad, `"2011-01-01T00:00:00Z"`, `"last year"`, 1)
	_, err := wikidata.Read("pairs.json", []byte(bad))
	var errs wikidata.Errors
	if !errors.As(err, &errs) || len(errs) != 3 {
		t.Fatalf("errors = %v", err)
	}
	for i, want := range []string{"pairs.json:10:7: aCountry: \"China\"", "pairs.json:10:7: aCoord", "pairs.json:40:7: start: \"last year\""} {
		if !strings.HasPrefix(errs[i].Error(), want) {
			t.Errorf("error %d = %q, want it to start %q", i, errs[i], want)
		}
	}
	// A file cut short is rejected whole, not read as its first rows.
	third := strings.Index(string(data), `"a": {"type": "uri", "value": "http://www.wikidata.org/entity/Q244025"}`)
	cut := strings.TrimRight(string(data[:strings.LastIndex(string(data[:third]), "{")]), " \n,")
	if _, err := wikidata.Read("cut.json", []byte(cut)); err == nil || !strings.Contains(err.Error(), "incomplete") {
		t.Errorf("a file cut after two rows: %v", err)
	}
	for _, junk := range []string{"", "[]", `{"results": {}}`, `{"results": {"bindings": {}}}`, `{"results": {"bindings": [`,
		`{"head": {}, "results": {"bindings": [{"a": 1}]}}`} {
		if _, err := wikidata.Read("x.json", []byte(junk)); err == nil || !strings.HasPrefix(err.Error(), "x.json:") {
			t.Errorf("%q: %v", junk, err)
		}
	}
}
