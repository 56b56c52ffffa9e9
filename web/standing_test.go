package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// referenceRow returns the cells of the published-figures row whose heading starts
// with label, joined by " | ".
func referenceRow(d *goquery.Document, label string) string {
	var out string
	d.Find("table.references tbody tr").Each(func(_ int, s *goquery.Selection) {
		if strings.HasPrefix(text(s.Find("th")), label) {
			var cells []string
			s.Find("th, td").Each(func(_ int, c *goquery.Selection) { cells = append(cells, text(c)) })
			out = strings.Join(cells, " | ")
		}
	})
	return out
}

// /countries/ca/kr?as_of=2019-12-31 sets the portal's Canada–Korea records of that
// date beside the published 21 (APF, December 2019), by province, and says why they
// differ: the 2004 letter of intent and the 2024 plan are not counted, Ottawa–Seoul
// is unverified, a dozen relationships have no signing date.
func TestCanadaKoreaInForceBesideThePublished21(t *testing.T) {
	d := doc(t, mustGet(t, "/countries/ca/kr?as_of=2019-12-31", http.StatusOK))
	sec := d.Find("section.standing")
	if got := text(sec.Find("h2")); got != "In force on 31 December 2019" {
		t.Errorf("heading = %q", got)
	}
	if got := sec.Find(`input[name="as_of"]`).AttrOr("value", ""); got != "2019-12-31" {
		t.Errorf("the date field holds %q", got)
	}
	fig := text(sec.Find("p.figure"))
	if !strings.HasPrefix(fig, "7 of 22 recorded relationships in force") {
		t.Errorf("figure = %q, want 7 of 22 (the dated ones signed by then)", fig)
	}
	apart := text(sec.Find("ul.apart"))
	for _, want := range []string{"12 possibly in force", "1 unverified", "Ottawa – Seoul", "2 planned", "Greater Sudbury – Jeongseon-gun", "Quebec – Seoul"} {
		if !strings.Contains(apart, want) {
			t.Errorf("listed apart: %q lacks %q", apart, want)
		}
	}
	all := referenceRow(d, "relationships")
	for _, want := range []string{"as of December 2019 | 21 | 20 | 95.2%", "7 in force, 12 possibly in force", "1 unverified", "At least 1", "2 planned"} {
		if !strings.Contains(all, want) {
			t.Errorf("Canada–Korea row %q lacks %q", all, want)
		}
	}
	for prov, want := range map[string]string{
		"Ontario":          "| 9 | 7 | 77.8%", // 2 dated, 4 undated, Ottawa–Seoul unverified; Greater Sudbury planned
		"Alberta":          "| 4 | 5 | 125%",
		"British Columbia": "| 4 | 3 | 75%",
		"Quebec":           "| 2 | 2 | 100%", // Quebec City–Seoul (2024) planned, not counted
		"New Brunswick":    "| 2 | 2 | 100%",
		"Manitoba":         "| 0 | 1 |",
	} {
		if got := referenceRow(d, prov); !strings.Contains(got, want) {
			t.Errorf("%s row = %q, want %q", prov, got, want)
		}
	}
	if got := d.Find(`link[rel=canonical]`).AttrOr("href", ""); got != "http://portal.test/countries/ca/kr?as_of=2019-12-31" {
		t.Errorf("canonical = %q, want the date in it", got)
	}
	// The published figures are beside the portal's on every date asked, compared at
	// their own date; today's page counts what is in force today.
	today := doc(t, mustGet(t, "/countries/ca/kr", http.StatusOK))
	if got := text(today.Find("section.standing h2")); got != "In force today" {
		t.Errorf("default heading = %q", got)
	}
	if fig := text(today.Find("section.standing p.figure")); !strings.HasPrefix(fig, "19 of 22") {
		t.Errorf("today: %q, want 19 of 22 (active, signed or not)", fig)
	}
	if !strings.Contains(referenceRow(today, "relationships"), "| 21 | 20 |") {
		t.Error("the published 21 is not beside today's page")
	}
}

