package views

import (
	"encoding/csv"
	"os"
	"testing"
)

// Every region the default data records in Canada, Korea, Japan, China and the
// United States has its name in English, French and Korean, with a source; Korean
// pages show 경기도 and 브리티시컬럼비아주, French ones Colombie-Britannique.
func TestRegionNamesInEveryLanguage(t *testing.T) {
	f, err := os.Open("../seed/data/governments.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	covered := map[string]bool{"CA": true, "KR": true, "JP": true, "CN": true, "US": true}
	for _, r := range rows[1:] {
		region, cc := r[col["region"]], r[col["country"]]
		if region == "" || !covered[cc] {
			continue
		}
		names, ok := regionNames[region]
		if !ok {
			t.Errorf("%s region %q has no names in places/regions.csv", cc, region)
			continue
		}
		for _, l := range Langs {
			if names[l] == "" {
				t.Errorf("%s region %q has no %s name", cc, region, l)
			}
		}
	}
	for l, want := range map[Lang][2]string{English: {"British Columbia", "Gyeonggi"}, French: {"Colombie-Britannique", "Gyeonggi"},
		Korean: {"브리티시컬럼비아주", "경기도"}} {
		loc := NewLoc(l)
		if got := loc.RegionName("British Columbia"); got != want[0] {
			t.Errorf("%s: British Columbia is %q, want %q", l, got, want[0])
		}
		if got := loc.RegionName("Gyeonggi"); got != want[1] {
			t.Errorf("%s: Gyeonggi is %q, want %q", l, got, want[1])
		}
	}
	if got := NewLoc(Korean).RegionName("Nowhere"); got != "Nowhere" {
		t.Errorf("a region the file lacks shows as %q, want it as recorded", got)
	}
}
