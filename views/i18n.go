package views

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"

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

// catalogs maps each language to its messages, loaded once at start-up.
var catalogs = loadCatalogs()

func loadCatalogs() map[Lang]map[string]string {
	out := map[Lang]map[string]string{}
	for _, l := range Langs {
		files, err := fs.Glob(localeFiles, "locales/"+string(l)+"/*.json")
		if err != nil || len(files) == 0 {
			panic(fmt.Sprintf("no message files for %s", l))
		}
		merged := map[string]string{}
		for _, f := range files {
			body, err := localeFiles.ReadFile(f)
			if err != nil {
				panic(err)
			}
			m := map[string]string{}
			if err := json.Unmarshal(body, &m); err != nil {
				panic(fmt.Sprintf("%s: %v", f, err))
			}
			for k, v := range m {
				if _, dup := merged[k]; dup {
					panic(fmt.Sprintf("%s: message %q is defined twice", f, k))
				}
				merged[k] = v
			}
		}
		out[l] = merged
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
}

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

// N formats an integer with the language's digit grouping.
func (l *Loc) N(n int) string { return l.printer.Sprintf("%d", n) }

// Prefix is the URL prefix of the language ("" for English).
func (l *Loc) Prefix() string { return LangPrefix(l.Lang) }

// LangPrefix is the URL prefix of a language ("" for English).
func LangPrefix(l Lang) string {
	if l == English {
		return ""
	}
	return "/" + string(l)
}

// URL prefixes a root-relative path with the language.
func (l *Loc) URL(path string) string { return l.Prefix() + path }

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
