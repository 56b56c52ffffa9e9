package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func doc(t testing.TB, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// partnerRow finds the row of a government's partner table that names partner.
func partnerRow(t testing.TB, d *goquery.Document, partner string) *goquery.Selection {
	t.Helper()
	var row *goquery.Selection
	d.Find("table tbody tr").Each(func(_ int, s *goquery.Selection) {
		if strings.Contains(s.Find("td").First().Text(), partner) {
			row = s
		}
	})
	if row == nil {
		t.Fatalf("no partner row for %q", partner)
	}
	return row
}

func TestBurnabyShowsHwaseong(t *testing.T) {
	body := mustGet(t, "/governments/burnaby-ca", http.StatusOK)
	row := partnerRow(t, doc(t, body), "Hwaseong")
	text := strings.Join(strings.Fields(row.Text()), " ")
	for _, want := range []string{"화성시", "sister", "2010", "South Korea"} {
		if !strings.Contains(text, want) {
			t.Errorf("Burnaby's Hwaseong row %q lacks %q", text, want)
		}
	}
}

func TestHwaseongShowsBurnaby(t *testing.T) {
	body := mustGet(t, "/governments/hwaseong-kr", http.StatusOK)
	d := doc(t, body)
	if h1 := d.Find("h1").Text(); !strings.Contains(h1, "Hwaseong") || !strings.Contains(h1, "화성시") {
		t.Errorf("h1 = %q, want romanised and own-script names", h1)
	}
	partnerRow(t, d, "Burnaby")
}

func TestCanadaKoreaByProvince(t *testing.T) {
	body := mustGet(t, "/countries/ca/kr", http.StatusOK)
	d := doc(t, body)
	var groups []string
	d.Find("section.region-group h3").Each(func(_ int, s *goquery.Selection) { groups = append(groups, s.Text()) })
	joined := strings.Join(groups, " | ")
	for _, prov := range []string{"British Columbia", "Ontario", "Alberta", "Quebec", "New Brunswick", "Manitoba"} {
		if !strings.Contains(joined, prov) {
			t.Errorf("no group for %s in %q", prov, joined)
		}
	}
	containsAll(t, "/countries/ca/kr", body, "Burnaby", "Coquitlam", "Gyeonggi")
	// The list is seen from Canada: every row's first column is a Canadian place.
	if n := d.Find("section.region-group tbody tr").Length(); n < 20 {
		t.Errorf("only %d Canada–Korea relationships listed", n)
	}
}

func TestTranslatedPages(t *testing.T) {
	cases := []struct{ path, lang, want, notWant string }{
		{"/fr/governments/burnaby-ca", "fr", "Corée du Sud", "Partners"},
		{"/ko/governments/burnaby-ca", "ko", "대한민국", "Partners"},
		{"/fr/countries/ca/kr", "fr", "Canada", "Every relationship"},
		{"/ko/countries/ca/kr", "ko", "캐나다", "Every relationship"},
		{"/fr", "fr", "Rechercher", "Search for a place"},
		{"/ko", "ko", "검색", "Search for a place"},
	}
	for _, c := range cases {
		body := mustGet(t, c.path, http.StatusOK)
		d := doc(t, body)
		if got, _ := d.Find("html").Attr("lang"); got != c.lang {
			t.Errorf("%s: <html lang=%q>, want %q", c.path, got, c.lang)
		}
		if !strings.Contains(body, c.want) {
			t.Errorf("%s: lacks %q", c.path, c.want)
		}
		if strings.Contains(body, c.notWant) {
			t.Errorf("%s: still has English %q", c.path, c.notWant)
		}
		if d.Find(`link[rel=alternate][hreflang=x-default]`).Length() != 1 || d.Find(`link[rel=alternate][hreflang=ko]`).Length() != 1 {
			t.Errorf("%s: missing hreflang alternates", c.path)
		}
	}
}

func TestErrorsAreReadablePages(t *testing.T) {
	cases := []struct {
		path   string
		status int
		want   string
	}{
		{"/governments/no-such-place-zz", http.StatusNotFound, "Page not found"},
		{"/agreements/nope", http.StatusNotFound, "Page not found"},
		{"/countries/zz", http.StatusNotFound, "Page not found"},
		{"/countries/c1", http.StatusNotFound, "Page not found"},
		{"/ko/governments/no-such-place-zz", http.StatusNotFound, "페이지"},
		{"/fr/nothing/here", http.StatusNotFound, "Page introuvable"},
		{"/countries/fr?page=0", http.StatusBadRequest, "whole number"},
		{"/countries/fr?page=abc", http.StatusBadRequest, "whole number"},
		{"/countries/fr?page=99999999999999999999", http.StatusBadRequest, "whole number"},
		{"/search?q=" + strings.Repeat("x", 500), http.StatusBadRequest, "too long"},
	}
	for _, c := range cases {
		body := mustGet(t, c.path, c.status)
		if !strings.Contains(body, c.want) {
			t.Errorf("%s: page lacks %q:\n%s", c.path, c.want, truncate(body, 400))
		}
		for _, leak := range []string{"sql", "SQL", "goroutine", ".go:"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s: error page leaks %q", c.path, leak)
			}
		}
	}
}

