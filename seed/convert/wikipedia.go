package main

import "strings"

// wikiURL is the exact file the worldwide pairs come from (CC BY-SA 4.0,
// scraped from Wikipedia's "List of twin towns and sister cities" pages).
const wikiURL = "https://github.com/Hekman/twincities/blob/84ebdec26ee6878367953cfbc56311ae6452752b/app/public/twin_cities.csv"

const wikiFile = "raw/twin_cities.csv"

// readWikipedia adds one pair per row of twin_cities.csv. The pairs carry no
// kind, date or status: they become `unknown`/`unverified` agreements.
func (b *builder) readWikipedia(src string) error {
	rows, err := readCSV(src, wikiFile, "city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2")
	if err != nil {
		return err
	}
	b.rep.read[wikiFile] = len(rows)
	for _, r := range rows {
		c1, c2 := r.get("country1"), r.get("country2")
		if fix, ok := wikiFixes[[4]string{r.get("city1"), c1, r.get("city2"), c2}]; ok {
			b.rep.wikiFixed = append(b.rep.wikiFixed, fix.why)
			c2 = fix.country2
		}
		a, okA := b.wikiMention(r.get("city1"), c1, r.get("lat1"), r.get("lng1"))
		z, okB := b.wikiMention(r.get("city2"), c2, r.get("lat2"), r.get("lng2"))
		if !okA || !okB {
			b.rep.leftOut["unmappable country label"]++
			if !okA {
				b.rep.unmappable[c1]++
			}
			if !okB {
				b.rep.unmappable[c2]++
			}
			continue
		}
		b.pairs = append(b.pairs, &pair{a: a, b: z, line: r.line, origin: "wikipedia"})
	}
	return nil
}

// wikiMention maps the country label and records the place. An empty label
// is recovered from the name when the name carries the country ("Varna,
// Bulgaria") or is itself a country or territory ("Falkland Islands").
func (b *builder) wikiMention(name, label, lat, lon string) (int, bool) {
	cc, region, ok := b.countries.parseLabel(label)
	if !ok && strings.TrimSpace(label) == "" {
		if i := strings.LastIndex(name, ", "); i > 0 {
			if cc, region, ok = b.countries.parseLabel(name[i+2:]); ok {
				b.rep.recovered[name+" → "+name[:i]+", "+cc]++
				name = name[:i]
			}
		} else if cc, _, ok = b.countries.parseLabel(name); ok {
			region = ""
			b.rep.recovered[name+" → "+cc]++
		}
	}
	if !ok {
		return -1, false
	}
	return b.addMention(mention{
		name: name, cc: cc, region: region, lat: lat, lon: lon,
		parent: -1, sources: []string{wikiURL},
	}), true
}
