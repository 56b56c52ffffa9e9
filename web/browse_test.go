package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"
)

// facetCounts reads a facet's values and counts from a browse page.
func facetCounts(t testing.TB, d *goquery.Document, param string) map[string]int {
	t.Helper()
	out := map[string]int{}
	d.Find("#facet-" + param + " li[data-value]").Each(func(_ int, s *goquery.Selection) {
		n, err := strconv.Atoi(strings.NewReplacer(",", "", " ", "", "\u202f", "", "\u00a0", "").Replace(s.Find(".count").Text()))
		if err != nil {
			t.Errorf("facet %s: count %q", param, s.Find(".count").Text())
		}
		out[s.AttrOr("data-value", "")] = n
	})
	return out
}

// facetLink is the href of one facet value.
func facetLink(d *goquery.Document, param, value string) string {
	return d.Find("#facet-"+param+` li[data-value="`+value+`"] a`).AttrOr("href", "")
}

// rowIDs are the data-id of a browse table's rows, in order.
func rowIDs(d *goquery.Document) []string {
	var ids []string
	d.Find("table.browse tbody tr").Each(func(_ int, s *goquery.Selection) { ids = append(ids, s.AttrOr("data-id", "")) })
	return ids
}

// total is the number in a browse page's result heading.
func total(t testing.TB, d *goquery.Document) int {
	t.Helper()
	h := text(d.Find("section.results h2"))
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, h)
	n, err := strconv.Atoi(digits)
	if err != nil {
		t.Fatalf("result heading %q has no number", h)
	}
	return n
}

func TestBrowseCanadaKorea(t *testing.T) {
	path := "/agreements?country=ca&partner=kr"
	d := doc(t, mustGet(t, path, http.StatusOK))
	ids := rowIDs(d)
	if len(ids) != 22 || total(t, d) != 22 {
		t.Fatalf("%s: %d rows (heading %d), want 22", path, len(ids), total(t, d))
	}
	if got := facetCounts(t, d, "kind"); got["sister"] != 19 || got["friendship"] != 3 || len(got) != 2 {
		t.Errorf("kind facet = %v, want sister 19, friendship 3", got)
	}
	// Seen from Canada: the first column is always the Canadian side.
	d.Find("table.browse tbody tr").Each(func(_ int, s *goquery.Selection) {
		if href := s.Find("td").First().Find("a").First().AttrOr("href", ""); !strings.HasSuffix(href, "-ca") {
			t.Errorf("row %s: first side %s is not Canadian", s.AttrOr("data-id", ""), href)
		}
	})
	// Facet links keep the other filters, in canonical order, and reset the page.
	if got := facetLink(d, "kind", "sister"); got != "/agreements?country=ca&partner=kr&kind=sister" {
		t.Errorf("sister link = %q", got)
	}
	if got := facetLink(d, "country", "us"); got != "/agreements?country=us" {
		t.Errorf("another country drops the partner: %q", got)
	}
	if got := facetLink(d, "partner", "jp"); got != "/agreements?country=ca&partner=jp" {
		t.Errorf("another partner replaces the partner: %q", got)
	}
	if d.Find(`#facet-partner li[data-value="kr"] strong[aria-current]`).Length() != 1 {
		t.Error("the selected partner is not marked current")
	}
	// The rule is printed next to the activeness badges.
	if rule := text(d.Find(".rule")); !strings.Contains(rule, "2021–2026") {
		t.Errorf("activeness rule = %q", rule)
	}

	d = doc(t, mustGet(t, path+"&kind=sister&sort=-signed", http.StatusOK))
	if n := len(rowIDs(d)); n != 19 {
		t.Errorf("sister: %d rows, want 19", n)
	}
	if got := facetCounts(t, d, "kind"); got["friendship"] != 3 {
		t.Errorf("the kind facet ignores the kind filter: %v", got)
	}
	removes := map[string]string{}
	d.Find(".active-filters li").Each(func(_ int, s *goquery.Selection) {
		removes[s.AttrOr("data-param", "")] = s.Find("a.remove").AttrOr("href", "")
	})
	want := map[string]string{
		"country": "/agreements?kind=sister&sort=-signed",
		"partner": "/agreements?country=ca&kind=sister&sort=-signed",
		"kind":    "/agreements?country=ca&partner=kr&sort=-signed",
	}
	for k, v := range want {
		if removes[k] != v {
			t.Errorf("remove %s = %q, want %q", k, removes[k], v)
		}
	}
	if got := d.Find("a.clear").AttrOr("href", ""); got != "/agreements?sort=-signed" {
		t.Errorf("clear all = %q", got)
	}
	// Newest signing first, unknown dates last.
	var years []string
	d.Find("table.browse tbody tr td:nth-child(4)").Each(func(_ int, s *goquery.Selection) {
		y := text(s)
		if y != "unknown" {
			y = y[len(y)-4:]
		}
		years = append(years, y)
	})
	for i := 1; i < len(years); i++ {
		if years[i-1] == "unknown" && years[i] != "unknown" || years[i] != "unknown" && years[i] > years[i-1] {
			t.Errorf("-signed: %s after %s", years[i], years[i-1])
		}
	}
}

