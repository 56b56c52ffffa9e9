package web

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// Charts of agreements asked for ?as_of= count what was in force on that day (in
// force, or possibly: a date the record cannot place) instead of every record.

// inForceCount says what such a chart counted and left out.
type inForceCount struct {
	inForce, possibly, apart int
}

// explain adds to a chart's summary what it counts on its date.
func (n inForceCount) explain(l *views.Loc, c *views.Chart, date string) {
	if date == "" {
		return
	}
	c.Summary += " " + l.C("chart.in_force_summary", n.inForce+n.possibly, "date", l.Date(date),
		"possibly", l.N(n.possibly), "apart", l.N(n.apart))
}

// scopeAgreements are the agreements a chart's place filters select, side A in the
// country (or the government) when there is one.
func (h *handler) scopeAgreements(ctx context.Context, p chartParams) ([]store.AgreementRow, error) {
	switch {
	case p.Government != "":
		g, err := h.db.Government(ctx, p.Government)
		if err != nil {
			return nil, err
		}
		return g.Agreements, nil
	case p.Partner != "":
		return h.db.Bilateral(ctx, p.Country, p.Partner)
	case p.Country != "":
		return h.db.CountryAgreements(ctx, p.Country)
	}
	return h.db.AllAgreements(ctx)
}

// inForceRows keeps the rows of the chart's scope and kind in force (or possibly)
// on p.AsOf, and counts them.
func (h *handler) inForceRows(ctx context.Context, p chartParams) ([]store.AgreementRow, inForceCount, error) {
	var n inForceCount
	rows, err := h.scopeAgreements(ctx, p)
	if err != nil {
		return nil, n, err
	}
	life, err := h.db.LifecycleEvents(ctx)
	if err != nil {
		return nil, n, err
	}
	var kept []store.AgreementRow
	for _, r := range rows {
		if p.Kind != "" && r.Kind != p.Kind || !p.inYears(yearOf(r.Signed)) {
			continue
		}
		switch store.StandingOn(r, life[r.ID], p.AsOf, false) {
		case store.InForce:
			n.inForce++
		case store.PossiblyInForce:
			n.possibly++
		default:
			n.apart++
			continue
		}
		kept = append(kept, r)
	}
	return kept, n, nil
}

// inForceByYear counts the agreements in force on p.AsOf by signing year and kind.
func (h *handler) inForceByYear(ctx context.Context, p chartParams) ([]store.YearKindCount, inForceCount, error) {
	rows, n, err := h.inForceRows(ctx, p)
	if err != nil {
		return nil, n, err
	}
	index := map[[2]string]int{}
	var out []store.YearKindCount
	for _, r := range rows {
		y := yearOf(r.Signed)
		k := [2]string{y, r.Kind}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, store.YearKindCount{Year: y, Kind: r.Kind})
		}
		out[i].N++
	}
	return out, n, nil
}

// inForceByCountry counts the agreements in force on p.AsOf by partner country (by
// country worldwide, where an agreement between two countries counts for both),
// most first.
func (h *handler) inForceByCountry(ctx context.Context, p chartParams) ([]store.CountryCount, inForceCount, error) {
	rows, n, err := h.inForceRows(ctx, p)
	if err != nil {
		return nil, n, err
	}
	counts := map[string]int{}
	for _, r := range rows {
		switch {
		case p.Country != "":
			counts[other(r, p.Country).Country]++
		case r.A.Country == r.B.Country:
			counts[r.A.Country]++
		default:
			counts[r.A.Country]++
			counts[r.B.Country]++
		}
	}
	out := make([]store.CountryCount, 0, len(counts))
	for cc, c := range counts {
		country, err := h.db.Country(ctx, cc)
		if err != nil {
			return nil, n, err
		}
		out = append(out, store.CountryCount{Country: country, Agreements: c})
	}
	slices.SortFunc(out, func(a, b store.CountryCount) int {
		return cmp.Or(cmp.Compare(b.Agreements, a.Agreements), strings.Compare(a.NameEN, b.NameEN))
	})
	return out, n, nil
}

// yearOf is a date's YYYY, "" when unknown.
func yearOf(d string) string {
	if len(d) >= 4 {
		return d[:4]
	}
	return ""
}

// citeReference adds to a chart of a country's or a pair's agreements (kind and
// year filters unset) the published count of its relationships, where there is
// one, and where the page that sets the two side by side is.
func (h *handler) citeReference(ctx context.Context, l *views.Loc, c *views.Chart, p chartParams) error {
	if p.Country == "" || p.Government != "" || p.Kind != "" || p.From != 0 || p.To != 0 {
		return nil
	}
	refs, err := h.db.References(ctx, store.ReferenceScope(p.Country, p.Partner))
	if err != nil {
		return err
	}
	page := "/countries/" + strings.ToLower(p.Country)
	if p.Partner != "" {
		page += "/" + strings.ToLower(p.Partner)
	}
	for _, f := range refs {
		if f.Figure == "relationships" && !strings.Contains(f.Scope, ":") {
			c.Summary += " " + l.F("chart.reference", "value", l.N(f.Value), "date", l.Date(f.AsOf),
				"page", l.URL(page)+"#published")
		}
	}
	return nil
}
