package seed

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/twinningtracker/twinning/store"
)

// writeFS writes ds with Write into an in-memory folder.
func writeFS(t testing.TB, ds store.Dataset) fstest.MapFS {
	t.Helper()
	bufs := map[string]*bytes.Buffer{}
	var order []string
	err := Write(func(name string) (io.Writer, error) {
		b := &bytes.Buffer{}
		bufs[name] = b
		order = append(order, name)
		return b, nil
	}, ds)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"governments.csv", "agreements.csv", "events.csv", "activities.csv", "sources.csv", "coverage.csv", "references.csv"}
	if !slices.Equal(order, want) {
		t.Errorf("files written %q, want %q", order, want)
	}
	out := fstest.MapFS{}
	for name, b := range bufs {
		out[name] = &fstest.MapFile{Data: b.Bytes()}
	}
	return out
}

// embeddedData is the embedded data read once for the tests that need it.
var embeddedData = sync.OnceValues(func() (store.Dataset, error) { return Read(Data(), nil) })

// The embedded data read, written and read again is the same dataset.
func TestWriteRoundTripsEmbeddedData(t *testing.T) {
	ds, err := embeddedData()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Read(writeFS(t, ds), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ds, again) {
		t.Fatal("re-read dataset differs from the written one")
	}
}

// Every header is the import format's, and every row has as many cells.
func TestWriteEmitsTheImportColumns(t *testing.T) {
	ds, err := embeddedData()
	if err != nil {
		t.Fatal(err)
	}
	fsys := writeFS(t, ds)
	for _, f := range Files() {
		recs, err := csv.NewReader(bytes.NewReader(fsys[f.Name].Data)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !slices.Equal(recs[0], f.Columns) {
			t.Errorf("%s header %q, want %q", f.Name, recs[0], f.Columns)
		}
	}
}

// Values a CSV writer has to quote, formulas (written raw), any script and exact
// coordinates survive the round trip.
func TestWriteRoundTripsAwkwardValues(t *testing.T) {
	lat, lon := 37.199_453_21, -122.000_000_000_000_1
	ds := store.Dataset{
		Countries: Countries([]string{"CA", "KR"}),
		Governments: []store.Government{
			{Slug: "a-ca", Name: `"Quoted", with comma`, NameLocal: "=HYPERLINK(\"http://x.example\")", Country: "CA",
				Lat: &lat, Lon: &lon, Sources: []string{"https://a.example/1", "https://b.example/2?x=1&y=2"}},
			{Slug: "b-kr", Name: "화성시", NameFR: "+33 @home -1", Country: "KR", Parent: "a-ca", Level: "municipality"},
		},
		Agreements: []store.Agreement{{ID: "a-ca--b-kr", GovernmentA: "a-ca", GovernmentB: "b-kr", Kind: "unknown",
			Status: "unverified", Note: "line one\nline two\n\nthree"}},
		Events: []store.Event{{Agreement: "a-ca--b-kr", Date: "1996-09", Event: "friendship_signed", Note: "tab\there",
			Sources: []string{"https://c.example/"}}},
		Activities: []store.Activity{{ID: "x-1", Agreement: "a-ca--b-kr", Date: "2020", DateEnd: "2021-02-03",
			From: "joint", Title: "Title; with | pipe", Participants: "50+",
			CostAmount: "1234567.89", CostCurrency: "CAD", PaidBy: "a-ca", Outputs: "An MOU, \"signed\""}},
		Sources: []store.Source{{URL: "https://a.example/1", Title: "T", Publisher: "P", Accessed: "2026-11-27"}},
	}
	got, err := Read(writeFS(t, ds), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ds, got) {
		t.Errorf("round trip changed the dataset:\n got %+v\nwant %+v", got, ds)
	}
}

// Loading the embedded data, exporting it from the database and reading the export
// gives back every record.
func TestExportOfLoadedDataReadsBack(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the whole embedded data")
	}
	ctx := context.Background()
	db, _, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	exported, err := db.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read(writeFS(t, exported), nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Read(Data(), nil)
	if err != nil {
		t.Fatal(err)
	}
	counts := func(ds store.Dataset) [6]int {
		return [6]int{len(ds.Countries), len(ds.Governments), len(ds.Agreements), len(ds.Events), len(ds.Activities), len(ds.Sources)}
	}
	if counts(got) != counts(want) {
		t.Fatalf("counts after export %v, embedded %v", counts(got), counts(want))
	}
	if n := len(got.Governments); n != 17075 || len(got.Agreements) != 24500 || len(got.Activities) != 156 {
		t.Errorf("governments %d, agreements %d, activities %d; want 17075, 24500, 156", n, len(got.Agreements), len(got.Activities))
	}
	// The database keeps a record's sources as a set, so compare them as sets.
	norm := func(ds store.Dataset) store.Dataset {
		for i := range ds.Governments {
			slices.Sort(ds.Governments[i].Sources)
		}
		for i := range ds.Agreements {
			slices.Sort(ds.Agreements[i].Sources)
		}
		for i := range ds.Events {
			slices.Sort(ds.Events[i].Sources)
		}
		for i := range ds.Activities {
			slices.Sort(ds.Activities[i].Sources)
		}
		return ds
	}
	got, want = norm(got), norm(want)
	for i := range want.Governments {
		if !reflect.DeepEqual(got.Governments[i], want.Governments[i]) {
			t.Fatalf("government %d: got %+v, want %+v", i, got.Governments[i], want.Governments[i])
		}
	}
	for i := range want.Agreements {
		if !reflect.DeepEqual(got.Agreements[i], want.Agreements[i]) {
			t.Fatalf("agreement %d: got %+v, want %+v", i, got.Agreements[i], want.Agreements[i])
		}
	}
	if !reflect.DeepEqual(got.Events, want.Events) || !reflect.DeepEqual(got.Activities, want.Activities) ||
		!reflect.DeepEqual(got.Sources, want.Sources) || !reflect.DeepEqual(got.Countries, want.Countries) {
		t.Error("events, activities, sources or countries differ after export")
	}
}
