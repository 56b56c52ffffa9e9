package web

import (
	"context"
	"net/url"
	"slices"
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
}

// paramError is a bad chart parameter, with a message for the user.
type paramError struct{ msg string }

func (e paramError) Error() string { return e.msg }

const anyValue = "any"

// parseChartParams validates every parameter the chart uses; others are ignored.
func (h *handler) parseChartParams(ctx context.Context, l *views.Loc, spec chartSpec, q url.Values) (chartParams, error) {
	var p chartParams
	bad := func(name, v, allowed string) error {
		return paramError{l.F("error.param", "name", name, "value", truncateRunes(v, 40), "allowed", allowed)}
	}
	get := func(name string) string {
		v := strings.TrimSpace(q.Get(name))
		if v == anyValue {
			return ""
		}
		return v
	}
	for _, name := range spec.params {
		v := get(name)
		if v == "" {
			continue
		}
		switch name {
		case "country", "partner", "direction":
			if name == "direction" && (v == "joint" || v == "unknown") {
				p.Direction = v
				continue
			}
			code := strings.ToUpper(v)
			if len(code) != 2 || !isASCIILetters(code) {
				return p, bad(name, v, l.T("error.allowed_country"))
			}
			if _, err := h.db.Country(ctx, code); err != nil {
				return p, bad(name, v, l.T("error.allowed_country"))
			}
			switch name {
			case "country":
				p.Country = code
			case "partner":
				p.Partner = code
			default:
				p.Direction = code
			}
		case "government":
			if !h.db.Exists(ctx)("government", v) {
				return p, bad(name, v, l.T("error.allowed_government"))
			}
			p.Government = v
		case "agreement":
			if !h.db.Exists(ctx)("agreement", v) {
				return p, bad(name, v, l.T("error.allowed_agreement"))
			}
			p.Agreement = v
		case "kind":
			if !slices.Contains(store.Kinds, v) {
				return p, bad(name, v, "any, "+strings.Join(store.Kinds, ", "))
			}
			p.Kind = v
		case "category":
			if v != "unknown" && !slices.Contains(store.Categories, v) {
				return p, bad(name, v, "any, unknown, "+strings.Join(store.Categories, ", "))
			}
			p.Category = v
		case "from", "to":
			y, err := strconv.Atoi(v)
			if err != nil || y < 1000 || y > 2999 {
				return p, bad(name, v, l.T("error.allowed_year"))
			}
			if name == "from" {
				p.From = y
			} else {
				p.To = y
			}
		case "top":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 50 {
				return p, bad(name, v, "1–50")
			}
			p.Top = n
		}
	}
	if p.Partner != "" && p.Country == "" {
		return p, paramError{l.T("error.partner_needs_country")}
	}
	if p.From != 0 && p.To != 0 && p.From > p.To {
		return p, paramError{l.T("error.year_range")}
	}
	if spec.needsCountry && p.Country == "" {
		return p, paramError{l.T("error.needs_country")}
	}
	if spec.needsScope && p.Country == "" && p.Government == "" && p.Agreement == "" {
		return p, paramError{l.T("error.needs_scope")}
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

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
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
