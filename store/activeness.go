package store

import (
	"fmt"
	"sort"
)

// WindowYears is the number of full years in the activeness window.
const WindowYears = 5

// Window is the span of years activeness is judged on: the WindowYears full years
// before the data's as-of year and that year so far (as-of 2026 → 2021–2026). An
// activity this year keeps a relationship active; the engagement rate counts the
// full years only, so it does not fall every January.
type Window struct{ From, To int }

// WindowFor returns the window for an as-of date (YYYY-MM-DD); a date without a
// usable year gives the zero window, in which nothing is active.
func WindowFor(asOf string) Window {
	y := Year(asOf)
	if y == 0 {
		return Window{}
	}
	return Window{From: y - WindowYears, To: y}
}

// Contains reports whether year falls in the window.
func (w Window) Contains(year int) bool { return w.From != 0 && year >= w.From && year <= w.To }

// Full reports whether year is one of the window's full years (not the as-of year).
func (w Window) Full(year int) bool { return w.Contains(year) && year < w.To }

// Activeness is what the portal says about whether a relationship lives.
type Activeness struct {
	// State is one of ActivenessStates:
	//   - ended or planned when the agreement's status says so;
	//   - active when at least one activity falls in the window;
	//   - unverified when the agreement itself is unverified and has no activity in the window;
	//   - dormant when a party's activity record is covered for (part of) the window
	//     and holds nothing in it: nothing happened, as far as a complete record says;
	//   - not_reported otherwise: no activity recorded and nobody has said the record
	//     is complete, so nobody knows.
	State        string
	ActiveYears  []int   // years of the window with at least one activity, ascending
	CoveredYears []int   // years of the window a party's record is known complete for, ascending
	Rate         float64 // engagement rate: full years with activity / WindowYears
	LastYear     int     // year of the newest dated activity, 0 if none
}

// Partial reports whether the coverage that made a relationship dormant spans only
// part of the window's full years in which it existed (signed: its signing date,
// "" when unknown: then every full year counts).
func (a Activeness) Partial(w Window, signed string) bool {
	from := max(w.From, Year(signed))
	n := 0
	for _, y := range a.CoveredYears {
		if w.Full(y) && y >= from {
			n++
		}
	}
	return n < w.To-from
}

// Assess applies the activeness rule to an agreement's status, the years of its
// activities (activities of unknown date count for no year) and the years of the
// window its parties' records cover (Coverage.Covered).
func Assess(status string, activityYears, covered []int, w Window) Activeness {
	a := Activeness{}
	seen := map[int]bool{}
	full := 0
	for _, y := range activityYears {
		if y > a.LastYear {
			a.LastYear = y
		}
		if w.Contains(y) && !seen[y] {
			seen[y] = true
			a.ActiveYears = append(a.ActiveYears, y)
			if w.Full(y) {
				full++
			}
		}
	}
	sort.Ints(a.ActiveYears)
	for _, y := range covered {
		if w.Contains(y) {
			a.CoveredYears = append(a.CoveredYears, y)
		}
	}
	a.Rate = float64(full) / WindowYears
	switch {
	case status == "ended" || status == "planned":
		a.State = status
	case len(a.ActiveYears) > 0:
		a.State = "active"
	case status == "unverified":
		a.State = "unverified"
	case len(a.CoveredYears) > 0:
		a.State = "dormant"
	default:
		a.State = "not_reported"
	}
	return a
}

// ActivenessStates lists the states in display order.
var ActivenessStates = []string{"active", "dormant", "not_reported", "unverified", "planned", "ended"}

// RoundAnniversaries are the anniversaries the watch list announces.
var RoundAnniversaries = []int{10, 20, 25, 30, 40, 50}

// UpcomingAnniversary returns the round anniversary of a signing date that falls
// from the as-of date to the end of the following year, at the signing date's
// precision (a year-only signing is upcoming in its whole year). ok is false when
// the signing date is unknown or no round anniversary is upcoming.
func UpcomingAnniversary(signed, asOf string) (years int, date string, ok bool) {
	if len(signed) < 4 || len(asOf) < 10 {
		return 0, "", false
	}
	sy, ay := Year(signed), Year(asOf) // not fmt.Sscanf: a country page asks for thousands
	for _, n := range RoundAnniversaries {
		y := sy + n
		if y < ay || y > ay+1 {
			continue
		}
		d := fmt.Sprintf("%04d%s", y, signed[4:])
		if d >= asOf[:len(d)] {
			return n, d, true
		}
	}
	return 0, "", false
}
