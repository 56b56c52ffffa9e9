package main

import (
	"github.com/twinningtracker/twinning/seed/slug"

	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryIndex maps a normalised English country name to its ISO 3166-1
// alpha-2 code.
type countryIndex map[string]string

// notISO are codes x/text reports as countries that are not ISO 3166-1
// assignments (exceptional reservations, groupings).
var notISO = map[string]bool{
	"AC": true, "CP": true, "DG": true, "EA": true, "IC": true, "TA": true,
	"EU": true, "EZ": true, "UN": true,
}

// countryAliases covers labels the data uses that CLDR names differently,
// plus misspellings found in the Wikipedia scrape. A region, when given,
// becomes the government's region.
var countryAliases = map[string][2]string{
	"Czech Republic":                   {"CZ", ""},
	"Congo":                            {"CG", ""}, // the data's partners are Brazzaville and Pointe-Noire
	"Republic of the Congo":            {"CG", ""},
	"Democratic Republic of the Congo": {"CD", ""},
	"Ivory Coast":                      {"CI", ""},
	"East Timor":                       {"TL", ""},
	"Eswatini":                         {"SZ", ""}, // x/text still says Swaziland
	"North Macedonia":                  {"MK", ""}, // x/text still says Macedonia
	"Federated States of Micronesia":   {"FM", ""},
	"Georgia (country)":                {"GE", ""},
	"Republic of Ireland":              {"IE", ""},
	"Bosnia and Hercegovina":           {"BA", ""},
	"Palestine":                        {"PS", ""},
	"West Bank":                        {"PS", "West Bank"},
	"Kosovo":                           {"XK", ""}, // user-assigned code, as used by the EU and CLDR
	"Taiwan":                           {"TW", ""},
	"Vatican City":                     {"VA", ""},
	"Turkey":                           {"TR", ""},
	"Grece":                            {"GR", ""},
	"Kazakhstah":                       {"KZ", ""},
	"Madagaskar":                       {"MG", ""},
	"Moldavia":                         {"MD", ""},
	"Surinam":                          {"SR", ""},
	"Island":                           {"IS", ""}, // Nordic/German for Iceland (Norðurþing)
	"in Italy":                         {"IT", ""}, // scrape artefact
}

// constituent countries of the United Kingdom, used alone as country labels.
var constituent = map[string]bool{
	"England": true, "Scotland": true, "Wales": true, "Northern Ireland": true,
}

// buildCountries indexes the English CLDR name of every current ISO region.
func buildCountries() countryIndex {
	ci := countryIndex{}
	names := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for c := 'A'; c <= 'Z'; c++ {
			code := string([]rune{a, c})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.IsPrivateUse() || notISO[code] {
				continue
			}
			if r.Canonicalize().String() != code { // deprecated (BU, DD, ...)
				continue
			}
			name := names.Name(r)
			if name == "" {
				continue
			}
			ci[countryKey(name)] = code
			if i := strings.Index(name, " ("); i > 0 { // "Myanmar (Burma)"
				ci[countryKey(name[:i])] = code
			}
		}
	}
	return ci
}

// countryKey normalises a country name for lookup: case, accents, "&",
// "St." and a leading/inner "the" do not matter.
func countryKey(s string) string {
	s = strings.ToLower(slug.Fold(s))
	s = strings.ReplaceAll(s, "&", " and ")
	s = strings.ReplaceAll(s, "st. ", "saint ")
	f := strings.Fields(s)
	out := f[:0]
	for _, w := range f {
		if w != "the" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// parseLabel turns a country label of the Wikipedia data into a code and a
// region: "Canada" → CA; "England, United Kingdom" and "England" → GB/England;
// "Réunion, France" → FR/Réunion.
func (ci countryIndex) parseLabel(label string) (cc, region string, ok bool) {
	label = strings.TrimSpace(label)
	if a, found := countryAliases[label]; found {
		return a[0], a[1], true
	}
	if constituent[label] {
		return "GB", label, true
	}
	if code, found := ci[countryKey(label)]; found {
		return code, "", true
	}
	if i := strings.LastIndex(label, ", "); i > 0 {
		code, _, found := ci.parseLabel(label[i+2:])
		if found {
			return code, strings.TrimSpace(label[:i]), true
		}
	}
	return "", "", false
}
