package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// governmentsPerPage is the length of a country's government list page.
const governmentsPerPage = 100

func (h *handler) showCountries(c echo.Context) error {
	cs, err := h.db.Countries(c.Request().Context())
	if err != nil {
		return err
	}
	p := views.CountriesPage{Page: h.page(c, loc(c).T("countries.title")), Countries: countryCounts(cs)}
	if ext := formatOf(c); ext != "html" {
		return h.serveTwin(c, ext, countryTable(p.Title, p.Countries), p.AsOf)
	}
	return render(c, http.StatusOK, views.Countries(p))
}

// country resolves the :cc path parameter to a known country. It answers a
// redirect for upper-case codes and a 404 for codes with no records.
func (h *handler) country(c echo.Context, name string) (store.Country, error) {
	code, lowerOK := countryParam(c, name)
	if code == "" {
		return store.Country{}, notFound()
	}
	if code == "" {
		return store.Country{}, notFound()
	}
	if !lowerOK {
		u := *c.Request().URL
		u.Path = strings.ToLower(u.Path)
		return store.Country{}, c.Redirect(http.StatusMovedPermanently, u.RequestURI())
	}
	cc, err := h.db.Country(c.Request().Context(), code)
	if errors.Is(err, store.ErrNotFound) {
		return cc, notFound()
	}
	return cc, err
}

// errRedirected marks a response already written by country().
func redirected(c echo.Context) bool { return c.Response().Committed }

func (h *handler) showCountry(c echo.Context) error {
	cc, err := h.country(c, "cc")
	if err != nil || redirected(c) {
		return err
	}
	ctx := c.Request().Context()
	l := loc(c)
	regions, err := h.db.Regions(ctx, cc.Code)
	if err != nil {
		return err
	}
	partners, err := h.db.PartnerCountries(ctx, cc.Code)
	if err != nil {
		return err
	}
	perYear, err := h.db.AgreementsPerYear(ctx, store.AgreementFilter{Country: cc.Code})
	if err != nil {
		return err
	}
	total, err := h.db.CountGovernments(ctx, cc.Code)
	if err != nil {
		return err
	}
	pages := max(1, (total+governmentsPerPage-1)/governmentsPerPage)
	pg, err := pageParam(c, pages)
	if err != nil {
		return err
	}
	govs, _, err := h.db.CountryGovernments(ctx, cc.Code, governmentsPerPage, (pg-1)*governmentsPerPage)
	if err != nil {
		return err
	}
	p := views.CountryPage{Page: h.page(c, l.Country(cc.Code)), Code: cc.Code, Total: total,
		Partners: countryCounts(partners)}
	p.Feed = l.URL("/countries/"+strings.ToLower(cc.Code)) + ".atom"
	p.HasCharts = true
	if p.Activity, err = h.activitySection(c, p.Page, store.ActivityFilter{Country: cc.Code}, cc.Code, ""); err != nil {
		return err
	}
	for _, g := range govs {
		p.Governments = append(p.Governments, views.GovCount{Gov: gov(g.GovRef), N: g.Agreements})
	}
	for _, r := range regions {
		p.Regions = append(p.Regions, views.RegionCount{Region: r.Region, Governments: r.Governments, Agreements: r.Agreements})
	}
	p.Pager = pager(l.URL("/countries/"+strings.ToLower(cc.Code)), pg, pages)
	switch ext := formatOf(c); ext {
	case "atom":
		return h.serveFeed(c, l.Country(cc.Code), store.ActivityFilter{Country: cc.Code})
	case "csv", "json":
		return h.serveTwin(c, ext, governmentTable(p.Title, p.Governments), p.AsOf)
	}
	scope := l.Country(cc.Code)
	p.PerYear = views.AgreementsPerYear(l, "agreements_per_year", yearKinds(perYear), scope, p.AsOf)
	p.PartnerBars = views.PartnerCountries(l, "partner_countries", p.Partners, topPartnerCountries, scope, p.AsOf, false)
	cp := chartParams{Country: cc.Code}
	linkChart(&p.PerYear, l, "agreements-by-year", cp)
	linkChart(&p.PartnerBars, l, "partner-countries", cp)
	linkActivityCharts(&p.Activity, l, cp)
	return render(c, http.StatusOK, views.Country(p))
}

func pager(base string, page, pages int) views.Pager {
	pg := views.Pager{Page: page, Pages: pages}
	if page > 1 {
		pg.Prev = base + "?page=" + itoa(page-1)
	}
	if page < pages {
		pg.Next = base + "?page=" + itoa(page+1)
	}
	return pg
}

