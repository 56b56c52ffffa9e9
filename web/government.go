package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// maxTimeline bounds the activities listed on one page.
const maxTimeline = 1000

func (h *handler) showGovernment(c echo.Context) error {
	slug, ext := format(c.Param("slug"))
	if ext == "atom" { // the feed needs the name and the feed's own query, nothing else
		ref, err := h.db.Name(c.Request().Context(), slug)
		if err != nil {
			return err
		}
		logo := ""
		if home, partners, err := h.placesToMap(c.Request().Context(), slug); err != nil {
			return err
		} else if views.Mappable(home, partners) {
			logo = chartPicture(loc(c), "partners-map", chartParams{Government: slug})
		}
		return h.serveFeed(c, loc(c).GovName(gov(ref)), store.ActivityFilter{Government: slug}, logo)
	}
	p, err := h.buildGovernmentPage(c, slug, ext == "html")
	if err != nil {
		return err
	}
	if ext != "html" {
		return h.serveTwin(c, ext, relationshipTable(loc(c), p.Title, p.Agreements), p.AsOf)
	}
	return render(c, http.StatusOK, views.Government(p))
}

// buildGovernmentPage builds a government's page. Unless full, it builds only what
// the .csv and .json twins hold (the relationships with their activeness), so a
// twin reads neither the timeline nor the charts.
func (h *handler) buildGovernmentPage(c echo.Context, slug string, full bool) (views.GovernmentPage, error) {
	ctx := c.Request().Context()
	g, err := h.db.Government(ctx, slug)
	if err != nil {
		return views.GovernmentPage{}, err
	}
	f := store.ActivityFilter{Government: g.Slug}
	years, err := h.db.ActivityYears(ctx, f)
	if err != nil {
		return views.GovernmentPage{}, err
	}
	l := loc(c)
	self := gov(g.Ref())
	p := views.GovernmentPage{
		Page: h.page(c, l.GovName(self)), Gov: self,
		Lat: g.Lat, Lon: g.Lon, Wikidata: g.Wikidata, Website: g.Website,
		ByKind: kindCounts(g.Agreements), Sources: sources(g.SourceList),
	}
	p.Feed = l.URL("/governments/"+g.Slug) + ".atom"
	j, err := h.judge(ctx, p.AsOf)
	if err != nil {
		return p, err
	}
	vw := j.vw
	p.Window = vw
	p.Agreements = j.assessed(g.Agreements, years)
	date, err := asOfParam(c)
	if err != nil {
		return p, err
	}
	if p.Standing, err = h.standing(ctx, p.Agreements, g.Agreements, date, nil, g.Country, l.URL("/governments/"+g.Slug)); err != nil {
		return p, err
	}
	if !full {
		return p, nil
	}
	if err := h.citeReleaseIfRecorded(ctx, &p.Page, "government", g.Slug); err != nil {
		return views.GovernmentPage{}, err
	}
	p.Watch = watch(p.Agreements, vw, p.AsOf, false, "") // every agreement is listed above it
	acts, err := h.db.Activities(ctx, f, maxTimeline)
	if err != nil {
		return p, err
	}
	if err := h.partnersMap(c, &p, g.Slug); err != nil {
		return p, err
	}
	p.Timeline = activityItems(acts)
	if p.Costs, err = h.costLedger(ctx, f, governmentLedger(l, self, p.Agreements)); err != nil {
		return p, err
	}
	conf, err := h.db.GovernmentConfirmations(ctx, slug)
	if err != nil {
		return p, err
	}
	noteActivities(p.Timeline, conf)
	if len(acts) > 0 {
		p.HasCharts = true
		name := l.GovName(self)
		if p.ActivityChart, p.FlowChart, err = h.activityCharts(c, f, g.Slug, [2]string{name, l.T("chart.flows.partners")},
			name, p.AsOf, chartParams{Government: g.Slug}); err != nil {
			return p, err
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
	return p, nil
}
