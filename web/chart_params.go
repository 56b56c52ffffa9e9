package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// chartParams are a chart's filters as the query string gives them. "any" means no
// filter: canonical links spell every parameter out, "any" included, so a later
// change of defaults never changes what a published link shows.
type chartParams struct {
	Country, Partner, Government, Agreement string // "" = any
	Kind, Category, Direction               string // "" = any
	From, To                                int    // 0 = any
	Top                                     int    // partner-countries only
	AsOf                                    string // count what was in force on this day (YYYY-MM-DD), "" = today's records
}

// parseChartParams validates every parameter the chart uses (through the one filter
// parser); others are ignored.
func (h *handler) parseChartParams(ctx context.Context, l *views.Loc, spec chartSpec, q url.Values) (chartParams, error) {
	fv, err := h.parseFilters(ctx, l, q, spec.params, true)
	if err != nil {
		return chartParams{}, err
	}
	p := chartParams{Country: fv.code("country"), Partner: fv.code("partner"), Government: fv.get("government"),
		Agreement: fv.get("agreement"), Kind: fv.get("kind"), Category: fv.get("category"), Direction: fv.code("direction"),
		From: fv.number("from"), To: fv.number("to"), Top: fv.number("top"), AsOf: fv.get("as_of")}
	if p.From != 0 && p.To != 0 && p.From > p.To {
		return p, refuseParam("to", l.T("error.year_range"), "from")
	}
	if spec.needsCountry && p.Country == "" {
		return p, refuseParam("country", l.T("error.needs_country"))
	}
	if spec.needsGov && p.Government == "" {
		return p, refuseParam("government", l.T("error.needs_government"))
	}
	if spec.needsScope && p.Country == "" && p.Government == "" && p.Agreement == "" {
		return p, refuseParam("country", l.T("error.needs_scope"))
	}
	if p.Top == 0 {
		p.Top = topPartnerCountries
	}
	return p, nil
}

// query spells out every parameter of the chart, "any" for no filter, in the
// chart's own order: the canonical, stable form of a chart link.
func (p chartParams) query(spec chartSpec) string {
	var parts []string
	for _, name := range spec.params {
		v := anyValue
		switch name {
		case "country":
			v = orAny(strings.ToLower(p.Country))
		case "partner":
			v = orAny(strings.ToLower(p.Partner))
		case "government":
			v = orAny(p.Government)
		case "agreement":
			v = orAny(p.Agreement)
		case "kind":
			v = orAny(p.Kind)
		case "category":
			v = orAny(p.Category)
		case "direction":
			v = orAny(strings.ToLower(p.Direction))
		case "from":
			v = yearOrAny(p.From)
		case "to":
			v = yearOrAny(p.To)
		case "top":
			v = strconv.Itoa(p.Top)
		case "as_of":
			// Spelled out only when asked: a link without a date shows the live
			// records, and adding the parameter left every earlier link as it was.
			if p.AsOf == "" {
				continue
			}
			v = p.AsOf
		}
		parts = append(parts, name+"="+url.QueryEscape(v))
	}
	return strings.Join(parts, "&")
}

func orAny(s string) string {
	if s == "" {
		return anyValue
	}
	return s
}

func yearOrAny(y int) string {
	if y == 0 {
		return anyValue
	}
	return strconv.Itoa(y)
}

// inYears reports whether a YYYY year string is inside the range (an unknown year
// is kept: it is not outside any range, it is unknown).
func (p chartParams) inYears(y string) bool {
	if y == "" {
		return true
	}
	n, _ := strconv.Atoi(y)
	return (p.From == 0 || n >= p.From) && (p.To == 0 || n <= p.To)
}

func (p chartParams) agreementFilter() store.AgreementFilter {
	return store.AgreementFilter{Country: p.Country, Partner: p.Partner, Government: p.Government, Kind: p.Kind}
}

func (p chartParams) activityFilter() store.ActivityFilter {
	return store.ActivityFilter{Country: p.Country, Partner: p.Partner, Government: p.Government, Agreement: p.Agreement,
		Category: p.Category, Direction: p.Direction}
}

func splitQuery(q string) [][2]string {
	var out [][2]string
	for _, part := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(part, "=")
		v, _ = url.QueryUnescape(v)
		out = append(out, [2]string{k, v})
	}
	return out
}