func TestBrowseKindAndStatus(t *testing.T) {
	d := doc(t, mustGet(t, "/agreements?kind=sister&status=active", http.StatusOK))
	// 19 Canada–Korea and Dangjin sister agreements, and those the dated pages confirm.
	if n := total(t, d); n != 72 {
		t.Errorf("sister and active: %d, want 72", n)
	}
	d.Find("table.browse tbody tr").Each(func(_ int, s *goquery.Selection) {
		if s.Find(".kind-sister").Length() != 1 || s.Find(".status-active").Length() != 1 {
			t.Errorf("row %s is not a sister, active agreement", s.AttrOr("data-id", ""))
		}
	})
	if got := facetCounts(t, d, "kind"); got["friendship"] != 33 || got["sister"] != 72 {
		t.Errorf("kind facet under status=active = %v", got)
	}
	if got := facetCounts(t, d, "status"); got["active"] != 72 || got["planned"] != 1 || got["unverified"] != 2 {
		t.Errorf("status facet under kind=sister = %v", got)
	}
	if got := facetLink(d, "decade", "2000"); got != "/agreements?kind=sister&status=active&decade=2000" {
		t.Errorf("decade link = %q", got)
	}
}

func TestBrowseDangjinActivitiesArePaged(t *testing.T) {
	base := "/activities?government=dangjin-kr"
	d := doc(t, mustGet(t, base, http.StatusOK))
	if n := total(t, d); n != 142 {
		t.Errorf("Dangjin: %d activities, want 142", n)
	}
	if n := d.Find("ol.activities li").Length(); n != 50 {
		t.Errorf("page 1 lists %d, want 50", n)
	}
	if next := d.Find(`.pager a[rel=next]`).AttrOr("href", ""); next != base+"&page=2" {
		t.Errorf("next page = %q", next)
	}
	if f := text(d.Find(".active-filters")); !strings.Contains(f, "Dangjin") {
		t.Errorf("the government filter is not named: %q", f)
	}
	// Newest first; the whole list comes out in three pages and again at per_page=500.
	seen := map[string]bool{}
	for _, page := range []string{"", "&page=2", "&page=3"} {
		d := doc(t, mustGet(t, base+page, http.StatusOK))
		d.Find("ol.activities li").Each(func(_ int, s *goquery.Selection) { seen[s.AttrOr("id", "")] = true })
	}
	if len(seen) != 142 {
		t.Errorf("three pages hold %d distinct activities, want 142", len(seen))
	}
	all := doc(t, mustGet(t, base+"&per_page=500", http.StatusOK))
	if n := all.Find("ol.activities li").Length(); n != 142 || all.Find(".pager").Length() != 0 {
		t.Errorf("per_page=500: %d activities", n)
	}
	if first := text(all.Find("section.year h3").First()); !strings.HasPrefix(first, "2022") {
		t.Errorf("newest first, but the first year is %q", first)
	}
	if got := facetCounts(t, d, "direction"); got["kr"] == 0 {
		t.Errorf("direction facet = %v", got)
	}
	mustGet(t, base+"&page=4", http.StatusBadRequest)
	asc := doc(t, mustGet(t, base+"&sort=date&decade=1980", http.StatusOK))
	if first := text(asc.Find("section.year h3").First()); !strings.HasPrefix(first, "1988") {
		t.Errorf("oldest first in the 1980s: %q", first)
	}
	if asc.Find("#facet-year").Length() != 1 {
		t.Error("a decade shows the year facet")
	}
}

