package views

import (
	"embed"
	"encoding/json"
	"fmt"
	"golang.org/x/text/collate"
	"io/fs"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"
)

// Lang is a supported interface language.
type Lang string

// The supported languages; English is served at the root, the others under /fr and /ko.
const (
	English Lang = "en"
	French  Lang = "fr"
	Korean  Lang = "ko"
)

// Langs lists the supported languages in switcher order.
var Langs = []Lang{English, French, Korean}

// Each language's messages are split by concern into locales/{lang}/*.json; every
// file of a language is merged, and a key defined twice is an error.
//
//go:embed locales
var localeFiles embed.FS

// catalogs maps each language to its messages, loaded once at start-up; plurals to
// the counted messages among them, by CLDR plural category.
var catalogs, plurals = loadCatalogs()

// pluralCategories are CLDR's plural categories, the keys of a counted message:
// {"one": "{n} agreement", "other": "{n} agreements"}. Which ones a language uses
// (English one/other, French one/many/other, Korean other) comes from the CLDR
// rules in golang.org/x/text/feature/plural.
var pluralCategories = map[string]plural.Form{"zero": plural.Zero, "one": plural.One, "two": plural.Two,
	"few": plural.Few, "many": plural.Many, "other": plural.Other}

func loadCatalogs() (map[Lang]map[string]string, map[Lang]map[string]map[plural.Form]string) {
	out := map[Lang]map[string]string{}
	counted := map[Lang]map[string]map[plural.Form]string{}
	for _, l := range Langs {
		files, err := fs.Glob(localeFiles, "locales/"+string(l)+"/*.json")
		if err != nil || len(files) == 0 {
			panic(fmt.Sprintf("no message files for %s", l))
		}
		merged := map[string]string{}
		forms := map[string]map[plural.Form]string{}
		for _, f := range files {
			body, err := localeFiles.ReadFile(f)
			if err != nil {
				panic(err)
			}
			m := map[string]json.RawMessage{}
			if err := json.Unmarshal(body, &m); err != nil {
				panic(fmt.Sprintf("%s: %v", f, err))
			}
			for k, raw := range m {
				if _, dup := merged[k]; dup {
					panic(fmt.Sprintf("%s: message %q is defined twice", f, k))
				}
				var s string
				if err := json.Unmarshal(raw, &s); err == nil {
					merged[k] = s
					continue
				}
				byName := map[string]string{}
				if err := json.Unmarshal(raw, &byName); err != nil || byName["other"] == "" {
					panic(fmt.Sprintf("%s: message %q is neither text nor plural forms with an \"other\"", f, k))
				}
				forms[k] = map[plural.Form]string{}
				for name, text := range byName {
					form, ok := pluralCategories[name]
					if !ok {
						panic(fmt.Sprintf("%s: message %q: %q is not a CLDR plural category", f, k, name))
					}
					forms[k][form] = text
				}
				merged[k] = byName["other"]
			}
		}
		out[l], counted[l] = merged, forms
	}
	return out, counted
}

// PluralForms returns a counted message's forms in one language by category name,
// nil when the message is not counted there (for tests).
func PluralForms(l Lang, key string) map[string]string {
	f, ok := plurals[l][key]
	if !ok {
		return nil
	}
	out := map[string]string{}
	for name, form := range pluralCategories {
		if s, ok := f[form]; ok {
			out[name] = s
		}
	}
	return out
}

// PluralCategoriesOf lists the CLDR categories the language's integers fall in.
func PluralCategoriesOf(l Lang) []string {
	tag := language.Make(string(l))
	seen := map[plural.Form]bool{}
	for _, n := range []int{0, 1, 2, 3, 5, 11, 21, 100, 1000, 1000000} {
		seen[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)] = true
	}
	var out []string
	for name, form := range pluralCategories {
		if seen[form] {
			out = append(out, name)
		}
	}
	return out
}

// Catalog returns a copy of one language's messages (for tests and tools).
func Catalog(l Lang) map[string]string {
	out := map[string]string{}
	for k, v := range catalogs[l] {
		out[k] = v
	}
	return out
}

// Loc renders text for one language.
type Loc struct {
	Lang    Lang
	tag     language.Tag
	printer *message.Printer
	// Release is the release the page is read from; nil on the live portal. Links
	// made with URL stay inside the release.
	Release *ReleaseRef
}

// ReleaseRef names the release a page is read from.
type ReleaseRef struct {
	ID    string // 2026-12-07
	AsOf  string // the data's as-of date in the release
	CutAt string // when it was cut (RFC 3339)
	// Version is the newest change the release holds: a record first changed
	// after it is not in the release.
	Version int64
}

// Base is the release's part of a URL, after the language prefix.
func (r *ReleaseRef) Base() string { return "/releases/" + r.ID }

