package main

import (
	"errors"
	"fmt"
	"regexp"
	"time"
)

var (
	slugRe  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	levels  = set("", "province", "metropolitan_city", "special_city", "municipality", "county", "district")
	kinds   = set("sister", "friendship", "unknown")
	status  = set("active", "ended", "planned", "unverified")
	evKinds = set("proposed", "friendship_signed", "sister_signed", "upgraded_to_sister", "renewed", "termination_proposed", "suspended", "ended")
	cats    = set("", "administrative", "people_exchange", "youth_education", "culture_arts", "sports",
		"economy_trade", "tourism", "health_humanitarian", "policy_technical", "civil_society", "ceremony", "other")
)

func set(v ...string) map[string]bool {
	m := map[string]bool{}
	for _, s := range v {
		m[s] = true
	}
	return m
}

// validDate accepts "", YYYY, YYYY-MM and YYYY-MM-DD (real calendar dates).
func validDate(s string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if len(s) == len(layout) {
			_, err := time.Parse(layout, s)
			return err == nil
		}
	}
	return s == ""
}

// validate checks the output against the import format's rules before
// anything is written, so a bad input never produces a half-valid seed.
func validate(out *output) error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	for slug, g := range out.govs {
		if !slugRe.MatchString(slug) {
			bad("government %q: bad slug", slug)
		}
		if g.Name == "" || len(g.Country) != 2 || !levels[g.Level] {
			bad("government %s: name/country/level %q/%q/%q", slug, g.Name, g.Country, g.Level)
		}
		if _, ok := out.govs[g.Parent]; g.Parent != "" && !ok {
			bad("government %s: parent %s missing", slug, g.Parent)
		}
	}
	for id, a := range out.ags {
		_, okA := out.govs[a.A]
		_, okB := out.govs[a.B]
		if !okA || !okB || a.A == a.B {
			bad("agreement %s: governments %s/%s", id, a.A, a.B)
		}
		if !kinds[a.Kind] || !status[a.Status] || !validDate(a.Signed) || !validDate(a.Ended) {
			bad("agreement %s: kind/status/dates %q/%q/%q/%q", id, a.Kind, a.Status, a.Signed, a.Ended)
		}
	}
	for _, e := range out.events {
		if _, ok := out.ags[e.Agreement]; !ok || !evKinds[e.Kind] || !validDate(e.Date) || e.Date == "" {
			bad("event %s %s %q: bad agreement, kind or date", e.Agreement, e.Kind, e.Date)
		}
	}
	ids := map[string]bool{}
	for _, a := range out.acts {
		ag, ok := out.ags[a.Agreement]
		switch {
		case ids[a.ID]:
			bad("activity %s: duplicate id", a.ID)
		case !ok:
			bad("activity %s: agreement %s missing", a.ID, a.Agreement)
		case a.From != "" && a.From != "joint" && a.From != ag.A && a.From != ag.B:
			bad("activity %s: from %s is not a side of %s", a.ID, a.From, a.Agreement)
		case !cats[a.Category] || !validDate(a.Date) || !validDate(a.DateEnd) || a.Date == "" ||
			a.DateEnd != "" && a.DateEnd < a.Date:
			bad("activity %s: category/dates %q/%q/%q", a.ID, a.Category, a.Date, a.DateEnd)
		}
		ids[a.ID] = true
	}
	return errors.Join(errs...)
}
