package web

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// formReader reads and checks submitted fields, collecting a message per field so
// the form can be shown again with what was typed and what is wrong.
type formReader struct {
	get    func(name string) string // the submitted value of a field
	l      *views.Loc
	values map[string]string
	errs   views.FormErrors
}

func newFormReader(c echo.Context) *formReader {
	return &formReader{get: c.FormValue, l: loc(c), values: map[string]string{}, errs: views.FormErrors{}}
}

// newValuesReader reads fields from values instead of a request: a spreadsheet row
// is checked by the same rules as the form (report_sheet.go).
func newValuesReader(l *views.Loc, values map[string]string) *formReader {
	return &formReader{get: func(name string) string { return values[name] }, l: l, values: map[string]string{}, errs: views.FormErrors{}}
}

func (f *formReader) fail(name, key string, pairs ...string) {
	if _, seen := f.errs[name]; !seen {
		f.errs[name] = f.l.F(key, pairs...)
	}
}

// text reads a field, trimmed; invalid UTF-8 or more than max characters is an error.
func (f *formReader) text(name string, max int, required bool) string {
	v := strings.TrimSpace(f.get(name))
	if !utf8.ValidString(v) {
		f.fail(name, "form.err_utf8")
		v = strings.ToValidUTF8(v, "")
	}
	f.values[name] = v
	switch {
	case required && v == "":
		f.fail(name, "form.err_required")
	case utf8.RuneCountInString(v) > max:
		f.fail(name, "form.err_long", "max", itoa(max))
	}
	return v
}

func (f *formReader) date(name string, required bool) string {
	v := f.text(name, 10, required)
	if v != "" && !seed.ValidDate(v) {
		f.fail(name, "form.err_date")
	}
	return v
}

func (f *formReader) oneOf(name string, allowed []string, required bool) string {
	v := f.text(name, 100, required)
	if v != "" && !slices.Contains(allowed, v) {
		f.fail(name, "form.err_choice")
	}
	return v
}

// urls reads " | "- or newline-separated http(s) URLs.
func (f *formReader) urls(name string) []string {
	v := f.text(name, 4000, false)
	var out []string
	for _, u := range strings.FieldsFunc(v, func(r rune) bool { return r == '|' || r == '\n' || r == ' ' }) {
		if !seed.ValidURL(u) {
			f.fail(name, "form.err_url", "url", u)
			continue
		}
		out = append(out, u)
	}
	return out
}

// cost reads cost_amount and cost_currency into their recorded form (store.NormalizeCost).
func (f *formReader) cost() (amount, code string) {
	amount, code, err := store.NormalizeCost(f.text("cost_amount", 40, false), f.text("cost_currency", 10, false))
	var ce *store.CostError
	if errors.As(err, &ce) {
		key := "form.err_cost_" + ce.Reason
		if ce.Reason == store.CostAmountScale && ce.Scale == 0 {
			key = "form.err_cost_amount_no_decimals"
		}
		f.fail(ce.Field, key, "currency", ce.Currency, "scale", itoa(ce.Scale))
	}
	return amount, code
}

func (f *formReader) ok() bool { return len(f.errs) == 0 }

func options(l *views.Loc, group string, values []string, unknown bool) []views.Option {
	var out []views.Option
	if unknown {
		out = append(out, views.Option{Value: "", Label: l.T("unknown")})
	}
	for _, v := range values {
		out = append(out, views.Option{Value: v, Label: l.Term(group, v)})
	}
	return out
}
