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
	if g.Country == "KR" && l.GovAltName(g) == g.NameLocal {
		return "ko"
	}
	return string(l.Lang)
}

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
