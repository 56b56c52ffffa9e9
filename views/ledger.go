package views

import (
	"fmt"

	"golang.org/x/text/currency"
)

// CostLedger is what a page's activities cost, per currency and never converted:
// by year, and on pages of several relationships by relationship too.
type CostLedger struct {
	Activities int       // activities in scope
	Costed     int       // of them, with a cost recorded
	Payers     [2]string // who the first two payer columns are (parties, or countries on a pair page)
	Totals     []CostAmounts
	ByYear     []CostGroup
	// ByRelationship is set on pages of several relationships (government, pair),
	// under the column heading RelationshipHead (a message key).
	ByRelationship   []CostGroup
	RelationshipHead string
}

// CostGroup is a year's or a relationship's activities and their costs.
type CostGroup struct {
	Label      string // the year ("" undated) or the relationship's name
	Href       string // the relationship's page, '' for a year
	Activities int
	Costed     int
	Amounts    []CostAmounts // one per currency; none when nothing is costed
}

// The payer columns of a ledger row, in order.
const (
	PayerFirst = iota
	PayerSecond
	PayerShared
	PayerNotSaid
	payerColumns
)

// CostAmounts is one currency's costs by payer.
type CostAmounts struct {
	Currency string
	Paid     [payerColumns]int64 // minor units
	PaidN    [payerColumns]int   // activities in each column, so that none is told from a recorded zero
	Total    int64
}

// commonCurrencies are offered first in the report form's currency field: those of
// the countries with the most records, and the usual currencies of exchanges.
var commonCurrencies = []string{"CAD", "KRW", "JPY", "CNY", "USD", "EUR", "GBP", "AUD", "TWD", "VND", "PHP", "MNT"}

// Money formats an amount in minor units of an ISO 4217 currency with its code, in
// the language's digits ("CAD 12,500.50", "CAD 12 500,50", "KRW 3,000,000"), in
// integers throughout: a float would lose cents above 2^53 minor units.
func (l *Loc) Money(minor int64, code string) string {
	scale := 0
	if unit, err := currency.ParseISO(code); err == nil {
		scale, _ = currency.Standard.Rounding(unit)
	}
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	unit := int64(1)
	for range scale {
		unit *= 10
	}
	s := code + " " + sign + l.printer.Sprintf("%d", minor/unit)
	if scale > 0 {
		point := "."
		if l.Lang == French {
			point = ","
		}
		s += point + fmt.Sprintf("%0*d", scale, minor%unit)
	}
	return s
}

// CostShare is the share of a group's activities with a cost recorded. A share short
// of all (or above none) never rounds to 100% (or 0%).
func (l *Loc) CostShare(costed, activities int) string {
	switch {
	case activities == 0:
		return ""
	case costed == activities:
		return l.C("costs.share_all", activities)
	}
	pct := min(max(100*float64(costed)/float64(activities), 0.1), 99.9)
	return l.C("costs.share", costed, "of", l.N(activities), "pct", l.Pct(pct))
}

// paidShared is the payer of a cost the parties shared (store.PaidShared).
const paidShared = "shared"

// costLine says what an activity cost and who paid, as far as its report says; ""
// when it says neither.
func costLine(l *Loc, a ActivityItem) string {
	payer := ""
	switch a.PaidBy {
	case "":
	case paidShared:
		payer = l.T("activity.paid_shared")
	case a.A.Slug:
		payer = l.F("activity.paid_by", "payer", l.GovName(a.A))
	case a.B.Slug:
		payer = l.F("activity.paid_by", "payer", l.GovName(a.B))
	default:
		payer = l.F("activity.paid_by", "payer", a.PaidBy)
	}
	if a.CostCurrency == "" {
		if payer == "" {
			return ""
		}
		return l.F("activity.cost_unknown", "payer", payer)
	}
	if payer == "" {
		return l.F("activity.cost", "amount", l.Money(a.CostMinor, a.CostCurrency))
	}
	return l.F("activity.cost_paid", "amount", l.Money(a.CostMinor, a.CostCurrency), "payer", payer)
}
