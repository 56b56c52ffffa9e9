package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// The one parser of filter parameters. Browse lists, charts and their twins read
// the same names the same way: each name has one check and one message, and what it
// yields becomes the resource's one store filter (store.AgreementFilter,
// store.ActivityFilter, store.GovernmentFilter).

// filterValues are validated filter parameters, as URLs spell them (country codes in
// lower case), by name; absent filters are "".
type filterValues struct {
	values map[string]string
	gov    *store.GovRef // the government a government filter names
	upper  bool          // a country code came in upper case: redirect to the canonical URL
}

// paramError is a refused parameter: a 400 with a message for users (its
// HTTPError, which the error page shows) that also names the parameter, so that a
// page with a form (a chart's filters) can show the message beside its field.
type paramError struct {
	param string
	also  []string // other parameters the refusal is about (a year range: from, with to)
	err   *echo.HTTPError
}

func (e *paramError) Error() string { return e.err.Error() }
func (e *paramError) Unwrap() error { return e.err }

// refuseParam is a 400 about param (and the others named in also, which a form
// marks without repeating the message).
func refuseParam(param, msg string, also ...string) error {
	return &paramError{param: param, also: also, err: echo.NewHTTPError(http.StatusBadRequest, msg)}
}

// anyValue is the spelled-out "no filter" of chart links, which name every
// parameter so that a later change of defaults never changes what a link shows.
const anyValue = "any"

// parseFilters validates the parameters names of q; other parameters are ignored.
// With spelledAny (charts), "any" means no filter and the messages list it.
func (h *handler) parseFilters(ctx context.Context, l *views.Loc, q url.Values, names []string, spelledAny bool) (filterValues, error) {
	fv := filterValues{values: map[string]string{}}
	bad := func(key, name, v string, more ...string) error {
		return refuseParam(name, l.F(key, append([]string{"param", name, "value", truncateValue(v)}, more...)...))
	}
	oneOf := func(name, v string, allowed []string) error {
		if slices.Contains(allowed, v) {
			return nil
		}
		if spelledAny {
			allowed = append([]string{anyValue}, allowed...)
		}
		return bad("browse.error.value", name, v, "allowed", strings.Join(allowed, ", "))
	}
	withUnknown := func(vocab []string) []string { return append(slices.Clone(vocab), store.Unknown) }
	for _, name := range names {
		if len(q[name]) > 1 {
			return fv, refuseParam(name, l.F("browse.error.repeated", "param", name))
		}
		v := strings.TrimSpace(q.Get(name))
		if v == "" || spelledAny && v == anyValue {
			continue
		}
		var err error
		switch name {
		case "country", "partner":
			v, err = h.filterCountry(ctx, &fv, v, func() error { return bad("browse.error.country", name, v) })
		case "direction":
			if v != "joint" && v != store.Unknown {
				v, err = h.filterCountry(ctx, &fv, v, func() error { return bad("browse.error.direction", name, v) })
			}
		case "government":
			g, gerr := h.db.Name(ctx, v)
			switch {
			case errors.Is(gerr, store.ErrNotFound):
				err = bad("browse.error.government", name, v)
			case gerr != nil:
				err = gerr
			default:
				fv.gov = &g
			}
		case "agreement":
			ok, xerr := h.db.Exists(ctx, "agreement", v)
			switch {
			case xerr != nil:
				err = xerr
			case !ok:
				err = bad("browse.error.agreement", name, v)
			}
		case "region":
			known := false
			if utf8.ValidString(v) && utf8.RuneCountInString(v) <= 200 {
				if known, err = h.db.KnownRegion(ctx, v); err != nil {
					return fv, err
				}
			}
			if !known {
				err = bad("browse.error.region", name, v)
			}
		case "kind":
			err = oneOf(name, v, store.Kinds)
		case "status":
			err = oneOf(name, v, store.Statuses)
		case "activeness":
			err = oneOf(name, v, store.ActivenessStates)
		case "level":
			err = oneOf(name, v, withUnknown(store.Levels))
		case "category":
			err = oneOf(name, v, withUnknown(store.Categories))
		case "has":
			err = oneOf(name, v, store.HasValues)
		case "decade":
			if v != store.Unknown && !(isYear(v) && v[3] == '0') {
				err = bad("browse.error.decade", name, v)
			}
		case "year":
			if v != store.Unknown && !isYear(v) {
				err = bad("browse.error.year", name, v)
			}
		case "from", "to":
			if !isYear(v) || v[0] == '0' {
				err = bad("browse.error.from_to", name, v)
			}
		case "top":
			if n, aerr := strconv.Atoi(v); aerr != nil || !isDigits(v) || n < 1 || n > maxTop {
				err = bad("browse.error.top", name, v, "max", itoa(maxTop))
			}
		case "as_of":
			if !validAsOf(v, todayFor(l.Release)) {
				err = refuseParam(name, l.T("error.as_of"))
			}
		}
		if err != nil {
			return fv, err
		}
		fv.values[name] = v
	}
	if fv.values["partner"] != "" && fv.values["country"] == "" {
		return fv, refuseParam("partner", l.T("browse.error.partner"))
	}
	return fv, nil
}