func TestUpperCaseCountryRedirects(t *testing.T) {
	rec := get(t, "/countries/CA/KR")
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/countries/ca/kr" {
		t.Errorf("GET /countries/CA/KR: %d → %q", rec.Code, rec.Header().Get("Location"))
	}
}

func TestSearchFindsEveryNameForm(t *testing.T) {
	for _, q := range []string{"Hwaseong", "화성", "hwaseong-kr"} {
		body := mustGet(t, "/search?q="+q, http.StatusOK)
		if !strings.Contains(body, `href="/governments/hwaseong-kr"`) {
			t.Errorf("search %q does not find Hwaseong", q)
		}
	}
	for _, q := range []string{"%25", "_", "%22%3E%3Cscript%3Ealert(1)%3C/script%3E", "'%20OR%201=1--"} {
		body := mustGet(t, "/search?q="+q, http.StatusOK)
		if strings.Contains(body, "<script>alert(1)") {
			t.Errorf("search %q echoes markup unescaped", q)
		}
	}
}

var scriptTag = regexp.MustCompile(`(?is)<script\b[^>]*>`)

// Every page's scripts are either files from this site or JSON data islands, and
// nothing is loaded from another host.
func TestNoInlineScriptOrForeignAssets(t *testing.T) {
	for _, path := range []string{"/", "/ko", "/countries", "/countries/kr", "/countries/ca/kr", "/governments/dangjin-kr",
		"/agreements/burnaby-ca--hwaseong-kr", "/about", "/search?q=seoul", "/governments/nope"} {
		rec := get(t, path)
		body := rec.Body.String()
		d := doc(t, body)
		d.Find("script").Each(func(_ int, s *goquery.Selection) {
			src, hasSrc := s.Attr("src")
			typ, _ := s.Attr("type")
			switch {
			case hasSrc && strings.HasPrefix(src, "/static/"):
			case !hasSrc && typ == "application/json":
			default:
				t.Errorf("%s: script that is neither a local file nor a JSON island: %s", path, scriptTag.FindString(body))
			}
		})
		d.Find("link[href], img[src], script[src]").Each(func(_ int, s *goquery.Selection) {
			u := s.AttrOr("href", s.AttrOr("src", ""))
			rel := s.AttrOr("rel", "")
			if rel == "canonical" || rel == "alternate" {
				return // links to this portal's own pages, not loaded
			}
			if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
				t.Errorf("%s: loads %q from elsewhere", path, u)
			}
		})
		d.Find("[onclick], [onload], [onerror], [style]").Each(func(_ int, s *goquery.Selection) {
			t.Errorf("%s: inline handler or style on <%s>", path, goquery.NodeName(s))
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	for _, path := range []string{"/", "/governments/burnaby-ca", "/nope", "/static/css/site.css", "/healthz"} {
		rec := get(t, path)
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows unsafe sources: %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: missing nosniff or Referrer-Policy: %v", path, h)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent over plain HTTP", path)
		}
	}
}

