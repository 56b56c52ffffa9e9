package store

import (
	"reflect"
	"testing"
)

func TestWindowFor(t *testing.T) {
	// The window holds the as-of year so far: an activity on 2 May 2026 counts in 2026.
	w := WindowFor("2026-11-27")
	if w != (Window{2021, 2026}) || !w.Contains(2026) || w.Full(2026) || !w.Full(2021) || w.Contains(2020) {
		t.Errorf("WindowFor(2026-11-27) = %+v", w)
	}
	if got := WindowFor(""); got != (Window{}) || got.Contains(2020) {
		t.Errorf("empty as-of gives %+v", got)
	}
}

func TestAssess(t *testing.T) {
	w := Window{2021, 2026}
	all := []int{2021, 2022, 2023, 2024, 2025}
	cases := []struct {
		name    string
		status  string
		years   []int
		covered []int
		want    Activeness
	}{
		{"no activities, nobody reported", "active", nil, nil, Activeness{State: "not_reported"}},
		{"no activities, a record complete for the window", "active", nil, all, Activeness{State: "dormant", CoveredYears: all}},
		{"no activities, a record complete for part of it", "active", nil, []int{2021, 2022}, Activeness{State: "dormant", CoveredYears: []int{2021, 2022}}},
		{"coverage outside the window says nothing", "active", nil, []int{2019, 2020}, Activeness{State: "not_reported"}},
		{"no activities, unverified", "unverified", nil, all, Activeness{State: "unverified", CoveredYears: all}},
		{"activity only before the window, not reported since", "active", []int{2019, 2020}, nil, Activeness{State: "not_reported", LastYear: 2020}},
		{"activity only before the window, covered since", "active", []int{2019, 2020}, []int{2023}, Activeness{State: "dormant", LastYear: 2020, CoveredYears: []int{2023}}},
		{"first year of the window", "active", []int{2021}, nil, Activeness{State: "active", ActiveYears: []int{2021}, Rate: 0.2, LastYear: 2021}},
		{"last full year of the window", "unverified", []int{2025}, nil, Activeness{State: "active", ActiveYears: []int{2025}, Rate: 0.2, LastYear: 2025}},
		// Belleville–Gunpo: one activity on 2 May 2026, as-of year 2026.
		{"an activity this year keeps it active; the rate counts full years", "active", []int{2026}, nil, Activeness{State: "active", ActiveYears: []int{2026}, LastYear: 2026}},
		{"several activities in one year count once", "active", []int{2022, 2022, 2024, 2018}, nil, Activeness{State: "active", ActiveYears: []int{2022, 2024}, Rate: 0.4, LastYear: 2024}},
		{"every year", "active", []int{2026, 2025, 2024, 2023, 2022, 2021}, nil, Activeness{State: "active", ActiveYears: []int{2021, 2022, 2023, 2024, 2025, 2026}, Rate: 1, LastYear: 2026}},
		{"ended mid-window stays ended however busy", "ended", []int{2022, 2023}, all, Activeness{State: "ended", ActiveYears: []int{2022, 2023}, CoveredYears: all, Rate: 0.4, LastYear: 2023}},
		{"planned stays planned", "planned", nil, nil, Activeness{State: "planned"}},
		{"unknown dates (year 0) count for nothing", "active", []int{0, 0}, nil, Activeness{State: "not_reported"}},
		{"unknown dates with a complete record", "active", []int{0}, []int{2025}, Activeness{State: "dormant", CoveredYears: []int{2025}}},
	}
	for _, c := range cases {
		got := Assess(c.status, c.years, c.covered, w)
		if got.State != c.want.State || got.Rate != c.want.Rate || got.LastYear != c.want.LastYear ||
			!reflect.DeepEqual(got.ActiveYears, c.want.ActiveYears) || !reflect.DeepEqual(got.CoveredYears, c.want.CoveredYears) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestCovered(t *testing.T) {
	w := Window{2021, 2026}
	c := Coverage{
		"dangjin-kr": {{From: 1988, To: 2022}}, // the converter's span
		"burnaby-ca": {{From: 2024, To: 2024}, {From: 2025, To: 2025}},
		"seoul-kr":   {{From: 2030, To: 2031}},
		"kushiro-jp": {{From: 2019, To: 2020}},
		"gunpo-kr":   {{From: 2021, To: 2026}},
		"calgary-ca": nil,
		"daejeon-kr": nil,
		"belleville": {{From: 2026, To: 2026}},
	}
	cases := []struct {
		name    string
		signed  string
		parties []string
		want    []int
	}{
		{"coverage boundary: a span ending in the window's first years", "1988", []string{"dangjin-kr", "x"}, []int{2021, 2022}},
		{"either party's record counts, years merged", "", []string{"dangjin-kr", "burnaby-ca"}, []int{2021, 2022, 2024, 2025}},
		{"a span before the window", "", []string{"kushiro-jp"}, nil},
		{"a span after the window", "", []string{"seoul-kr"}, nil},
		{"nobody reported (Calgary–Daejeon)", "1994", []string{"calgary-ca", "daejeon-kr"}, nil},
		{"years before the signing do not count", "2023-05", []string{"dangjin-kr", "burnaby-ca"}, []int{2024, 2025}},
		{"the as-of year counts when a span states it", "", []string{"belleville"}, []int{2026}},
		{"overlapping spans counted once", "", []string{"gunpo-kr", "burnaby-ca"}, []int{2021, 2022, 2023, 2024, 2025, 2026}},
	}
	for _, tc := range cases {
		if got := c.Covered(w, tc.signed, tc.parties...); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Covered = %v, want %v", tc.name, got, tc.want)
		}
	}
	if a := Assess("active", nil, c.Covered(w, "", "dangjin-kr"), w); a.State != "dormant" || !a.Partial(w, "") {
		t.Errorf("Dangjin's partner with no activity since 2020: %+v, want dormant and partial", a)
	}
	if a := Assess("active", nil, c.Covered(w, "", "gunpo-kr"), w); a.Partial(w, "") {
		t.Errorf("a record complete for every full year is not partial: %+v", a)
	}
	// Signed in May 2023, on a record complete for 2000–2025: complete for every
	// full year the relationship existed, so not partial.
	long := Coverage{"x": {{From: 2000, To: 2025}}}
	if a := Assess("active", nil, long.Covered(w, "2023-05", "x", "y"), w); a.State != "dormant" || a.Partial(w, "2023-05") {
		t.Errorf("signed inside the window, covered since: %+v, want dormant, not partial", a)
	}
	if got := Spans([]int{2021, 2022, 2024, 2026, 2027}); got != "2021–2022, 2024, 2026–2027" {
		t.Errorf("Spans = %q", got)
	}
}

func TestUpcomingAnniversary(t *testing.T) {
	asOf := "2026-11-27"
	cases := []struct {
		signed string
		years  int
		date   string
		ok     bool
	}{
		{"2016", 10, "2026", true},             // year precision: the whole year counts
		{"2016-12-01", 10, "2026-12-01", true}, // later this year
		{"2016-05-10", 0, "", false},           // already passed this year
		{"2017-05-10", 10, "2027-05-10", true}, // next year
		{"2002-09", 25, "2027-09", true},       // 25th
		{"1977-11", 50, "2027-11", true},       // 50th next year (the 49th now is not round)
		{"2018-01-15", 0, "", false},           // 9th and 10th are not due yet (2028)
		{"", 0, "", false},                     // unknown date
		{"1974", 0, "", false},                 // 52nd/53rd: not round
	}
	for _, c := range cases {
		years, date, ok := UpcomingAnniversary(c.signed, asOf)
		if years != c.years || date != c.date || ok != c.ok {
			t.Errorf("UpcomingAnniversary(%q) = %d %q %v, want %d %q %v", c.signed, years, date, ok, c.years, c.date, c.ok)
		}
	}
}

func TestYear(t *testing.T) {
	for in, want := range map[string]int{"2010": 2010, "1996-09": 1996, "2020-07-20": 2020, "": 0, "20": 0, "abcd": 0} {
		if got := Year(in); got != want {
			t.Errorf("Year(%q) = %d, want %d", in, got, want)
		}
	}
}
