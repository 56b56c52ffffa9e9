package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestChartPageAndTwinsAgree(t *testing.T) {
	path := "/charts/agreements-by-year?country=kr"
	d := doc(t, mustGet(t, path, http.StatusOK))
	pic := d.Find("figure.chart .chart-svg.wide svg[role='img']")
	if pic.Length() != 1 || pic.Find("path[data-i]").Length() == 0 {
		t.Fatal("chart page has no drawn chart (an inline <svg> with bars)")
	}
	// The same picture as an image of its own, for a story or a slide.
	rec := get(t, "/charts/agreements-by-year.svg?country=kr")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "image/svg+xml") {
		t.Fatalf(".svg: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if got, want := strings.Count(rec.Body.String(), "data-i="), pic.Find("[data-i]").Length(); got != want {
		t.Errorf(".svg draws %d bars, the page's picture %d", got, want)
	}
	// The HTML table: year, sister, friendship, unknown, total (formatted numbers).
	var htmlRows [][]string
	d.Find("figure.chart tbody tr").Each(func(_ int, s *goquery.Selection) {
		var row []string
		s.Find("th, td").Each(func(_ int, c *goquery.Selection) { row = append(row, strings.ReplaceAll(c.Text(), ",", "")) })
		htmlRows = append(htmlRows, row)
	})
	csvBody := mustGet(t, "/charts/agreements-by-year.csv?country=kr", http.StatusOK)
	recs, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "year,sister,friendship,unknown,total" {
		t.Fatalf("CSV header = %v", recs[0])
	}
	recs = recs[1:]
	// The HTML table fills years without activity; compare the years the CSV has.
	byYear := map[string][]string{}
	for _, r := range htmlRows {
		byYear[r[0]] = r[1:]
	}
	for _, r := range recs {
		year := r[0]
		if year == "" {
			year = "Year unknown"
		}
		if got := strings.Join(byYear[year], ","); got != strings.Join(r[1:], ",") {
			t.Errorf("year %s: HTML %s, CSV %s", year, got, strings.Join(r[1:], ","))
		}
	}
	var js struct {
		Fields []string         `json:"fields"`
		Data   []map[string]any `json:"data"`
		AsOf   string           `json:"as_of"`
	}
	if err := json.Unmarshal([]byte(mustGet(t, "/charts/agreements-by-year.json?country=kr", http.StatusOK)), &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Data) != len(recs) || js.AsOf == "" {
		t.Errorf("JSON has %d rows (as of %q), CSV %d", len(js.Data), js.AsOf, len(recs))
	}
	// The permanent link spells out every parameter.
	perm, _ := d.Find("#permalink").Attr("value")
	if !strings.HasSuffix(perm, "/charts/agreements-by-year?country=kr&partner=any&government=any&kind=any&from=any&to=any") {
		t.Errorf("permalink = %q", perm)
	}
	if code := d.Find("#embed-code").Text(); !strings.Contains(code, `<iframe src="http://portal.test/embed/charts/agreements-by-year?country=kr&`) {
		t.Errorf("embed snippet = %q", code)
	}
}

func TestEveryChartDraws(t *testing.T) {
	for _, path := range []string{"/charts", "/charts/partner-countries?country=any&kind=any&top=5",
		"/charts/activities-by-year?government=dangjin-kr", "/charts/activity-flows?country=ca&partner=kr",
		"/charts/activity-flows?agreement=burnaby-ca--hwaseong-kr&from=2020&to=2025", "/charts/activeness-by-region?country=ca&partner=kr",
		"/ko/charts/activities-by-year?country=kr&category=youth_education", "/fr/embed/charts/activeness-by-region?country=ca",
		"/charts/activities-by-year.csv?direction=kr", "/charts/activeness-by-region.json?country=ca&partner=kr"} {
		mustGet(t, path, http.StatusOK)
	}
}

func TestChartParametersAreValidated(t *testing.T) {
	cases := map[string]string{
		"/charts/agreements-by-year?country=zzz":          "country",
		"/charts/agreements-by-year?country=zz":           "country",
		"/charts/agreements-by-year?kind=cousin":          "kind",
		"/charts/agreements-by-year?from=abc":             "from",
		"/charts/agreements-by-year?from=2020&to=2010":    "from",
		"/charts/agreements-by-year?partner=kr":           "partner",
		"/charts/agreements-by-year?government=%3Cscript": "government",
		"/charts/partner-countries?top=0":                 "top",
		"/charts/activeness-by-region":                    "country",
		"/charts/activity-flows":                          "",
		"/charts/activities-by-year?category=gardening":   "category",
	}
	for path, name := range cases {
		body := mustGet(t, path, http.StatusBadRequest)
		if name != "" && !strings.Contains(body, name) {
			t.Errorf("%s: the 400 page does not name %q", path, name)
		}
		if strings.Contains(body, "<script") && strings.Contains(body, "%3Cscript") {
			t.Errorf("%s: echoes markup", path)
		}
	}
	mustGet(t, "/charts/no-such-chart", http.StatusNotFound)
	mustGet(t, "/embed/charts/agreements-by-year.csv", http.StatusNotFound)
}

// Embeds may be framed by any site; nothing else may be framed at all.
func TestFramingRules(t *testing.T) {
	embed := get(t, "/embed/charts/agreements-by-year?country=kr")
	if embed.Code != http.StatusOK {
		t.Fatalf("embed: %d", embed.Code)
	}
	if csp := embed.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") || embed.Header().Get("X-Frame-Options") != "" {
		t.Errorf("embed is not frameable: CSP %q, X-Frame-Options %q", csp, embed.Header().Get("X-Frame-Options"))
	}
	if embed.Header().Get("Set-Cookie") != "" {
		t.Error("embed sets a cookie")
	}
	for _, path := range []string{"/governments/burnaby-ca", "/charts/agreements-by-year?country=kr", "/"} {
		rec := get(t, path)
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || rec.Header().Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s is frameable: CSP %q", path, csp)
		}
	}
}
