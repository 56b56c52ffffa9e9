package slug

import (
	"strings"
	"testing"
)

func TestGovSlug(t *testing.T) {
	tests := []struct{ name, cc, want string }{
		{"Burnaby", "CA", "burnaby-ca"},
		{"British Columbia", "CA", "british-columbia-ca"},
		{"Hwaseong", "KR", "hwaseong-kr"},
		{"Bérat", "FR", "berat-fr"},
		{"São Tomé", "ST", "sao-tome-st"},
		{"Biberach an der Riß", "DE", "biberach-an-der-riss-de"},
		{"Bolesławiec", "PL", "boleslawiec-pl"},
		{"Ærøskøbing", "DK", "aeroskobing-dk"},
		{"Đakovo", "HR", "dakovo-hr"},
		{"Kırşehir", "TR", "kirsehir-tr"},
		{"İzmir", "TR", "izmir-tr"},
		{"Xi'an", "CN", "xian-cn"},
		{"Villeneuve-d'Ascq", "FR", "villeneuve-dascq-fr"},
		{"  Saint-Cyr--sur  Loire ", "FR", "saint-cyr-sur-loire-fr"},
		{"Prague 1 (Prague)", "CZ", "prague-1-prague-cz"},
		// Wikipedia's two district forms share a slug.
		{"Seoul – Gangnam", "KR", "gangnam-seoul-kr"},
		{"Gangnam (Seoul)", "KR", "gangnam-seoul-kr"},
	}
	for _, tc := range tests {
		if got := Gov(tc.name, tc.cc); got != tc.want {
			t.Errorf("Gov(%q, %q) = %q, want %q", tc.name, tc.cc, got, tc.want)
		}
	}
}

func TestHangulOnlyNameGetsHashSlug(t *testing.T) {
	a, b := Gov("화성시", "KR"), Gov("당진시", "KR")
	for _, s := range []string{a, b} {
		if !strings.HasPrefix(s, "place-") || !strings.HasSuffix(s, "-kr") || len(s) != len("place-123456-kr") {
			t.Errorf("slug %q, want place-<hash6>-kr", s)
		}
	}
	if a == b || a != Gov("화성시", "KR") {
		t.Errorf("hash slugs must be stable and distinct: %q %q", a, b)
	}
	if !Hashed("화성시") || Hashed("Hwaseong") {
		t.Error("Hashed() is wrong")
	}
}
