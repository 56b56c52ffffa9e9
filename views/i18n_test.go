package views

import (
	"bytes"
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

func placeholders(s string) string {
	p := placeholder.FindAllString(s, -1)
	sort.Strings(p)
	return strings.Join(p, ",")
}

// Every language has every message, with the same placeholders as English.
func TestCatalogsAreComplete(t *testing.T) {
	en := Catalog(English)
	for _, l := range []Lang{French, Korean} {
		cat := Catalog(l)
		for k, v := range en {
			tr, ok := cat[k]
			switch {
			case !ok:
				t.Errorf("%s: missing %q", l, k)
			case tr == "":
				t.Errorf("%s: empty %q", l, k)
			case placeholders(tr) != placeholders(v):
				t.Errorf("%s: %q has placeholders %s, English has %s", l, k, placeholders(tr), placeholders(v))
			}
		}
		for k := range cat {
			if _, ok := en[k]; !ok {
				t.Errorf("%s: %q is not in the English catalog", l, k)
			}
		}
	}
}

var keyUse = regexp.MustCompile(`\.(?:T|F|C)\("([a-z0-9_.]+)"`)

// Every message key the code asks for exists, so no page shows a raw key.
func TestUsedKeysExist(t *testing.T) {
	en := Catalog(English)
	for f, body := range sourceFiles(t) {
		for _, m := range keyUse.FindAllStringSubmatch(body, -1) {
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix completed at run time (month., error.)
			}
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s uses %q, which no catalog has", f, m[1])
			}
		}
	}
	for _, group := range []struct {
		prefix string
		values []string
	}{{"kind.", []string{"sister", "friendship"}}, {"status.", []string{"active", "ended", "planned", "unverified"}},
		{"month.", []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}},
		{"error.", []string{"400.title", "404.title", "405.title", "413.title", "500.title", "503.title"}}} {
		for _, v := range group.values {
			if _, ok := en[group.prefix+v]; !ok {
				t.Errorf("missing %s%s", group.prefix, v)
			}
		}
	}
}

func TestDatesKeepTheirPrecision(t *testing.T) {
	cases := []struct {
		lang     Lang
		in, want string
	}{
		{English, "2010", "2010"}, {English, "1996-09", "September 1996"}, {English, "2020-07-20", "20 July 2020"},
		{French, "2003-11-01", "1er novembre 2003"}, {Korean, "2007-04-23", "2007년 4월 23일"}, {Korean, "1996-09", "1996년 9월"},
		{English, "", "unknown"}, {Korean, "", "알 수 없음"},
	}
	for _, c := range cases {
		if got := NewLoc(c.lang).Date(c.in); got != c.want {
			t.Errorf("%s Date(%q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

func TestCountryNamesComeFromCLDR(t *testing.T) {
	for l, want := range map[Lang]string{English: "South Korea", French: "Corée du Sud", Korean: "대한민국"} {
		if got := NewLoc(l).Country("KR"); got != want {
			t.Errorf("%s: Country(KR) = %q, want %q", l, got, want)
		}
	}
}

// A label with markup or go-echarts' function marker reaches the figure only as
// escaped text: the figure carries no script at all (the server draws the picture,
// and chartsvg's own tests cover what a label does inside the SVG).
func TestChartFigureEscapesLabels(t *testing.T) {
	l := NewLoc(English)
	evil := "</script><script>alert(1)</script>"
	c := PartnerCountries(l, "evil_chart", []CountryCount{{Code: "KR", N: 3}}, 5, evil+"__f__alert(2)__f__", "2026-11-27", false)
	c.Table.Rows = append(c.Table.Rows, []string{evil, "1"})
	var buf bytes.Buffer
	if err := figure(l, c).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	if strings.Contains(html, "<script") {
		t.Errorf("chart markup has a script:\n%s", html)
	}
	if !strings.Contains(html, `&lt;/script&gt;&lt;script&gt;alert(1)`) {
		t.Error("markup in a label is not escaped")
	}
}
