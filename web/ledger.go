package web

import (
	"context"
	"slices"
	"strings"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// ledgerView is how one page reads the cost ledger: who the two payer columns are,
// which of them a line's payer is, and (pages of several relationships) what each
// relationship is called and where it lives.
type ledgerView struct {
	payers [2]string
	// first reports whether a line paid by a party goes in the first payer column.
	first func(store.CostLine) bool
	// relationship names an agreement and links to it; nil on an agreement's page.
	relationship func(agreement string) (label, href string)
	// relationshipHead is the message key heading the relationship column.
	relationshipHead string
}

// costLedger reads the costs of the activities f selects and arranges them for v.
func (h *handler) costLedger(ctx context.Context, f store.ActivityFilter, v ledgerView) (views.CostLedger, error) {
	lines, err := h.db.CostLedger(ctx, f)
	if err != nil {
		return views.CostLedger{}, err
	}
	return arrangeLedger(lines, v)
}

func arrangeLedger(lines []store.CostLine, v ledgerView) (views.CostLedger, error) {
	c := views.CostLedger{Payers: v.payers, RelationshipHead: v.relationshipHead}
	years := map[string]*views.CostGroup{}
	relations := map[string]*views.CostGroup{}
	var yearOrder, relationOrder []string
	group := func(m map[string]*views.CostGroup, order *[]string, key string) *views.CostGroup {
		g, ok := m[key]
		if !ok {
			g = &views.CostGroup{}
			m[key] = g
			*order = append(*order, key)
		}
		return g
	}
	var err error
	for _, ln := range lines {
		c.Activities += ln.Activities
		groups := []*views.CostGroup{group(years, &yearOrder, ln.Year)}
		if v.relationship != nil {
			groups = append(groups, group(relations, &relationOrder, ln.Agreement))
		}
		for _, g := range groups {
			g.Activities += ln.Activities
		}
		if ln.Currency == "" {
			continue
		}
		c.Costed += ln.Activities
		col := views.PayerNotSaid
		switch {
		case ln.PaidBy == store.PaidShared:
			col = views.PayerShared
		case ln.PaidBy != "" && v.first(ln):
			col = views.PayerFirst
		case ln.PaidBy != "":
			col = views.PayerSecond
		}
		if c.Totals, err = addAmount(c.Totals, ln, col); err != nil {
			return c, err
		}
		for _, g := range groups {
			g.Costed += ln.Activities
			if g.Amounts, err = addAmount(g.Amounts, ln, col); err != nil {
				return c, err
			}
		}
	}
	// Years are four digits, so descending order puts the newest first and the
	// undated ('') last.
	slices.SortFunc(yearOrder, func(a, b string) int { return strings.Compare(b, a) })
	for _, y := range yearOrder {
		g := years[y]
		g.Label = y
		c.ByYear = append(c.ByYear, *g)
	}
	for _, id := range relationOrder {
		g := relations[id]
		g.Label, g.Href = v.relationship(id)
		c.ByRelationship = append(c.ByRelationship, *g)
	}
	slices.SortStableFunc(c.ByRelationship, func(a, b views.CostGroup) int { return strings.Compare(a.Label, b.Label) })
	return c, nil
}

// addAmount adds a line's amount to its currency's row in the payer's column.
func addAmount(rows []views.CostAmounts, ln store.CostLine, col int) ([]views.CostAmounts, error) {
	i := 0
	for i < len(rows) && rows[i].Currency < ln.Currency {
		i++
	}
	if i == len(rows) || rows[i].Currency != ln.Currency {
		rows = append(rows[:i], append([]views.CostAmounts{{Currency: ln.Currency}}, rows[i:]...)...)
	}
	r := &rows[i]
	var err error
	if r.Paid[col], err = store.AddMinor(r.Paid[col], ln.Minor); err != nil {
		return rows, err
	}
	if r.Total, err = store.AddMinor(r.Total, ln.Minor); err != nil {
		return rows, err
	}
	r.PaidN[col] += ln.Activities
	return rows, nil
}

// partiesLedger is an agreement's: a column for each party.
func partiesLedger(l *views.Loc, item views.AgreementItem) ledgerView {
	return ledgerView{payers: [2]string{l.GovName(item.Self), l.GovName(item.Partner)},
		first: func(ln store.CostLine) bool { return ln.PaidBy == item.Self.Slug }}
}

// governmentLedger is a government's: the government, then its partners together,
// and a row per relationship named by the partner.
func governmentLedger(l *views.Loc, self views.Gov, agreements []views.AgreementItem) ledgerView {
	return ledgerView{payers: [2]string{l.GovName(self), l.T("costs.partners")},
		first:        func(ln store.CostLine) bool { return ln.PaidBy == self.Slug },
		relationship: relationshipNames(l, agreements, false), relationshipHead: "col.partner"}
}

// pairLedger is a country pair's: each country's governments together, and a row
// per relationship named by both parties. Within one country (a domestic pair) the
// columns are the party named first and the party named second in each row.
func pairLedger(l *views.Loc, a, b string, agreements []views.AgreementItem) ledgerView {
	v := ledgerView{payers: [2]string{l.Country(a), l.Country(b)},
		first:        func(ln store.CostLine) bool { return ln.PayerCountry == a },
		relationship: relationshipNames(l, agreements, true), relationshipHead: "costs.col_relationship"}
	if a == b {
		named := map[string]string{}
		for _, it := range agreements {
			named[it.ID] = it.Self.Slug
		}
		v.payers = [2]string{l.T("costs.party_first"), l.T("costs.party_second")}
		v.first = func(ln store.CostLine) bool { return ln.PaidBy == named[ln.Agreement] }
	}
	return v
}

// relationshipNames names an agreement by its partner (or both parties) and links it.
func relationshipNames(l *views.Loc, agreements []views.AgreementItem, both bool) func(string) (string, string) {
	byID := map[string]views.AgreementItem{}
	for _, a := range agreements {
		byID[a.ID] = a
	}
	return func(id string) (string, string) {
		a, ok := byID[id]
		if !ok {
			return id, l.URL("/agreements/" + id)
		}
		name := l.GovName(a.Partner)
		if both {
			name = l.GovName(a.Self) + " – " + name
		}
		return name, l.URL("/agreements/" + id)
	}
}