// Every chart is a figure with a caption, a summary, a picture drawn on the server
// (wide and narrow, labelled with the summary), a table of its numbers and an as-of
// date.
func TestChartsHaveTables(t *testing.T) {
	for _, path := range []string{"/", "/countries/kr", "/countries/ca/kr"} {
		d := doc(t, mustGet(t, path, http.StatusOK))
		figs := d.Find("figure.chart")
		if figs.Length() == 0 {
			t.Errorf("%s: no chart", path)
		}
		figs.Each(func(_ int, f *goquery.Selection) {
			id := f.AttrOr("id", "")
			summary := f.Find("figcaption .summary").Text()
			for _, size := range []string{"wide", "narrow"} {
				svg := f.Find(".chart-svg." + size + " > svg[role='img']")
				if svg.Length() != 1 || svg.AttrOr("aria-label", "") != summary || svg.Find("title").Text() != summary {
					t.Errorf("%s: chart %q has no %s picture labelled with its summary", path, id, size)
				}
				if svg.Find("path[data-i]").Length() == 0 {
					t.Errorf("%s: chart %q: the %s picture draws no bar", path, id, size)
				}
			}
			if f.Find("figcaption").Text() == "" || f.Find("table tbody tr").Length() == 0 || !strings.Contains(f.Text(), "2026") {
				t.Errorf("%s: chart %q lacks caption, table rows or as-of date", path, id)
			}
		})
	}
}

func TestUnknownYearIsCounted(t *testing.T) {
	d := doc(t, mustGet(t, "/countries/ca/kr", http.StatusOK))
	found := false
	d.Find("#fig-agreements_per_year tbody th").Each(func(_ int, s *goquery.Selection) {
		if s.Text() == "Year unknown" {
			found = true
		}
	})
	if !found {
		t.Error("the per-year chart of Canada–Korea has no 'Year unknown' row, though several signing dates are unknown")
	}
}

func TestHealthAndStatic(t *testing.T) {
	if body := mustGet(t, "/healthz", http.StatusOK); body != "ok\n" {
		t.Errorf("healthz = %q", body)
	}
	mustGet(t, "/static/js/charts.js", http.StatusOK)
	mustGet(t, "/static/../go.mod", http.StatusNotFound)
	mustGet(t, "/static/js/../static.go", http.StatusNotFound)
}

func TestTwinsHaveThePageData(t *testing.T) {
	csvBody := mustGet(t, "/governments/burnaby-ca.csv", http.StatusOK)
	if !strings.HasPrefix(csvBody, "agreement,government,") || !strings.Contains(csvBody, "burnaby-ca--hwaseong-kr,burnaby-ca,Burnaby,CA,British Columbia,hwaseong-kr,Hwaseong,화성시,KR") {
		t.Errorf("government CSV:\n%s", truncate(csvBody, 500))
	}
	jsonBody := mustGet(t, "/governments/burnaby-ca.json", http.StatusOK)
	for _, want := range []string{`"as_of": "2026-11-27"`, `"licence"`, `"partner": "hwaseong-kr"`, `"signed": "2010"`} {
		if !strings.Contains(jsonBody, want) {
			t.Errorf("government JSON lacks %s", want)
		}
	}
	for _, path := range []string{"/countries.csv", "/countries/kr.json", "/countries/ca/kr.csv", "/agreements/burnaby-ca--hwaseong-kr.json",
		"/search.json?q=seoul", "/fr/countries/ca/kr.json"} {
		mustGet(t, path, http.StatusOK)
	}
	mustGet(t, "/governments/nowhere-zz.csv", http.StatusNotFound)
}
