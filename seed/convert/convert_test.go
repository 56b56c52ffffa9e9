package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedData finds ../shared/data beside the module root (as in CI, where
// shared/ is checked out next to the clone).
func sharedData(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
	src := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(src, "raw", "twin_cities.csv")); err != nil {
		t.Skipf("source data not available at %s: %v", src, err)
	}
	return src
}

func readTable(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

func TestConvertSharedData(t *testing.T) {
	src := sharedData(t)
	out := t.TempDir()
	if err := run(src, out); err != nil {
		t.Fatal(err)
	}

	govs := map[string]map[string]string{}
	for _, g := range readTable(t, filepath.Join(out, "governments.csv")) {
		govs[g["slug"]] = g
	}
	for _, slug := range []string{"burnaby-ca", "hwaseong-kr", "dangjin-kr", "british-columbia-ca", "gyeonggi-kr", "south-chungcheong-kr"} {
		if govs[slug] == nil {
			t.Errorf("government %s missing", slug)
		}
	}
	if g := govs["hwaseong-kr"]; g["name_local"] != "화성시" || g["parent"] != "gyeonggi-kr" {
		t.Errorf("hwaseong-kr = %v", g)
	}
	if g := govs["dangjin-kr"]; g["name_local"] != "당진시" || g["parent"] != "south-chungcheong-kr" || g["level"] != "municipality" {
		t.Errorf("dangjin-kr = %v", g)
	}
	if g := govs["british-columbia-ca"]; g["name_fr"] != "Colombie-Britannique" || g["level"] != "province" {
		t.Errorf("british-columbia-ca = %v", g)
	}
	if g := govs["anyang-kr"]; g["lat"] != "" {
		t.Errorf("anyang-kr must not get the coordinates of Anyang, China: %v", g)
	}

	ags := map[string]map[string]string{}
	kc, dj := 0, 0
	for _, a := range readTable(t, filepath.Join(out, "agreements.csv")) {
		ags[a["id"]] = a
		if strings.HasSuffix(a["government_a"], "-ca") && strings.HasSuffix(a["government_b"], "-kr") && a["kind"] != "unknown" {
			kc++
		}
		if a["government_a"] == "dangjin-kr" || a["government_b"] == "dangjin-kr" {
			dj++
		}
	}
	bh := ags["burnaby-ca--hwaseong-kr"]
	if bh == nil || bh["kind"] != "sister" || bh["signed"] != "2010" || bh["status"] != "active" {
		t.Errorf("Burnaby–Hwaseong = %v; want sister, 2010, active", bh)
	}
	if !strings.Contains(bh["source_url"], "burnaby.ca") || !strings.Contains(bh["source_url"], wikiURL) {
		t.Errorf("Burnaby–Hwaseong sources must union derived and Wikipedia: %q", bh["source_url"])
	}
	if kc != 22 { // 21 relationships as of Dec 2019 + Quebec–Seoul planned in 2024
		t.Errorf("Canada–Korea agreements: %d, want 22", kc)
	}
	if dj != 11 {
		t.Errorf("Dangjin agreements: %d, want 11", dj)
	}
	if a := ags["lethbridge-ca--anyang-kr"]; a == nil || ags["lethbridge-ca--anyang-cn"] != nil {
		t.Error("Lethbridge–Anyang must be merged into the Korean Anyang")
	}

	events := map[string]bool{}
	for _, e := range readTable(t, filepath.Join(out, "events.csv")) {
		events[e["agreement"]+" "+e["date"]+" "+e["event"]] = true
	}
	for _, want := range []string{
		"dangjin-kr--rizhao-cn 2003-11-13 friendship_signed",
		"dangjin-kr--rizhao-cn 2007-04-23 upgraded_to_sister",
		"burnaby-ca--hwaseong-kr 2010 sister_signed",
		"coquitlam-ca--paju-kr 2007 proposed",
		"quebec-ca--seoul-kr 2024 proposed",
		"dangjin-kr--yuhuan-cn 2012-06-02 proposed",
		"dangjin-kr--yinchuan-cn 2016-12-22 proposed",
	} {
		if !events[want] {
			t.Errorf("event missing: %s", want)
		}
	}

	djActs := 0
	for _, a := range readTable(t, filepath.Join(out, "activities.csv")) {
		ag := ags[a["agreement"]]
		if ag["government_a"] == "dangjin-kr" {
			djActs++
		}
	}
	if djActs != 142 {
		t.Errorf("Dangjin activities: %d, want 142", djActs)
	}

	// The committed seed must be exactly what the converter makes now.
	committed := filepath.Join("..", "data")
	for _, name := range []string{"governments.csv", "agreements.csv", "events.csv", "activities.csv", "sources.csv", "REPORT.md"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(committed, name))
		if err != nil {
			t.Fatalf("committed seed: %v", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("seed/data/%s is stale: re-run go run ./seed/convert -src ../shared/data -out seed/data", name)
		}
	}
	report, _ := os.ReadFile(filepath.Join(out, "REPORT.md"))
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "data.md"))
	if err != nil || !bytes.Contains(doc, report) {
		t.Error("docs/data.md must contain the current REPORT.md verbatim")
	}
}

func TestConvertIsDeterministic(t *testing.T) {
	src := sharedData(t)
	a, err := convert(src)
	if err != nil {
		t.Fatal(err)
	}
	b, err := convert(src)
	if err != nil {
		t.Fatal(err)
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}
