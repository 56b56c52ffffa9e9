package web_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

type oembedAnswer struct {
	Version, Type, Title, HTML string
	ProviderName               string `json:"provider_name"`
	Width, Height              int
	ThumbnailURL               string `json:"thumbnail_url"`
	ThumbnailWidth             int    `json:"thumbnail_width"`
	ThumbnailHeight            int    `json:"thumbnail_height"`
}

func getOEmbed(t *testing.T, page string, extra string) oembedAnswer {
	t.Helper()
	rec := get(t, "/oembed?format=json&url="+url.QueryEscape(page)+extra)
	if rec.Code != http.StatusOK {
		t.Fatalf("oembed %s: %d %s", page, rec.Code, rec.Body.String())
	}
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" || rec.Header().Get("Cross-Origin-Resource-Policy") != "cross-origin" {
		t.Errorf("oembed %s: another site's CMS cannot read it (CORS %q, CORP %q)", page,
			rec.Header().Get("Access-Control-Allow-Origin"), rec.Header().Get("Cross-Origin-Resource-Policy"))
	}
	var a oembedAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatalf("oembed %s: %v", page, err)
	}
	return a
}

// A journalist pastes a chart link into a CMS: oEmbed gives the frame, at a height
// that shows the whole chart, in the link's language, with the host script and a
// picture; every chart page and embed says where to ask.
func TestOEmbedAnswersForChartLinks(t *testing.T) {
	body := mustGet(t, "/fr/charts/agreements-by-year?country=kr", http.StatusOK)
	d := doc(t, body)
	discovery, _ := d.Find(`link[rel="alternate"][type="application/json+oembed"]`).Attr("href")
	if !strings.HasPrefix(discovery, "http://portal.test/oembed?") {
		t.Fatalf("chart page: no oEmbed discovery link (%q)", discovery)
	}
	u, _ := url.Parse(discovery)
	a := getOEmbed(t, u.Query().Get("url"), "")
	if a.Version != "1.0" || a.Type != "rich" || a.ProviderName == "" || !strings.Contains(a.Title, "Corée du Sud") {
		t.Errorf("oembed: %+v", a)
	}
	frame := doc(t, a.HTML).Find("iframe[data-twinning-embed]")
	src, _ := frame.Attr("src")
	if !strings.HasPrefix(src, "http://portal.test/fr/embed/charts/agreements-by-year?country=kr&") {
		t.Errorf("oembed frame src %q: not the French embed of the same chart", src)
	}
	if h, _ := frame.Attr("height"); h == "" || a.Height < 320+200 {
		t.Errorf("oembed height %d (frame %q): too short to show a 320 px chart with its caption", a.Height, h)
	}
	if !strings.Contains(a.HTML, `<script async src="http://portal.test/static/js/embed.js">`) {
		t.Errorf("oembed html has no host script: %s", a.HTML)
	}
	pic := get(t, strings.TrimPrefix(a.ThumbnailURL, "http://portal.test"))
	if pic.Code != http.StatusOK || !strings.HasPrefix(pic.Header().Get("Content-Type"), "image/svg+xml") {
		t.Errorf("thumbnail %s: %d %s", a.ThumbnailURL, pic.Code, pic.Header().Get("Content-Type"))
	}
	// A narrow column and a box of fixed height are respected.
	small := getOEmbed(t, "http://portal.test/embed/charts/partner-countries?country=ca", "&maxwidth=400&maxheight=300")
	if small.Width != 400 || small.Height != 300 || !strings.Contains(small.HTML, "max-width:400px") ||
		small.ThumbnailWidth > 400 || small.ThumbnailHeight > 300 || small.ThumbnailWidth == 0 {
		t.Errorf("maxwidth/maxheight: got %d×%d (thumbnail %d×%d), html %s", small.Width, small.Height,
			small.ThumbnailWidth, small.ThumbnailHeight, small.HTML)
	}
	// plain=1 on the link asked about is kept on the frame, which is then shorter.
	plain := getOEmbed(t, "/charts/agreements-by-year?country=kr&plain=1", "")
	if !strings.Contains(plain.HTML, "plain=1") || plain.Height >= a.Height {
		t.Errorf("plain embed: height %d (full %d), html %s", plain.Height, a.Height, plain.HTML)
	}
	embedPage := mustGet(t, "/embed/charts/agreements-by-year?country=kr", http.StatusOK)
	if !strings.Contains(embedPage, `type="application/json+oembed"`) {
		t.Error("embed page: no oEmbed discovery link")
	}
}

