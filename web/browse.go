package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// Browse: /governments, /agreements and /activities, faceted lists whose every state
// is a permalink. Each parameter is validated (a bad value is a 400 that names the
// parameter and what it allows; unknown parameters are ignored), every link spells
// the parameters in one canonical order, and the .csv and .json twins hold exactly
// the rows of the page state.

const (
	defaultPerPage = 50
	maxPerPage     = 500
	// browseFacetLimit is how many values a country, partner, direction or region
	// facet lists (the most frequent); the others list every value.
	browseFacetLimit = 30
)

// browseSpec describes one list: its name (path and message keys), its filters in
// canonical order, and its sort orders, the first being the default.
type browseSpec struct {
	list    string
	filters []string
	sorts   []string
}

var (
	governmentsBrowse = browseSpec{"governments", []string{"country", "level", "region", "has"}, store.GovernmentSorts}
	agreementsBrowse  = browseSpec{"agreements", []string{"country", "partner", "kind", "status", "activeness", "decade"}, store.AgreementSorts}
	activitiesBrowse  = browseSpec{"activities", []string{"country", "partner", "government", "category", "direction", "decade", "year"}, store.ActivitySorts}
)

// browseState is a validated page state: the filters (as URLs spell them), the sort
// ("" for the default), the page length and page.
type browseState struct {
	spec *browseSpec
	filterValues
	sort    string
	perPage int
	page    int
}

// parseBrowse validates the query parameters of a list; the page number is checked
// once the number of pages is known.
func (h *handler) parseBrowse(c echo.Context, spec *browseSpec) (*browseState, error) {
	l := loc(c)
	q := c.QueryParams()
	fv, err := h.parseFilters(c.Request().Context(), l, q, spec.filters, false)
	if err != nil {
		return nil, err
	}
	st := &browseState{spec: spec, filterValues: fv, perPage: defaultPerPage, page: 1}
	for _, name := range []string{"sort", "per_page", "page"} {
		if len(q[name]) > 1 {
			return nil, badRequest(l.F("browse.error.repeated", "param", name))
		}
	}
	if v := q.Get("sort"); v != "" {
		if !slices.Contains(spec.sorts, v) {
			return nil, badRequest(l.F("browse.error.value", "param", "sort", "value", truncateValue(v),
				"allowed", strings.Join(spec.sorts, ", ")))
		}
		if v != spec.sorts[0] {
			st.sort = v
		}
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !isDigits(v) || n < 1 || n > maxPerPage {
			return nil, badRequest(l.F("browse.error.per_page", "max", itoa(maxPerPage)))
		}
		st.perPage = n
	}
	return st, nil
}

// query is the state's canonical query string: filters in the list's order, then
// sort, per_page and page, each only when it is not the default.
func (st *browseState) query() string {
	var parts []string
	add := func(k, v string) { parts = append(parts, k+"="+url.QueryEscape(v)) }
	for _, name := range st.spec.filters {
		if v := st.values[name]; v != "" {
			add(name, v)
		}
	}
	if st.sort != "" {
		add("sort", st.sort)
	}
	if st.perPage != defaultPerPage {
		add("per_page", itoa(st.perPage))
	}
	if st.page > 1 {
		add("page", itoa(st.page))
	}
	return strings.Join(parts, "&")
}

// url is the address of the state (ext "" for the page, "csv" or "json" for a twin).
func (st *browseState) url(l *views.Loc, ext string) string {
	u := l.URL("/" + st.spec.list)
	if ext != "" {
		u += "." + ext
	}
	if q := st.query(); q != "" {
		u += "?" + q
	}
	return u
}

// clone is a copy of the state on page 1, with its own filters.
func (st *browseState) clone() *browseState {
	n := *st
	n.values = make(map[string]string, len(st.values))
	for k, v := range st.values {
		n.values[k] = v
	}
	n.page = 1
	return &n
}

// with is the state with filter name set to v (or removed, for ""), on page 1. A
// partner belongs to its country, so changing the country drops it.
func (st *browseState) with(name, v string) *browseState {
	n := st.clone()
	n.values[name] = v
	if name == "country" {
		delete(n.values, "partner")
	}
	return n
}

func (st *browseState) withSort(s string) *browseState {
	n := st.clone()
	if s == st.spec.sorts[0] {
		s = ""
	}
	n.sort = s
	return n
}

func (st *browseState) withPerPage(pp int) *browseState {
	n := st.clone()
	n.perPage = pp
	return n
}

