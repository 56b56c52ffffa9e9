// Package slug makes the public, stable ids of governments: the ASCII name and the
// country code ("burnaby-ca"), with the region only to break a tie. The converter
// and the Wikidata importer both use it, so a place gets the same slug from either.
package slug

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// letters that do not decompose into an ASCII base letter plus marks.
var foldLetters = strings.NewReplacer(
	"ß", "ss", "ẞ", "ss", "ø", "o", "Ø", "o", "ł", "l", "Ł", "l",
	"æ", "ae", "Æ", "ae", "œ", "oe", "Œ", "oe", "đ", "d", "Đ", "d",
	"ð", "d", "Ð", "d", "þ", "th", "Þ", "th", "ħ", "h", "Ħ", "h",
	"ı", "i", "ə", "e", "Ə", "e", "ŋ", "ng", "Ŋ", "ng",
	// Apostrophes vanish rather than split a word: "Xi'an" → "xian".
	"'", "", "’", "", "‘", "", "ʼ", "", "ʻ", "", "`", "", "´", "",
)

// Fold removes accents (NFKD, then drop nonspacing marks) and maps the
// letters above; other non-ASCII characters are kept for the caller to drop.
func Fold(s string) string {
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, foldLetters.Replace(s))
	if err != nil {
		return s
	}
	return out
}

// Part is lower-case ASCII letters and digits, every other run of
// characters becoming one '-', trimmed.
func Part(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(Fold(s)) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// NameKey puts the two forms Wikipedia uses for a district of a city in one
// order, so they get one slug: "Seoul – Gangnam" → "Gangnam (Seoul)".
func NameKey(name string) string {
	if parts := strings.Split(name, " – "); len(parts) == 2 {
		return strings.TrimSpace(parts[1]) + " (" + strings.TrimSpace(parts[0]) + ")"
	}
	return name
}

// NamePart is the name's slug part; a name without any ASCII letter or digit
// (e.g. Hangul only, no romanisation available) becomes place-<hash6>.
func NamePart(name string) string {
	if p := Part(NameKey(name)); p != "" {
		return p
	}
	sum := sha256.Sum256([]byte(name))
	return "place-" + hex.EncodeToString(sum[:])[:6]
}

// Gov is the ordinary slug: name + country code ("burnaby-ca").
func Gov(name, cc string) string {
	return NamePart(name) + "-" + strings.ToLower(cc)
}

// Tie adds the region to break a tie between two different governments
// with the same name in one country ("springfield-illinois-us").
func Tie(name, region, cc string) string {
	return NamePart(name) + "-" + Part(region) + "-" + strings.ToLower(cc)
}

// Hashed reports whether the name's slug falls back to a hash.
func Hashed(name string) bool { return Part(NameKey(name)) == "" }