func TestBrowseGovernments(t *testing.T) {
	d := doc(t, mustGet(t, "/governments?country=kr&sort=agreements", http.StatusOK))
	ids := rowIDs(d)
	if len(ids) == 0 {
		t.Fatal("no Korean governments")
	}
	prev := 1 << 30
	d.Find("table.browse tbody tr td.num").Each(func(_ int, s *goquery.Selection) {
		n, _ := strconv.Atoi(strings.ReplaceAll(text(s), ",", ""))
		if n > prev {
			t.Errorf("most agreements first, but %d follows %d", n, prev)
		}
		prev = n
	})
	if d.Find("#facet-region").Length() != 1 || d.Find("#facet-level").Length() != 1 {
		t.Error("a country shows the region and level facets")
	}
	if got := facetCounts(t, d, "country"); len(got) > 30 {
		t.Errorf("the country facet lists %d values, want at most 30", len(got))
	}
	if d.Find(`#facet-country > ul li[data-value="kr"] strong[aria-current]`).Length() != 1 {
		t.Error("the selected country is not among the facet values shown at once")
	}
	if more := text(d.Find("#facet-country p.muted")); !strings.Contains(more, "not listed") {
		t.Errorf("the country facet does not say how many values it leaves out: %q", more)
	}
	d = doc(t, mustGet(t, "/governments", http.StatusOK))
	if n := total(t, d); n != 17075 {
		t.Errorf("all governments: %d, want 17,075", n)
	}
	if d.Find("#facet-region").Length() != 0 {
		t.Error("the region facet needs a country")
	}
	if got := facetCounts(t, d, "level"); got["province"] == 0 || got["unknown"] == 0 {
		t.Errorf("level facet = %v", got)
	}
}

func TestBrowseRejectsBadParameters(t *testing.T) {
	cases := []struct{ path, want string }{
		{"/agreements?kind=cousin", "“kind” cannot be “cousin”. Allowed values: sister, friendship, unknown."},
		{"/agreements?country=zzz", "“country” cannot be “zzz”"},
		{"/agreements?country=zz", "two-letter code"},
		{"/agreements?page=-1", "“page” must be a whole number from 1 to"},
		{"/agreements?page=99999", "“page” must be a whole number from 1 to 490."},
		{"/agreements?sort=evil", "“sort” cannot be “evil”. Allowed values: signed, -signed, name."},
		{"/agreements?decade=19x0", "“decade” cannot be “19x0”"},
		{"/agreements?decade=1995", "first year of a decade"},
		{"/agreements?per_page=501", "“per_page” must be a whole number from 1 to 500."},
		{"/agreements?per_page=0", "“per_page”"},
		{"/agreements?per_page=%2B5", "“per_page”"},
		{"/agreements?partner=kr", "“partner” needs “country”"},
		{"/agreements?kind=sister&kind=friendship", "“kind” is given more than once"},
		{"/agreements?activeness=zombie", "active, dormant, not_reported, unverified, planned, ended"},
		{"/governments?level=mayor", "“level” cannot be “mayor”"},
		{"/governments?region=Atlantis", "“region” cannot be “Atlantis”"},
		{"/governments?has=maybe", "any, none"},
		{"/activities?government=nowhere-zz", "“government” cannot be “nowhere-zz”"},
		{"/activities?direction=sideways", "“direction” cannot be “sideways”"},
		{"/activities?year=20019", "“year” cannot be “20019”"},
		{"/activities?category=gossip", "“category” cannot be “gossip”"},
		{"/activities?sort=-signed", "Allowed values: -date, date."},
		{"/agreements.csv?kind=cousin", "“kind”"},
		{"/agreements?kind=%3Cscript%3E", "“&lt;script&gt;”"},
		{"/fr/agreements?kind=cousin", "« kind » ne peut pas valoir « cousin »"},
		{"/ko/agreements?decade=19x0", "“decade” 값으로 “19x0”"},
	}
	for _, c := range cases {
		body := mustGet(t, c.path, http.StatusBadRequest)
		if !strings.Contains(body, c.want) {
			t.Errorf("%s: the 400 page lacks %q:\n%s", c.path, c.want, truncate(text(doc(t, body).Find("main")), 300))
		}
		if strings.Contains(body, "<script>") {
			t.Errorf("%s: echoes markup", c.path)
		}
	}
}

