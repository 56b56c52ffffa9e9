package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// searchLimit caps each group of results (places, agreements, activities); the page
// says how many more matched.
const searchLimit = 30

// searchNearLimit caps the places found beyond the index (close spellings, CJK
// names with the query inside).
const searchNearLimit = 10

// maxSearchPage bounds how far down a group's ranking a page goes (OFFSET reads
// every row it skips).
const maxSearchPage = 100

// maxQueryRunes bounds the search text: longer input is a mistake or an attack.
const maxQueryRunes = 200

func (h *handler) showSearch(c echo.Context) error {
	l := loc(c)
	q := c.QueryParam("q")
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > maxQueryRunes {
		return badRequest(l.T("search.too_long"))
	}
	// Control characters (NUL, tabs, newlines) are spaces: never echoed, never searched.
	q = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q))
	title := l.T("search.title")
	if q != "" {
		title = l.F("search.title_query", "q", q)
	}
	p := views.SearchPage{Page: h.page(c, title), Q: q, PerPage: searchLimit, MaxPage: maxSearchPage, Pages: map[string]int{}}
	for _, g := range views.SearchGroups {
		p.Pages[g] = 1
		if v := c.QueryParam("page_" + g); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxSearchPage || strconv.Itoa(n) != v {
				return badRequest(l.F("search.bad_page", "param", "page_"+g, "max", itoa(maxSearchPage)))
			}
			p.Pages[g] = n
		}
	}
	if q != "" {
		skip := func(g string) int { return (p.Pages[g] - 1) * searchLimit }
		res, err := h.db.SearchFrom(c.Request().Context(), q, searchLimit,
			store.SearchSkip{Governments: skip("places"), Agreements: skip("agreements"), Activities: skip("activities")})
		if err != nil {
			return err
		}
		p.GovernmentTotal, p.AgreementTotal, p.ActivityTotal = res.GovernmentTotal, res.AgreementTotal, res.ActivityTotal
		// A page past a group's last is not there (as a browse list's is not).
		for g, total := range map[string]int{"places": res.GovernmentTotal, "agreements": res.AgreementTotal, "activities": res.ActivityTotal} {
			if p.Pages[g] > 1 && skip(g) >= total {
				return notFound()
			}
		}
		listed := map[string]bool{}
		for _, g := range res.Governments {
			p.Governments = append(p.Governments, views.GovCount{Gov: gov(g.GovRef), N: g.Agreements})
			listed[g.Slug] = true
		}
		// When the index found every place it could (all on this page), the places it
		// cannot find: a CJK name with the query inside, a Latin name a letter off.
		if res.GovernmentTotal == len(res.Governments) && p.Pages["places"] == 1 {
			near, err := h.db.SearchPlacesLoosely(c.Request().Context(), q, listed, searchNearLimit)
			if err != nil {
				return err
			}
			for _, g := range near {
				p.Near = append(p.Near, views.GovCount{Gov: gov(g.GovRef), N: g.Agreements})
			}
		}
		p.Agreements = agreementItems(res.Agreements)
		for _, a := range res.Activities {
			p.Activities = append(p.Activities, activityItem(a.Activity, gov(a.A), gov(a.B)))
		}
	}
	if ext := formatOf(c); ext != "html" {
		return h.serveTwin(c, ext, searchTable(p.Title, h.baseURL+l.Prefix(), p), p.AsOf)
	}
	return render(c, http.StatusOK, views.Search(p))
}

// searchColumns describe one search result of any type: a government (id = slug),
// an agreement (name = both parties, country = both countries) or an activity
// (name = title, date = its date, url = its place on the agreement page).
var searchColumns = []string{"type", "id", "name", "name_local", "country", "date", "agreement", "url"}

// searchTable lists every result the page shows, places first (then the places
// whose names come close), then agreements, then activities, each in rank order. base is the absolute URL prefix of the
// page's language (https://host/fr).
func searchTable(title, base string, p views.SearchPage) Table {
	t := Table{Title: title, Columns: searchColumns}
	for _, g := range p.Governments {
		t.Rows = append(t.Rows, []any{"government", g.Slug, g.Name, orNil(g.NameLocal), g.Country, nil, nil,
			base + "/governments/" + g.Slug})
	}
	for _, g := range p.Near {
		t.Rows = append(t.Rows, []any{"government_near", g.Slug, g.Name, orNil(g.NameLocal), g.Country, nil, nil,
			base + "/governments/" + g.Slug})
	}
	for _, a := range p.Agreements {
		t.Rows = append(t.Rows, []any{"agreement", a.ID, a.Self.Name + " – " + a.Partner.Name,
			orNil(localPair(a.Self, a.Partner)), countries(a.Self, a.Partner),
			orNil(a.Signed), a.ID, base + "/agreements/" + a.ID})
	}
	for _, a := range p.Activities {
		t.Rows = append(t.Rows, []any{"activity", a.ID, a.Title, nil, countries(a.A, a.B), orNil(a.Date), a.Agreement,
			base + "/agreements/" + a.Agreement + "#activity-" + a.ID})
	}
	return t
}

// countries is the country codes of an agreement's two sides, once each: "CA KR".
func countries(a, b views.Gov) string {
	if a.Country == b.Country {
		return a.Country
	}
	return a.Country + " " + b.Country
}

// localPair names both sides in their own scripts ("Burnaby – 화성시"), or is "" when
// neither has a name in its own script.
func localPair(a, b views.Gov) string {
	if a.NameLocal == "" && b.NameLocal == "" {
		return ""
	}
	local := func(g views.Gov) string {
		if g.NameLocal != "" {
			return g.NameLocal
		}
		return g.Name
	}
	return local(a) + " – " + local(b)
}
