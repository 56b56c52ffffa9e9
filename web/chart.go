package web

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// chartSpec is one chart the portal draws, at /charts/{name} and
// /embed/charts/{name}, with the filters it takes in canonical order.
type chartSpec struct {
	name         string
	params       []string
	needsCountry bool
	needsScope   bool // a country, government or agreement (the chart has two sides)
	needsGov     bool // a government (its map)
	build        func(ctx context.Context, h *handler, l *views.Loc, p chartParams, asOf string) (views.Chart, Table, error)
}

// chartSpecs lists every chart, in index order.
var chartSpecs = []chartSpec{
	{name: "agreements-by-year", params: []string{"country", "partner", "government", "kind", "from", "to", "as_of"}, build: buildAgreementsByYear},
	{name: "partner-countries", params: []string{"country", "kind", "top", "as_of"}, build: buildPartnerCountries},
	{name: "activities-by-year", params: []string{"country", "partner", "government", "agreement", "category", "direction", "from", "to"}, build: buildActivitiesByYear},
	{name: "activity-flows", params: []string{"country", "partner", "government", "agreement", "category", "from", "to"}, needsScope: true, build: buildActivityFlows},
	{name: "activeness-by-region", params: []string{"country", "partner"}, needsCountry: true, build: buildActivenessByRegion},
	{name: "partners-map", params: []string{"government"}, needsGov: true, build: buildPartnersMap},
}

func chartSpecByName(name string) (chartSpec, bool) {
	for _, s := range chartSpecs {
		if s.name == name {
			return s, true
		}
	}
	return chartSpec{}, false
}

// chartID makes an element id from a chart name (letters, digits and _ only).
func chartID(name string) string {
	b := []byte(name)
	for i, c := range b {
		if c == '-' {
			b[i] = '_'
		}
	}
	return string(b)
}

// scope says in words what the filters select, for captions.
func scope(ctx context.Context, h *handler, l *views.Loc, p chartParams) string {
	s := l.T("scope.world")
	switch {
	case p.Agreement != "":
		if a, b, err := h.db.Parties(ctx, p.Agreement); err == nil {
			s = l.F("agreement.title", "a", l.GovName(gov(a)), "b", l.GovName(gov(b)))
		}
	case p.Government != "":
		if g, err := h.db.Name(ctx, p.Government); err == nil {
			s = l.GovName(gov(g))
		}
	case p.Partner != "":
		s = l.F("bilateral.scope", "a", l.Country(p.Country), "b", l.Country(p.Partner))
	case p.Country != "":
		s = l.Country(p.Country)
	}
	if p.Kind != "" {
		s += " · " + l.Term("kind", p.Kind)
	}
	if p.AsOf != "" {
		s += " · " + l.F("chart.in_force_on", "date", l.Date(p.AsOf))
	}
	if p.Category != "" {
		s += " · " + l.Term("category", p.Category)
	}
	if p.From != 0 || p.To != 0 {
		s += " · " + yearOrAny(p.From) + "–" + yearOrAny(p.To)
	}
	return s
}

func buildAgreementsByYear(ctx context.Context, h *handler, l *views.Loc, p chartParams, asOf string) (views.Chart, Table, error) {
	var counts []store.YearKindCount
	var inForce inForceCount
	var err error
	if p.AsOf != "" {
		counts, inForce, err = h.inForceByYear(ctx, p)
	} else {
		counts, err = h.db.AgreementsPerYear(ctx, p.agreementFilter())
	}
	if err != nil {
		return views.Chart{}, Table{}, err
	}
	var kept []store.YearKindCount
	for _, c := range counts {
		if p.inYears(c.Year) {
			kept = append(kept, c)
		}
	}
	chart := views.AgreementsPerYear(l, chartID("agreements-by-year"), yearKinds(kept), scope(ctx, h, l, p), asOf)
	inForce.explain(l, &chart, p.AsOf)
	if err := h.citeReference(ctx, l, &chart, p); err != nil {
		return views.Chart{}, Table{}, err
	}
	t := Table{Columns: []string{"year", "sister", "friendship", "unknown", "total"}}
	byYear := map[string][3]int{}
	for _, c := range kept {
		v := byYear[c.Year]
		switch c.Kind {
		case "sister":
			v[0] += c.N
		case "friendship":
			v[1] += c.N
		default:
			v[2] += c.N
		}
		byYear[c.Year] = v
	}
	// Known years ascending, then the unknown year, as the chart draws them.
	years := slices.Sorted(maps.Keys(byYear))
	if len(years) > 0 && years[0] == "" {
		years = append(years[1:], "")
	}
	for _, y := range years {
		v := byYear[y]
		t.Rows = append(t.Rows, []any{orNil(y), v[0], v[1], v[2], v[0] + v[1] + v[2]})
	}
	return chart, t, nil
}

