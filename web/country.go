package web

import (
	"net/http"
	"net/url"
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
	return cc, err
}

// errRedirected marks a response already written by country().
func redirected(c echo.Context) bool { return c.Response().Committed }

func (h *handler) showCountry(c echo.Context) error {
	cc, err := h.country(c, "cc")
	if err != nil || redirected(c) {
		return err
	}
	l := loc(c)
	ext := formatOf(c)
	if ext == "atom" {
		return h.serveFeed(c, l.Country(cc.Code), store.ActivityFilter{Country: cc.Code},
			chartPicture(l, "partner-countries", chartParams{Country: cc.Code}))
	}
	p, err := h.buildCountryPage(c, cc, ext == "html")
	if err != nil {
		return err
	}
	if ext != "html" {
		return h.serveTwin(c, ext, governmentTable(loc(c), p.Title, p.Governments), p.AsOf)
	}
	return render(c, http.StatusOK, views.Country(p))
}

// buildCountryPage builds a country's page; unless full, only the page of its
// governments that the .csv and .json twins hold.
func (h *handler) buildCountryPage(c echo.Context, cc store.Country, full bool) (views.CountryPage, error) {
	ctx := c.Request().Context()
	l := loc(c)
	date, err := asOfParam(c)
	if err != nil {
		return views.CountryPage{}, err
	}
	total, err := h.db.CountGovernments(ctx, cc.Code)
	if err != nil {
		return views.CountryPage{}, err
	}
	pages := max(1, (total+governmentsPerPage-1)/governmentsPerPage)
	pg, err := pageParam(c, pages)
	if err != nil {
		return views.CountryPage{}, err
	}
	govs, _, err := h.db.CountryGovernments(ctx, cc.Code, governmentsPerPage, (pg-1)*governmentsPerPage)
	if err != nil {
		return views.CountryPage{}, err
	}
	p := views.CountryPage{Page: h.page(c, l.Country(cc.Code)), Code: cc.Code, Total: total}
	for _, g := range govs {
		p.Governments = append(p.Governments, views.GovCount{Gov: gov(g.GovRef), N: g.Agreements})
	}
	p.Pager = pager(l.URL("/countries/"+strings.ToLower(cc.Code)), pg, pages)
	if !full {
		return p, nil
	}
	regions, err := h.db.Regions(ctx, cc.Code)
	if err != nil {
		return p, err
	}
	partners, err := h.db.PartnerCountries(ctx, cc.Code)
	if err != nil {
		return p, err
	}
	perYear, err := h.db.AgreementsPerYear(ctx, store.AgreementFilter{Country: cc.Code})
	if err != nil {
		return p, err
	}
	rows, err := h.db.CountryAgreements(ctx, cc.Code)
	if err != nil {
		return p, err
	}
	p.Partners = countryCounts(partners)
	p.Feed = l.URL("/countries/"+strings.ToLower(cc.Code)) + ".atom"
	p.HasCharts = true
	if p.Activity, err = h.activitySection(c, p.Page, rows, store.ActivityFilter{Country: cc.Code}); err != nil {
		return p, err
	}
	refs, err := h.db.References(ctx, store.ReferenceScope(cc.Code, ""))
	if err != nil {
		return p, err
	}
	if p.Standing, err = h.standing(ctx, p.Activity.Items, rows, date, refs, cc.Code, l.URL("/countries/"+strings.ToLower(cc.Code))); err != nil {
		return p, err
	}
	for _, r := range regions {
		p.Regions = append(p.Regions, views.RegionCount{Region: r.Region, Governments: r.Governments, Agreements: r.Agreements})
	}
	scope := l.Country(cc.Code)
	p.PerYear = views.AgreementsPerYear(l, "agreements_per_year", yearKinds(perYear), scope, p.AsOf)
	p.PartnerBars = views.PartnerCountries(l, "partner_countries", p.Partners, topPartnerCountries, scope, p.AsOf, false)
	cp := chartParams{Country: cc.Code}
	linkChart(&p.PerYear, l, "agreements-by-year", cp)
	linkChart(&p.PartnerBars, l, "partner-countries", cp)
	linkActivityCharts(&p.Activity, l, cp)
	h.draw(ctx, &p.PerYear, &p.PartnerBars)
	return p, nil
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
	l := loc(c)
	title := l.F("bilateral.title", "a", l.Country(a.Code), "b", l.Country(b.Code))
	ext := formatOf(c)
	if ext == "atom" {
		return h.serveFeed(c, title, store.ActivityFilter{Country: a.Code, Partner: b.Code},
			chartPicture(l, "activities-by-year", chartParams{Country: a.Code, Partner: b.Code}))
	}
	p, err := h.buildBilateralPage(c, a.Code, b.Code, title, ext == "html")
	if err != nil {
		return err
	}
	if ext != "html" {
		return h.serveTwin(c, ext, relationshipTable(loc(c), p.Title, p.Activity.Items), p.AsOf)
	}
	return render(c, http.StatusOK, views.Bilateral(p))
}

