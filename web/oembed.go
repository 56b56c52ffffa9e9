package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/views"
)

// oembedAnswer is an oEmbed 1.0 "rich" response (oembed.com, section 2.3.4): the
// embed snippet a CMS pastes when an author drops a chart link into a story.
type oembedAnswer struct {
	Version         string `json:"version"`
	Type            string `json:"type"`
	Title           string `json:"title"`
	ProviderName    string `json:"provider_name"`
	ProviderURL     string `json:"provider_url"`
	HTML            string `json:"html"`
	Width           int    `json:"width"`
	Height          int    `json:"height"`
	ThumbnailURL    string `json:"thumbnail_url"`
	ThumbnailWidth  int    `json:"thumbnail_width"`
	ThumbnailHeight int    `json:"thumbnail_height"`
	CacheAge        int    `json:"cache_age"`
}

// oembedURL is the discovery link of a chart page or embed (its canonical URL).
func (h *handler) oembedURL(page string) string {
	return h.baseURL + "/oembed?format=json&url=" + url.QueryEscape(page)
}

// showOEmbed answers /oembed?url=…[&maxwidth=…&maxheight=…&format=json] for chart
// pages and embeds of this portal, in the language of the URL. A URL of another site
// or of a page that is no chart is a 404, as the spec asks; format=xml is a 501.
func (h *handler) showOEmbed(c echo.Context) error {
	l := views.NewLoc(views.English)
	q := c.QueryParams()
	if f := q.Get("format"); f != "" && f != "json" {
		return echo.NewHTTPError(http.StatusNotImplemented) // the spec's answer to a format not offered
	}
	maxWidth, err := positiveParam(l, q, "maxwidth")
	if err != nil {
		return err
	}
	maxHeight, err := positiveParam(l, q, "maxheight")
	if err != nil {
		return err
	}
	raw := q.Get("url")
	if raw == "" {
		return badRequest(l.T("oembed.error.url"))
	}
	u, err := url.Parse(raw)
	if err != nil || !h.ownURL(u) {
		return notFound()
	}
	id, inRelease := releasePageID(u.Path)
	switch {
	case inRelease && h.release == nil:
		return h.releaseOEmbed(c, id) // a chart of a release: its app answers
	case h.release != nil && (!inRelease || id != h.release.ID):
		return notFound() // a release's app answers for its own charts only
	}
	lang, name := chartOfPath(withoutRelease(u.Path))
	spec, ok := chartSpecByName(name)
	if !ok {
		return notFound()
	}
	l = views.NewLoc(lang)
	l.Release = h.release
	p, err := h.parseChartParams(c.Request().Context(), l, spec, u.Query())
	if err != nil {
		return err
	}
	opt, err := parseEmbedOptions(l, u.Query())
	if err != nil {
		return err
	}
	asOf, err := h.db.AsOf(c.Request().Context())
	if err != nil {
		return err
	}
	chart, _, err := spec.build(c.Request().Context(), h, l, p, asOf)
	if err != nil {
		return err
	}
	query := p.query(spec)
	width, height := views.ChartWidth, views.EmbedHeight(chart, opt.Plain)
	frameMax := 0 // the frame is as wide as the host's column, within maxwidth
	if maxWidth > 0 && maxWidth < width {
		width, frameMax = maxWidth, maxWidth
	}
	if maxHeight > 0 && maxHeight < height {
		height = maxHeight // the frame scrolls rather than overflow the host's box
	}
	// The picture, scaled to fit within maxwidth × maxheight as the spec asks.
	thumbW, thumbH := float64(views.ChartWidth), float64(chart.Height)
	scale := 1.0
	if maxWidth > 0 {
		scale = min(scale, float64(maxWidth)/thumbW)
	}
	if maxHeight > 0 {
		scale = min(scale, float64(maxHeight)/thumbH)
	}
	embed := h.baseURL + embedURL(l, spec.name, query) + opt.query()
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	return c.JSON(http.StatusOK, oembedAnswer{
		Version: "1.0", Type: "rich", Title: chart.Caption,
		ProviderName: l.T("site.name"), ProviderURL: h.baseURL + home(l),
		HTML:  views.EmbedSnippet(embed, chart.Caption, height, frameMax, h.baseURL+embedHostScript),
		Width: width, Height: height,
		ThumbnailURL:   h.baseURL + chartURL(l, spec.name, ".svg", query),
		ThumbnailWidth: int(thumbW * scale), ThumbnailHeight: int(thumbH * scale),
		CacheAge: 3600,
	})
}

// releaseOEmbed hands an oEmbed request about a release's chart to the release's
// app, which draws it from the release.
func (h *handler) releaseOEmbed(c echo.Context, id string) error {
	app, done, err := h.releases.acquire(c.Request().Context(), id)
	if err != nil {
		return err
	}
	defer done()
	req := c.Request().Clone(c.Request().Context())
	req.URL.Path = "/releases/" + id + "/oembed"
	app.ServeHTTP(c.Response(), req)
	return nil
}

// ownURL reports whether u points into this portal: a root-relative path, or an
// absolute URL on the portal's own scheme and host.
func (h *handler) ownURL(u *url.URL) bool {
	if !u.IsAbs() && u.Host == "" {
		return strings.HasPrefix(u.Path, "/")
	}
	base, err := url.Parse(h.baseURL)
	return err == nil && strings.EqualFold(u.Scheme, base.Scheme) && strings.EqualFold(u.Host, base.Host)
}

// chartOfPath reads the language and chart name of a chart page or embed path:
// /charts/{name}, /embed/charts/{name}, under /fr or /ko too. name is "" for any
// other path.
func chartOfPath(p string) (views.Lang, string) {
	lang := views.English
	for _, l := range views.Langs {
		if pre := views.LangPrefix(l); pre != "" && strings.HasPrefix(p, pre+"/") {
			lang, p = l, strings.TrimPrefix(p, pre)
			break // one language prefix: /fr/ko/… is no page
		}
	}
	for _, pre := range []string{"/charts/", "/embed/charts/"} {
		if name, ok := strings.CutPrefix(p, pre); ok && !strings.ContainsAny(name, "/.") {
			return lang, name
		}
	}
	return lang, ""
}

// positiveParam reads an optional whole number ≥ 1 (0 when absent).
func positiveParam(l *views.Loc, q url.Values, name string) (int, error) {
	v := q.Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100000 {
		return 0, badRequest(l.F("browse.error.value", "param", name, "value", truncateValue(v), "allowed", "1–100000"))
	}
	return n, nil
}
