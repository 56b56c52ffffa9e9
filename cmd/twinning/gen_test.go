package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
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

// A world at 1% of its size: the same bytes from the same seed (different ones from
// another), files exactly as seed.Write writes the whole dataset although activities
// are written a chunk at a time, valid import files, and an import into a freshly
// seeded database that succeeds without touching the seed's records.
func TestGenWorldIsDeterministicAndImports(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	for _, d := range []struct{ name, seed string }{{"a", "1"}, {"b", "1"}, {"c", "2"}} {
		args := []string{"gen", "-profile", "world", "-world-scale", "0.01", "-seed", d.seed, "-out", filepath.Join(dir, d.name)}
		if err := run(ctx, args, noEnv, nil, &out, &errOut); err != nil {
			t.Fatalf("gen: %v (%s)", err, errOut.String())
		}
	}
	if !strings.Contains(out.String(), "Wrote 1000 governments, 1500 agreements") || !strings.Contains(out.String(), "30000 activities") {
		t.Errorf("gen said %q", out.String())
	}
	files := map[string][]byte{}
	for _, name := range seed.FileNames {
		a, err := os.ReadFile(filepath.Join(dir, "a", name))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "b", name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
		// The generator writes no sources, coverage or reference figures: those files are headers only.
		if c, _ := os.ReadFile(filepath.Join(dir, "c", name)); !slices.Contains([]string{"sources.csv", "coverage.csv", "references.csv"}, name) && bytes.Equal(a, c) {
			t.Errorf("%s is the same with another seed", name)
		}
		files[name] = a
	}

	// The chunked activities are byte for byte what seed.Write makes of the whole world.
	base, err := seed.Read(seed.Data(), nil)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWorld(base, 0.01, 1)
	whole := w.Dataset
	for chunk := range w.Activities() {
		whole.Activities = append(whole.Activities, chunk...)
	}
	if len(whole.Activities) <= worldChunk {
		t.Fatalf("%d activities: the test does not cross a chunk", len(whole.Activities))
	}
	written := map[string]*bytes.Buffer{}
	if err := seed.Write(func(name string) (io.Writer, error) {
		written[name] = &bytes.Buffer{}
		return written[name], nil
	}, whole); err != nil {
		t.Fatal(err)
	}
	for name, body := range written {
		if !bytes.Equal(body.Bytes(), files[name]) {
			t.Errorf("%s is not what seed.Write writes of the whole dataset", name)
		}
	}

	ds, err := seed.ReadFiles(files, nil)
	if err != nil {
		t.Fatalf("generated files do not validate: %v", err)
	}
	if len(ds.Governments) != 1000 || len(ds.Agreements) != 1500 || len(ds.Activities) != 30000 {
		t.Errorf("read back %d governments, %d agreements, %d activities", len(ds.Governments), len(ds.Agreements), len(ds.Activities))
	}

	// A smaller world (0.2%) imports into a database that the import itself creates
	// and seeds.
	out.Reset()
	if err := run(ctx, []string{"gen", "-profile", "world", "-world-scale", "0.002", "-out", filepath.Join(dir, "small")}, noEnv, nil, &out, &errOut); err != nil {
		t.Fatalf("gen: %v (%s)", err, errOut.String())
	}
	db := filepath.Join(dir, "world.db")
	args := []string{"import", "-db", db}
	for _, name := range seed.FileNames {
		args = append(args, filepath.Join(dir, "small", name))
	}
	out.Reset()
	if err := run(ctx, args, noEnv, nil, &out, &errOut); err != nil {
		t.Fatalf("import: %v (%s)", err, errOut.String())
	}
	if !strings.Contains(out.String(), "Created") || !strings.Contains(out.String(), "Imported 200 governments, 300 agreements") ||
		!strings.Contains(out.String(), "6000 activities") {
		t.Errorf("import said %q", out.String())
	}
	small, err := seed.Read(os.DirFS(filepath.Join(dir, "small")), nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, slug := range []string{small.Governments[0].Slug, small.Governments[len(small.Governments)-1].Slug, "burnaby-ca", "dangjin-kr"} {
		if _, err := s.Government(ctx, slug); err != nil {
			t.Errorf("government %s: %v", slug, err)
		}
	}
	problems, err := s.Check(ctx)
	if err != nil || len(problems) > 0 {
		t.Errorf("check after the import: %v %v", problems, err)
	}
}

// The world has the shape asked of it: exact counts, most agreements quiet and a few
// very active, realistic shares of categories, directions, kinds, statuses and date
// precisions, dates in 1997–2026, governments over the seed's countries with slugs by
// the portal's rule and none of the seed's.
func TestGenWorldShape(t *testing.T) {
	base, err := seed.Read(seed.Data(), nil)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWorld(base, 0.01, 1)
	ds := w.Dataset
	var acts []store.Activity
	for chunk := range w.Activities() {
		acts = append(acts, chunk...)
	}
	if len(ds.Governments) != 1000 || len(ds.Agreements) != 1500 || len(acts) != 30000 {
		t.Fatalf("%d governments, %d agreements, %d activities", len(ds.Governments), len(ds.Agreements), len(acts))
	}

	seedSlugs := map[string]bool{}
	seedCountries := map[string]bool{}
	for _, g := range base.Governments {
		seedSlugs[g.Slug] = true
		seedCountries[g.Country] = true
	}
	country := map[string]string{}
	levels := map[string]int{}
	for _, g := range ds.Governments {
		if seedSlugs[g.Slug] {
			t.Errorf("slug %s is the seed's", g.Slug)
		}
		if _, dup := country[g.Slug]; dup {
			t.Errorf("slug %s twice", g.Slug)
		}
		cc := "-" + strings.ToLower(g.Country)
		if !strings.HasSuffix(g.Slug, cc) || !strings.HasPrefix(g.Slug, slugPart(g.Name)+"-") ||
			(g.Slug != slugPart(g.Name)+cc && g.Slug != slugPart(g.Name)+"-"+slugPart(g.Region)+cc) {
			t.Errorf("slug %s for %q in %s, %s", g.Slug, g.Name, g.Region, g.Country)
		}
		if !seedCountries[g.Country] {
			t.Errorf("%s: country %s is not in the seed", g.Slug, g.Country)
		}
		country[g.Slug] = g.Country
		levels[g.Level]++
	}
	countries := map[string]bool{}
	for _, c := range country {
		countries[c] = true
	}
	if len(countries) < 100 {
		t.Errorf("governments in only %d countries", len(countries))
	}
	if levels["municipality"] < 400 || levels["province"] == 0 || levels["county"] == 0 || levels["district"] == 0 || levels[""] == 0 {
		t.Errorf("levels %v", levels)
	}

	ids := map[string]store.Agreement{}
	kinds, statuses := map[string]int{}, map[string]int{}
	signed := map[int]int{}
	domestic := 0
	for _, a := range ds.Agreements {
		if _, dup := ids[a.ID]; dup {
			t.Errorf("agreement %s twice", a.ID)
		}
		ids[a.ID] = a
		if a.GovernmentA == a.GovernmentB || country[a.GovernmentA] == "" || country[a.GovernmentB] == "" {
			t.Errorf("agreement %s: parties %s, %s", a.ID, a.GovernmentA, a.GovernmentB)
		}
		if !strings.HasPrefix(a.ID, a.GovernmentA+"--"+a.GovernmentB) {
			t.Errorf("agreement id %s", a.ID)
		}
		if country[a.GovernmentA] == country[a.GovernmentB] {
			domestic++
		}
		kinds[a.Kind]++
		statuses[a.Status]++
		signed[len(a.Signed)]++
	}
	if domestic == 0 || domestic > len(ds.Agreements)/10 {
		t.Errorf("%d domestic agreements of %d", domestic, len(ds.Agreements))
	}
	for _, k := range store.Kinds {
		if kinds[k] == 0 {
			t.Errorf("no %s agreements: %v", k, kinds)
		}
	}
	if statuses["active"] < len(ds.Agreements)*2/3 || statuses["ended"] == 0 || statuses["planned"] == 0 || statuses["unverified"] == 0 {
		t.Errorf("statuses %v", statuses)
	}
	if signed[10] < signed[7] || signed[7] == 0 || signed[4] == 0 || signed[0] == 0 {
		t.Errorf("signed date lengths %v", signed)
	}

	perAgreement := map[string]int{}
	categories := map[string]int{}
	from := map[string]int{}
	dates := map[int]int{}
	actIDs := map[string]bool{}
	for _, act := range acts {
		if actIDs[act.ID] {
			t.Fatalf("activity %s twice", act.ID)
		}
		actIDs[act.ID] = true
		a, ok := ids[act.Agreement]
		if !ok {
			t.Fatalf("activity %s: unknown agreement %s", act.ID, act.Agreement)
		}
		perAgreement[act.Agreement]++
		categories[act.Category]++
		switch act.From {
		case a.GovernmentA:
			from["a"]++
		case a.GovernmentB:
			from["b"]++
		case "joint", "":
			from[act.From]++
		default:
			t.Fatalf("activity %s: from %q", act.ID, act.From)
		}
		dates[len(act.Date)]++
		if act.Date != "" && (act.Date[:4] < "1997" || act.Date > "2026-11-27") {
			t.Errorf("activity %s dated %s", act.ID, act.Date)
		}
		if act.DateEnd != "" && (act.DateEnd < act.Date || act.DateEnd > "2026-11-27") {
			t.Errorf("activity %s: %s to %s", act.ID, act.Date, act.DateEnd)
		}
		if a.Status == "ended" && a.Ended != "" && act.Date[:min(4, len(act.Date))] > a.Ended[:4] {
			t.Errorf("activity %s of %s (ended %s) dated %s", act.ID, a.ID, a.Ended, act.Date)
		}
		if act.Title == "" {
			t.Errorf("activity %s has no title", act.ID)
		}
	}

	// Skew: most agreements quiet, the top 1% holding a large share.
	if quiet := len(ds.Agreements) - len(perAgreement); quiet*2 <= len(ds.Agreements) {
		t.Errorf("only %d of %d agreements without activity", quiet, len(ds.Agreements))
	}
	counts := make([]int, 0, len(perAgreement))
	for _, n := range perAgreement {
		counts = append(counts, n)
	}
	slices.Sort(counts)
	slices.Reverse(counts)
	top := 0
	for _, n := range counts[:len(ds.Agreements)/100] {
		top += n
	}
	if top*5 < len(acts) {
		t.Errorf("the top 1%% of agreements hold %d of %d activities", top, len(acts))
	}
	if counts[len(counts)/2] < 3 {
		t.Errorf("median active agreement has %d activities", counts[len(counts)/2])
	}

	for c := range categories {
		if c != "" && !slices.Contains(store.Categories, c) {
			t.Errorf("category %q", c)
		}
	}
	for _, c := range store.Categories {
		if categories[c] == 0 || categories[c] > categories["administrative"] {
			t.Errorf("categories %v", categories)
			break
		}
	}
	if categories[""] == 0 || categories["administrative"] < len(acts)/5 || categories["health_humanitarian"] > len(acts)/20 {
		t.Errorf("categories %v", categories)
	}
	if from["a"] < len(acts)/4 || from["b"] < len(acts)/5 || from[""] < len(acts)/5 || from["joint"] == 0 || from["joint"] > len(acts)/5 {
		t.Errorf("from shares %v", from)
	}
	if dates[10] < len(acts)*3/4 || dates[7] == 0 || dates[4] == 0 || dates[0] == 0 || dates[0] > len(acts)/10 {
		t.Errorf("date lengths %v", dates)
	}
}

func TestGenRefusesBadProfiles(t *testing.T) {
	for _, args := range [][]string{
		{"-profile", "world", "-scale", "5"},
		{"-profile", "world", "-rewire", "0.1"},
		{"-profile", "world", "-world-scale", "0"},
		{"-profile", "world", "-world-scale", "NaN"},
		{"-profile", "world", "-world-scale", "20"},
		{"-world-scale", "0.01"},
		{"-profile", "planet"},
		{"-profile", "world"}, // no -out
	} {
		var out, errOut bytes.Buffer
		if !slices.Contains(args, "-profile") || args[len(args)-1] != "world" {
			args = append(args, "-out", t.TempDir())
		}
		if err := run(context.Background(), append([]string{"gen"}, args...), noEnv, nil, &out, &errOut); err == nil {
			t.Errorf("gen %v accepted", args)
		}
	}
}
