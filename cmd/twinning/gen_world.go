package main

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
)

// The world profile of gen: a synthetic world that reports like Korea does, every
// government and agreement made up, for benchmarks at the size the portal is meant for.
// At -world-scale 1 it has these counts; a smaller scale multiplies each of them.
const (
	worldGovernments = 100_000
	worldAgreements  = 150_000
	worldActivities  = 3_000_000
)

// Activities are dated from worldFirstYear to the seed's retrieval date (seed.AsOf),
// never later: nothing is reported from the future of the data.
const (
	worldFirstYear = 1997
	worldLastYear  = 2026
	worldLastMonth = 11
	worldLastDay   = 27
)

// Synthetic sources: a register per country (listed in sources.csv with a title that
// says it is synthetic) and a yearly report per reporting government. ".example" is
// reserved (RFC 2606), so no link leads anywhere real.
const (
	worldRegistryURL = "https://registry.example/twinning-gen/"
	worldReportURL   = "https://reports.example/twinning-gen/"
)

// worldChunk is how many activities Activities yields at a time.
const worldChunk = 10_000

// World is a generated world: its governments, agreements, events and sources in
// Dataset, and its activities, generated on demand by Activities.
type World struct {
	Dataset store.Dataset
	rngSeed uint64
	ags     []worldAgreement // parallel to Dataset.Agreements
}

// worldAgreement is what generating an agreement's activities needs.
type worldAgreement struct {
	a, b       int32 // indexes into Dataset.Governments
	count      int32 // activities
	start, end int16 // years its activities fall in
}

// NewWorld builds a world of scale × (worldGovernments, worldAgreements,
// worldActivities) from the seed's shape; the result depends only on scale and rngSeed
// (and on the embedded seed, which fixes countries and their weights):
//
//   - Governments are spread over the seed's countries in proportion to the seed's
//     governments per country. A country with enough governments gets regions, each
//     with a province government, plus metropolitan cities with districts and, for a
//     big country, a special city; the rest are municipalities and counties of a
//     province (a tenth of level unknown). Names are cut from the seed's names of the
//     same country ("Ham"+"burg"), slugs follow the portal's rule (name + country code,
//     the region inserted for the few deliberate ties), and none is a seed slug.
//     Positions are jittered around seed governments of the country.
//   - Agreements take their pair of countries from a random seed agreement (so partner
//     countries, and the seed's few domestic pairs, keep the seed's frequencies) and
//     their governments by a heavy-tailed attractiveness (provinces and big cities have
//     many partners, up to maxPartners; a sixth of the governments have none). Ids are
//     "slugA--slugB" ("-2" for a second agreement of a pair). Kinds, signed dates of
//     mixed precision, statuses and lifecycle events follow the shares in the code
//     below (a tenth of kinds, a fifth of signed dates unknown).
//   - Activities: most agreements have none (60% of active ones, more of unverified or
//     planned ones); the others get a log-normal number of activities a year (σ 1.7,
//     mean 2.5, at most 120) over the years they are active: from the signing (or
//     1997) to 2026-11-27, or earlier for ended agreements and the 30% that went quiet.
//     The counts are then rescaled to the exact total: the median active agreement
//     has about a dozen activities and the top 1% of agreements hold about 40% of
//     them. Dates are weighted towards recent years, with a dip in 2020–2021.
func NewWorld(base store.Dataset, scale float64, rngSeed uint64) *World {
	rng := rand.New(rand.NewPCG(rngSeed, 0x776f726c64)) // "world"
	w := &World{rngSeed: rngSeed}
	seedSlugs := make(map[string]bool, len(base.Governments))
	for _, g := range base.Governments {
		seedSlugs[g.Slug] = true
	}
	countries := worldCountries(base, scale)
	byCountry := map[string][]int32{} // country → indexes of its governments
	attract := map[string][]float64{} // country → cumulative attractiveness, parallel to byCountry
	for _, c := range countries {
		first := len(w.Dataset.Governments)
		w.Dataset.Governments = c.governments(w.Dataset.Governments, rng, seedSlugs)
		var cum float64
		for i := first; i < len(w.Dataset.Governments); i++ {
			cum += levelAttraction[w.Dataset.Governments[i].Level] * math.Pow(1-rng.Float64(), -1/2.0) // Pareto α 2
			byCountry[c.code] = append(byCountry[c.code], int32(i))
			attract[c.code] = append(attract[c.code], cum)
		}
	}
	for _, c := range countries {
		if c.n == 0 {
			continue
		}
		w.Dataset.Sources = append(w.Dataset.Sources, store.Source{URL: worldRegistryURL + strings.ToLower(c.code),
			Title: "Synthetic register of " + c.name + " (twinning gen -profile world)", Publisher: "twinning gen", Accessed: "2026-11-27"})
	}
	w.agreements(base, scale, rng, byCountry, attract)
	w.activityCounts(scale, rng)
	return w
}