func (st *browseState) withPage(page int) *browseState {
	n := *st
	n.page = page
	return &n
}

// browsePage validates the page number against the total, redirects upper-case
// country codes, and fills everything the list pages share: title, filters in force,
// facets, sort and page-length links, pager and twins. It returns the page and the
// offset of its first row; nil when it has answered with a redirect.
func (h *handler) browsePage(c echo.Context, st *browseState, total int, facets store.Facets) (*views.BrowsePage, int, error) {
	l := loc(c)
	pages := max(1, (total+st.perPage-1)/st.perPage)
	page, err := pageParam(c, pages)
	if err != nil {
		return nil, 0, err
	}
	st.page = page
	if st.upper {
		u := c.Request().URL.Path + "?" + st.query()
		return nil, 0, c.Redirect(http.StatusMovedPermanently, u)
	}
	list := st.spec.list
	title := l.T("browse." + list + ".title")
	var labels []string
	p := &views.BrowsePage{List: list, Total: total}
	for _, name := range st.spec.filters {
		v := st.values[name]
		if v == "" {
			continue
		}
		f := views.BrowseFilter{Param: name, Value: v, RemoveURL: st.with(name, "").url(l, "")}
		label := l.BrowseLabel(name, v)
		if name == "government" && st.gov != nil {
			g := gov(*st.gov)
			f.Gov, label = &g, l.GovName(g)
		}
		p.Filters = append(p.Filters, f)
		labels = append(labels, l.F("browse.filter", "param", l.BrowseParam(list, name), "value", label))
	}
	if len(labels) > 0 {
		title += " — " + strings.Join(labels, " · ")
		none := st.clone()
		none.values = nil
		p.ClearURL = none.url(l, "")
	}
	p.Page = h.page(c, title)
	p.Query = st.query()
	for _, name := range st.spec.filters {
		values, ok := facets[name]
		switch {
		case !ok,
			name == "region" && st.values["country"] == "",
			name == "year" && st.values["decade"] == "" && st.values["year"] == "":
			continue
		}
		p.Facets = append(p.Facets, st.facet(l, name, values))
	}
	for _, s := range st.spec.sorts {
		active := s == st.sort || st.sort == "" && s == st.spec.sorts[0]
		p.Sorts = append(p.Sorts, views.BrowseOption{Value: s, URL: st.withSort(s).url(l, ""), Active: active})
	}
	lengths := []int{defaultPerPage, 100, maxPerPage}
	if !slices.Contains(lengths, st.perPage) {
		lengths = append(lengths, st.perPage)
		slices.Sort(lengths)
	}
	for _, n := range lengths {
		p.PerPage = append(p.PerPage, views.BrowseOption{Value: l.N(n), URL: st.withPerPage(n).url(l, ""), Active: n == st.perPage})
	}
	p.Pager = views.Pager{Page: page, Pages: pages}
	if page > 1 {
		p.Pager.Prev = st.withPage(page-1).url(l, "")
	}
	if page < pages {
		p.Pager.Next = st.withPage(page+1).url(l, "")
	}
	offset := (page - 1) * st.perPage
	if total > 0 {
		p.From, p.To = offset+1, min(total, offset+st.perPage)
	}
	p.CSV, p.JSON = st.url(l, "csv"), st.url(l, "json")
	if formatOf(c) != "html" {
		// A twin holds one page; the total tells a client paging through how far to go.
		c.Response().Header().Set("X-Total-Count", itoa(total))
		c.Response().Header().Set("Access-Control-Expose-Headers", "X-Total-Count")
	}
	return p, offset, nil
}

// facet links each value of a facet, the most frequent first for the long ones; the
// selected value is always listed, with 0 when nothing matches it.
func (st *browseState) facet(l *views.Loc, name string, counts []store.FacetCount) views.BrowseFacet {
	f := views.BrowseFacet{Param: name}
	current := st.values[name]
	found := false
	for _, c := range counts {
		v := c.Value
		if name == "country" || name == "partner" || name == "direction" {
			v = strings.ToLower(v)
		}
		active := v == current
		found = found || active
		f.Values = append(f.Values, views.BrowseFacetValue{Value: v, N: c.N, URL: st.with(name, v).url(l, ""), Active: active})
	}
	if current != "" && !found {
		f.Values = append([]views.BrowseFacetValue{{Value: current, URL: st.url(l, ""), Active: true}}, f.Values...)
	}
	switch name {
	case "country", "partner", "direction", "region":
		if len(f.Values) > browseFacetLimit {
			shown := f.Values[:browseFacetLimit]
			if i := slices.IndexFunc(f.Values, func(v views.BrowseFacetValue) bool { return v.Active }); i >= browseFacetLimit {
				shown = append(shown[:browseFacetLimit-1:browseFacetLimit-1], f.Values[i])
			}
			f.More = len(f.Values) - len(shown)
			f.Values = shown
		}
	}
	return f
}