func buildPartnerCountries(ctx context.Context, h *handler, l *views.Loc, p chartParams, asOf string) (views.Chart, Table, error) {
	var counts []store.CountryCount
	var inForce inForceCount
	var err error
	switch {
	case p.AsOf != "":
		counts, inForce, err = h.inForceByCountry(ctx, p)
	case p.Country == "":
		counts, err = h.db.Countries(ctx)
	default:
		counts, err = h.db.PartnerCountries(ctx, p.Country)
	}
	if err != nil {
		return views.Chart{}, Table{}, err
	}
	chart := views.PartnerCountries(l, chartID("partner-countries"), countryCounts(counts), p.Top, scope(ctx, h, l, p), asOf, p.Country == "")
	inForce.explain(l, &chart, p.AsOf)
	if err := h.citeReference(ctx, l, &chart, p); err != nil {
		return views.Chart{}, Table{}, err
	}
	t := Table{Columns: []string{"country", "agreements"}}
	other := 0
	for i, c := range counts {
		if i < p.Top {
			t.Rows = append(t.Rows, []any{c.Code, c.Agreements})
		} else {
			other += c.Agreements
		}
	}
	if other > 0 {
		t.Rows = append(t.Rows, []any{"other", other})
	}
	return chart, t, nil
}

func buildActivitiesByYear(ctx context.Context, h *handler, l *views.Loc, p chartParams, asOf string) (views.Chart, Table, error) {
	counts, err := h.db.ActivitiesPerYear(ctx, p.activityFilter())
	if err != nil {
		return views.Chart{}, Table{}, err
	}
	var kept []store.YearCategoryCount
	for _, c := range counts {
		if p.inYears(c.Year) {
			kept = append(kept, c)
		}
	}
	chart := views.ActivitiesPerYear(l, chartID("activities-by-year"), yearCategories(kept), scope(ctx, h, l, p), asOf)
	t := Table{Columns: []string{"year", "category", "activities"}}
	for _, c := range kept {
		t.Rows = append(t.Rows, []any{orNil(c.Year), orNil(c.Category), c.N})
	}
	return chart, t, nil
}

func buildActivityFlows(ctx context.Context, h *handler, l *views.Loc, p chartParams, asOf string) (views.Chart, Table, error) {
	f := p.activityFilter()
	flows, err := h.db.ActivityFlows(ctx, f)
	if err != nil {
		return views.Chart{}, Table{}, err
	}
	// Year range: count again over the dated activities (flows are small).
	if p.From != 0 || p.To != 0 {
		acts, err := h.db.Activities(ctx, f, maxTimeline)
		if err != nil {
			return views.Chart{}, Table{}, err
		}
		flows = flowsOf(acts, p)
	}
	var sides [2]string
	var first func(store.FlowCount) bool
	switch {
	case p.Agreement != "":
		a, b, err := h.db.Parties(ctx, p.Agreement)
		if err != nil {
			return views.Chart{}, Table{}, err
		}
		sides = [2]string{l.GovName(gov(a)), l.GovName(gov(b))}
		first = func(fc store.FlowCount) bool { return fc.From == a.Slug }
	case p.Government != "":
		g, err := h.db.Name(ctx, p.Government)
		if err != nil {
			return views.Chart{}, Table{}, err
		}
		sides = [2]string{l.GovName(gov(g)), l.T("chart.flows.partners")}
		first = func(fc store.FlowCount) bool { return fc.From == g.Slug }
	default:
		other := l.T("chart.flows.partners")
		if p.Partner != "" {
			other = l.Country(p.Partner)
		}
		sides = [2]string{l.Country(p.Country), other}
		first = func(fc store.FlowCount) bool { return fc.FromCountry == p.Country }
	}
	chart := views.Flows(l, chartID("activity-flows"), flowsBy(flows, first), sides, scope(ctx, h, l, p), asOf)
	t := Table{Columns: []string{"category", "from", "from_country", "activities"}}
	for _, fc := range flows {
		t.Rows = append(t.Rows, []any{orNil(fc.Category), orNil(fc.From), orNil(fc.FromCountry), fc.N})
	}
	return chart, t, nil
}