// worldCountry is one country of the world and how many governments it gets.
type worldCountry struct {
	code, name string
	n          int
	names      namer
	anchors    [][2]float64 // positions of the seed's governments of the country
}

// worldCountries shares the world's governments among the seed's countries in
// proportion to the seed's governments per country (largest remainder, so the total
// is exact), in country-code order.
func worldCountries(base store.Dataset, scale float64) []worldCountry {
	count := map[string]int{}
	names := map[string][]string{}
	anchors := map[string][][2]float64{}
	for _, g := range base.Governments {
		count[g.Country]++
		names[g.Country] = append(names[g.Country], g.Name)
		if g.Lat != nil && g.Lon != nil {
			anchors[g.Country] = append(anchors[g.Country], [2]float64{*g.Lat, *g.Lon})
		}
	}
	codes := make([]string, 0, len(count))
	for c := range count {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	total := int(math.Round(worldGovernments * scale))
	out := make([]worldCountry, len(codes))
	type rem struct {
		i    int
		frac float64
	}
	rems := make([]rem, len(codes))
	given := 0
	for i, c := range codes {
		exact := float64(total) * float64(count[c]) / float64(len(base.Governments))
		out[i] = worldCountry{code: c, n: int(exact), names: newNamer(names[c]), anchors: anchors[c]}
		given += out[i].n
		rems[i] = rem{i, exact - math.Floor(exact)}
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.frac, a.frac) })
	for k := 0; given < total; k++ {
		out[rems[k%len(rems)].i].n++
		given++
	}
	for i, c := range seed.Countries(codes) {
		out[i].name = c.NameEN
	}
	return out
}

// levelAttraction multiplies a government's chance of being a party to an agreement.
var levelAttraction = map[string]float64{"province": 5, "special_city": 12, "metropolitan_city": 8,
	"municipality": 1, "county": 0.5, "district": 0.4, "": 0.8}

