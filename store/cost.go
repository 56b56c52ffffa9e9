package store

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/currency"
)

// An activity's cost is recorded as it was reported: an amount in the currency it
// was paid in (ISO 4217), who paid it (a party's slug, "shared", or '' when not
// said) and what came of it. Amounts are never converted between currencies: a
// total is a total per currency, and a page shows one line per currency.

// PaidShared is the payer of a cost the parties shared.
const PaidShared = "shared"

// MaxCostMinor bounds one activity's cost in minor units (a trillion dollars in
// cents, ten billion Chilean UF in its four places): 92,233 activities of that size
// in one agreement, year, currency and payer would still sum exactly in int64.
const MaxCostMinor = 100_000_000_000_000

// CostError says why a cost was refused; Reason is one of the CostReason values and
// Field the import-format column at fault.
type CostError struct {
	Field    string
	Reason   string
	Currency string
	Scale    int
}

// The reasons a cost is refused.
const (
	CostAmountFormat    = "amount_format"    // not digits with an optional decimal point
	CostAmountScale     = "amount_scale"     // more decimals than the currency has
	CostAmountTooLarge  = "amount_too_large" // above MaxCostMinor
	CostCurrencyUnknown = "currency_unknown" // not an ISO 4217 code
	CostCurrencyMissing = "currency_missing" // an amount without its currency
	CostAmountMissing   = "amount_missing"   // a currency without an amount
	CostPayerNotParty   = "payer_not_party"  // paid_by is neither party nor "shared"
)

func (e *CostError) Error() string {
	switch e.Reason {
	case CostAmountFormat:
		return "write the amount as digits with an optional decimal point, e.g. 12500.50 (no spaces, commas or currency signs)"
	case CostAmountScale:
		if e.Scale == 0 {
			return fmt.Sprintf("a %s amount has no decimal places", e.Currency)
		}
		return fmt.Sprintf("a %s amount has at most %d digits after the point", e.Currency, e.Scale)
	case CostAmountTooLarge:
		return "too large for one activity"
	case CostCurrencyUnknown:
		return fmt.Sprintf("%q is not a currency code known here (ISO 4217 as in CLDR: CAD, KRW, EUR…)", e.Currency)
	case CostCurrencyMissing:
		return "an amount needs its currency (cost_currency)"
	case CostAmountMissing:
		return "a currency needs an amount (cost_amount)"
	case CostPayerNotParty:
		return "paid_by must be a party's slug, \"shared\" or empty"
	}
	return e.Reason
}

// Unwrap makes every CostError an ErrInvalid, as the store's other refusals are.
func (e *CostError) Unwrap() error { return ErrInvalid }

// NormalizeCost checks a reported cost and returns it in its recorded form: the
// currency in capitals and the amount with exactly the currency's decimal places
// (CAD 12500 → 12500.00, KRW 3000000). Both empty is no cost recorded.
func NormalizeCost(amount, code string) (string, string, error) {
	amount, code = strings.TrimSpace(amount), strings.ToUpper(strings.TrimSpace(code))
	switch {
	case amount == "" && code == "":
		return "", "", nil
	case code == "":
		return "", "", &CostError{Field: "cost_currency", Reason: CostCurrencyMissing}
	case amount == "":
		return "", "", &CostError{Field: "cost_amount", Reason: CostAmountMissing}
	}
	unit, scale, err := currencyOf(code)
	if err != nil {
		return "", "", err
	}
	whole, frac, hasPoint := strings.Cut(amount, ".")
	if whole == "" || !allDigits(whole) || !allDigits(frac) || (hasPoint && frac == "") {
		return "", "", &CostError{Field: "cost_amount", Reason: CostAmountFormat}
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > scale {
		return "", "", &CostError{Field: "cost_amount", Reason: CostAmountScale, Currency: unit.String(), Scale: scale}
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	frac += strings.Repeat("0", scale-len(frac))
	if minor, err := strconv.ParseInt(whole+frac, 10, 64); err != nil || minor > MaxCostMinor {
		return "", "", &CostError{Field: "cost_amount", Reason: CostAmountTooLarge}
	}
	if scale > 0 {
		whole += "." + frac
	}
	return whole, unit.String(), nil
}

// CostMinor is a recorded amount (NormalizeCost's form) in the currency's minor
// units, for exact totals: "12500.50" CAD is 1250050.
func CostMinor(amount, code string) (int64, error) {
	_, scale, err := currencyOf(code)
	if err != nil {
		return 0, err
	}
	whole, frac, _ := strings.Cut(amount, ".")
	var n int64
	for _, r := range whole + frac + strings.Repeat("0", max(0, scale-len(frac))) {
		if r < '0' || r > '9' {
			return 0, &CostError{Field: "cost_amount", Reason: CostAmountFormat}
		}
		n = n*10 + int64(r-'0')
	}
	return n, nil
}

// CurrencyScale is the number of decimal places of an ISO 4217 currency (CAD 2,
// KRW 0, JPY 0).
func CurrencyScale(code string) (int, error) {
	_, scale, err := currencyOf(code)
	return scale, err
}

// currencyOf looks a code up in CLDR's currency data as golang.org/x/text carries it:
// the codes it knows and their standard decimal places. Stored amounts have the
// places of the version that wrote them, and the ledger's sums read the digits, so an
// upgrade of x/text that changed a currency's places would need its amounts rewritten:
// `twinning check` names every amount no longer in its recorded form.
func currencyOf(code string) (currency.Unit, int, error) {
	unit, err := currency.ParseISO(code)
	if err != nil || len(code) != 3 || unit == (currency.Unit{}) {
		return currency.Unit{}, 0, &CostError{Field: "cost_currency", Reason: CostCurrencyUnknown, Currency: code}
	}
	scale, _ := currency.Standard.Rounding(unit)
	return unit, scale, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// checkPayer checks paid_by against an agreement's parties.
func checkPayer(paidBy, a, b string) error {
	if paidBy != "" && paidBy != PaidShared && paidBy != a && paidBy != b {
		return &CostError{Field: "paid_by", Reason: CostPayerNotParty}
	}
	return nil
}

// normalizeActivityCost puts a's cost in its recorded form.
func normalizeActivityCost(a *Activity) error {
	amount, code, err := NormalizeCost(a.CostAmount, a.CostCurrency)
	if err != nil {
		return err
	}
	a.CostAmount, a.CostCurrency = amount, code
	return nil
}
