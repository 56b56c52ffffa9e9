package views

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
)

// GovName is a government's name in the page's language: the French name in French
// where one is recorded; in Korean, a Korean government's own name or another's
// Korean name where one is recorded; otherwise the English or romanised name.
func (l *Loc) GovName(g Gov) string {
	switch {
	case l.Lang == French && g.NameFR != "":
		return g.NameFR
	case l.Lang == Korean && g.NameLocal != "" && g.Country == "KR":
		return g.NameLocal
	case l.Lang == Korean && g.NameKO != "":
		return g.NameKO
	}
	return g.Name
}

// GovAltName is the other name shown beside the main one (the own-script name, or
// the romanised one where the own-script name leads), or "".
func (l *Loc) GovAltName(g Gov) string {
	main := l.GovName(g)
	switch {
	case g.NameLocal != "" && g.NameLocal != main:
		return g.NameLocal
	case g.Name != main:
		return g.Name
	}
	return ""
}

// RegionName is a region in the page's language (places/regions.csv), as recorded
// where the file has no name for it, or "unknown region". The recorded name stays
// the region's key in URLs, filters and twins.
func (l *Loc) RegionName(r string) string {
	if r == "" {
		return l.T("region.unknown")
	}
	if names, ok := regionNames[r]; ok {
		if s := names[l.Lang]; s != "" {
			return s
		}
	}
	return r
}

//go:embed places/regions.csv
var regionsCSV []byte

// regionNames are the regions' names by language, keyed by the region as the
// records hold it (the names are unique across the countries the file covers).
var regionNames = loadRegionNames()

func loadRegionNames() map[string]map[Lang]string {
	rows, err := csv.NewReader(bytes.NewReader(regionsCSV)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic(fmt.Sprintf("places/regions.csv: %v", err))
	}
	out := map[string]map[Lang]string{}
	for _, r := range rows[1:] { // country, region, en, fr, ko, source_url
		if _, dup := out[r[1]]; dup {
			panic(fmt.Sprintf("places/regions.csv: region %q twice", r[1]))
		}
		out[r[1]] = map[Lang]string{English: r[2], French: r[3], Korean: r[4]}
	}
	return out
}
