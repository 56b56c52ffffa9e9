package main

import "testing"

func TestParseLabel(t *testing.T) {
	ci := buildCountries()
	tests := []struct {
		label, cc, region string
		ok                bool
	}{
		{"Canada", "CA", "", true},
		{"South Korea", "KR", "", true},
		{"Czech Republic", "CZ", "", true},
		{"Bosnia and Herzegovina", "BA", "", true}, // CLDR: "Bosnia & Herzegovina"
		{"Saint Vincent and the Grenadines", "VC", "", true},
		{"São Tomé and Príncipe", "ST", "", true},
		{"Myanmar", "MM", "", true}, // CLDR: "Myanmar (Burma)"
		{"Kosovo", "XK", "", true},
		{"Palestine", "PS", "", true},
		{"Georgia (country)", "GE", "", true},
		// compound labels
		{"England, United Kingdom", "GB", "England", true},
		{"New York, United States", "US", "New York", true},
		{"Réunion, France", "FR", "Réunion", true},
		{"Åland Islands, Finland", "FI", "Åland Islands", true},
		// constituent countries alone
		{"England", "GB", "England", true},
		{"Scotland", "GB", "Scotland", true},
		{"Wales", "GB", "Wales", true},
		{"Northern Ireland", "GB", "Northern Ireland", true},
		// unmappable
		{"Northern Cyprus", "", "", false},
		{"", "", "", false},
		{"Atlantis, Nowhere", "", "", false},
	}
	for _, tc := range tests {
		cc, region, ok := ci.parseLabel(tc.label)
		if cc != tc.cc || region != tc.region || ok != tc.ok {
			t.Errorf("parseLabel(%q) = %q, %q, %v; want %q, %q, %v", tc.label, cc, region, ok, tc.cc, tc.region, tc.ok)
		}
	}
}

func TestCountryIndexHasNoDeprecatedCodes(t *testing.T) {
	ci := buildCountries()
	for _, code := range ci {
		switch code {
		case "BU", "DD", "FX", "TP", "YU", "ZR", "UK", "AC", "EU", "UN":
			t.Errorf("index contains non-current code %s", code)
		}
	}
	if ci[countryKey("Germany")] != "DE" {
		t.Errorf("Germany → %q, want DE", ci[countryKey("Germany")])
	}
}

func TestEmptyLabelRecoveredFromName(t *testing.T) {
	b := &builder{countries: buildCountries(), rep: newReport()}
	i, ok := b.wikiMention("Varna, Bulgaria", "", "43.2", "27.9")
	if !ok || b.mentions[i].name != "Varna" || b.mentions[i].cc != "BG" {
		t.Fatalf("got %+v, %v; want Varna, BG", b.mentions[i], ok)
	}
	if _, ok := b.wikiMention("Nowhere", "", "", ""); ok {
		t.Error("a name without a country must stay unmappable")
	}
}
