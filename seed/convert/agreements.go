package main

import (
	"fmt"
	"sort"
	"strings"
)

// buildAgreements merges pairs that name the same two governments (in either
// order) into one agreement. Derived data wins for orientation, kind, date,
// status and note; sources are unioned (derived first). Among Wikipedia
// pairs the first listed keeps its orientation.
func (b *builder) buildAgreements(slugOf []string) (map[string]*agreement, map[*pair]string, error) {
	type group struct {
		first *pair
		ag    *agreement
	}
	groups := map[[2]string]*group{}
	var order [][2]string
	agreementOf := map[*pair]string{}
	pairKey := func(p *pair) [2]string {
		a, z := slugOf[p.a], slugOf[p.b]
		if z < a {
			a, z = z, a
		}
		return [2]string{a, z}
	}
	// Derived pairs go first so that the Wikipedia pairs merge into them; the dated
	// pages go last, so that they fill in a relationship the others give without
	// changing its id (a public URL) and create only the ones nobody else gives.
	rank := func(p *pair) int {
		switch {
		case p.origin == "dated-pages":
			return 2
		case p.derived != nil:
			return 0
		}
		return 1
	}
	ps := append([]*pair(nil), b.pairs...)
	sort.SliceStable(ps, func(i, j int) bool { return rank(ps[i]) < rank(ps[j]) })
	for _, p := range ps {
		a, z := slugOf[p.a], slugOf[p.b]
		if a == z {
			b.rep.leftOut["self-loop (both sides are the same government)"]++
			b.rep.selfLoops = append(b.rep.selfLoops, fmt.Sprintf("%s (%s line %d: %s / %s)",
				a, p.origin, p.line, b.mentions[p.a].rawName, b.mentions[p.b].rawName))
			continue
		}
		k := pairKey(p)
		g, seen := groups[k]
		if !seen {
			ag := &agreement{A: a, B: z, Kind: "unknown", Status: "unverified", Sources: []string{wikiURL}}
			if p.derived != nil {
				d := *p.derived
				ag = &d
				ag.A, ag.B = a, z
			}
			ag.ID = a + "--" + z
			groups[k] = &group{first: p, ag: ag}
			order = append(order, k)
			agreementOf[p] = ag.ID
			continue
		}
		agreementOf[p] = g.ag.ID
		switch {
		case p.origin == "dated-pages":
			// A dated page on a relationship another source gives already: it
			// fills what that leaves unknown and adds its source, never overwrites.
			fillFrom(g.ag, p.derived)
			b.rep.merged["dated page merged into "+g.first.origin]++
			b.rep.mergedDerived = append(b.rep.mergedDerived, fmt.Sprintf("%s ← %s line %d", g.ag.ID, dpFile, p.line))
			continue
		case p.derived != nil:
			return nil, nil, fmt.Errorf("%s line %d: %s–%s given twice in derived data", p.origin, p.line, a, z)
		case g.first.derived != nil:
			b.rep.merged["merged with derived data ("+g.first.origin+")"]++
			b.rep.mergedDerived = append(b.rep.mergedDerived, fmt.Sprintf("%s ← Wikipedia line %d (%s / %s)",
				g.ag.ID, p.line, b.mentions[p.a].rawName, b.mentions[p.b].rawName))
		case sameNames(b.mentions, g.first, p):
			b.rep.merged["duplicate listing (same names; country label variants or listed from both sides)"]++
		default:
			b.rep.merged["near-duplicate names (normalise to the same slugs)"]++
			b.rep.nearDup = append(b.rep.nearDup, fmt.Sprintf("%s: lines %d and %d (%s / %s; %s / %s)", g.ag.ID,
				g.first.line, p.line, b.mentions[g.first.a].rawName, b.mentions[g.first.b].rawName,
				b.mentions[p.a].rawName, b.mentions[p.b].rawName))
		}
		g.ag.Sources = addUnique(g.ag.Sources, wikiURL)
	}
	ags := map[string]*agreement{}
	for _, k := range order {
		ag := groups[k].ag
		if _, dup := ags[ag.ID]; dup {
			return nil, nil, fmt.Errorf("agreement id %s twice", ag.ID)
		}
		ags[ag.ID] = ag
	}
	return ags, agreementOf, nil
}

func sameNames(ms []mention, p, q *pair) bool {
	a1, b1, a2, b2 := ms[p.a].rawName, ms[p.b].rawName, ms[q.a].rawName, ms[q.b].rawName
	return (a1 == a2 && b1 == b2) || (a1 == b2 && b1 == a2)
}

// attach points events and activities at their agreement and turns the
// activity's side into a slug.
func (b *builder) attach(slugOf []string, agreementOf map[*pair]string) error {
	for _, e := range b.events {
		id, ok := agreementOf[e.pair]
		if !ok {
			return fmt.Errorf("event %s %s: its pair was left out", e.Kind, e.Date)
		}
		e.Agreement = id
	}
	for _, a := range b.activities {
		id, ok := agreementOf[a.pair]
		if !ok {
			return fmt.Errorf("activity %s: its pair was left out", a.ID)
		}
		a.Agreement = id
		switch {
		case a.joint:
			a.From = "joint"
		case a.fromMention >= 0:
			a.From = slugOf[a.fromMention]
		}
	}
	return nil
}

// fillFrom completes ag with what d states and ag leaves unknown (kind, signing
// date, a note), and adds d's sources.
func fillFrom(ag *agreement, d *agreement) {
	if ag.Kind == "unknown" {
		ag.Kind = d.Kind
	}
	if ag.Signed == "" && ag.Status != "planned" {
		ag.Signed = d.Signed
	}
	switch {
	case ag.Status == "unverified" && d.Status == "active":
		ag.Status = "active"
	case ag.Status != "planned" && d.Status == "ended" && ag.Ended == "":
		ag.Status, ag.Ended = "ended", d.Ended
	}
	if d.Note != "" && !strings.Contains(ag.Note, d.Note) {
		ag.Note = strings.TrimPrefix(ag.Note+"; "+d.Note, "; ")
	}
	ag.Sources = addUnique(ag.Sources, d.Sources...)
}

// dedupeEvents merges events two sources give for the same agreement, date and step
// (Burnaby–Hwaseong signed in 2010, in the Canada–Korea data and on a dated page):
// one event, with both sources.
func dedupeEvents(es []*event) []*event {
	seen := map[[3]string]*event{}
	var out []*event
	for _, e := range es {
		k := [3]string{e.Agreement, e.Date, e.Kind}
		if first, ok := seen[k]; ok {
			first.Sources = addUnique(first.Sources, e.Sources...)
			if first.Note == "" {
				first.Note = e.Note
			}
			continue
		}
		seen[k] = e
		out = append(out, e)
	}
	return out
}