// /countries/kr shows the 1,725 Korean relationships GAOK counts beside the
// portal's, with the share the portal holds and its unknown kinds.
func TestKoreaBesideGAOKs1725(t *testing.T) {
	for _, c := range []struct{ path, label, want string }{
		{"/countries/kr", "relationships", "| 1,725 | 593 | 34.4%"},
		{"/fr/countries/kr", "relations", "| 1 725 | 593 | 34,4 %"},
		{"/ko/countries/kr", "관계", "| 1,725 | 593 | 34.4%"},
	} {
		d := doc(t, mustGet(t, c.path, http.StatusOK))
		if got := referenceRow(d, c.label); !strings.Contains(strings.ReplaceAll(got, "\u00a0", " "), c.want) {
			t.Errorf("%s: %q lacks %q", c.path, got, c.want)
		}
	}
	d := doc(t, mustGet(t, "/countries/kr", http.StatusOK))
	if got := referenceRow(d, "sister"); !regexp.MustCompile(`\| 716 \| \d+ \|.*have no known kind`).MatchString(got) {
		t.Errorf("sister row = %q: want 716 and the unknown kinds", got)
	}
	if got := referenceRow(d, "partner countries"); !strings.Contains(got, "82") {
		t.Errorf("countries row = %q", got)
	}
}

func TestAsOfIsValidated(t *testing.T) {
	for _, path := range []string{
		"/countries/ca/kr?as_of=2019-13-01", "/countries/ca/kr?as_of=2019", "/countries/kr?as_of=yesterday",
		"/countries/ca/kr?as_of=2019-12-31&as_of=2020-01-01", "/governments/burnaby-ca?as_of=2999-01-01",
		"/countries/ca/kr.csv?as_of=31-12-2019", "/governments/burnaby-ca.json?as_of=1899-12-31",
	} {
		body := mustGet(t, path, http.StatusBadRequest)
		if !strings.Contains(body, "YYYY-MM-DD") {
			t.Errorf("%s: the 400 page does not say the form", path)
		}
	}
}

