package seed

import (
	"slices"

	"github.com/twinningtracker/twinning/store"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// IsCountry reports whether code is an ISO 3166-1 alpha-2 country code known to CLDR
// (user-assigned codes like XK for Kosovo included, as CLDR names them).
func IsCountry(code string) bool {
	if len(code) != 2 {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.String() == code && (r.IsCountry() || code == "XK") && display.English.Regions().Name(r) != ""
}

// Countries returns the named countries with CLDR display names in English, French
// and Korean, sorted by code.
func Countries(codes []string) []store.Country {
	codes = slices.Clone(codes)
	slices.Sort(codes)
	out := make([]store.Country, 0, len(codes))
	for _, c := range slices.Compact(codes) {
		r := language.MustParseRegion(c)
		out = append(out, store.Country{
			Code:   c,
			NameEN: display.English.Regions().Name(r),
			NameFR: display.French.Regions().Name(r),
			NameKO: display.Korean.Regions().Name(r),
		})
	}
	return out
}
