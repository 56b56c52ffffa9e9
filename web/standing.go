package web

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// asOfParam reads ?as_of=YYYY-MM-DD, the date a page counts what was in force on:
// "" when absent. A malformed or future date is a 400 naming the form.
func asOfParam(c echo.Context) (string, error) {
	vs := c.QueryParams()["as_of"]
	if len(vs) == 0 || len(vs) == 1 && vs[0] == "" { // the date field cleared: today
		return "", nil
	}
	l := loc(c)
	if len(vs) > 1 {
		return "", badRequest(l.T("error.as_of"))
	}
	if !validAsOf(vs[0], todayFor(l.Release)) {
		return "", badRequest(l.T("error.as_of"))
	}
	return vs[0], nil
}

// validAsOf reports whether v is a day from 1900-01-01 to today, YYYY-MM-DD.
func validAsOf(v, today string) bool {
	t, err := time.Parse("2006-01-02", v)
	return err == nil && t.Year() >= 1900 && v <= today
}

// todayFor is the day a page calls today: the day a release was cut, in a release
// (so its pages read the same next year), and today on the live portal.
func todayFor(r *views.ReleaseRef) string {
	if r != nil {
		return rfcDay(r.CutAt)
	}
	return store.Today()
}

// standingListMax bounds each list of agreements shown apart (Korea has hundreds
// of unverified pairs): the browse page lists them all.
const standingListMax = 20

// standing counts items (from rows, same order) by where they stood on date (""
// for today), marks each item with it, lists the ones not in force apart, and sets
// the published figures refs beside the portal's count at each figure's own date.
// first is the country whose regions the figures' regional scopes name.
func (h *handler) standing(ctx context.Context, items []views.AgreementItem, rows []store.AgreementRow, date string,
	refs []store.ReferenceFigure, first, action string) (views.Standing, error) {
	life, err := h.db.LifecycleEvents(ctx)
	if err != nil {
		return views.Standing{}, err
	}
	s := views.Standing{Date: date, Asked: date != "", Action: action, Counts: map[string]int{},
		Apart: map[string][]views.AgreementItem{}, Total: len(rows)}
	today := date == ""
	s.Today = todayFor(h.release)
	if today {
		s.Date = s.Today
	}
	for i, r := range rows {
		st := store.StandingOn(r, life[r.ID], s.Date, today)
		items[i].Standing = st
		s.Counts[st]++
		if st != store.InForce && len(s.Apart[st]) < standingListMax {
			s.Apart[st] = append(s.Apart[st], items[i])
		}
	}
	for _, f := range refs {
		s.References = append(s.References, referenceCheck(f, rows, life, first))
	}
	// The whole scope first, then its regions; relationships before their parts.
	slices.SortStableFunc(s.References, func(a, b views.ReferenceCheck) int {
		return cmp.Or(strings.Compare(a.Region, b.Region), cmp.Compare(a.AsOf, b.AsOf),
			cmp.Compare(slices.Index(store.ReferenceFigures, a.Figure), slices.Index(store.ReferenceFigures, b.Figure)))
	})
	return s, nil
}

// referenceCheck compares a published figure with the portal's records on the
// figure's date (the last day of its month or year).
func referenceCheck(f store.ReferenceFigure, rows []store.AgreementRow, life map[string][]store.Event, first string) views.ReferenceCheck {
	day := store.LastDay(f.AsOf)
	_, region, _ := strings.Cut(f.Scope, ":")
	rc := views.ReferenceCheck{Region: region, Figure: f.Figure, AsOf: f.AsOf, Date: day, Published: f.Value,
		Source: f.Source, Note: f.Note, Counts: map[string]int{}}
	countries := map[string]bool{}
	for _, r := range rows {
		// A published count of twinning is of relationships abroad: the portal's
		// agreements within one country are not set beside it.
		if r.A.Country == r.B.Country || region != "" && side(r, first).Region != region {
			continue
		}
		if f.Figure == "sister" || f.Figure == "friendship" {
			rc.KindTotal++
			if r.Kind == "unknown" {
				rc.KindUnknown++
			}
			if r.Kind != f.Figure {
				continue
			}
		}
		st := store.StandingOn(r, life[r.ID], day, false)
		if f.Figure == "countries" {
			if st == store.InForce || st == store.PossiblyInForce || st == store.UnverifiedOnly {
				countries[other(r, first).Country] = true
			}
			continue
		}
		rc.Recorded++
		rc.Counts[st]++
	}
	if f.Figure == "countries" {
		rc.Recorded = len(countries)
	}
	return rc
}

// side is r's party in country cc (A when neither is); other is the other party.
func side(r store.AgreementRow, cc string) store.GovRef {
	if r.B.Country == cc && r.A.Country != cc {
		return r.B
	}
	return r.A
}

func other(r store.AgreementRow, cc string) store.GovRef {
	if r.B.Country == cc && r.A.Country != cc {
		return r.A
	}
	return r.B
}