// The twins carry where each relationship stood on the page's date (the standing
// column, before the two region names appended after it).
func TestTwinsCarryTheStandingOnTheDate(t *testing.T) {
	body := mustGet(t, "/countries/ca/kr.csv?as_of=2019-12-31", http.StatusOK)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^belleville-ca--gunpo-kr,.*,in_force,[^,]*,[^,]*$`),
		regexp.MustCompile(`(?m)^calgary-ca--daejeon-kr,.*,possibly,[^,]*,[^,]*$`),
		regexp.MustCompile(`(?m)^quebec-ca--seoul-kr,.*,planned,[^,]*,[^,]*$`),
	} {
		if !want.MatchString(body) {
			t.Errorf("/countries/ca/kr.csv?as_of=2019-12-31 lacks %s", want)
		}
	}
	if body := mustGet(t, "/governments/burnaby-ca.csv?as_of=2009-01-01", http.StatusOK); !regexp.MustCompile(`(?m)^burnaby-ca--hwaseong-kr,.*,not_yet,[^,]*,[^,]*$`).MatchString(body) {
		t.Errorf("Burnaby–Hwaseong (2010) on 2009-01-01 is not 'not_yet':\n%s", body)
	}
}

// The home page says how much of its headline figure is known, and its chart of
// agreements per year draws the dated sample rather than one bar of 99% unknown,
// while its table still counts the unknown ones.
func TestHomeLeadsWithTheDatedSample(t *testing.T) {
	d := doc(t, mustGet(t, "/", http.StatusOK))
	if got := text(d.Find("ul.headline li").First()); !strings.Contains(got, "163 with a known signing year, 109 with a known kind") {
		t.Errorf("headline = %q", got)
	}
	fig := d.Find("#fig-agreements_per_year")
	if got := text(fig.Find(".summary")); !strings.Contains(got, "24,337 without a known year (99.3% of all) are counted in the table but not drawn") {
		t.Errorf("summary = %q", got)
	}
	if last := text(fig.Find("tbody tr").Last()); !strings.HasPrefix(last, "Year unknown") || !strings.Contains(last, "24,337") {
		t.Errorf("the table's last row = %q, want the unknown year with its count", last)
	}
	// A chart whose counts are mostly dated keeps its unknown column in the drawing.
	if got := text(doc(t, mustGet(t, "/governments/dangjin-kr", http.StatusOK)).Find("figure.chart .summary")); strings.Contains(got, "not drawn") {
		t.Errorf("Dangjin's activity chart hides an unknown column: %q", got)
	}
}

// Charts of agreements take ?as_of= too: they count what was in force on the day,
// say what they left out, and their permanent link carries the date.
func TestChartsCountWhatWasInForce(t *testing.T) {
	d := doc(t, mustGet(t, "/charts/partner-countries?country=ca&as_of=2019-12-31", http.StatusOK))
	if got := text(d.Find("h1")); !strings.Contains(got, "in force on 31 December 2019") {
		t.Errorf("caption = %q", got)
	}
	if got := text(d.Find("figure.chart .summary")); !regexp.MustCompile(`Counted: the \d+ agreements in force on 31 December 2019 \(\d+ of them possibly`).MatchString(got) {
		t.Errorf("summary = %q", got)
	}
	if got := d.Find("#permalink").AttrOr("value", ""); !strings.HasSuffix(got, "&as_of=2019-12-31") {
		t.Errorf("permalink = %q, want the date in it", got)
	}
	// South Korea's bar is the 19 Canada–Korea relationships in force or possibly
	// in force then (7 dated, 12 undated), not the 22 recorded today.
	csv := mustGet(t, "/charts/partner-countries.csv?country=ca&top=50&as_of=2019-12-31", http.StatusOK)
	if !regexp.MustCompile(`(?m)^KR,19\r?$`).MatchString(csv) {
		t.Errorf("KR in force on 2019-12-31:\n%s", csv)
	}
	if !regexp.MustCompile(`(?m)^KR,22\r?$`).MatchString(mustGet(t, "/charts/partner-countries.csv?country=ca&top=50", http.StatusOK)) {
		t.Error("without a date the chart does not count every record")
	}
	byYear := mustGet(t, "/charts/agreements-by-year.csv?country=ca&partner=kr&as_of=2009-12-31", http.StatusOK)
	if strings.Contains(byYear, "2010,") || strings.Contains(byYear, "2015,") || !strings.Contains(byYear, "2008,1,") {
		t.Errorf("Canada–Korea by year, in force on 2009-12-31:\n%s", byYear)
	}
	if got := doc(t, mustGet(t, "/charts/partner-countries?country=ca", http.StatusOK)).Find("#permalink").AttrOr("value", ""); strings.Contains(got, "as_of") {
		t.Errorf("a live link names a date: %q", got)
	}
	for _, bad := range []string{"2019-12-32", "2999-01-01", "any-day"} {
		if body := mustGet(t, "/charts/partner-countries?country=ca&as_of="+bad, http.StatusBadRequest); !strings.Contains(body, "YYYY-MM-DD") {
			t.Errorf("as_of=%s: the 400 page does not say the form", bad)
		}
	}
}

// A chart of a country's agreements names the published figure and where the two
// are set side by side.
func TestChartsCiteThePublishedFigure(t *testing.T) {
	d := doc(t, mustGet(t, "/charts/partner-countries?country=kr", http.StatusOK))
	if got := text(d.Find("figure.chart .summary")); !strings.Contains(got, "Published figure for comparison: 1,725 relationships as of December 2019") ||
		!strings.Contains(got, "/countries/kr#published") {
		t.Errorf("summary = %q", got)
	}
	if got := text(doc(t, mustGet(t, "/charts/partner-countries?country=kr&kind=sister", http.StatusOK)).Find("figure.chart .summary")); strings.Contains(got, "1,725") {
		t.Errorf("a chart of sister agreements cites the count of all relationships: %q", got)
	}
}
