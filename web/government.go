package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// maxTimeline bounds the activities listed on one page.
const maxTimeline = 1000

func (h *handler) showGovernment(c echo.Context) error {
	slug, ext := format(c.Param("slug"))
	g, err := h.db.Government(c.Request().Context(), slug)
	if errors.Is(err, store.ErrNotFound) {
		return notFound()
	}
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f := store.ActivityFilter{Government: g.Slug}
	years, err := h.db.ActivityYears(ctx, f)
	if err != nil {
		return err
	}
	acts, err := h.db.Activities(ctx, f, maxTimeline)
	if err != nil {
		return err
	}
	l := loc(c)
	self := gov(g.Ref())
	p := views.GovernmentPage{
		Page: h.page(c, l.GovName(self)), Gov: self,
		Lat: g.Lat, Lon: g.Lon, Wikidata: g.Wikidata, Website: g.Website,
		ByKind: kindCounts(g.Agreements), Sources: sources(g.SourceList),
		Timeline: activityItems(acts),
	}
	p.Feed = l.URL("/governments/"+g.Slug) + ".atom"
	w, vw := window(p.AsOf)
	p.Window = vw
	p.Agreements = assessed(g.Agreements, years, w)
	p.Dormant, p.Anniversaries = watch(p.Agreements, p.AsOf)
	switch ext {
	case "atom":
		return h.serveFeed(c, l.GovName(self), f)
	case "csv", "json":
		return h.serveTwin(c, ext, relationshipTable(p.Title, p.Agreements), p.AsOf)
	}
	if len(acts) > 0 {
		p.HasCharts = true
		name := l.GovName(self)
		if p.ActivityChart, p.FlowChart, err = h.activityCharts(c, f, g.Slug, [2]string{name, l.T("chart.flows.partners")},
			name, p.AsOf, chartParams{Government: g.Slug}); err != nil {
			return err
		}
	}
	if g.ParentRef != nil {
		parent := gov(*g.ParentRef)
		p.Parent = &parent
	}
	for _, ch := range g.Children {
		p.Children = append(p.Children, gov(ch))
	}
	countries := map[string]bool{}
	for _, a := range g.Agreements {
		countries[a.B.Country] = true
	}
	p.Partners = len(countries)
	return render(c, http.StatusOK, views.Government(p))
}