// governments appends the country's governments: provinces (one per region), a special
// city, metropolitan cities and their districts, then municipalities and counties.
func (c *worldCountry) governments(gs []store.Government, rng *rand.Rand, seedSlugs map[string]bool) []store.Government {
	cc := strings.ToLower(c.code)
	used := map[string]bool{} // slugs given in this country
	type named struct{ name, region string }
	var given []named // for deliberate ties
	add := func(name, level, region, parent string, near [2]float64, spread float64, hasPos bool) (int, [2]float64) {
		slug := slugPart(name) + "-" + cc
		// A few governments share a name with another one of the country in a
		// different region: the region breaks the tie ("springfield-illinois-us").
		if region != "" && len(given) > 0 && (level == "municipality" || level == "county") && rng.Float64() < 0.015 {
			o := given[rng.IntN(len(given))]
			if tie := slugPart(o.name) + "-" + slugPart(region) + "-" + cc; o.region != region && !used[tie] && !seedSlugs[tie] {
				name, slug = o.name, tie
			}
		}
		for try := 0; used[slug] || seedSlugs[slug]; try++ {
			name = c.names.name(rng, try)
			name = levelName(name, level, c.code)
			slug = slugPart(name) + "-" + cc
		}
		used[slug] = true
		given = append(given, named{name, region})
		g := store.Government{Slug: slug, Name: name, Level: level, Country: c.code, Region: region, Parent: parent,
			Sources: []string{worldRegistryURL + cc}}
		pos := near
		if hasPos {
			pos = [2]float64{
				math.Max(-90, math.Min(90, near[0]+(rng.Float64()-0.5)*2*spread)),
				math.Max(-180, math.Min(180, near[1]+(rng.Float64()-0.5)*2*spread)),
			}
			if rng.Float64() > 0.03 {
				lat, lon := math.Round(pos[0]*1e4)/1e4, math.Round(pos[1]*1e4)/1e4
				g.Lat, g.Lon = &lat, &lon
			}
		}
		if rng.Float64() < 0.15 {
			g.Website = "https://www." + slug + ".example/"
		}
		gs = append(gs, g)
		return len(gs) - 1, pos
	}
	anchor := func() ([2]float64, bool) {
		if len(c.anchors) == 0 {
			return [2]float64{}, false
		}
		return c.anchors[rng.IntN(len(c.anchors))], true
	}
	newName := func(level string) string { return levelName(c.names.name(rng, 0), level, c.code) }

	n := c.n
	if n < 4 { // too small for regions: a few cities
		for range n {
			level := "municipality"
			if rng.Float64() < 0.2 {
				level = ""
			}
			p, ok := anchor()
			add(newName(level), level, "", "", p, 0.3, ok)
		}
		return gs
	}
	regions := max(1, min(30, int(math.Round(math.Sqrt(float64(n))/3))))
	special := 0
	if n >= 200 {
		special = 1
	}
	metros := 0
	if n >= 60 {
		metros = int(math.Round(float64(regions) / 5))
	}
	districts := 0
	if special+metros > 0 {
		districts = int(math.Round(0.12 * float64(n)))
	}
	type region struct {
		name, slug string
		pos        [2]float64
	}
	hasPos := len(c.anchors) > 0
	var provinces []region
	for range regions {
		p, _ := anchor()
		name := newName("province")
		i, pos := add(name, "province", "", "", p, 0.2, hasPos)
		gs[i].Region = gs[i].Name
		provinces = append(provinces, region{gs[i].Name, gs[i].Slug, pos})
	}
	var cities []region
	for k := range special + metros {
		level := "metropolitan_city"
		if k < special {
			level = "special_city"
		}
		p, _ := anchor()
		i, pos := add(newName(level), level, "", "", p, 0.2, hasPos)
		gs[i].Region = gs[i].Name
		cities = append(cities, region{gs[i].Name, gs[i].Slug, pos})
	}
	for k := range districts {
		city := cities[k%len(cities)]
		if k >= len(cities) && rng.Float64() < 0.5 && special > 0 {
			city = cities[0] // the capital has the most districts
		}
		add(newName("district"), "district", city.name, city.slug, city.pos, 0.15, hasPos)
	}
	for range n - regions - special - metros - districts {
		// Regions are of uneven size: the first ones are the most populous.
		prov := provinces[min(len(provinces)-1, int(float64(len(provinces))*math.Pow(rng.Float64(), 1.5)))]
		level, parent, regionName := "municipality", prov.slug, prov.name
		switch u := rng.Float64(); {
		case u < 0.10:
			level, parent = "", ""
			if rng.Float64() < 0.5 {
				regionName = ""
			}
		case u < 0.32:
			level = "county"
		}
		if level != "" && rng.Float64() < 0.1 {
			parent = "" // the parent is not always recorded
		}
		add(newName(level), level, regionName, parent, prov.pos, 0.5, hasPos)
	}
	return gs
}

// levelName adds the word some countries put in a county's or district's name.
func levelName(name, level, country string) string {
	switch {
	case level == "county" && slices.Contains([]string{"US", "GB", "IE", "CA", "KE", "LR"}, country):
		return name + " County"
	case level == "county" && country == "KR":
		return name + "-gun"
	case level == "district" && country == "KR":
		return name + "-gu"
	}
	return name
}

// slugPart is a generated name's part of a slug: names are ASCII letters, spaces and
// hyphens, so lower case with hyphens between the words.
func slugPart(name string) string {
	return strings.ToLower(strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }), "-"))
}

// namer makes place names that sound like a country's: a head and a tail cut from two
// of the seed's names of that country, or generic syllables where it has few.
type namer struct{ heads, tails []string }

func newNamer(names []string) namer {
	var n namer
	for _, name := range names {
		for _, word := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }) {
			if len(word) < 5 || strings.IndexFunc(word, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) >= 0 {
				continue
			}
			word = strings.ToLower(word)
			k := strings.IndexAny(word, "aeiouy") // cut after the first vowels and a consonant
			for k >= 0 && k < len(word) && strings.IndexByte("aeiouy", word[k]) >= 0 {
				k++
			}
			k++
			if k < 2 || k > len(word)-2 {
				continue
			}
			n.heads = append(n.heads, strings.ToUpper(word[:1])+word[1:k])
			n.tails = append(n.tails, word[k:])
		}
	}
	slices.Sort(n.heads)
	n.heads = slices.Compact(n.heads)
	slices.Sort(n.tails)
	n.tails = slices.Compact(n.tails)
	return n
}

