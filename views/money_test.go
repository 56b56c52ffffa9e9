package views

import "testing"

// Amounts print exactly, in each language's digits, however large.
func TestMoney(t *testing.T) {
	cases := []struct {
		lang  Lang
		minor int64
		code  string
		want  string
	}{
		{English, 1250050, "CAD", "CAD 12,500.50"},
		{English, 3000000, "KRW", "KRW 3,000,000"},
		{English, 5, "CAD", "CAD 0.05"},
		{English, 0, "EUR", "EUR 0.00"},
		{English, 99999999999999999, "CLF", "CLF 9,999,999,999,999.9999"}, // beyond float64's exact integers
		{English, 123456789012345678, "KRW", "KRW 123,456,789,012,345,678"},
		{English, 1234, "BHD", "BHD 1.234"},
		{Korean, 3000000, "KRW", "KRW 3,000,000"},
	}
	for _, c := range cases {
		if got := NewLoc(c.lang).Money(c.minor, c.code); got != c.want {
			t.Errorf("%s Money(%d, %s) = %q, want %q", c.lang, c.minor, c.code, got, c.want)
		}
	}
	// French groups with a space and writes a decimal comma.
	if got := NewLoc(French).Money(1250050, "CAD"); got != "CAD 12\u00a0500,50" && got != "CAD 12\u202f500,50" {
		t.Errorf("French Money = %q", got)
	}
}
