package web

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// The chart page's filter form: pickers with names in the page's language where
// the values are few (countries with records, kinds, categories, directions), year
// fields that only take years, and a refused value shown beside its field with the
// chart of the other filters still drawn.

// chartFields builds the form for the chart's filters: values are what the reader
// typed (kept on a refusal), errs the message of each refused field.
func (h *handler) chartFields(ctx context.Context, l *views.Loc, spec chartSpec, values map[string]string, errs map[string]string) ([]views.ChartField, error) {
	codes, err := h.db.CountryCodes(ctx)
	if err != nil {
		return nil, err
	}
	countries := []views.Option{{Value: anyValue, Label: l.T("charts.any")}}
	for _, cc := range codes {
		countries = append(countries, views.Option{Value: strings.ToLower(cc), Label: l.Country(cc)})
	}
	col := l.Collator()
	slices.SortStableFunc(countries[1:], func(a, b views.Option) int { return col.CompareString(a.Label, b.Label) })
	vocabulary := func(group string, vocab []string, unknown bool) []views.Option {
		out := []views.Option{{Value: anyValue, Label: l.T("charts.any")}}
		for _, v := range vocab {
			out = append(out, views.Option{Value: v, Label: l.Term(group, v)})
		}
		if unknown {
			out = append(out, views.Option{Value: store.Unknown, Label: l.T("unknown")})
		}
		return out
	}
	var fields []views.ChartField
	for _, name := range spec.params {
		f := views.ChartField{Name: name, Label: l.T("charts.param." + name), Value: values[name], Error: errs[name], Kind: "text"}
		switch name {
		case "country", "partner":
			f.Kind, f.Options = "select", countries
		case "direction":
			f.Kind = "select"
			f.Options = append(slices.Clone(countries[:1]), views.Option{Value: "joint", Label: l.T("direction.joint")},
				views.Option{Value: store.Unknown, Label: l.T("direction.unknown")})
			f.Options = append(f.Options, countries[1:]...)
		case "kind":
			f.Kind, f.Options = "select", vocabulary("kind", store.Kinds, false)
		case "category":
			f.Kind, f.Options = "select", vocabulary("category", store.Categories, true)
		case "from", "to":
			f.Kind = "year" // any four digits: the server checks, and says why beside the field
		case "top":
			f.Kind, f.Min, f.Max = "number", "1", strconv.Itoa(maxTop)
		case "as_of":
			f.Kind = "date"
		}
		if f.Kind == "select" && f.Value != "" && !slices.ContainsFunc(f.Options, func(o views.Option) bool { return o.Value == f.Value }) {
			// What was typed into the address is not a choice: keep it as one, so the
			// form shows it beside its message.
			f.Options = append(f.Options, views.Option{Value: f.Value, Label: f.Value})
		}
		fields = append(fields, f)
	}
	return fields, nil
}

// chartParamsDespite parses q for spec, leaving out each refused parameter (both
// years for a range the wrong way round) until the rest parse: the chart of what is
// valid, and the message of each parameter left out ("" for one left out with
// another's message). ok is false when even that
// fails (a chart that needs a country, given none that is valid).
func (h *handler) chartParamsDespite(ctx context.Context, l *views.Loc, spec chartSpec, q url.Values) (p chartParams, errs map[string]string, ok bool, err error) {
	q = cloneValues(q)
	errs = map[string]string{}
	for range len(spec.params) + 1 {
		p, err = h.parseChartParams(ctx, l, spec, q)
		var pe *paramError
		if !errors.As(err, &pe) {
			return p, errs, err == nil, err
		}
		if _, seen := errs[pe.param]; seen {
			return p, errs, false, nil // a needed parameter that is missing: nothing left to leave out
		}
		errs[pe.param] = pe.err.Message.(string)
		q.Del(pe.param)
		for _, other := range pe.also { // a year range: both years left out, both kept as typed
			if _, seen := errs[other]; !seen && q.Has(other) {
				errs[other] = "" // marked by the message beside pe.param
				q.Del(other)
			}
		}
	}
	return p, errs, false, nil
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}