// NewLoc returns the localiser for l (English for an unknown l).
func NewLoc(l Lang) *Loc {
	if _, ok := catalogs[l]; !ok {
		l = English
	}
	tag := language.Make(string(l))
	return &Loc{Lang: l, tag: tag, printer: message.NewPrinter(tag)}
}

// T returns the message for key; a missing key shows as the key itself, which the
// catalog test turns into a failure before it can reach a user.
func (l *Loc) T(key string) string {
	if s, ok := catalogs[l.Lang][key]; ok {
		return s
	}
	if s, ok := catalogs[English][key]; ok {
		return s
	}
	return key
}

// F formats a message whose text holds {name} placeholders, e.g. F("x", "n", "3").
func (l *Loc) F(key string, pairs ...string) string {
	s := l.T(key)
	for i := 0; i+1 < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, "{"+pairs[i]+"}", pairs[i+1])
	}
	return s
}

// C formats a counted message: the form CLDR's plural rules give n in the language
// ("1 agreement", "2 agreements"; French 0 and 1 take the singular), with {n} as n
// in the language's digits and the other placeholders from pairs.
func (l *Loc) C(key string, n int, pairs ...string) string {
	forms, ok := plurals[l.Lang][key]
	if _, plain := catalogs[l.Lang][key]; !ok && !plain {
		forms = plurals[English][key] // not translated: English, as T does
	}
	s, ok := forms[plural.Cardinal.MatchPlural(l.tag, abs(n), 0, 0, 0, 0)]
	if !ok {
		s = l.T(key) // one form for every number (Korean), the "other" form, or the key for the catalog test to catch
	}
	s = strings.ReplaceAll(s, "{n}", l.N(n))
	for i := 0; i+1 < len(pairs); i += 2 {
		s = strings.ReplaceAll(s, "{"+pairs[i]+"}", pairs[i+1])
	}
	return s
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// N formats an integer with the language's digit grouping.
func (l *Loc) N(n int) string { return l.printer.Sprintf("%d", n) }

// Prefix is the URL prefix of the page's links: the language ("" for English), and
// in a release the release (/fr/releases/2026-12-07).
func (l *Loc) Prefix() string {
	if l.Release != nil {
		return LangPrefix(l.Lang) + l.Release.Base()
	}
	return LangPrefix(l.Lang)
}

// LangPrefix is the URL prefix of a language ("" for English).
func LangPrefix(l Lang) string {
	if l == English {
		return ""
	}
	return "/" + string(l)
}

// URL prefixes a root-relative path with the language (and the release). The home
// page under a prefix is the prefix itself (/fr, not /fr/: trailing slashes redirect).
func (l *Loc) URL(path string) string {
	if pre := l.Prefix(); path == "/" && pre != "" {
		return pre
	}
	return l.Prefix() + path
}

// LiveURL is URL on the live portal, also from a release: for what a release does
// not hold (signing in, suggesting a correction, the list of releases).
func (l *Loc) LiveURL(path string) string { return LangPrefix(l.Lang) + path }

// Country names a country (ISO 3166-1 alpha-2) in the language, from CLDR.
func (l *Loc) Country(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := display.Regions(l.tag).Name(r); name != "" {
		return name
	}
	return code
}

// LangName is a language's name in itself, for the switcher.
func LangName(lang Lang) string {
	return display.Self.Name(language.Make(string(lang)))
}

// Date formats a YYYY, YYYY-MM or YYYY-MM-DD date at its own precision; ” is unknown.
func (l *Loc) Date(d string) string {
	if d == "" {
		return l.T("unknown")
	}
	parts := strings.Split(d, "-")
	switch l.Lang {
	case Korean:
		s := parts[0] + "년"
		if len(parts) > 1 {
			s += " " + strings.TrimPrefix(parts[1], "0") + "월"
		}
		if len(parts) > 2 {
			s += " " + strings.TrimPrefix(parts[2], "0") + "일"
		}
		return s
	default:
		if len(parts) == 1 {
			return parts[0]
		}
		month := l.T("month." + parts[1])
		if len(parts) == 2 {
			return month + " " + parts[0]
		}
		day := strings.TrimPrefix(parts[2], "0")
		if l.Lang == French {
			if day == "1" {
				day = "1er"
			}
			return day + " " + month + " " + parts[0]
		}
		return day + " " + month + " " + parts[0]
	}
}

// Year is the year part of a date, or "unknown".
func (l *Loc) Year(d string) string {
	if len(d) < 4 {
		return l.T("unknown")
	}
	return d[:4]
}

// Term translates a vocabulary value (kind, status, level, event, category) with an
// "unknown" fallback for the empty value.
func (l *Loc) Term(group, value string) string {
	if value == "" || value == "unknown" {
		return l.T("unknown")
	}
	return l.T(group + "." + value)
}

// Collator orders names as the language sorts them (CLDR collation: accents after
// their letters in French, Hangul in its order in Korean). Make one per sort: it
// is not safe for concurrent use.
func (l *Loc) Collator() *collate.Collator { return collate.New(l.tag) }
