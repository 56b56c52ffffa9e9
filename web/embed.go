package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/views"
)

// embedHostScript is the optional script a host page loads beside its embeds: each
// embed reports its height (static/js/embed-frame.js) and this script sizes the
// frame to it. A stable, unhashed URL: it is pasted into other sites' articles.
const embedHostScript = "/static/js/embed.js"

// embedOptions are the embed page's own parameters, beside the chart's filters.
type embedOptions struct {
	Plain bool   // plain=1: no caption or links, the host gives its own title
	Theme string // theme=auto|light|dark; auto follows the reader's setting
}

// parseEmbedOptions reads plain and theme; a value it does not know is a 400 that
// names the values it takes.
func parseEmbedOptions(l *views.Loc, q url.Values) (embedOptions, error) {
	o := embedOptions{Theme: "auto"}
	for _, name := range []string{"plain", "theme"} {
		if len(q[name]) > 1 {
			return o, badRequest(l.F("browse.error.repeated", "param", name))
		}
	}
	switch v := q.Get("plain"); v {
	case "", "0", "false":
	case "1", "true":
		o.Plain = true
	default:
		return o, badRequest(l.F("browse.error.value", "param", "plain", "value", truncateValue(v), "allowed", "0, 1, false, true"))
	}
	switch v := q.Get("theme"); v {
	case "", "auto":
	case "light", "dark":
		o.Theme = v
	default:
		return o, badRequest(l.F("browse.error.value", "param", "theme", "value", truncateValue(v), "allowed", "auto, light, dark"))
	}
	return o, nil
}

// query is the options as they go on an embed link ("" for the defaults).
func (o embedOptions) query() string {
	q := ""
	if o.Plain {
		q += "&plain=1"
	}
	if o.Theme != "auto" {
		q += "&theme=" + o.Theme
	}
	return q
}

// showEmbed answers /embed/charts/{name}: the chart alone, for other sites' frames.
func (h *handler) showEmbed(c echo.Context) error {
	spec, p, ext, err := h.chartRequest(c)
	if err != nil {
		return err
	}
	if ext != "html" {
		return notFound() // twins and pictures live at /charts/{name}.csv and .svg
	}
	l := loc(c)
	opt, err := parseEmbedOptions(l, c.QueryParams())
	if err != nil {
		return err
	}
	page := h.page(c, "")
	chart, _, err := spec.build(c.Request().Context(), h, l, p, page.AsOf)
	if err != nil {
		return err
	}
	query := p.query(spec)
	page.Title, page.HasCharts, page.Query = chart.Caption, true, query+opt.query()
	chart.Links = chartLinks(l, spec.name, query)
	h.draw(c.Request().Context(), &chart)
	back := h.baseURL + chart.Links.Page
	page.OEmbed = h.oembedURL(back + opt.query()) // a CMS handed this embed gets it with its options
	return render(c, http.StatusOK, views.Embed(views.EmbedPage{Page: page, Chart: chart, Back: back,
		Plain: opt.Plain, Theme: opt.Theme}))
}
