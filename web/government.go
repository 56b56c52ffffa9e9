package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

func (h *handler) showGovernment(c echo.Context) error {
	g, err := h.db.Government(c.Request().Context(), c.Param("slug"))
	if errors.Is(err, store.ErrNotFound) {
		return notFound()
	}
	if err != nil {
		return err
	}
	l := loc(c)
	self := gov(store.GovRef{Slug: g.Slug, Name: g.Name, NameLocal: g.NameLocal, NameFR: g.NameFR,
		Country: g.Country, Region: g.Region, Level: g.Level})
	p := views.GovernmentPage{
		Page: h.page(c, l.GovName(self)), Gov: self,
		Lat: g.Lat, Lon: g.Lon, Wikidata: g.Wikidata, Website: g.Website,
		Agreements: agreementItems(g.Agreements), ByKind: kindCounts(g.Agreements), Sources: sources(g.SourceList),
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
