package views

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// sourceFiles are the files that ask for messages.
func sourceFiles(t *testing.T) map[string]string {
	t.Helper()
	files, _ := filepath.Glob("*.templ")
	more, _ := filepath.Glob("*.go")
	web, _ := filepath.Glob("../web/*.go")
	out := map[string]string{}
	for _, f := range append(append(files, more...), web...) {
		if strings.HasSuffix(f, "_templ.go") || strings.HasSuffix(f, "_test.go") {
			continue
		}
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = string(body)
	}
	return out
}

var (
	countedUse = regexp.MustCompile(`\.C\("([a-z0-9_.]+)"`)
	formatUse  = regexp.MustCompile(`\.(?:F|T)\("([a-z0-9_.]+)"`)
)

// notCounted are the messages with an {n} that is not a number of things that can
// be one: a label before a total, a fixed window of 5 years, sizes, limits.
var notCounted = map[string]string{
	"browse.agreements.count": "label: total", "browse.governments.count": "label: total", "browse.activities.count": "label: total",
	"browse.showing": "rows of a total", "browse.show_more": "a button", "chart.other_countries": "a label",
	"chart.partners.top": "a number in brackets", "activeness.rule": "the 5-year window", "activeness.years_of": "of 5 years",
	"activity.participants": "as stated by the source", "agreement.activeness_detail": "of the 5 full years",
	"watch.dormant_shown": "of a total", "watch.anniversaries_shown": "of a total", "watch.years": "10 years or more",
	"about.activeness_text": "the 5-year window", "standing.more": "and N more", "reference.later": "a count before a verb in the past",
	"reference.ended": "a count before a participle", "reference.planned": "a count before an adjective", "reference.surplus": "N more",
	"corrections.count": "label: total", "data.size_kb": "a size", "data.size_mb": "a size", "history.limited": "a fixed limit of 500",
	"import.err.reason_long": "a limit of characters", "import.err.lines": "a limit of lines", "reporting.summary": "N of a total",
	"reporting.year_total": "label: total", "report.review": "label: total", "search.shown_range": "a range of a total",
	"costs.costed_of": "a bare fraction in a table cell under its heading", "standing.count": "a bare number (with its Korean counter) before a label",
}

// Every counted message has the plural forms CLDR's rules give its language
// (English one and other, French one and other, Korean other), with no placeholder
// English lacks; every message with a count {n} is counted; and a counted message is
// never formatted as plain text, where its count could not choose the form.
func TestCountedMessagesHaveTheirPluralForms(t *testing.T) {
	counted := map[string]bool{}
	for f, body := range sourceFiles(t) {
		for _, m := range countedUse.FindAllStringSubmatch(body, -1) {
			counted[m[1]] = true
		}
		for _, m := range formatUse.FindAllStringSubmatch(body, -1) {
			if PluralForms(English, m[1]) != nil {
				t.Errorf("%s formats %q as text: it is counted, use C", f, m[1])
			}
		}
	}
	if len(counted) < 20 {
		t.Fatalf("only %d counted messages found", len(counted))
	}
	need := map[Lang][]string{English: {"one", "other"}, French: {"one", "other"}, Korean: {"other"}}
	for key := range counted {
		other := placeholders(Catalog(English)[key])
		for lang, cats := range need {
			forms := PluralForms(lang, key)
			if forms == nil && lang == Korean {
				forms = map[string]string{"other": Catalog(Korean)[key]} // one form: plain text will do
			}
			for _, c := range cats {
				if forms[c] == "" {
					t.Errorf("%s: counted message %q has no %q form", lang, key, c)
				}
			}
			for c, s := range forms {
				for _, p := range strings.Split(placeholders(s), ",") {
					if p != "" && !strings.Contains(other, p) {
						t.Errorf("%s: %q form %q has %s, which English lacks", lang, key, c, p)
					}
				}
			}
		}
	}
	for key, text := range Catalog(English) {
		if strings.Contains(text, "{n}") && !counted[key] && notCounted[key] == "" {
			t.Errorf("%q counts {n} but is not a counted message (use C and give it plural forms, or say why in notCounted)", key)
		}
	}
	if c := PluralCategoriesOf(French); !slices.Contains(c, "one") || !slices.Contains(c, "other") {
		t.Errorf("French plural categories from CLDR: %v", c)
	}
}

// Each counted message renders with 0, 1, 2 and 1,000 in every language: no
// placeholder left, the number in the language's digits, and in English the
// singular exactly for 1, in French for 0 and 1.
func TestCountedMessagesRender(t *testing.T) {
	counted := map[string]bool{}
	for _, body := range sourceFiles(t) {
		for _, m := range countedUse.FindAllStringSubmatch(body, -1) {
			counted[m[1]] = true
		}
	}
	fill := []string{"a", "A", "b", "B", "name", "Burnaby", "countries", "2 countries", "placed", "1 of them", "from", "2021",
		"to", "2026", "of", "5", "pct", "9%", "known", "3", "unknown", "4", "scope", "worldwide", "date", "1 May 2019",
		"possibly", "0", "apart", "2"}
	for key := range counted {
		for _, lang := range Langs {
			l := NewLoc(lang)
			for _, n := range []int{0, 1, 2, 1000} {
				s := l.C(key, n, fill...)
				if strings.Contains(s, "{") || s == key {
					t.Errorf("%s %q with %d: %q", lang, key, n, s)
				}
			}
			forms := PluralForms(lang, key)
			if forms == nil || !strings.Contains(forms["other"], "{n}") {
				continue
			}
			if big := l.C(key, 1000, fill...); !strings.Contains(big, l.N(1000)) {
				t.Errorf("%s %q with 1000: %q lacks %q", lang, key, big, l.N(1000))
			}
			if lang == English && l.C(key, 1, fill...) == l.C(key, 2, fill...) && forms["one"] != forms["other"] {
				t.Errorf("%q: 1 and 2 give the same English text", key)
			}
		}
	}
	for _, c := range []struct {
		lang Lang
		key  string
		n    int
		want string
	}{
		{English, "search.agreements", 1, "1 agreement"}, {English, "search.agreements", 0, "0 agreements"},
		{English, "search.agreements", 1000, "1,000 agreements"}, {French, "search.agreements", 0, "0 accord"},
		{French, "search.agreements", 1, "1 accord"}, {French, "search.agreements", 2, "2 accords"},
		{Korean, "search.agreements", 1, "협정 1건"}, {English, "home.activities", 1, "recorded exchange activity"},
		{French, "home.activities", 1, "activité d'échange recensée"}, {English, "chart.activities.summary", 1, "1 recorded activity (worldwide)."},
	} {
		if got := NewLoc(c.lang).C(c.key, c.n, "scope", "worldwide"); got != c.want {
			t.Errorf("%s C(%q, %d) = %q, want %q", c.lang, c.key, c.n, got, c.want)
		}
	}
}