func (h *handler) showGovernmentList(c echo.Context) error {
	st, err := h.parseBrowse(c, &governmentsBrowse)
	if err != nil {
		return err
	}
	res, err := h.db.BrowseGovernments(c.Request().Context(), st.governments(), st.sort)
	if err != nil {
		return err
	}
	p, offset, err := h.browsePage(c, st, res.Total, res.Facets)
	if err != nil || p == nil {
		return err
	}
	for _, g := range res.Rows(offset, st.perPage) {
		p.Governments = append(p.Governments, views.GovCount{Gov: gov(g.GovRef), N: g.Agreements})
	}
	if ext := formatOf(c); ext != "html" {
		return h.serveTwin(c, ext, governmentTable(loc(c), p.Title, p.Governments), p.AsOf)
	}
	return render(c, http.StatusOK, views.Browse(*p))
}

func (h *handler) showAgreementList(c echo.Context) error {
	st, err := h.parseBrowse(c, &agreementsBrowse)
	if err != nil {
		return err
	}
	res, err := h.db.BrowseAgreements(c.Request().Context(), st.agreements(), st.sort)
	if err != nil {
		return err
	}
	p, offset, err := h.browsePage(c, st, res.Total, res.Facets)
	if err != nil || p == nil {
		return err
	}
	for _, r := range res.Rows(offset, st.perPage) {
		it := agreementItem(r.AgreementRow)
		it.Activeness = activeness(r.Activeness, res.Window, r.Signed)
		p.Agreements = append(p.Agreements, it)
	}
	if ext := formatOf(c); ext != "html" {
		return h.serveTwin(c, ext, relationshipTable(loc(c), p.Title, p.Agreements), p.AsOf)
	}
	p.Window = viewWindow(res.Window)
	return render(c, http.StatusOK, views.Browse(*p))
}

func (h *handler) showActivityList(c echo.Context) error {
	st, err := h.parseBrowse(c, &activitiesBrowse)
	if err != nil {
		return err
	}
	res, err := h.db.BrowseActivities(c.Request().Context(), st.activities(), st.sort)
	if err != nil {
		return err
	}
	p, offset, err := h.browsePage(c, st, res.Total, res.Facets)
	if err != nil || p == nil {
		return err
	}
	rows, err := res.Rows(c.Request().Context(), offset, st.perPage)
	if err != nil {
		return err
	}
	p.Activities = activityItems(rows)
	if ext := formatOf(c); ext != "html" {
		return h.serveTwin(c, ext, activityListTable(p.Title, p.Activities), p.AsOf)
	}
	return render(c, http.StatusOK, views.Browse(*p))
}

var activityListColumns = []string{"id", "agreement", "date", "date_end", "category", "from", "from_country",
	"government_a", "government_a_name", "government_a_country", "government_b", "government_b_name", "government_b_country",
	"title", "description", "participants", "cost_amount", "cost_currency", "paid_by", "outputs"}

// activityListTable is the twin of an activity list: one row per activity, with
// both parties and the side it came from ("joint", or null when unknown).
func activityListTable(title string, acts []views.ActivityItem) Table {
	t := Table{Title: title, Columns: activityListColumns}
	for _, a := range acts {
		var fromCountry any
		switch a.From {
		case a.A.Slug:
			fromCountry = a.A.Country
		case a.B.Slug:
			fromCountry = a.B.Country
		}
		t.Rows = append(t.Rows, []any{a.ID, a.Agreement, orNil(a.Date), orNil(a.DateEnd), orNil(a.Category), orNil(a.From), fromCountry,
			a.A.Slug, a.A.Name, a.A.Country, a.B.Slug, a.B.Name, a.B.Country, a.Title, orNil(a.Description), orNil(a.Participants),
			orNil(a.CostAmount), orNil(a.CostCurrency), orNil(a.PaidBy), orNil(a.Outputs)})
	}
	return t
}