// buildBilateralPage builds a country pair's page from one read of its agreements;
// unless full, only the relationships with their activeness that the .csv and .json
// twins hold.
func (h *handler) buildBilateralPage(c echo.Context, a, b, title string, full bool) (views.BilateralPage, error) {
	ctx := c.Request().Context()
	l := loc(c)
	rows, err := h.db.Bilateral(ctx, a, b)
	if err != nil {
		return views.BilateralPage{}, err
	}
	p := views.BilateralPage{Page: h.page(c, title), A: a, B: b, Total: len(rows), ByKind: kindCounts(rows)}
	f := store.ActivityFilter{Country: a, Partner: b}
	date, err := asOfParam(c)
	if err != nil {
		return p, err
	}
	first := min(a, b) // the country whose regions regional figures name
	refs, err := h.db.References(ctx, store.ReferenceScope(a, b))
	if err != nil {
		return p, err
	}
	action := l.URL("/countries/" + strings.ToLower(a) + "/" + strings.ToLower(b))
	if !full {
		years, err := h.db.ActivityYears(ctx, f)
		if err != nil {
			return p, err
		}
		j, err := h.judge(ctx, p.AsOf)
		if err != nil {
			return p, err
		}
		p.Activity.Items = j.assessed(rows, years)
		p.Standing, err = h.standing(ctx, p.Activity.Items, rows, date, refs, first, action)
		return p, err
	}
	perYear, err := h.db.AgreementsPerYear(ctx, store.AgreementFilter{Country: a, Partner: b})
	if err != nil {
		return p, err
	}
	p.Feed = l.URL("/countries/"+strings.ToLower(a)+"/"+strings.ToLower(b)) + ".atom"
	p.HasCharts = len(rows) > 0
	if p.Activity, err = h.activitySection(c, p.Page, rows, f); err != nil {
		return p, err
	}
	if p.Standing, err = h.standing(ctx, p.Activity.Items, rows, date, refs, first, action); err != nil {
		return p, err
	}
	p.Groups, p.RegionsA, p.RegionsB = views.GroupByRegion(p.Activity.Items)
	if p.Costs, err = h.costLedger(ctx, f, pairLedger(l, a, b, p.Activity.Items)); err != nil {
		return p, err
	}
	scope := l.F("bilateral.scope", "a", l.Country(a), "b", l.Country(b))
	p.PerYear = views.AgreementsPerYear(l, "agreements_per_year", yearKinds(perYear), scope, p.AsOf)
	cp := chartParams{Country: a, Partner: b}
	linkChart(&p.PerYear, l, "agreements-by-year", cp)
	linkActivityCharts(&p.Activity, l, cp)
	h.draw(ctx, &p.PerYear)
	return p, nil
}

// activitySection builds the activeness and activity part of a country or
// country-pair page from its agreements (rows, side A in f.Country) and the
// activities f selects: relationships assessed against the window, activeness by
// region, activity charts and the watch lists.
func (h *handler) activitySection(c echo.Context, page views.Page, rows []store.AgreementRow, f store.ActivityFilter) (views.ActivitySection, error) {
	ctx := c.Request().Context()
	l := page.L
	cc, partner := f.Country, f.Partner
	var s views.ActivitySection
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
	j, err := h.judge(ctx, page.AsOf)
	if err != nil {
		return s, err
	}
	vw := j.vw
	s.Window = vw
	s.Items = j.assessed(rows, years)
	all := url.Values{"country": {strings.ToLower(cc)}}
	if partner != "" {
		all.Set("partner", strings.ToLower(partner))
	}
	s.Watch = watch(s.Items, vw, page.AsOf, true, l.URL("/agreements?"+all.Encode()))
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
	h.draw(ctx, &s.ActivenessChart, &s.ActivityChart, &s.FlowChart)
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