var (
	onsets = []string{"b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "ch", "sh", "gr", "kl"}
	vowels = []string{"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea"}
	codas  = []string{"", "", "", "n", "r", "l", "s", "m", "rg", "nd", "ck"}
)

func syllables(rng *rand.Rand, k int) string {
	var b strings.Builder
	for range k {
		b.WriteString(onsets[rng.IntN(len(onsets))])
		b.WriteString(vowels[rng.IntN(len(vowels))])
	}
	b.WriteString(codas[rng.IntN(len(codas))])
	return b.String()
}

// name returns a new name; after a few tries (the name was taken) it grows longer.
func (n namer) name(rng *rand.Rand, try int) string {
	var s string
	if len(n.heads) >= 8 && len(n.tails) >= 8 && rng.Float64() < 0.85 {
		s = n.heads[rng.IntN(len(n.heads))] + n.tails[rng.IntN(len(n.tails))]
	} else {
		s = syllables(rng, 2+rng.IntN(2))
	}
	if try >= 3 {
		s += syllables(rng, 1+try/10)
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// maxPartners bounds a government's agreements (the seed's most twinned, Bethlehem,
// has 72) where the draw can go elsewhere.
const maxPartners = 120

// agreements adds the world's agreements and their lifecycle events.
func (w *World) agreements(base store.Dataset, scale float64, rng *rand.Rand, byCountry map[string][]int32, attract map[string][]float64) {
	govs := w.Dataset.Governments
	seedCountry := make(map[string]string, len(base.Governments))
	for _, g := range base.Governments {
		seedCountry[g.Slug] = g.Country
	}
	var codes []string // countries with governments, for the fallback
	for c, l := range byCountry {
		if len(l) > 0 {
			codes = append(codes, c)
		}
	}
	slices.Sort(codes)
	pickIn := func(c string) int32 {
		cum := attract[c]
		i, _ := slices.BinarySearch(cum, rng.Float64()*cum[len(cum)-1])
		return byCountry[c][min(i, len(cum)-1)]
	}
	pairs := map[[2]int32]int{} // unordered pair → agreements so far
	degree := make([]int, len(govs))
	n := int(math.Round(worldAgreements * scale))
	for range n {
		var a, b int32
		for try := 0; ; try++ {
			var ca, cb string
			if try < 20 {
				s := base.Agreements[rng.IntN(len(base.Agreements))]
				ca, cb = seedCountry[s.GovernmentA], seedCountry[s.GovernmentB]
				if len(byCountry[ca]) == 0 || len(byCountry[cb]) == 0 || (ca == cb && len(byCountry[ca]) < 2) {
					continue // the country is too small at this scale
				}
			} else if len(codes) > 1 {
				ca, cb = codes[rng.IntN(len(codes))], codes[rng.IntN(len(codes))]
				if ca == cb {
					continue
				}
			} else {
				ca, cb = codes[0], codes[0]
			}
			a, b = pickIn(ca), pickIn(cb)
			if a == b || (degree[a] >= maxPartners || degree[b] >= maxPartners) && try < 60 {
				continue
			}
			key := [2]int32{min(a, b), max(a, b)}
			// A pair is signed again only rarely (after an earlier agreement lapsed).
			if pairs[key] == 0 || try >= 40 || rng.Float64() < 0.01 {
				pairs[key]++
				break
			}
		}
		degree[a]++
		degree[b]++
		key := [2]int32{min(a, b), max(a, b)}
		id := govs[a].Slug + "--" + govs[b].Slug
		if k := pairs[key]; k > 1 {
			id += "-" + strconv.Itoa(k)
		}
		ag := w.agreement(id, govs[a], govs[b], rng)
		w.Dataset.Agreements = append(w.Dataset.Agreements, ag)
		w.ags = append(w.ags, worldAgreement{a: a, b: b})
	}
}

var (
	worldKinds    = weighted[string]{{"sister", 45}, {"friendship", 43}, {"unknown", 12}}
	worldStatuses = weighted[string]{{"active", 80}, {"ended", 7}, {"planned", 3}, {"unverified", 10}}
	worldNotes    = []string{
		"Renewed at the anniversary of the first exchange.",
		"Signed during a visit of the mayor.",
		"The agreement was preceded by years of school exchanges.",
		"Partnership confirmed by both councils.",
	}
)

// agreement makes one agreement and appends its lifecycle events.
func (w *World) agreement(id string, ga, gb store.Government, rng *rand.Rand) store.Agreement {
	ag := store.Agreement{ID: id, GovernmentA: ga.Slug, GovernmentB: gb.Slug, Kind: worldKinds.pick(rng),
		Status: worldStatuses.pick(rng), Sources: []string{worldRegistryURL + strings.ToLower(ga.Country)}}
	if rng.Float64() < 0.03 {
		ag.Note = worldNotes[rng.IntN(len(worldNotes))]
	}
	event := func(date, kind string) {
		w.Dataset.Events = append(w.Dataset.Events, store.Event{Agreement: id, Date: date, Event: kind, Sources: ag.Sources})
	}
	known := 0.9
	switch {
	case ag.Status == "planned":
		known = 0
	case ag.Kind == "unknown":
		known = 0.4
	case ag.Status == "unverified":
		known = 0.5
	}
	signedYear := 0
	if rng.Float64() < known {
		signedYear = signedYears.pick(rng)
		ag.Signed = worldDate(rng, signedYear, weighted[int]{{10, 72}, {7, 12}, {4, 16}}.pick(rng))
	}
	if ag.Signed != "" {
		switch {
		case ag.Kind == "sister" && signedYear < worldLastYear-2 && rng.Float64() < 0.22:
			event(ag.Signed, "friendship_signed")
			event(worldDate(rng, signedYear+2+rng.IntN(min(9, worldLastYear-signedYear-1)), 10), "upgraded_to_sister")
		case ag.Kind == "sister":
			event(ag.Signed, "sister_signed")
		case ag.Kind == "friendship":
			event(ag.Signed, "friendship_signed")
		}
	}
	switch ag.Status {
	case "planned":
		if rng.Float64() < 0.8 {
			event(worldDate(rng, 2023+rng.IntN(4), 10), "proposed")
		}
	case "active":
		if signedYear != 0 && signedYear <= 2016 && rng.Float64() < 0.06 {
			event(worldDate(rng, signedYear+10, 10), "renewed")
		}
	case "ended":
		from := max(signedYear+1, 1990)
		if from <= worldLastYear && rng.Float64() < 0.85 {
			y := from + rng.IntN(worldLastYear-from+1)
			ag.Ended = worldDate(rng, y, weighted[int]{{10, 40}, {7, 20}, {4, 40}}.pick(rng))
			if rng.Float64() < 0.2 && y-1 >= from {
				event(strconv.Itoa(y-1), "suspended")
			}
			event(ag.Ended, "ended")
		}
	}
	return ag
}

// signedYears weighs the years agreements were signed: few before the 1970s, most
// between 1990 and 2015.
var signedYears = func() weighted[int] {
	var ws weighted[int]
	for y := 1950; y <= worldLastYear; y++ {
		ws = append(ws, choice[int]{y, math.Exp(-math.Pow(float64(y-2002)/14, 2))})
	}
	return ws
}()

// activityCounts draws each agreement's number of activities and the years they fall
// in, then rescales the counts so that they add up to the world's total exactly.
func (w *World) activityCounts(scale float64, rng *rand.Rand) {
	// Activities a year: log-normal with a mean of 2.5 (median 0.6), at most maxRate.
	const sigma, maxRate = 1.7, 120
	mu := math.Log(2.5) - sigma*sigma/2
	raw := make([]float64, len(w.ags))
	var total float64
	for i, ag := range w.Dataset.Agreements {
		// The years its activities fall in: from the signing (or an unknown year) on,
		// to the end, or earlier for one that went quiet.
		start := store.Year(ag.Signed)
		if start == 0 {
			start = 1990 + rng.IntN(23)
		}
		start = max(start, worldFirstYear)
		end := worldLastYear
		switch ag.Status {
		case "planned":
			start = max(start, 2022)
		case "ended":
			if y := store.Year(ag.Ended); y != 0 {
				end = y
			} else {
				end = start + rng.IntN(16)
			}
		default:
			if rng.Float64() < 0.3 {
				end = start + rng.IntN(worldLastYear-min(start, worldLastYear)+1)
			}
		}
		end = min(end, worldLastYear)
		w.ags[i].start, w.ags[i].end = int16(start), int16(end)
		zero := map[string]float64{"active": 0.60, "unverified": 0.72, "planned": 0.92, "ended": 0.40}[ag.Status]
		if rng.Float64() >= zero && end >= start { // none for one that ended before 1997
			rate := math.Inf(1)
			for rate > maxRate {
				rate = math.Exp(mu + sigma*rng.NormFloat64())
			}
			raw[i] = math.Ceil(rate * float64(end-start+1))
			total += raw[i]
		}
	}
	target := math.Round(worldActivities * scale)
	if total == 0 {
		return
	}
	f, cum, prev := target/total, 0.0, 0.0
	for i, r := range raw {
		cum += r
		next := math.Floor(cum*f + 1e-9)
		if i == len(raw)-1 {
			next = target
		}
		w.ags[i].count = int32(next - prev)
		prev = next
	}
}

// activityYears weighs the years of activities: growing exchanges, the pandemic's dip,
// and 2026 reported until seed.AsOf.
var activityYears = func() [worldLastYear + 1]float64 {
	var ws [worldLastYear + 1]float64
	for y := worldFirstYear; y <= worldLastYear; y++ {
		ws[y] = 1 + float64(y-worldFirstYear)*0.08
	}
	ws[2020] *= 0.3
	ws[2021] *= 0.5
	ws[2022] *= 0.8
	ws[worldLastYear] *= 331.0 / 365
	return ws
}()

// activityPrecisions are the shares of day, month, year and unknown dates.
var activityPrecisions = weighted[int]{{10, 84}, {7, 9}, {4, 4}, {0, 3}}

var worldCategories = weighted[string]{
	{"administrative", 28}, {"youth_education", 16}, {"culture_arts", 11}, {"ceremony", 9},
	{"people_exchange", 8}, {"economy_trade", 7}, {"sports", 5}, {"civil_society", 4}, {"tourism", 3},
	{"policy_technical", 2.5}, {"health_humanitarian", 1.5}, {"other", 2}, {"", 3},
}

// Activities yields the world's activities, agreement by agreement in file order and
// by date within an agreement, worldChunk at a time. The slice is reused: a caller
// that keeps activities must copy them. Every call yields the same activities.
func (w *World) Activities() iter.Seq[[]store.Activity] {
	return func(yield func([]store.Activity) bool) {
		rng := rand.New(rand.NewPCG(w.rngSeed, 0x6163746976)) // "activ"
		// Costs draw from their own stream, so that adding them left every other
		// generated value as it was.
		costRng := rand.New(rand.NewPCG(w.rngSeed, 0x636f7374)) // "cost"
		govs := w.Dataset.Governments
		buf := make([]store.Activity, 0, worldChunk)
		next := 1
		for i, wa := range w.ags {
			if wa.count == 0 {
				continue
			}
			ag := w.Dataset.Agreements[i]
			ga, gb := govs[wa.a], govs[wa.b]
			tilt := (rng.Float64() - 0.5) * 0.3
			fromShares := weighted[int]{{0, 0.36 + tilt}, {1, 0.29 - tilt}, {2, 0.07}, {3, 0.28}}
			favourite := worldCategories.pick(rng)
			if rng.Float64() < 0.5 {
				favourite = "-" // none
			}
			var years weighted[int]
			for y := wa.start; y <= wa.end; y++ {
				years = append(years, choice[int]{int(y), activityYears[y]})
			}
			first := len(buf)
			for range wa.count {
				act := store.Activity{Agreement: ag.ID}
				y := years.pick(rng)
				prec := activityPrecisions.pick(rng)
				act.Date = worldDate(rng, y, prec)
				if prec == 10 && rng.Float64() < 0.22 {
					act.DateEnd = addDays(act.Date, 1+rng.IntN(9))
				}
				act.Category = worldCategories.pick(rng)
				if favourite != "-" && rng.Float64() < 0.35 {
					act.Category = favourite
				}
				from, to := ga, gb
				switch fromShares.pick(rng) {
				case 0:
					act.From = ga.Slug
				case 1:
					act.From, from, to = gb.Slug, gb, ga
				case 2:
					act.From = "joint"
				}
				act.Title = activityTitle(rng, act.Category, act.From != "" && act.From != "joint", from, to, ga.Country == "KR")
				if rng.Float64() < 0.08 {
					act.Description = "Synthetic record: " + act.Title + ", under the agreement between " + ga.Name + " and " + gb.Name + "."
				}
				act.Participants = participants(rng, act.Category)
				worldCost(costRng, &act, ga, gb)
				year := ""
				if act.Date != "" {
					year = "/" + act.Date[:4]
				}
				act.Sources = []string{worldReportURL + ga.Slug + year}
				buf = append(buf, act)
			}
			seg := buf[first:]
			slices.SortStableFunc(seg, func(x, y store.Activity) int {
				if (x.Date == "") != (y.Date == "") {
					return cmp.Compare(len(y.Date), len(x.Date)) // unknown dates last
				}
				return strings.Compare(x.Date, y.Date)
			})
			for k := range seg {
				seg[k].ID = "w-" + strconv.Itoa(next)
				next++
			}
			if len(buf) >= worldChunk {
				if !yield(buf) {
					return
				}
				buf = buf[:0]
			}
		}
		if len(buf) > 0 {
			yield(buf)
		}
	}
}

// Titles per category: directed ones name who travelled or gave (%[1]s) and the other
// side (%[2]s); the others are used when the direction is joint or unknown.
var (
	directedTitles = map[string][]string{
		"administrative":      {"Official delegation from %[1]s visits %[2]s", "Mayor of %[1]s visits %[2]s", "Working visit of %[1]s officials to %[2]s"},
		"people_exchange":     {"Civil servant from %[1]s begins a training stay in %[2]s", "Staff of %[1]s seconded to %[2]s"},
		"youth_education":     {"Students from %[1]s visit %[2]s", "Youth camp: %[1]s pupils in %[2]s", "Teachers from %[1]s visit schools in %[2]s"},
		"culture_arts":        {"%[1]s arts troupe performs in %[2]s", "Exhibition of %[1]s artists in %[2]s", "%[1]s choir at the %[2]s festival"},
		"sports":              {"%[1]s athletes compete in %[2]s", "Football team of %[1]s plays in %[2]s"},
		"economy_trade":       {"Trade mission from %[1]s to %[2]s", "Business delegation of %[1]s at a fair in %[2]s"},
		"tourism":             {"%[1]s promotes tourism in %[2]s", "Travel agents from %[1]s tour %[2]s"},
		"health_humanitarian": {"%[1]s donates relief supplies to %[2]s", "Medical volunteers from %[1]s work in %[2]s"},
		"policy_technical":    {"%[1]s experts advise %[2]s on water management", "%[1]s shares smart city know-how with %[2]s"},
		"civil_society":       {"Citizens' association of %[1]s visits %[2]s", "Volunteers from %[1]s in %[2]s"},
		"ceremony":            {"%[1]s delegation at the anniversary ceremony in %[2]s", "%[1]s hosts the signing ceremony with %[2]s"},
		"other":               {"Exchange visit from %[1]s to %[2]s"},
		"":                    {"Visit from %[1]s to %[2]s"},
	}
	jointTitles = map[string][]string{
		"administrative":      {"Joint council meeting of %[1]s and %[2]s", "Video conference of the mayors of %[1]s and %[2]s"},
		"people_exchange":     {"Staff exchange between %[1]s and %[2]s"},
		"youth_education":     {"Online classes shared by schools of %[1]s and %[2]s", "Youth exchange %[1]s–%[2]s"},
		"culture_arts":        {"Joint concert of %[1]s and %[2]s", "Cultural week %[1]s–%[2]s"},
		"sports":              {"Friendship match %[1]s–%[2]s"},
		"economy_trade":       {"Business forum %[1]s–%[2]s"},
		"tourism":             {"Joint tourism campaign of %[1]s and %[2]s"},
		"health_humanitarian": {"Joint relief campaign of %[1]s and %[2]s"},
		"policy_technical":    {"Joint research project of %[1]s and %[2]s", "Workshop on urban policy, %[1]s and %[2]s"},
		"civil_society":       {"Citizens' exchange %[1]s–%[2]s"},
		"ceremony":            {"Anniversary of the partnership of %[1]s and %[2]s", "Agreement ceremony, %[1]s and %[2]s"},
		"other":               {"Exchange %[1]s–%[2]s"},
		"":                    {"Exchange %[1]s–%[2]s"},
	}
	// Korean reporters write in Korean, as Dangjin's record does.
	koreanTitles = []string{"%[1]s 대표단 %[2]s 방문", "%[1]s·%[2]s 교류 행사", "%[1]s 청소년 %[2]s 방문", "%[2]s 자매도시 교류"}
)

func activityTitle(rng *rand.Rand, category string, directed bool, from, to store.Government, korean bool) string {
	if korean && rng.Float64() < 0.6 {
		return fmt.Sprintf(koreanTitles[rng.IntN(len(koreanTitles))], from.Name, to.Name)
	}
	ts := jointTitles[category]
	if directed {
		ts = directedTitles[category]
	}
	return fmt.Sprintf(ts[rng.IntN(len(ts))], from.Name, to.Name)
}

func participants(rng *rand.Rand, category string) string {
	if rng.Float64() < 0.4 {
		return ""
	}
	n := int(math.Round(math.Exp(2.7 + 0.9*rng.NormFloat64())))
	n = max(1, min(n, 5000))
	if rng.Float64() < 0.85 {
		return strconv.Itoa(n)
	}
	switch category {
	case "youth_education":
		return strconv.Itoa(n) + " students"
	case "sports":
		return strconv.Itoa(n) + " athletes"
	}
	return strconv.Itoa(n) + "+ delegates"
}

// worldDate is a random date in year y of the given length (10 day, 7 month, 4 year,
// 0 unknown), never after the seed's retrieval date.
func worldDate(rng *rand.Rand, y, length int) string {
	if length == 0 {
		return ""
	}
	y = min(y, worldLastYear)
	days := 365
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 366
	}
	if y == worldLastYear {
		days = 331 // to 27 November
	}
	m, d := monthDay(y, rng.IntN(days))
	b := make([]byte, 0, 10)
	b = appendInt(b, y, 4)
	if length >= 7 {
		b = appendInt(append(b, '-'), m, 2)
	}
	if length == 10 {
		b = appendInt(append(b, '-'), d, 2)
	}
	return string(b)
}

var monthDays = [12]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// monthDay converts a 0-based day of year y to month and day.
func monthDay(y, yday int) (int, int) {
	for m := range 12 {
		n := monthDays[m]
		if m == 1 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			n = 29
		}
		if yday < n {
			return m + 1, yday + 1
		}
		yday -= n
	}
	return 12, 31
}

// addDays adds n days to a YYYY-MM-DD date, never past the seed's retrieval date.
func addDays(date string, n int) string {
	y, _ := strconv.Atoi(date[:4])
	m, _ := strconv.Atoi(date[5:7])
	d, _ := strconv.Atoi(date[8:10])
	for range n {
		last := monthDays[m-1]
		if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			last = 29
		}
		if d++; d > last {
			d, m = 1, m+1
			if m > 12 {
				m, y = 1, y+1
			}
		}
		if y > worldLastYear || y == worldLastYear && (m > worldLastMonth || m == worldLastMonth && d > worldLastDay) {
			return fmt.Sprintf("%04d-%02d-%02d", worldLastYear, worldLastMonth, worldLastDay)
		}
	}
	b := appendInt(make([]byte, 0, 10), y, 4)
	b = appendInt(append(b, '-'), m, 2)
	return string(appendInt(append(b, '-'), d, 2))
}