// flowsOf counts listed activities within the year range by category and side.
func flowsOf(acts []store.LatestActivity, p chartParams) []store.FlowCount {
	type key struct{ cat, from, country string }
	counts := map[key]int{}
	var order []key
	for _, a := range acts {
		y := ""
		if len(a.Date) >= 4 {
			y = a.Date[:4]
		}
		if y == "" || !p.inYears(y) {
			continue // a year range selects dated activities only
		}
		country := ""
		switch a.From {
		case a.A.Slug:
			country = a.A.Country
		case a.B.Slug:
			country = a.B.Country
		}
		k := key{a.Category, a.From, country}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	out := make([]store.FlowCount, len(order))
	for i, k := range order {
		out[i] = store.FlowCount{Category: k.cat, From: k.from, FromCountry: k.country, N: counts[k]}
	}
	return out
}

func buildActivenessByRegion(ctx context.Context, h *handler, l *views.Loc, p chartParams, asOf string) (views.Chart, Table, error) {
	rows, err := h.db.CountryAgreements(ctx, p.Country)
	if p.Partner != "" {
		rows, err = h.db.Bilateral(ctx, p.Country, p.Partner)
	}
	if err != nil {
		return views.Chart{}, Table{}, err
	}
	years, err := h.db.ActivityYears(ctx, store.ActivityFilter{Country: p.Country, Partner: p.Partner})
	if err != nil {
		return views.Chart{}, Table{}, err
	}
	j, err := h.judge(ctx, asOf)
	if err != nil {
		return views.Chart{}, Table{}, err
	}
	vw := j.vw
	regions := regionActiveness(j.assessed(rows, years))
	chart := views.ActivenessByRegion(l, chartID("activeness-by-region"), regions, vw, scope(ctx, h, l, p), asOf)
	t := Table{Columns: []string{"region", "relationships", "active", "dormant", "not_reported", "unverified", "planned", "ended", "share_active", "mean_engagement_rate", "window"}}
	span := strconv.Itoa(vw.From) + "-" + strconv.Itoa(vw.To)
	for _, r := range regions {
		share := 0.0
		if r.Total > 0 {
			share = float64(r.States["active"]) / float64(r.Total)
		}
		t.Rows = append(t.Rows, []any{orNil(r.Region), r.Total, r.States["active"], r.States["dormant"], r.States["not_reported"], r.States["unverified"],
			r.States["planned"], r.States["ended"], share, r.MeanRate, span})
	}
	return chart, t, nil
}

// chartRequest resolves /charts/{name}[.csv|.json] and its parameters.
func (h *handler) chartRequest(c echo.Context) (chartSpec, chartParams, string, error) {
	name, ext := format(c.Param("name"))
	if base, ok := strings.CutSuffix(name, ".svg"); ok && ext == "html" {
		name, ext = base, "svg" // the picture itself (only charts have one)
	}
	spec, ok := chartSpecByName(name)
	if !ok || ext == "atom" {
		return spec, chartParams{}, ext, notFound()
	}
	p, err := h.parseChartParams(c.Request().Context(), loc(c), spec, c.QueryParams())
	return spec, p, ext, err
}

func (h *handler) showChart(c echo.Context) error {
	ctx := c.Request().Context()
	l := loc(c)
	spec, p, ext, err := h.chartRequest(c)
	var refused map[string]string
	var pe *paramError
	if errors.As(err, &pe) && ext == "html" {
		// On the page, a refused filter is shown beside its field, with the chart of
		// the other filters (twins, pictures and embeds answer 400).
		var drawable bool
		if p, refused, drawable, err = h.chartParamsDespite(ctx, l, spec, c.QueryParams()); err != nil {
			return err
		}
		if !drawable {
			return h.renderChartForm(c, spec, refused)
		}
	} else if err != nil {
		return err
	}
	page := h.page(c, "")
	chart, table, err := spec.build(ctx, h, l, p, page.AsOf)
	if err != nil {
		return err
	}
	table.Title = chart.Caption
	if ext == "svg" {
		return h.serveChartSVG(c, &chart)
	}
	if ext != "html" {
		return h.serveTwin(c, ext, table, page.AsOf)
	}
	page.Title = chart.Caption
	page.HasCharts = true
	h.draw(c.Request().Context(), &chart)
	query := p.query(spec)
	page.Query = query
	chart.Links = chartLinks(l, spec.name, query)
	canonical := h.baseURL + chart.Links.Page
	page.OEmbed = h.oembedURL(canonical)
	page.Image, page.ImageAlt = h.baseURL+chart.Links.SVG, chart.Summary
	vp := views.ChartPage{Page: page, Name: spec.name, Chart: chart,
		Canonical: canonical, Embed: h.baseURL + embedURL(l, spec.name, query), HostScript: h.baseURL + embedHostScript,
		Refused: len(refused) > 0}
	if vp.Fields, err = h.chartFields(ctx, l, spec, typedValues(c, paramValues(p, spec), refused), refused); err != nil {
		return err
	}
	status := http.StatusOK
	if vp.Refused {
		status = http.StatusBadRequest
	}
	return render(c, status, views.ChartView(vp))
}

// renderChartForm answers a chart page none of whose drawing the filters allow (a
// chart that needs a country, given none that is valid): the form, with the
// messages, and no chart; 400.
func (h *handler) renderChartForm(c echo.Context, spec chartSpec, refused map[string]string) error {
	l := loc(c)
	page := h.page(c, l.T("charts.title"))
	vp := views.ChartPage{Page: page, Name: spec.name, Refused: true, NoChart: true}
	var err error
	// What was typed for every filter, so that correcting the refused one keeps the others.
	typed := map[string]string{}
	for _, name := range spec.params {
		typed[name] = c.QueryParam(name)
	}
	if vp.Fields, err = h.chartFields(c.Request().Context(), l, spec, typed, refused); err != nil {
		return err
	}
	return render(c, http.StatusBadRequest, views.ChartView(vp))
}

// typedValues are the form's values: what the reader typed for a refused filter,
// the chart's canonical value for the others.
func typedValues(c echo.Context, canonical, refused map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range canonical {
		out[k] = v
	}
	for name := range refused {
		out[name] = c.QueryParam(name)
	}
	return out
}

func (h *handler) showChartIndex(c echo.Context) error {
	l := loc(c)
	p := views.ChartIndexPage{Page: h.page(c, l.T("charts.title"))}
	for _, s := range chartSpecs {
		example := chartParams{Top: topPartnerCountries}
		if s.needsCountry || s.needsScope {
			example.Country, example.Partner = "CA", "KR"
		}
		if s.needsGov {
			example.Government = "burnaby-ca"
		}
		p.Charts = append(p.Charts, views.ChartIndexItem{Name: s.name, Params: s.params,
			Example: l.URL("/charts/"+s.name) + "?" + example.query(s)})
	}
	return render(c, http.StatusOK, views.ChartIndex(p))
}

// chartURL is the root-relative URL, in l's language, of a chart's page (ext "") or
// of its twin or picture (ext ".csv", ".json", ".svg"), with a canonical query.
func chartURL(l *views.Loc, name, ext, query string) string {
	return l.URL("/charts/"+name) + ext + "?" + query
}

// embedURL is the root-relative URL of a chart's embed in l's language.
func embedURL(l *views.Loc, name, query string) string {
	return l.URL("/embed/charts/"+name) + "?" + query
}

// chartLinks are the chart page and twin links of a chart.
func chartLinks(l *views.Loc, name, query string) *views.ChartLinks {
	return &views.ChartLinks{Page: chartURL(l, name, "", query), CSV: chartURL(l, name, ".csv", query),
		JSON: chartURL(l, name, ".json", query), SVG: chartURL(l, name, ".svg", query)}
}

// paramValues are the current values of a chart's parameters, for its filter form.
func paramValues(p chartParams, spec chartSpec) map[string]string {
	out := map[string]string{}
	for _, kv := range splitQuery(p.query(spec)) {
		out[kv[0]] = kv[1]
	}
	return out
}

// canonicalQuery is the canonical query of the named chart with filters set in code
// (defaults filled in).
func canonicalQuery(name string, p chartParams) string {
	spec, ok := chartSpecByName(name)
	if !ok {
		panic("web: unknown chart " + name) // names are constants in code
	}
	if p.Top == 0 {
		p.Top = topPartnerCountries
	}
	return p.query(spec)
}

// chartPicture is the root-relative URL of a chart's SVG with the given filters.
func chartPicture(l *views.Loc, name string, p chartParams) string {
	return chartURL(l, name, ".svg", canonicalQuery(name, p))
}

// linkChart gives a chart drawn on another page the links of its own chart page.
func linkChart(c *views.Chart, l *views.Loc, name string, p chartParams) {
	c.Links = chartLinks(l, name, canonicalQuery(name, p))
}