func TestBrowseParametersAreCanonical(t *testing.T) {
	// Unknown parameters are ignored; empty ones are absent.
	d := doc(t, mustGet(t, "/agreements?utm_source=news&kind=&partner=kr&country=ca", http.StatusOK))
	if got := d.Find(`link[rel=canonical]`).AttrOr("href", ""); got != "http://portal.test/agreements?country=ca&partner=kr" {
		t.Errorf("canonical = %q", got)
	}
	if got := d.Find(`link[rel=alternate][hreflang=fr]`).AttrOr("href", ""); got != "http://portal.test/fr/agreements?country=ca&partner=kr" {
		t.Errorf("French alternate = %q", got)
	}
	// Defaults are left out of links; an upper-case country code redirects.
	d = doc(t, mustGet(t, "/agreements?sort=signed&per_page=50&page=1", http.StatusOK))
	if got := d.Find(`link[rel=canonical]`).AttrOr("href", ""); got != "http://portal.test/agreements" {
		t.Errorf("canonical with defaults = %q", got)
	}
	rec := get(t, "/agreements.json?partner=KR&country=Ca")
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/agreements.json?country=ca&partner=kr" {
		t.Errorf("upper case: %d → %q", rec.Code, rec.Header().Get("Location"))
	}
	req := httptest.NewRequest(http.MethodHead, "/governments?country=ca", nil)
	hrec := httptest.NewRecorder()
	app.ServeHTTP(hrec, req)
	if hrec.Code != http.StatusOK {
		t.Errorf("HEAD: %d", hrec.Code)
	}
}

// The count beside a facet value is the number of rows its link gives.
func TestBrowseFacetCountsMatchTheirLinks(t *testing.T) {
	for _, path := range []string{"/agreements?country=ca", "/activities?country=kr&decade=2010", "/governments?country=ca&level=municipality"} {
		d := doc(t, mustGet(t, path, http.StatusOK))
		checked := 0
		d.Find(".facet li[data-value]").Each(func(_ int, s *goquery.Selection) {
			href, ok := s.Find("a").Attr("href")
			if !ok || checked >= 40 {
				return
			}
			checked++
			n, _ := strconv.Atoi(strings.ReplaceAll(text(s.Find(".count")), ",", ""))
			if got := total(t, doc(t, mustGet(t, href, http.StatusOK))); got != n {
				t.Errorf("%s: facet link %s says %d, gives %d", path, href, n, got)
			}
		})
		if checked == 0 {
			t.Errorf("%s: no facet links", path)
		}
	}
}

