package store

import (
	"fmt"
	"sort"
)

// WindowYears is the length of the activeness window.
const WindowYears = 5

// Window is the span of years activeness is judged on: the WindowYears full years
// before the data's as-of year (as-of 2026 → 2021–2025).
type Window struct{ From, To int }

// WindowFor returns the window for an as-of date (YYYY-MM-DD); a date without a
// usable year gives the zero window, in which nothing is active.
func WindowFor(asOf string) Window {
	var y int
	if len(asOf) >= 4 {
		fmt.Sscanf(asOf[:4], "%d", &y)
	}
	if y == 0 {
		return Window{}
	}
	return Window{From: y - WindowYears, To: y - 1}
}

// Contains reports whether year falls in the window.
func (w Window) Contains(year int) bool { return w.From != 0 && year >= w.From && year <= w.To }

// Activeness is what the portal says about whether a relationship lives.
type Activeness struct {
	// State is active, dormant, ended, planned or unverified:
	//   - ended or planned when the agreement's status says so;
	//   - active when at least one activity falls in the window;
	//   - unverified when the agreement itself is unverified and has no activity in the window;
	//   - dormant otherwise (a confirmed agreement with no recorded activity in the window).
	State       string
	ActiveYears []int   // years of the window with at least one activity, ascending
	Rate        float64 // engagement rate: active years / WindowYears
	LastYear    int     // year of the newest dated activity, 0 if none
}

// Assess applies the activeness rule to an agreement's status and the years of its
// activities (activities of unknown date count for no year).
func Assess(status string, activityYears []int, w Window) Activeness {
	a := Activeness{}
	seen := map[int]bool{}
	for _, y := range activityYears {
		if y > a.LastYear {
			a.LastYear = y
		}
		if w.Contains(y) && !seen[y] {
			seen[y] = true
			a.ActiveYears = append(a.ActiveYears, y)
		}
	}
	sort.Ints(a.ActiveYears)
	a.Rate = float64(len(a.ActiveYears)) / WindowYears
	switch {
	case status == "ended" || status == "planned":
		a.State = status
	case len(a.ActiveYears) > 0:
		a.State = "active"
	case status == "unverified":
		a.State = "unverified"
	default:
		a.State = "dormant"
	}
	return a
}

// ActivenessStates lists the states in display order.
var ActivenessStates = []string{"active", "dormant", "unverified", "planned", "ended"}

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
