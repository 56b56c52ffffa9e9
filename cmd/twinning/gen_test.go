package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
)

// A small fraction of one replica: valid import files, deterministic, importable
// into a seeded database, with the seed's shape (kinds, countries, activities).
func TestGenSmallIsDeterministicAndImports(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	for _, d := range []string{"a", "b"} {
		if err := run(ctx, []string{"gen", "-scale", "1.02", "-out", filepath.Join(dir, d)}, noEnv, nil, &out, &errOut); err != nil {
			t.Fatalf("gen: %v (%s)", err, errOut.String())
		}
	}
	for _, name := range []string{"governments.csv", "agreements.csv", "events.csv", "activities.csv"} {
		a, err := os.ReadFile(filepath.Join(dir, "a", name))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "b", name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	files := map[string][]byte{}
	for _, name := range seed.FileNames {
		body, err := os.ReadFile(filepath.Join(dir, "a", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = body
	}
	ds, err := seed.ReadFiles(files, func(string, string) bool { return true })
	if err != nil {
		t.Fatalf("generated files do not validate: %v", err)
	}
	base, err := seed.Read(seed.Data(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := len(base.Agreements) / 50
	if n := len(ds.Agreements); n < want*9/10 || n > want*11/10 {
		t.Errorf("%d agreements for 2%% of %d", n, len(base.Agreements))
	}
	if len(ds.Governments) == 0 {
		t.Fatal("no governments")
	}

	// The files import into a seeded database.
	db := filepath.Join(dir, "gen.db")
	args := []string{"import", "-db", db}
	for _, name := range seed.FileNames {
		args = append(args, filepath.Join(dir, "a", name))
	}
	out.Reset()
	if err := run(ctx, args, noEnv, nil, &out, &errOut); err != nil {
		t.Fatalf("import: %v (%s)", err, errOut.String())
	}
	if !strings.Contains(out.String(), "Imported") {
		t.Errorf("import said %q", out.String())
	}
	s, _, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Government(ctx, ds.Governments[0].Slug); err != nil {
		t.Errorf("generated government not found: %v", err)
	}
}

func TestGenRefusesBadScale(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"gen", "-scale", "0.5", "-out", t.TempDir()}, noEnv, nil, &out, &errOut); err == nil {
		t.Fatal("scale 0.5 accepted")
	}
}

// A whole replica keeps the seed's shape: the same mix of kinds, known dates,
// countries, and as many activities and events.
func TestGenKeepsSeedDistributions(t *testing.T) {
	base, err := seed.Read(seed.Data(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ds := Generate(base, 2, 1, 0.3)
	count := func(as []store.Agreement) (kinds map[string]int, dated int) {
		kinds = map[string]int{}
		for _, a := range as {
			kinds[a.Kind]++
			if a.Signed != "" {
				dated++
			}
		}
		return kinds, dated
	}
	bk, bd := count(base.Agreements)
	gk, gd := count(ds.Agreements)
	for k, n := range bk {
		if d := gk[k] - n; d < -n/100-5 || d > n/100+5 {
			t.Errorf("kind %s: %d generated, %d in the seed", k, gk[k], n)
		}
	}
	if gd < bd*95/100 || gd > bd {
		t.Errorf("%d dated agreements, %d in the seed", gd, bd)
	}
	if len(ds.Activities) != len(base.Activities) || len(ds.Events) != len(base.Events) {
		t.Errorf("%d activities and %d events, seed %d and %d", len(ds.Activities), len(ds.Events), len(base.Activities), len(base.Events))
	}
	countries := func(gs []store.Government) map[string]int {
		m := map[string]int{}
		for _, g := range gs {
			m[g.Country]++
		}
		return m
	}
	bc, gc := countries(base.Governments), countries(ds.Governments)
	for _, cc := range []string{"KR", "CA", "US", "FR"} {
		if bc[cc] != gc[cc] {
			t.Errorf("%s: %d governments, seed %d", cc, gc[cc], bc[cc])
		}
	}
	sides := map[string]bool{}
	for _, g := range ds.Governments {
		sides[g.Slug] = true
	}
	for _, a := range ds.Activities {
		if a.From != "" && a.From != "joint" && !sides[a.From] {
			t.Fatalf("activity %s: from %q is not a generated government", a.ID, a.From)
		}
	}
}
