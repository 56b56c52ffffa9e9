package web

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"

	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/views"
)

// The sitemap (https://www.sitemaps.org/protocol.html) lists every public record and
// chart page in each language, each entry with its alternates in the other languages
// (hreflang), so that search engines and dataset crawlers find them all.
// /sitemap.xml is an index of /sitemaps/N.xml files of at most sitemapMaxURLs entries
// each; /robots.txt names it.

// sitemapMaxURLs is well under the protocol's 50,000, so that a file (about 460
// bytes an entry) fits the rendered-page cache and is served gzipped.
const sitemapMaxURLs = 10_000

// sitemapPaths lists every public page once, as its root-relative English path, in a
// stable order: the site's own pages, the releases' pages, countries, country pairs,
// the charts of the world and of each country, governments, agreements. A release's
// own pages are not listed: they are citations, marked noindex.
func (h *handler) sitemapPaths(ctx context.Context) ([]string, error) {
	keys, err := h.db.PublicKeys(ctx)
	if err != nil {
		return nil, err
	}
	paths := []string{"/", "/about", "/data", "/countries", "/charts", "/governments", "/agreements", "/activities",
		"/reporting", "/corrections", "/releases"}
	releases, err := h.db.Releases(ctx)
	if err != nil {
		return nil, err
	}
	for i := len(releases) - 1; i >= 0; i-- { // oldest first: a new release adds to the end of its group
		if !releases[i].Deleted() {
			paths = append(paths, "/releases/"+releases[i].ID)
		}
	}
	for _, cc := range keys.Countries {
		paths = append(paths, "/countries/"+strings.ToLower(cc))
	}
	for _, p := range keys.Pairs {
		paths = append(paths, "/countries/"+strings.ToLower(p[0])+"/"+strings.ToLower(p[1]))
	}
	en := views.NewLoc(views.English)
	for _, s := range chartSpecs {
		if s.needsScope || s.needsGov {
			continue // a chart of one government or agreement is on its page
		}
		if !s.needsCountry {
			paths = append(paths, chartURL(en, s.name, "", chartParams{Top: topPartnerCountries}.query(s)))
		}
		for _, cc := range keys.Countries {
			paths = append(paths, chartURL(en, s.name, "", chartParams{Country: cc, Top: topPartnerCountries}.query(s)))
		}
	}
	for _, slug := range keys.Governments {
		paths = append(paths, "/governments/"+slug)
	}
	for _, id := range keys.Agreements {
		paths = append(paths, "/agreements/"+id)
	}
	return paths, nil
}

// showSitemapIndex is /sitemap.xml: the list of sitemap files.
func (h *handler) showSitemapIndex(c echo.Context) error {
	paths, err := h.sitemapPaths(c.Request().Context())
	if err != nil {
		return err
	}
	files := (len(paths)*len(views.Langs) + sitemapMaxURLs - 1) / sitemapMaxURLs
	w := sitemapWriter(c)
	fmt.Fprint(w, xml.Header+`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+"\n")
	for i := 1; i <= files; i++ {
		fmt.Fprintf(w, "<sitemap><loc>%s/sitemaps/%d.xml</loc></sitemap>\n", escapeXML(h.baseURL), i)
	}
	fmt.Fprint(w, "</sitemapindex>\n")
	return w.Flush()
}

// showSitemap is /sitemaps/N.xml: entries (N-1)·sitemapMaxURLs onwards, each page in
// each language with its alternates.
func (h *handler) showSitemap(c echo.Context) error {
	name, ok := strings.CutSuffix(c.Param("file"), ".xml")
	n, err := strconv.Atoi(name)
	if !ok || err != nil || n < 1 || strconv.Itoa(n) != name {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	paths, err := h.sitemapPaths(c.Request().Context())
	if err != nil {
		return err
	}
	total := len(paths) * len(views.Langs)
	if n > (total+sitemapMaxURLs-1)/sitemapMaxURLs { // before multiplying: a huge n would overflow
		return echo.NewHTTPError(http.StatusNotFound)
	}
	first := (n - 1) * sitemapMaxURLs
	w := sitemapWriter(c)
	fmt.Fprint(w, xml.Header+`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">`+"\n")
	for i := first; i < min(first+sitemapMaxURLs, total); i++ {
		path, lang := paths[i/len(views.Langs)], views.Langs[i%len(views.Langs)]
		fmt.Fprintf(w, "<url><loc>%s</loc>", h.sitemapURL(lang, path))
		for _, alt := range views.Langs {
			fmt.Fprintf(w, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, alt, h.sitemapURL(alt, path))
		}
		fmt.Fprintf(w, `<xhtml:link rel="alternate" hreflang="x-default" href="%s"/></url>`+"\n", h.sitemapURL(views.English, path))
	}
	fmt.Fprint(w, "</urlset>\n")
	return w.Flush()
}

// sitemapURL is a page's absolute address in a language, escaped for XML.
func (h *handler) sitemapURL(lang views.Lang, path string) string {
	u := views.LangPrefix(lang) + path
	if lang != views.English && path == "/" {
		u = views.LangPrefix(lang)
	}
	return escapeXML(h.baseURL + u)
}

func escapeXML(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// sitemapWriter starts an XML answer that crawlers may cache for an hour.
func sitemapWriter(c echo.Context) *bufio.Writer {
	c.Response().Header().Set(echo.HeaderContentType, "application/xml; charset=utf-8")
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	c.Response().WriteHeader(http.StatusOK)
	return bufio.NewWriterSize(c.Response(), 64<<10)
}

// showRobots is /robots.txt: everything public may be crawled but the sign-in and
// desk, the admin pages, the correction form, embeds (the chart pages are the ones
// to index) and search results (an endless space of queries); the sitemap is named.
func (h *handler) showRobots(c echo.Context) error {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for _, lang := range views.Langs {
		p := views.LangPrefix(lang)
		for _, path := range []string{"/login", "/desk", "/admin/", "/corrections/new", "/embed/", "/search"} {
			fmt.Fprintf(&b, "Disallow: %s%s\n", p, path)
		}
	}
	fmt.Fprintf(&b, "\nSitemap: %s/sitemap.xml\n", h.baseURL)
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.String(http.StatusOK, b.String())
}
