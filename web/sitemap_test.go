package web_test

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

type sitemapIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

type sitemapURLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc   string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		Links []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

// robots.txt names the sitemap; the sitemap index lists files of at most 10,000
// entries (within the protocol's limits: absolute URLs of the site, under 2,048 characters,
// files under 50 MB), which together hold every record page in three languages, each
// with its alternates in the other two and x-default.
func TestSitemapListsEveryPublicPage(t *testing.T) {
	robots := mustGet(t, "/robots.txt", http.StatusOK)
	containsAll(t, "robots.txt", robots, "User-agent: *", "Disallow: /desk", "Disallow: /fr/login", "Disallow: /ko/search",
		"Sitemap: http://portal.test/sitemap.xml")

	var index sitemapIndex
	if err := xml.Unmarshal([]byte(mustGet(t, "/sitemap.xml", http.StatusOK)), &index); err != nil {
		t.Fatalf("sitemap index: %v", err)
	}
	if len(index.Sitemaps) < 2 {
		t.Fatalf("%d sitemap files: the default data's pages in three languages need more than one", len(index.Sitemaps))
	}
	seen := map[string]bool{}
	total := 0
	for i, s := range index.Sitemaps {
		u, err := url.Parse(s.Loc)
		if err != nil || u.Host != "portal.test" {
			t.Fatalf("sitemap file %q", s.Loc)
		}
		rec := request(t, http.MethodGet, u.Path)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/xml") || rec.Body.Len() > 50<<20 {
			t.Fatalf("%s: %d %s, %d bytes", u.Path, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
		}
		var set sitemapURLSet
		if err := xml.Unmarshal(rec.Body.Bytes(), &set); err != nil {
			t.Fatalf("%s: %v", u.Path, err)
		}
		if n := len(set.URLs); n == 0 || n > 10_000 || (i < len(index.Sitemaps)-1 && n != 10_000) {
			t.Errorf("%s holds %d entries (every file but the last holds 10,000)", u.Path, n)
		}
		for _, e := range set.URLs {
			total++
			if !strings.HasPrefix(e.Loc, "http://portal.test/") && e.Loc != "http://portal.test/" || len(e.Loc) >= 2048 || seen[e.Loc] {
				t.Fatalf("%s: entry %q (absolute, of this site, once)", u.Path, e.Loc)
			}
			seen[e.Loc] = true
			langs := map[string]string{}
			for _, l := range e.Links {
				if l.Rel == "alternate" {
					langs[l.Hreflang] = l.Href
				}
			}
			if len(langs) != 4 || langs["x-default"] != langs["en"] || !(langs["en"] == e.Loc || langs["fr"] == e.Loc || langs["ko"] == e.Loc) {
				t.Fatalf("%s: %s has alternates %v", u.Path, e.Loc, langs)
			}
		}
	}
	for _, want := range []string{"http://portal.test/", "http://portal.test/fr", "http://portal.test/agreements/burnaby-ca--hwaseong-kr",
		"http://portal.test/ko/governments/dangjin-kr", "http://portal.test/fr/countries/ca/kr", "http://portal.test/countries/kr",
		"http://portal.test/charts/agreements-by-year?country=kr&partner=any&government=any&kind=any&from=any&to=any"} {
		if !seen[want] {
			t.Errorf("the sitemap lacks %s", want)
		}
	}
	// 17,075 governments and 24,500 agreements alone are 124,725 entries.
	if total < 3*(17_075+24_500) {
		t.Errorf("%d entries in all", total)
	}
	for _, bad := range []string{"/sitemaps/0.xml", "/sitemaps/01.xml", "/sitemaps/99.xml", "/sitemaps/x.xml", "/sitemaps/1",
		"/sitemaps/4611686018427387904.xml", "/sitemaps/1152921504606846977.xml"} {
		mustGet(t, bad, http.StatusNotFound)
	}
}
