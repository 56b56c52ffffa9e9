package views

import (
	"strconv"
	"strings"
)

func lower(s string) string { return strings.ToLower(s) }

func kindClass(kind string) string {
	if kind == "" {
		return "unknown"
	}
	return kind
}

func coord(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }

// altLang is the language of a government's alternative name: its own script's
// language for a Korean name shown beside the romanised one.
func altLang(l *Loc, g Gov) string {
	alt := l.GovAltName(g)
	switch {
	case alt == g.NameLocal:
		return ownScriptLang[g.Country] // "" (unknown) for a country not listed
	case alt == g.NameKO:
		return "ko"
	}
	return "en" // the romanised name
}

// ownScriptLang is the language of the own-script names of a country's governments.
var ownScriptLang = map[string]string{"KR": "ko", "KP": "ko", "JP": "ja", "CN": "zh-Hans", "TW": "zh-Hant",
	"HK": "zh-Hant", "MO": "zh-Hant", "MN": "mn", "RU": "ru", "UA": "uk", "TH": "th", "GR": "el", "IL": "he"}

// WindowLength is the number of years in the activeness window.
const WindowLength = 5

func htmlAttr(s string) string {
	return strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", `<`, "&lt;", `>`, "&gt;").Replace(s)
}

func joinParams(ps []string) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p + "=…"
	}
	return strings.Join(out, "&")
}

// ogLocale is the Open Graph locale of a language.
func ogLocale(l Lang) string {
	return map[Lang]string{English: "en_GB", French: "fr_FR", Korean: "ko_KR"}[l]
}