func appendInt(b []byte, v, width int) []byte {
	s := strconv.Itoa(v)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}

// weighted is a list of choices with relative weights.
type weighted[T any] []choice[T]

type choice[T any] struct {
	v T
	w float64
}

func (ws weighted[T]) pick(rng *rand.Rand) T {
	var sum float64
	for _, c := range ws {
		sum += c.w
	}
	u := rng.Float64() * sum
	for _, c := range ws {
		if u < c.w {
			return c.v
		}
		u -= c.w
	}
	return ws[len(ws)-1].v
}

// worldCost gives about one activity in six a cost, as a reporting government would:
// in the payer's currency (the side that travelled or gave, else either party, a
// tenth of them shared), 100 to 200,000 units of account, a few with outputs; one in
// twenty names the payer without an amount.
func worldCost(rng *rand.Rand, act *store.Activity, ga, gb store.Government) {
	r := rng.Float64()
	switch {
	case r < 0.05:
		act.PaidBy = []string{ga.Slug, gb.Slug}[rng.IntN(2)]
		return
	case r > 0.22:
		return
	}
	payer := ga
	switch {
	case act.From == gb.Slug, act.From != ga.Slug && rng.IntN(2) == 1:
		payer = gb
	}
	act.PaidBy = payer.Slug
	if rng.Float64() < 0.1 {
		act.PaidBy = store.PaidShared
	}
	code := "USD"
	if region, err := language.ParseRegion(payer.Country); err == nil {
		if u, ok := currency.FromRegion(region); ok {
			code = u.String()
		}
	}
	scale, err := store.CurrencyScale(code)
	if err != nil {
		code, scale = "USD", 2
	}
	units := math.Exp(math.Log(100) + rng.Float64()*math.Log(2000)) // 100 to 200,000, most near the low end
	if scale == 0 {
		units *= 1000 // currencies without decimals count in small units (KRW, JPY, VND)
	}
	act.CostAmount = strconv.FormatInt(int64(units), 10)
	if scale > 0 {
		act.CostAmount += "." + strings.Repeat("0", scale)
	}
	act.CostCurrency = code
	if rng.Float64() < 0.3 {
		act.Outputs = "Synthetic outputs: a report to council and a follow-up visit planned."
	}
}