func (h *handler) showBilateral(c echo.Context) error {
	a, err := h.country(c, "cc")
	if err != nil || redirected(c) {
		return err
	}
	b, err := h.country(c, "cc2")
	if err != nil || redirected(c) {
		return err
	}
	ctx := c.Request().Context()
	l := loc(c)
	rows, err := h.db.Bilateral(ctx, a.Code, b.Code)
	if err != nil {
		return err
	}
	perYear, err := h.db.AgreementsPerYear(ctx, store.AgreementFilter{Country: a.Code, Partner: b.Code})
	if err != nil {
		return err
	}
	items := agreementItems(rows)
	p := views.BilateralPage{
		Page: h.page(c, l.F("bilateral.title", "a", l.Country(a.Code), "b", l.Country(b.Code))),
		A:    a.Code, B: b.Code, Total: len(items), ByKind: kindCounts(rows),
	}
	p.Feed = l.URL("/countries/"+strings.ToLower(a.Code)+"/"+strings.ToLower(b.Code)) + ".atom"
	p.HasCharts = len(items) > 0
	if p.Activity, err = h.activitySection(c, p.Page, store.ActivityFilter{Country: a.Code, Partner: b.Code}, a.Code, b.Code); err != nil {
		return err
	}
	items = p.Activity.Items
	switch ext := formatOf(c); ext {
	case "atom":
		return h.serveFeed(c, p.Title, store.ActivityFilter{Country: a.Code, Partner: b.Code})
	case "csv", "json":
		return h.serveTwin(c, ext, relationshipTable(p.Title, items), p.AsOf)
	}
	p.Groups, p.RegionsA, p.RegionsB = views.GroupByRegion(items)
	scope := l.F("bilateral.scope", "a", l.Country(a.Code), "b", l.Country(b.Code))
	p.PerYear = views.AgreementsPerYear(l, "agreements_per_year", yearKinds(perYear), scope, p.AsOf)
	cp := chartParams{Country: a.Code, Partner: b.Code}
	linkChart(&p.PerYear, l, "agreements-by-year", cp)
	linkActivityCharts(&p.Activity, l, cp)
	return render(c, http.StatusOK, views.Bilateral(p))
}

// activitySection builds the activeness and activity part of a country or
// country-pair page: relationships assessed against the window, activeness by
// region, activity charts and the watch lists. partner is "" for a country page.
func (h *handler) activitySection(c echo.Context, page views.Page, f store.ActivityFilter, cc, partner string) (views.ActivitySection, error) {
	ctx := c.Request().Context()
	l := page.L
	var s views.ActivitySection
	rows, err := h.db.CountryAgreements(ctx, cc)
	if partner != "" {
		rows, err = h.db.Bilateral(ctx, cc, partner)
	}
	if err != nil {
		return s, err
	}
	years, err := h.db.ActivityYears(ctx, f)
	if err != nil {
		return s, err
	}
	perYear, err := h.db.ActivitiesPerYear(ctx, f)
	if err != nil {
		return s, err
	}
	flows, err := h.db.ActivityDirections(ctx, f)
	if err != nil {
		return s, err
	}
	w, vw := window(page.AsOf)
	s.Window = vw
	s.Items = assessed(rows, years, w)
	s.Dormant, s.Anniversaries = watch(s.Items, page.AsOf)
	scope, other := l.Country(cc), l.T("chart.flows.partners")
	if partner != "" {
		other = l.Country(partner)
		scope = l.F("bilateral.scope", "a", l.Country(cc), "b", other)
	}
	if len(s.Items) > 0 {
		s.Regions = regionActiveness(s.Items)
		s.ActivenessChart = views.ActivenessByRegion(l, "activeness_by_region", s.Regions, vw, scope, page.AsOf)
	}
	for _, y := range perYear {
		s.Activities += y.N
	}
	if s.Activities > 0 {
		s.ActivityChart = views.ActivitiesPerYear(l, "activities_per_year", yearCategories(perYear), scope, page.AsOf)
		s.FlowChart = views.Flows(l, "activity_flows", flowsBy(flows, func(fc store.FlowCount) bool { return fc.FromCountry == cc }),
			[2]string{l.Country(cc), other}, scope, page.AsOf)
	}
	return s, nil
}

func linkActivityCharts(s *views.ActivitySection, l *views.Loc, p chartParams) {
	if len(s.Items) > 0 {
		linkChart(&s.ActivenessChart, l, "activeness-by-region", p)
	}
	if s.Activities > 0 {
		linkChart(&s.ActivityChart, l, "activities-by-year", p)
		linkChart(&s.FlowChart, l, "activity-flows", p)
	}
}
