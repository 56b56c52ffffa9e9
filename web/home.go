package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// topPartnerCountries is how many countries the partner chart names before "other".
const topPartnerCountries = 12

func (h *handler) showHome(c echo.Context) error {
	ctx := c.Request().Context()
	stats, err := h.db.Stats(ctx)
	if err != nil {
		return err
	}
	perYear, err := h.db.AgreementsPerYear(ctx, store.AgreementFilter{})
	if err != nil {
		return err
	}
	countries, err := h.db.Countries(ctx)
	if err != nil {
		return err
	}
	latest, err := h.db.LatestActivities(ctx, 10)
	if err != nil {
		return err
	}
	p := views.HomePage{Page: h.page(c, ""),
		Governments: stats.Governments, Agreements: stats.Agreements,
		Countries: stats.Countries, Activities: stats.Activities,
		Latest: latestItems(latest),
	}
	for _, c := range perYear {
		if c.Year != "" {
			p.KnownYear += c.N
		}
		if c.Kind != "unknown" {
			p.KnownKind += c.N
		}
	}
	p.HasCharts = true
	scope := p.L.T("scope.world")
	p.PerYear = views.AgreementsPerYear(p.L, "agreements_per_year", yearKinds(perYear), scope, p.AsOf)
	p.Partners = views.PartnerCountries(p.L, "partner_countries", countryCounts(countries), topPartnerCountries, scope, p.AsOf, true)
	linkChart(&p.PerYear, p.L, "agreements-by-year", chartParams{})
	linkChart(&p.Partners, p.L, "partner-countries", chartParams{})
	h.draw(ctx, &p.PerYear, &p.Partners)
	return render(c, http.StatusOK, views.Home(p))
}

func latestItems(ls []store.LatestActivity) []views.ActivityItem { return activityItems(ls) }
