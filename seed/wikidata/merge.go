package wikidata

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/seed/slug"
	"github.com/twinningtracker/twinning/store"
)

// Records are the lookups the merge makes in the database it writes to.
type Records interface {
	GovernmentByWikidata(ctx context.Context, qid string) (string, error)
	GovernmentRecord(ctx context.Context, slug string) (*store.Government, error)
	AgreementBetween(ctx context.Context, a, b string) (*store.Agreement, error)
}

// Summary says what a merge did.
type Summary struct {
	Pairs                            int
	ByQID, ByName, NewGovs           int // places matched by Wikidata id, by name+country+region, and created
	GovsFilled                       int // existing governments given a value they lacked
	AgreementsMatched, NewAgreements int
	Kept                             []string // values the records hold that Wikidata contradicts, kept
	LeftOut                          []string // pairs left out, with why
}

// ownLanguage is the label language of a country's own script.
var ownLanguage = map[string]string{"KR": "ko", "KP": "ko", "JP": "ja", "CN": "zh", "TW": "zh", "HK": "zh", "MO": "zh"}

// EntityURL is a Wikidata item's page, the source cited for what it gives.
func EntityURL(qid string) string { return "https://www.wikidata.org/wiki/" + qid }

type merger struct {
	ctx     context.Context
	recs    Records
	sum     Summary
	govs    map[string]*store.Government // slug → record as it will be written
	dirty   map[string]bool              // slugs to write
	byQID   map[string]string            // QID → slug, resolved once
	ags     map[string]*store.Agreement  // pair key → agreement as it will be written
	agOrder []string
}

// Merge matches each pair's places to the records (by Wikidata id, then by slug
// from the English name and country, with the region when it breaks a tie) and
// returns the records to write: new places and agreements, and existing ones with
// the values they lacked filled in. A value the records hold is never replaced:
// a contradicting Wikidata value is reported in Summary.Kept.
func Merge(ctx context.Context, recs Records, pairs []Pair) (store.Dataset, Summary, error) {
	m := &merger{ctx: ctx, recs: recs, govs: map[string]*store.Government{}, dirty: map[string]bool{},
		byQID: map[string]string{}, ags: map[string]*store.Agreement{}}
	m.sum.Pairs = len(pairs)
	for _, p := range pairs {
		a, err := m.place(p.A)
		if err != nil {
			return store.Dataset{}, m.sum, err
		}
		b, err := m.place(p.B)
		if err != nil {
			return store.Dataset{}, m.sum, err
		}
		if a == "" || b == "" || a == b {
			m.sum.LeftOut = append(m.sum.LeftOut, fmt.Sprintf("line %d: %s–%s: a place could not be given a slug of its own", p.Line, p.A.QID, p.B.QID))
			continue
		}
		if err := m.agreement(a, b, p); err != nil {
			return store.Dataset{}, m.sum, err
		}
	}
	var ds store.Dataset
	slugs := make([]string, 0, len(m.dirty))
	for s := range m.dirty {
		slugs = append(slugs, s)
	}
	sort.Strings(slugs)
	var codes []string
	for _, s := range slugs {
		ds.Governments = append(ds.Governments, *m.govs[s])
		codes = append(codes, m.govs[s].Country)
	}
	ds.Countries = seed.Countries(codes)
	for _, k := range m.agOrder {
		ds.Agreements = append(ds.Agreements, *m.ags[k])
	}
	return ds, m.sum, nil
}

// place resolves a place to a slug, creating or filling its record.
func (m *merger) place(p Place) (string, error) {
	if s, ok := m.byQID[p.QID]; ok {
		return s, nil
	}
	s, err := m.recs.GovernmentByWikidata(m.ctx, p.QID)
	if err != nil {
		return "", err
	}
	if s != "" {
		m.sum.ByQID++
	} else {
		s, err = m.byName(p)
		if err != nil {
			return "", err
		}
	}
	m.byQID[p.QID] = s
	if s == "" {
		return "", nil
	}
	g, err := m.record(s)
	if err != nil {
		return "", err
	}
	isNew := g == nil
	if isNew {
		m.sum.NewGovs++
		g = &store.Government{Slug: s, Name: p.Labels["en"], Country: p.Country}
		m.govs[s] = g
		m.dirty[s] = true
	}
	if m.fill(g, p) {
		if !isNew && !m.dirty[s] {
			m.sum.GovsFilled++
		}
		m.dirty[s] = true
	}
	return s, nil
}

