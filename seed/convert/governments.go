package main

import (
	"github.com/twinningtracker/twinning/seed/slug"

	"sort"
	"strings"
)

// resolve gives every mention its final slug and builds the governments.
//
// Slug = ASCII name + country code. Mentions with the same base slug are one
// government (this merges near-duplicate names such as accent variants),
// unless they carry two or more different non-empty regions: then each
// region is a different government and gets the region in its slug. Mentions
// without a region then keep the plain slug (they cannot be placed).
func (b *builder) resolve() (slugOf []string, govs map[string]*government) {
	base := make([]string, len(b.mentions))
	regions := map[string]map[string]bool{}
	for i, m := range b.mentions {
		base[i] = slug.Gov(b.canonicalName(m), m.cc)
		if m.region != "" {
			if regions[base[i]] == nil {
				regions[base[i]] = map[string]bool{}
			}
			regions[base[i]][slug.Part(m.region)] = true
		}
		if slug.Hashed(m.name) {
			b.rep.hashed[base[i]] = true
		}
	}
	slugOf = make([]string, len(b.mentions))
	for i, m := range b.mentions {
		slugOf[i] = base[i]
		if len(regions[base[i]]) > 1 {
			if m.region != "" {
				slugOf[i] = slug.Tie(b.canonicalName(m), m.region, m.cc)
			}
			b.rep.tieBreaks[base[i]] = addUnique(b.rep.tieBreaks[base[i]], slugOf[i])
		}
	}

	byslug := map[string][]int{}
	for i := range b.mentions {
		byslug[slugOf[i]] = append(byslug[slugOf[i]], i)
	}
	govs = map[string]*government{}
	for slug, ids := range byslug {
		govs[slug] = b.merge(slug, ids, slugOf)
	}
	return slugOf, govs
}

// canonicalName applies the Korean district aliases to Wikipedia names.
func (b *builder) canonicalName(m mention) string {
	if !m.derived {
		if n, ok := b.krAliases[m.cc+"|"+slug.Part(slug.NameKey(m.name))]; ok {
			return n
		}
	}
	return m.name
}

// merge builds one government from its mentions. Derived data wins; among
// equals the most frequent name wins (ties: the longer, i.e. the one with
// accents or a disambiguator, then alphabetical), and the most frequent
// coordinates.
func (b *builder) merge(slug string, ids []int, slugOf []string) *government {
	sort.Ints(ids)
	// Derived mentions first, then input order.
	sort.SliceStable(ids, func(i, j int) bool { return b.mentions[ids[i]].derived && !b.mentions[ids[j]].derived })
	g := &government{Slug: slug, Country: b.mentions[ids[0]].cc}
	names, coords := map[string]int{}, map[string]int{}
	var coordOrder []string
	for _, id := range ids {
		m := b.mentions[id]
		w := 1
		if m.derived {
			w = 1 << 20 // derived names outrank any number of Wikipedia spellings
		}
		names[m.name] += w
		if m.name != b.mentions[ids[0]].name && !m.derived {
			b.rep.nameVariants[slug] = true
		}
		if m.lat != "" {
			c := m.lat + "," + m.lon
			if coords[c] == 0 {
				coordOrder = append(coordOrder, c)
			}
			coords[c]++
		}
		setIfEmpty(&g.Region, m.region)
		setIfEmpty(&g.Level, m.level)
		setIfEmpty(&g.NameLocal, m.nameLocal)
		setIfEmpty(&g.NameKo, m.nameKo)
		setIfEmpty(&g.NameFr, m.nameFr)
		if m.parent >= 0 {
			setIfEmpty(&g.Parent, slugOf[m.parent])
		}
		g.Sources = addUnique(g.Sources, m.sources...)
	}
	g.Name = best(names)
	if len(coordOrder) > 0 {
		c := coordOrder[0]
		for _, o := range coordOrder {
			if coords[o] > coords[c] {
				c = o
			}
		}
		g.Lat, g.Lon, _ = strings.Cut(c, ",")
	}
	if g.NameLocal == g.Name {
		g.NameLocal = ""
	}
	if g.NameFr == g.Name {
		g.NameFr = ""
	}
	return g
}

func setIfEmpty(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// best is the most frequent name; ties go to the longer, then the smaller.
func best(counts map[string]int) string {
	var out string
	for _, n := range sortedKeys(counts) {
		switch {
		case out == "", counts[n] > counts[out],
			counts[n] == counts[out] && len(n) > len(out):
			out = n
		}
	}
	return out
}

// dropUnused removes governments that are in no written agreement and are
// no parent of one (they came only from rows that were left out).
func (b *builder) dropUnused(out *output) {
	used := map[string]bool{}
	var keep func(slug string)
	keep = func(slug string) {
		if slug == "" || used[slug] {
			return
		}
		used[slug] = true
		keep(out.govs[slug].Parent)
	}
	for _, a := range out.ags {
		keep(a.A)
		keep(a.B)
	}
	for slug := range out.govs {
		if !used[slug] {
			delete(out.govs, slug)
			b.rep.dropped++
		}
	}
}
