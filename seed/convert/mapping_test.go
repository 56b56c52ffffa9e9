package main

import (
	"strings"
	"testing"
)

func TestCategoryMaps(t *testing.T) {
	dj := map[string]string{
		"agreement": "ceremony", "civil_society_agreement": "civil_society", "proposal": "administrative",
		"people_exchange": "people_exchange", "youth_education": "youth_education", "sports": "sports",
		"economic": "economy_trade", "cultural": "culture_arts", "administrative": "administrative", "": "",
	}
	kc := map[string]string{
		"agreement": "ceremony", "administrative": "administrative", "cultural": "culture_arts",
		"youth": "youth_education", "economic": "economy_trade", "donation": "health_humanitarian",
	}
	for in, want := range dj {
		if got, ok := djCategories[in]; !ok || got != want {
			t.Errorf("Dangjin %q → %q, want %q", in, got, want)
		}
	}
	for in, want := range kc {
		if got, ok := kcCategories[in]; !ok || got != want {
			t.Errorf("Canada–Korea %q → %q, want %q", in, got, want)
		}
	}
	for _, m := range []map[string]string{djCategories, kcCategories} {
		for _, v := range m {
			if !cats[v] {
				t.Errorf("category %q is not in the import format", v)
			}
		}
	}
}

func TestDirections(t *testing.T) {
	p := &pair{a: 1, b: 2}
	for _, tc := range []struct {
		dir   string
		want  int
		joint bool
	}{{"KR->CA", 2, false}, {"CA->KR", 1, false}, {"KR<->CA", -1, true}} {
		m, joint, err := kcFrom(tc.dir, p)
		if err != nil || m != tc.want || joint != tc.joint {
			t.Errorf("kcFrom(%q) = %d, %v, %v", tc.dir, m, joint, err)
		}
	}
	if _, _, err := kcFrom("sideways", p); err == nil {
		t.Error("unknown Canada–Korea direction must fail")
	}
	for dir, want := range map[string]int{"inbound": 2, "outbound": 1, "": -1} {
		if m, err := djFrom(dir, p); err != nil || m != want {
			t.Errorf("djFrom(%q) = %d, %v; want %d", dir, m, err, want)
		}
	}
	if _, err := djFrom("both", p); err == nil {
		t.Error("unknown Dangjin direction must fail")
	}
}

func TestKindAndStatus(t *testing.T) {
	for in, want := range map[string]string{
		"sister": "sister", "sister province": "sister", "sister (planned)": "sister",
		"friendship/cooperation (우호교류협력)": "friendship", "friendship (우호협약)": "friendship", "twin": "unknown",
	} {
		if got := kindOf(in); got != want {
			t.Errorf("kindOf(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"listed": "active", "press only": "active", "listed (single source)": "active",
		"listed (partner country ambiguous: x)": "active", "UNVERIFIED (no source)": "unverified",
		"UNKNOWN (planned 2004)": "planned", "AFTER CUT-OFF (planned 2024)": "planned",
	} {
		if got, err := kcStatus(in); err != nil || got != want {
			t.Errorf("kcStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := kcStatus("maybe"); err == nil {
		t.Error("unknown status must fail")
	}
}

func TestShortTitle(t *testing.T) {
	for in, want := range map[string]string{
		"20th-anniversary visit of a Gunpo delegation led by Mayor Kim; anniversary plaque": "20th-anniversary visit of a Gunpo delegation led by Mayor Kim",
		"10th anniversary: Hwaseong donates 15,000 surgical masks to Burnaby, presented by": "10th anniversary: Hwaseong donates 15,000 surgical masks to Burnaby",
		"Short one (with an aside)": "Short one",
	} {
		if got := shortTitle(in); got != want {
			t.Errorf("shortTitle(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("word ", 30) + "end"
	got := shortTitle(long)
	if n := len([]rune(got)); n > 101 || !strings.HasSuffix(got, "word…") {
		t.Errorf("shortTitle(long) = %q (%d runes): want ≤ 100 runes plus …, cut between words", got, n)
	}
}

func TestDangjinKoreanNames(t *testing.T) {
	for in, want := range map[string]string{
		"산동성 일조시": "일조시", "워싱턴주 스노호미쉬군": "스노호미쉬군", "아키타현 다이센시": "다이센시",
		"닝샤회족자치구 은천시": "은천시", "카비떼시": "카비떼시",
	} {
		if got := stripProvince(in); got != want {
			t.Errorf("stripProvince(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"일조시": "municipality", "버겐군": "county", "철령현": "county", "강남구": "district"} {
		if got := levelFromKorean(in); got != want {
			t.Errorf("levelFromKorean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidDate(t *testing.T) {
	for s, want := range map[string]bool{"": true, "2010": true, "1996-09": true, "2003-11-13": true,
		"2003-02-30": false, "2003-13": false, "03-11-2003": false, "2003.11.13": false} {
		if validDate(s) != want {
			t.Errorf("validDate(%q) = %v", s, !want)
		}
	}
}
