package store

import "testing"

func TestStandingOn(t *testing.T) {
	const day = "2019-12-31"
	row := func(signed, status, ended string) AgreementRow {
		return AgreementRow{Signed: signed, Status: status, Ended: ended}
	}
	ev := func(date, event string) Event { return Event{Date: date, Event: event} }
	cases := []struct {
		name  string
		r     AgreementRow
		life  []Event
		today bool
		want  string
	}{
		{"signed before", row("1996-09", "active", ""), nil, false, InForce},
		{"signed on the day", row("2019-12-31", "active", ""), nil, false, InForce},
		{"signed the day after", row("2020-01-01", "active", ""), nil, false, NotYetSigned},
		{"signed in a later year", row("2024", "active", ""), nil, false, NotYetSigned},
		{"signed in the date's own year, asked its last day: signed by then", row("2019", "active", ""), nil, false, InForce},
		{"signed in the date's month, asked its last day", row("2019-12", "active", ""), nil, false, InForce},
		{"signing date unknown", row("", "active", ""), nil, false, PossiblyInForce},
		{"signing date unknown, today: active now", row("", "active", ""), nil, true, InForce},
		{"planned", row("", "planned", ""), nil, false, PlannedOnly},
		{"planned, today", row("2024", "planned", ""), nil, true, PlannedOnly},
		{"unverified", row("", "unverified", ""), nil, false, UnverifiedOnly},
		{"ended before", row("1990", "ended", "2005"), nil, false, EndedBy},
		{"ended after: in force then", row("1990", "ended", "2021-03"), nil, false, InForce},
		{"ended on the day", row("1990", "ended", "2019-12-31"), nil, false, EndedBy},
		{"ended in the date's year, asked its last day: ended by then", row("1990", "ended", "2019"), nil, false, EndedBy},
		{"ended at an unknown date", row("1990", "ended", ""), nil, false, PossiblyInForce},
		{"ended at an unknown date, today", row("1990", "ended", ""), nil, true, EndedBy},
		{"ended event before", row("1990", "active", ""), []Event{ev("2010-05", "ended")}, false, EndedBy},
		{"suspended before, not renewed", row("1990", "active", ""), []Event{ev("2015", "suspended")}, false, EndedBy},
		{"suspended then renewed before", row("1990", "active", ""), []Event{ev("2017-02", "renewed"), ev("2015", "suspended")}, false, InForce},
		{"suspended after the date", row("1990", "active", ""), []Event{ev("2022", "suspended")}, false, InForce},
		{"suspended in the date's year, asked its last day", row("1990", "active", ""), []Event{ev("2019", "suspended")}, false, EndedBy},
		{"suspended now", row("1990", "active", ""), []Event{ev("2022", "suspended")}, true, EndedBy},
	}
	mid := []struct {
		name string
		r    AgreementRow
		life []Event
		want string
	}{
		// Asked 2019-06-01, inside a year-precision date: the record cannot tell.
		{"signed in the year", row("2019", "active", ""), nil, PossiblyInForce},
		{"ended in the year", row("1990", "ended", "2019"), nil, PossiblyInForce},
		{"suspended 2015, renewed in the year", row("1990", "active", ""), []Event{ev("2015", "suspended"), ev("2019", "renewed")}, PossiblyInForce},
		{"ended 2005, signed again 2010", row("1990", "active", ""), []Event{ev("2005", "ended"), ev("2010-04", "sister_signed")}, InForce},
		{"an unverified pair whose partner was abolished", row("", "unverified", ""), []Event{ev("2010", "ended")}, EndedBy},
	}
	for _, c := range mid {
		if got := StandingOn(c.r, c.life, "2019-06-01", false); got != c.want {
			t.Errorf("%s (2019-06-01): %s, want %s", c.name, got, c.want)
		}
	}
	for _, c := range cases {
		date := day
		if c.today {
			date = "2026-12-07"
		}
		if got := StandingOn(c.r, c.life, date, c.today); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