// maxTop is the most partner countries a chart ranks.
const maxTop = 50

// filterCountry validates a country code with records and returns it in lower case;
// an upper-case code is accepted and marks the values for a redirect.
func (h *handler) filterCountry(ctx context.Context, fv *filterValues, v string, bad func() error) (string, error) {
	if len(v) != 2 || !isASCIILetters(v) {
		// A country's name, as the reader's language or another writes it ("Canada",
		// "Corée du Sud", "대한민국"), stands for its code; the canonical link spells the code.
		if code, err := h.countryByName(ctx, v); err != nil || code == "" {
			if err != nil {
				return "", err
			}
			return "", bad()
		} else {
			fv.upper = true // not the canonical spelling
			return strings.ToLower(code), nil
		}
	}
	if _, err := h.db.Country(ctx, strings.ToUpper(v)); errors.Is(err, store.ErrNotFound) {
		return "", bad()
	} else if err != nil {
		return "", err
	}
	if lower := strings.ToLower(v); lower != v {
		fv.upper = true
		return lower, nil
	}
	return v, nil
}

// get is a filter as the URL spells it.
func (fv filterValues) get(name string) string { return fv.values[name] }

// code is a filter's country code in upper case, as the store takes it.
func (fv filterValues) code(name string) string {
	if v := fv.values[name]; len(v) == 2 {
		return strings.ToUpper(v)
	}
	return fv.values[name]
}

// number is a numeric filter (a year, a count), 0 when absent.
func (fv filterValues) number(name string) int {
	n, _ := strconv.Atoi(fv.values[name])
	return n
}

func (fv filterValues) agreements() store.AgreementFilter {
	return store.AgreementFilter{Country: fv.code("country"), Partner: fv.code("partner"), Government: fv.get("government"),
		Kind: fv.get("kind"), Status: fv.get("status"), Decade: fv.get("decade"), Activeness: fv.get("activeness")}
}

func (fv filterValues) activities() store.ActivityFilter {
	return store.ActivityFilter{Agreement: fv.get("agreement"), Government: fv.get("government"), Country: fv.code("country"),
		Partner: fv.code("partner"), Category: fv.get("category"), Direction: fv.code("direction"), Year: fv.get("year"),
		Decade: fv.get("decade")}
}

func (fv filterValues) governments() store.GovernmentFilter {
	return store.GovernmentFilter{Country: fv.code("country"), Level: fv.get("level"), Region: fv.get("region"), Has: fv.get("has")}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isYear(s string) bool { return len(s) == 4 && isDigits(s) }

// truncateValue shortens a user's value for an error message.
func truncateValue(v string) string {
	if !utf8.ValidString(v) {
		v = strings.ToValidUTF8(v, "�")
	}
	if utf8.RuneCountInString(v) > 40 {
		return string([]rune(v)[:40]) + "…"
	}
	return v
}

// countryByName finds the country with records whose name in English, French or
// Korean is name (case ignored); "" when none is.
func (h *handler) countryByName(ctx context.Context, name string) (string, error) {
	codes, err := h.db.CountryCodes(ctx)
	if err != nil {
		return "", err
	}
	name = strings.TrimSpace(name)
	for _, lang := range views.Langs {
		l := views.NewLoc(lang)
		for _, cc := range codes {
			if strings.EqualFold(l.Country(cc), name) {
				return cc, nil
			}
		}
	}
	return "", nil
}