func TestOEmbedRefusesWhatItCannotAnswer(t *testing.T) {
	cases := map[string]int{
		"/oembed": http.StatusBadRequest, // no url
		"/oembed?url=" + url.QueryEscape("https://evil.example/charts/agreements-by-year"): http.StatusNotFound,
		"/oembed?url=" + url.QueryEscape("http://portal.test/governments/burnaby-ca"):      http.StatusNotFound,
		"/oembed?url=" + url.QueryEscape("/charts/agreements-by-year.svg"):                 http.StatusNotFound,
		"/oembed?url=" + url.QueryEscape("/charts/agreements-by-year?country=zz"):          http.StatusBadRequest,
		"/oembed?url=" + url.QueryEscape("/charts/agreements-by-year?theme=pink"):          http.StatusBadRequest,
		"/oembed?format=xml&url=" + url.QueryEscape("/charts/agreements-by-year"):          http.StatusNotImplemented,
		"/oembed?format=yaml&url=" + url.QueryEscape("/charts/agreements-by-year"):         http.StatusNotImplemented,
		"/oembed?url=" + url.QueryEscape("/fr/ko/charts/agreements-by-year"):               http.StatusNotFound,
		"/oembed?maxwidth=wide&url=" + url.QueryEscape("/charts/agreements-by-year"):       http.StatusBadRequest,
	}
	for path, status := range cases {
		body := mustGet(t, path, status)
		if strings.Contains(body, "goroutine") || strings.Contains(body, "sql") {
			t.Errorf("%s: leaks internals", path)
		}
	}
}

// The embed's own options: plain drops caption and links (the caption stays for
// screen readers, the credit stays), theme fixes the colours, links open outside
// the frame, and a page on disk may frame it (a reporter previewing a story).
func TestEmbedOptions(t *testing.T) {
	d := doc(t, mustGet(t, "/embed/charts/agreements-by-year?country=kr&plain=1&theme=dark", http.StatusOK))
	class, _ := d.Find("body").Attr("class")
	theme, _ := d.Find("html").Attr("class")
	if class != "embed plain" || theme != "theme-dark" {
		t.Errorf("body class %q, html class %q", class, theme)
	}
	if d.Find("figcaption").Length() != 1 || d.Find(".embed-back a").Length() != 1 {
		t.Error("plain embed lost its caption (for screen readers) or its credit link")
	}
	if target, _ := d.Find("base").Attr("target"); target != "_blank" {
		t.Errorf("embed links open inside the frame (base target %q)", target)
	}
	if scheme, _ := d.Find(`meta[name="color-scheme"]`).Attr("content"); scheme != "dark" {
		t.Errorf("color-scheme %q", scheme)
	}
	auto := doc(t, mustGet(t, "/embed/charts/agreements-by-year?country=kr", http.StatusOK))
	if scheme, _ := auto.Find(`meta[name="color-scheme"]`).Attr("content"); scheme != "light dark" {
		t.Errorf("default embed does not follow the reader's dark mode: color-scheme %q", scheme)
	}
	for _, q := range []string{"plain=yes", "theme=pink", "plain=1&plain=0"} {
		mustGet(t, "/embed/charts/agreements-by-year?country=kr&"+q, http.StatusBadRequest)
	}
	rec := get(t, "/embed/charts/agreements-by-year?country=kr")
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors * file:") {
		t.Errorf("a story previewed from a file cannot frame the embed: %q", csp)
	}
}

// The pictures go where stories and feeds are: the chart page's link preview and
// every feed entry point at a chart's SVG, which other sites may load.
func TestChartPicturesInPreviewsAndFeeds(t *testing.T) {
	d := doc(t, mustGet(t, "/charts/activities-by-year?country=ca&partner=kr", http.StatusOK))
	img, _ := d.Find(`meta[property="og:image"]`).Attr("content")
	alt, _ := d.Find(`meta[property="og:image:alt"]`).Attr("content")
	if !strings.HasPrefix(img, "http://portal.test/charts/activities-by-year.svg?") || alt == "" {
		t.Errorf("link preview: image %q, alt %q", img, alt)
	}
	summary := d.Find("figure.chart .summary").First().Text()
	if alt != summary {
		t.Errorf("preview alt %q is not the chart's summary %q", alt, summary)
	}
	pic := get(t, strings.TrimPrefix(img, "http://portal.test"))
	if pic.Code != http.StatusOK || pic.Header().Get("Cross-Origin-Resource-Policy") != "cross-origin" {
		t.Errorf("%s: %d, CORP %q", img, pic.Code, pic.Header().Get("Cross-Origin-Resource-Policy"))
	}

	var feed struct {
		Logo    string `xml:"logo"`
		Entries []struct {
			Links []struct {
				Rel  string `xml:"rel,attr"`
				Type string `xml:"type,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(mustGet(t, "/agreements/burnaby-ca--hwaseong-kr.atom", http.StatusOK)), &feed); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(feed.Logo, ".svg?") || len(feed.Entries) == 0 {
		t.Fatalf("feed logo %q, %d entries", feed.Logo, len(feed.Entries))
	}
	for _, e := range feed.Entries {
		found := false
		for _, l := range e.Links {
			if l.Rel == "enclosure" && l.Type == "image/svg+xml" && strings.Contains(l.Href, "agreement=burnaby-ca--hwaseong-kr") {
				found = true
				if rec := get(t, strings.TrimPrefix(l.Href, "http://portal.test")); rec.Code != http.StatusOK {
					t.Errorf("enclosure %s: %d", l.Href, rec.Code)
				}
			}
		}
		if !found {
			t.Errorf("feed entry without a picture: %+v", e.Links)
		}
	}
}
