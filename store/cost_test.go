package store

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeCost(t *testing.T) {
	ok := []struct{ amount, code, wantAmount, wantCode string }{
		{"", "", "", ""},
		{"12500", "CAD", "12500.00", "CAD"},
		{"12500.5", "cad", "12500.50", "CAD"},
		{" 0 ", "EUR", "0.00", "EUR"},
		{"3000000", "KRW", "3000000", "KRW"},
		{"3000000.000", "KRW", "3000000", "KRW"}, // zeros after the point are no decimals
		{"007", "JPY", "7", "JPY"},
		{"1000000000000", "USD", "1000000000000.00", "USD"}, // MaxCostMinor
		{"10000000000", "CLF", "10000000000.0000", "CLF"},   // four places: the same bound in minor units
		{"1.234", "BHD", "1.234", "BHD"},                    // dinars have three places
	}
	for _, c := range ok {
		a, code, err := NormalizeCost(c.amount, c.code)
		if err != nil || a != c.wantAmount || code != c.wantCode {
			t.Errorf("NormalizeCost(%q, %q) = %q, %q, %v; want %q, %q", c.amount, c.code, a, code, err, c.wantAmount, c.wantCode)
		}
	}
	bad := []struct{ amount, code, reason string }{
		{"12500", "", CostCurrencyMissing},
		{"", "CAD", CostAmountMissing},
		{"12,500", "CAD", CostAmountFormat},
		{"-5", "CAD", CostAmountFormat},
		{"1e6", "CAD", CostAmountFormat},
		{"12.", "CAD", CostAmountFormat},
		{".5", "CAD", CostAmountFormat},
		{"$12", "CAD", CostAmountFormat},
		{"12.345", "CAD", CostAmountScale},
		{"3000.5", "KRW", CostAmountScale},
		{"1000000000000.01", "CAD", CostAmountTooLarge},
		{"10000000000.0001", "CLF", CostAmountTooLarge},
		{"99999999999999999999999", "KRW", CostAmountTooLarge},
		{"5", "DOL", CostCurrencyUnknown},
		{"5", "XXX", CostCurrencyUnknown},
		{"5", "CADD", CostCurrencyUnknown},
	}
	for _, c := range bad {
		_, _, err := NormalizeCost(c.amount, c.code)
		var ce *CostError
		if !errors.As(err, &ce) || ce.Reason != c.reason || !errors.Is(err, ErrInvalid) {
			t.Errorf("NormalizeCost(%q, %q) = %v; want %s", c.amount, c.code, err, c.reason)
		}
	}
}

func TestCostMinor(t *testing.T) {
	for _, c := range []struct {
		amount, code string
		want         int64
	}{{"12500.50", "CAD", 1250050}, {"3000000", "KRW", 3000000}, {"0.00", "EUR", 0}, {"1000000000000.00", "USD", 100000000000000}} {
		if got, err := CostMinor(c.amount, c.code); err != nil || got != c.want {
			t.Errorf("CostMinor(%q, %q) = %d, %v; want %d", c.amount, c.code, got, err, c.want)
		}
	}
}

// twinning check finds a cost written around the store: not in its recorded form,
// or paid by someone who is not a party.
func TestCheckFindsBadCosts(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	if _, err := db.Import(ctx, exportSample(), "test", "2026-11-27T10:00:00Z", "test"); err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("a clean import: %q, %v", problems, err)
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE activity SET cost_amount = '12.5', cost_currency = 'CAD', paid_by = 'paju-kr'`); err != nil {
		t.Fatal(err)
	}
	problems, err := db.Check(ctx)
	if err != nil || len(problems) != 2 || !strings.Contains(problems[0], `not in its recorded form "12.50" "CAD"`) ||
		!strings.Contains(problems[1], `paid_by "paju-kr"`) {
		t.Errorf("check found %q, %v", problems, err)
	}
}
