package main

import "testing"

// resolveNames runs slug resolution on (name, region) mentions in one country.
func resolveNames(cc string, names ...[2]string) []string {
	b := &builder{krAliases: map[string]string{}, rep: newReport()}
	for _, n := range names {
		b.addMention(mention{name: n[0], region: n[1], cc: cc, parent: -1})
	}
	slugs, _ := b.resolve()
	return slugs
}

func TestRegionTieBreak(t *testing.T) {
	got := resolveNames("US",
		[2]string{"Springfield", "Illinois"},
		[2]string{"Springfield", "Massachusetts"},
		[2]string{"Springfield", ""}, // cannot be placed: keeps the plain slug
		[2]string{"Burnaby", ""},
	)
	want := []string{"springfield-illinois-us", "springfield-massachusetts-us", "springfield-us", "burnaby-us"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("mention %d: slug %q, want %q", i, got[i], want[i])
		}
	}
}

func TestSameNameDifferentRegionOnlyIfBothKnown(t *testing.T) {
	// One region and no region: the same government, no tie-break.
	got := resolveNames("CA", [2]string{"Burnaby", "British Columbia"}, [2]string{"Burnaby", ""}, [2]string{"Burnaby", "british columbia"})
	for _, s := range got {
		if s != "burnaby-ca" {
			t.Errorf("slug %q, want burnaby-ca", s)
		}
	}
}

func TestKoreanAliasesMergeWikipediaForms(t *testing.T) {
	b := &builder{krAliases: map[string]string{}, rep: newReport()}
	b.addKoreanAliases("Gangbuk-gu", "Seoul")
	b.addKoreanAliases("Boeun-gun", "Chungbuk")
	for _, n := range []string{"Gangbuk (Seoul)", "Seoul – Gangbuk", "Boeun"} {
		b.addMention(mention{name: n, cc: "KR", parent: -1})
	}
	b.addMention(mention{name: "Gangbuk-gu", cc: "KR", derived: true, parent: -1})
	slugs, govs := b.resolve()
	want := []string{"gangbuk-gu-kr", "gangbuk-gu-kr", "boeun-gun-kr", "gangbuk-gu-kr"}
	for i := range want {
		if slugs[i] != want[i] {
			t.Errorf("mention %d: %q, want %q", i, slugs[i], want[i])
		}
	}
	if g := govs["gangbuk-gu-kr"]; g.Name != "Gangbuk-gu" {
		t.Errorf("derived name must win, got %q", g.Name)
	}
}
