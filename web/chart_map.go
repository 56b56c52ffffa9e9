package web

import (
	"context"
	"io/fs"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/static"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// buildPartnersMap is /charts/partners-map?government=…: where a government's
// partners are, with a table of every partner (coordinates or "not recorded").
func buildPartnersMap(ctx context.Context, h *handler, l *views.Loc, p chartParams, asOf string) (views.Chart, Table, error) {
	home, partners, err := h.db.PartnerPlaces(ctx, p.Government)
	if err != nil {
		return views.Chart{}, Table{}, err
	}
	chart := views.PartnersMap(l, chartID("partners-map"), mapPlace(home), mapPartners(partners), asOf)
	t := Table{Columns: []string{"agreement", "partner", "partner_name", "partner_country", "kind", "signed", "status", "lat", "lon"}}
	for _, pp := range partners {
		t.Rows = append(t.Rows, []any{pp.Agreement, pp.Partner.Ref.Slug, pp.Partner.Ref.Name, pp.Partner.Ref.Country,
			pp.Kind, orNil(pp.Signed), pp.Status, floatOrNil(pp.Partner.Lat), floatOrNil(pp.Partner.Lon)})
	}
	return chart, t, nil
}

func mapPlace(p store.Place) views.MapPlace {
	return views.MapPlace{Gov: gov(p.Ref), Lat: p.Lat, Lon: p.Lon}
}

func mapPartners(ps []store.PartnerPlace) []views.MapPartner {
	out := make([]views.MapPartner, len(ps))
	for i, p := range ps {
		out[i] = views.MapPartner{Agreement: p.Agreement, Kind: p.Kind, Signed: p.Signed, Status: p.Status, Partner: mapPlace(p.Partner)}
	}
	return out
}

// partnersMap puts the map of a government's partners on its page, and makes it the
// page's picture for link previews. A government whose places are all unknown gets
// no map (the page says why): no empty world.
func (h *handler) partnersMap(c echo.Context, p *views.GovernmentPage, slug string) error {
	ctx := c.Request().Context()
	home, partners, err := h.placesToMap(ctx, slug)
	if err != nil || !views.Mappable(home, partners) {
		return err
	}
	l := loc(c)
	chart := views.PartnersMap(l, "partners_map", home, partners, p.AsOf)
	linkChart(&chart, l, "partners-map", chartParams{Government: slug})
	h.draw(ctx, &chart)
	p.Map = &chart
	p.HasCharts = true
	p.Image, p.ImageAlt = h.baseURL+chart.Links.SVG, chart.Summary
	return nil
}

// placesToMap is a government and its partners as the map draws them.
func (h *handler) placesToMap(ctx context.Context, slug string) (views.MapPlace, []views.MapPartner, error) {
	home, partners, err := h.db.PartnerPlaces(ctx, slug)
	return mapPlace(home), mapPartners(partners), err
}

func floatOrNil(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// worldOutline is static/img/world-land.svg sized to the map, for the standalone
// picture (/charts/partners-map.svg), which must carry its own outline: an SVG
// used as an image loads nothing else. Pages draw it once from the browser's cache
// (site.css puts it behind every map).
var worldOutline = sync.OnceValue(func() string {
	b, err := fs.ReadFile(static.FS, "img/world-land.svg")
	if err != nil {
		panic("web: the embedded world outline is missing: " + err.Error()) // built into the binary
	}
	s := strings.TrimSpace(string(b))
	return strings.Replace(s, "<svg ", `<svg x="0" y="0" width="100%" height="100%" `, 1)
})

// withOutline puts the world outline under a map's drawing: right after the root's
// <title>, so it is the first thing drawn.
func withOutline(svg string) string {
	const mark = "</title>"
	i := strings.Index(svg, mark)
	if i < 0 {
		return svg
	}
	i += len(mark)
	return svg[:i] + worldOutline() + svg[i:]
}