// The twins hold exactly the rows the page shows, in the same order.
func TestBrowseTwinsMatchThePage(t *testing.T) {
	for _, path := range []string{"/agreements?country=ca&partner=kr", "/agreements?country=kr&sort=name&page=2",
		"/governments?country=ca&per_page=120&page=2", "/activities?government=dangjin-kr&page=2"} {
		u, _ := url.Parse(path)
		d := doc(t, mustGet(t, path, http.StatusOK))
		html := rowIDs(d)
		if u.Path == "/activities" {
			html = nil
			d.Find("ol.activities li").Each(func(_ int, s *goquery.Selection) {
				html = append(html, strings.TrimPrefix(s.AttrOr("id", ""), "activity-"))
			})
		}
		if len(html) == 0 {
			t.Fatalf("%s: no rows", path)
		}
		if got := d.Find(`.twins a[type="text/csv"]`).AttrOr("href", ""); got != u.Path+".csv?"+u.RawQuery {
			t.Errorf("%s: CSV link %q", path, got)
		}
		recs, err := csv.NewReader(strings.NewReader(mustGet(t, u.Path+".csv?"+u.RawQuery, http.StatusOK))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var fromCSV []string
		for _, r := range recs[1:] {
			fromCSV = append(fromCSV, r[0])
		}
		var body struct {
			URL  string           `json:"url"`
			Data []map[string]any `json:"data"`
		}
		if err := json.Unmarshal([]byte(mustGet(t, u.Path+".json?"+u.RawQuery, http.StatusOK)), &body); err != nil {
			t.Fatal(err)
		}
		var fromJSON []string
		key := recs[0][0]
		for _, r := range body.Data {
			fromJSON = append(fromJSON, r[key].(string))
		}
		if strings.Join(fromCSV, " ") != strings.Join(html, " ") || strings.Join(fromJSON, " ") != strings.Join(html, " ") {
			t.Errorf("%s: page rows %v\nCSV %v\nJSON %v", path, html, fromCSV, fromJSON)
		}
		if body.URL != "http://portal.test"+path {
			t.Errorf("%s: JSON url %q", path, body.URL)
		}
	}
	if rec := get(t, "/activities.json?government=dangjin-kr"); rec.Header().Get("X-Total-Count") != "142" {
		t.Errorf("X-Total-Count = %q, want 142", rec.Header().Get("X-Total-Count"))
	}
	// per_page up to 500 for researchers.
	recs, _ := csv.NewReader(strings.NewReader(mustGet(t, "/agreements.csv?per_page=500", http.StatusOK))).ReadAll()
	if len(recs) != 501 || recs[0][0] != "agreement" {
		t.Errorf("per_page=500: %d CSV lines", len(recs))
	}
}

func TestBrowseTranslated(t *testing.T) {
	cases := []struct{ path, lang, want, notWant string }{
		{"/fr/agreements?country=ca&partner=kr", "fr", "Accords correspondants", "Matching agreements"},
		{"/ko/agreements?country=ca&partner=kr", "ko", "해당 협약", "Matching agreements"},
		{"/fr/governments?country=kr", "fr", "Corée du Sud", "Partner country"},
		{"/ko/activities?government=dangjin-kr", "ko", "교류 활동", "Exchange activities"},
	}
	for _, c := range cases {
		body := mustGet(t, c.path, http.StatusOK)
		d := doc(t, body)
		if got := d.Find("html").AttrOr("lang", ""); got != c.lang {
			t.Errorf("%s: lang %q", c.path, got)
		}
		if !strings.Contains(body, c.want) || strings.Contains(body, c.notWant) {
			t.Errorf("%s: want %q and not %q", c.path, c.want, c.notWant)
		}
		if href := d.Find(".facet li[data-value] a").First().AttrOr("href", ""); !strings.HasPrefix(href, "/"+c.lang+"/") {
			t.Errorf("%s: facet link %q leaves the language", c.path, href)
		}
	}
	d := doc(t, mustGet(t, "/fr/agreements?country=ca&partner=kr", http.StatusOK))
	if got := text(d.Find(`#facet-kind li[data-value="sister"]`)); !strings.Contains(got, "jumelage") {
		t.Errorf("French kind facet = %q", got)
	}
	d = doc(t, mustGet(t, "/ko/agreements?country=ca&partner=kr", http.StatusOK))
	if got := text(d.Find(`#facet-kind li[data-value="sister"]`)); !strings.Contains(got, "자매결연") {
		t.Errorf("Korean kind facet = %q", got)
	}
	if got := d.Find(`header nav a[href="/ko/agreements"]`).Length(); got != 1 {
		t.Error("no Browse link in the Korean navigation")
	}
}

func TestBrowseEmptyResult(t *testing.T) {
	d := doc(t, mustGet(t, "/agreements?country=ca&partner=kr&activeness=ended", http.StatusOK))
	if total(t, d) != 0 || d.Find("table.browse").Length() != 0 || !strings.Contains(text(d.Find("section.results")), "Nothing matches") {
		t.Errorf("empty result: %q", text(d.Find("section.results")))
	}
	if got := facetCounts(t, d, "activeness"); got["ended"] != 0 || got["dormant"] != 0 || got["not_reported"] != 18 {
		t.Errorf("activeness facet of an empty result = %v", got)
	}
	mustGet(t, "/agreements?country=ca&partner=kr&activeness=ended&page=2", http.StatusBadRequest)
	if body := mustGet(t, "/agreements.csv?country=ca&partner=kr&activeness=ended", http.StatusOK); strings.Count(body, "\n") != 1 {
		t.Errorf("empty CSV = %q", body)
	}
}

// BenchmarkBrowsePages measures whole requests (routing, browse, rendering) on the
// default data, once the index is built.
func BenchmarkBrowsePages(b *testing.B) {
	for _, path := range []string{"/agreements", "/agreements?country=ca&partner=kr", "/agreements?country=us&sort=name",
		"/agreements.csv?per_page=500", "/governments", "/governments?country=kr&sort=agreements", "/activities?government=dangjin-kr",
		"/ko/activities"} {
		mustGet(b, path, http.StatusOK)
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if rec := get(b, path); rec.Code != http.StatusOK {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}

// FuzzBrowseParameters: whatever the query, a list answers 200, 301 or 400, never
// a 500. The seeds run in every go test.
func FuzzBrowseParameters(f *testing.F) {
	for _, s := range []string{"country=ca&partner=kr", "page=9223372036854775808", "page=1e309", "page=%D9%A1%D9%A2", "per_page=NaN",
		"decade=0000", "year=0999", "region=%FF", "country=%00%00", "sort=", "direction=KR", "government=../../etc", "kind=sister&page=0x10"} {
		f.Add("agreements", s)
		f.Add("activities", s)
		f.Add("governments", s)
	}
	f.Fuzz(func(t *testing.T, list, query string) {
		if list != "agreements" && list != "activities" && list != "governments" {
			return
		}
		req := httptest.NewRequest(http.MethodGet, "/"+list, nil)
		req.URL.RawQuery = query
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest && rec.Code != http.StatusMovedPermanently {
			t.Errorf("/%s?%s: status %d", list, query, rec.Code)
		}
	})
}

// The browse pages in a real Chromium: no console error and no Content-Security-
// Policy violation, and facet links work without JavaScript.
func TestBrowserBrowsePages(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := startBrowser(t)
	bctx := b.ctx
	srv := httptest.NewServer(app)
	defer srv.Close()
	for _, path := range []string{"/agreements?country=ca&partner=kr", "/fr/governments?country=kr", "/ko/activities?government=dangjin-kr"} {
		if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// Follow the first facet link and check the page it leads to has its filter.
		if err := chromedp.Do(bctx, chromedp.Click(".facet li[data-value] a", chromedp.NodeVisible), chromedp.WaitReady(chromedp.CSS(".active-filters"))); err != nil {
			t.Errorf("%s: following a facet link: %v", path, err)
		}
		time.Sleep(300 * time.Millisecond)
	}
	for _, p := range b.take() {
		t.Error(p)
	}
}
