package store

import (
	"reflect"
	"testing"
)

func TestWindowFor(t *testing.T) {
	if got := WindowFor("2026-11-27"); got != (Window{2021, 2025}) {
		t.Errorf("WindowFor(2026-11-27) = %+v", got)
	}
	if got := WindowFor(""); got != (Window{}) || got.Contains(2020) {
		t.Errorf("empty as-of gives %+v", got)
	}
}

func TestAssess(t *testing.T) {
	w := Window{2021, 2025}
	cases := []struct {
		name   string
		status string
		years  []int
		want   Activeness
	}{
		{"no activities", "active", nil, Activeness{State: "dormant"}},
		{"no activities, unverified", "unverified", nil, Activeness{State: "unverified"}},
		{"activity only before the window", "active", []int{2019, 2020}, Activeness{State: "dormant", LastYear: 2020}},
		{"first year of the window", "active", []int{2021}, Activeness{State: "active", ActiveYears: []int{2021}, Rate: 0.2, LastYear: 2021}},
		{"last year of the window", "unverified", []int{2025}, Activeness{State: "active", ActiveYears: []int{2025}, Rate: 0.2, LastYear: 2025}},
		{"as-of year is outside the window", "active", []int{2026}, Activeness{State: "dormant", LastYear: 2026}},
		{"several activities in one year count once", "active", []int{2022, 2022, 2024, 2018}, Activeness{State: "active", ActiveYears: []int{2022, 2024}, Rate: 0.4, LastYear: 2024}},
		{"every year", "active", []int{2025, 2024, 2023, 2022, 2021}, Activeness{State: "active", ActiveYears: []int{2021, 2022, 2023, 2024, 2025}, Rate: 1, LastYear: 2025}},
		{"ended stays ended however busy", "ended", []int{2022, 2023}, Activeness{State: "ended", ActiveYears: []int{2022, 2023}, Rate: 0.4, LastYear: 2023}},
		{"planned stays planned", "planned", nil, Activeness{State: "planned"}},
		{"unknown dates (year 0) count for nothing", "active", []int{0, 0}, Activeness{State: "dormant"}},
	}
	for _, c := range cases {
		got := Assess(c.status, c.years, w)
		if got.State != c.want.State || got.Rate != c.want.Rate || got.LastYear != c.want.LastYear ||
			!reflect.DeepEqual(got.ActiveYears, c.want.ActiveYears) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
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
