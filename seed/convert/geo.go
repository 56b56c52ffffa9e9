package main

import (
	"math"
	"sort"
	"strconv"
)

// fixHomonymCoords blanks coordinates the geocoder gave to the wrong
// homonym. twin_cities.csv geocoded by name, so "Anyang" has the same
// coordinates in China and in Korea, "Bergen" in Norway and in Germany.
// When one (name, coordinates) appears in several countries, the coordinates
// stay only with the country that has an (unambiguous) place nearest to
// them; the others become unknown. Nearest place rather than a country's
// centre, so border towns (Essen: Germany, not Belgium) come out right; when
// two countries are about as near (within 25 km: Ungheni on the Moldova–
// Romania border), the one that lists the name more often keeps them.
func (b *builder) fixHomonymCoords() {
	type key struct{ name, lat, lon string }
	countries := map[key]map[string]int{} // country → mentions
	for _, m := range b.mentions {
		if m.lat == "" || m.derived {
			continue
		}
		k := key{m.rawName, m.lat, m.lon}
		if countries[k] == nil {
			countries[k] = map[string]int{}
		}
		countries[k][m.cc]++
	}

	// Positions of each country's unambiguous places.
	lats, lons := map[string][]float64{}, map[string][]float64{}
	for k, ccs := range countries {
		if len(ccs) != 1 {
			continue
		}
		la, err1 := strconv.ParseFloat(k.lat, 64)
		lo, err2 := strconv.ParseFloat(k.lon, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		for cc := range ccs {
			lats[cc] = append(lats[cc], la)
			lons[cc] = append(lons[cc], lo)
		}
	}

	keep := map[key]string{} // ambiguous key → the country that keeps it
	for k, ccs := range countries {
		if len(ccs) < 2 {
			continue
		}
		la, _ := strconv.ParseFloat(k.lat, 64)
		lo, _ := strconv.ParseFloat(k.lon, 64)
		nearest, minD := map[string]float64{}, math.Inf(1)
		for cc := range ccs {
			nearest[cc] = math.Inf(1)
			for i := range lats[cc] {
				nearest[cc] = min(nearest[cc], distanceKm(la, lo, lats[cc][i], lons[cc][i]))
			}
			minD = min(minD, nearest[cc])
		}
		best := ""
		for _, cc := range sortedKeys(ccs) {
			if nearest[cc] > minD+25 || math.IsInf(nearest[cc], 1) {
				continue
			}
			if best == "" || ccs[cc] > ccs[best] || ccs[cc] == ccs[best] && nearest[cc] < nearest[best] {
				best = cc
			}
		}
		keep[k] = best
	}
	for i := range b.mentions {
		m := &b.mentions[i]
		if best, ok := keep[key{m.rawName, m.lat, m.lon}]; ok && !m.derived && m.cc != best {
			b.rep.blankedCoords[m.rawName+" ("+m.cc+"; coordinates kept for "+best+")"] = true
			m.lat, m.lon = "", ""
		}
	}
}

// distanceKm is the great-circle distance.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