// byName finds the record of a place without its Wikidata id: the slug of its
// English name and country, or with its region when that slug is another place's.
// It returns the slug to create when none matches, "" when both are taken.
func (m *merger) byName(p Place) (string, error) {
	name := p.Labels["en"]
	candidates := []string{slug.Gov(name, p.Country)}
	if p.Region != "" {
		candidates = append(candidates, slug.Tie(name, p.Region, p.Country))
	}
	for _, s := range candidates {
		g, err := m.record(s)
		if err != nil {
			return "", err
		}
		switch {
		case g == nil:
			return s, nil // free: the place is new
		case g.Wikidata != "" && g.Wikidata != p.QID:
			continue // another place with the same name
		case g.Region != "" && p.Region != "" && g.Region != p.Region:
			continue
		}
		m.sum.ByName++
		return s, nil
	}
	return "", nil
}

// record returns the record of slug as the merge will write it, nil if none.
func (m *merger) record(s string) (*store.Government, error) {
	if g, ok := m.govs[s]; ok {
		return g, nil
	}
	g, err := m.recs.GovernmentRecord(m.ctx, s)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m.govs[s] = g
	return g, nil
}

// fill gives g the values of p it lacks and reports whether it changed.
func (m *merger) fill(g *store.Government, p Place) bool {
	changed := false
	set := func(field *string, v string) {
		if *field == "" && v != "" && v != g.Name {
			*field, changed = v, true
		}
	}
	if g.Wikidata == "" {
		g.Wikidata, changed = p.QID, true
	} else if g.Wikidata != p.QID {
		m.sum.Kept = append(m.sum.Kept, fmt.Sprintf("%s: wikidata %s kept (the file says %s)", g.Slug, g.Wikidata, p.QID))
	}
	if lang, ok := ownLanguage[g.Country]; ok {
		set(&g.NameLocal, p.Labels[lang])
	}
	set(&g.NameFR, p.Labels["fr"])
	if g.Country != "KR" && g.Country != "KP" {
		set(&g.NameKO, p.Labels["ko"])
	}
	if g.Region == "" && p.Region != "" {
		g.Region, changed = p.Region, true
	}
	if g.Lat == nil && g.Lon == nil && p.Lat != nil {
		g.Lat, g.Lon, changed = p.Lat, p.Lon, true
	}
	if changed {
		g.Sources = appendNew(g.Sources, EntityURL(p.QID))
	}
	return changed
}

// agreement records the pair a–b: a new, unverified agreement (Wikidata is
// edited by anyone), or the existing one with the dates it lacked.
func (m *merger) agreement(a, b string, p Pair) error {
	key := a + "|" + b
	if b < a {
		key = b + "|" + a
	}
	ag, seen := m.ags[key]
	if !seen {
		existing, err := m.recs.AgreementBetween(m.ctx, a, b)
		switch {
		case errors.Is(err, store.ErrNotFound):
			ag = &store.Agreement{ID: a + "--" + b, GovernmentA: a, GovernmentB: b, Kind: "unknown", Status: "unverified"}
			m.sum.NewAgreements++
		case err != nil:
			return err
		default:
			ag = existing
			m.sum.AgreementsMatched++
		}
		m.ags[key] = ag
		m.agOrder = append(m.agOrder, key)
	}
	source := EntityURL(p.A.QID)
	switch {
	case p.Start == "":
	case ag.Signed == "":
		ag.Signed = p.Start
	case ag.Signed != p.Start:
		m.sum.Kept = append(m.sum.Kept, fmt.Sprintf("%s: signed %s kept (Wikidata %s says %s)", ag.ID, ag.Signed, p.A.QID, p.Start))
	}
	switch {
	case p.End == "":
	case ag.Ended == "" && (ag.Status == "unverified" || ag.Status == "ended"):
		ag.Ended, ag.Status = p.End, "ended"
	case ag.Ended != p.End:
		m.sum.Kept = append(m.sum.Kept, fmt.Sprintf("%s: status %s, ended %q kept (Wikidata %s says it ended %s)", ag.ID, ag.Status, ag.Ended, p.A.QID, p.End))
	}
	ag.Sources = appendNew(ag.Sources, source)
	return nil
}

func appendNew(list []string, v string) []string {
	for _, s := range list {
		if s == v {
			return list
		}
	}
	return append(list, v)
}
