package main

import (
	"net/url"
)

// accessed is the retrieval date of all inputs (shared/data/PROVENANCE.md).
const accessed = "2026-11-27"

type source struct{ URL, Title, Publisher, Accessed string }

// publishers by host, as PROVENANCE.md names them; other hosts are shown as is.
var publishers = map[string]string{
	"m.koreatimes.com":             "Korea Times",
	"economic.alberta.ca":          "Government of Alberta",
	"www.burnaby.ca":               "City of Burnaby",
	"www.asiapacific.ca":           "Asia Pacific Foundation of Canada",
	"www.newsis.com":               "Newsis",
	"m.dailian.co.kr":              "Dailian",
	"vanchosun.com":                "Vancouver Chosun",
	"go.seoul.co.kr":               "Seoul Shinmun",
	"english.gg.go.kr":             "Gyeonggi Province",
	"kgnews.co.kr":                 "Kyeonggi Sinmun",
	"quintenews.com":               "Quinte News",
	"www.intelligencer.ca":         "The Intelligencer (Belleville)",
	"gunsanews.com":                "Gunsan Sinmun",
	"online.flippingbook.com":      "EAP \"Vision\" (Clarence-Rockland), on FlippingBook",
	"www.international.gouv.qc.ca": "Government of Quebec, office in Seoul",
	"opengov.seoul.go.kr":          "Seoul Metropolitan Government (open-government portal)",
}

// datasets are the files cited directly, with a descriptive title.
var datasets = map[string]source{
	wikiURL: {Title: "List of twin towns and sister cities (English Wikipedia), scraped and geocoded: twin_cities.csv",
		Publisher: "Wikipedia contributors (via Hekman/twincities)"},
	pnadelURL: {Title: "Twin towns and sister cities scraped from English Wikipedia: sister_cities.csv",
		Publisher: "Wikipedia contributors (via pnadelofficial/sis-cities)"},
	l3vURL: {Title: "Wikidata 'twinned administrative body' (P190) relations, crawl of Sept 2016: relations.tsv",
		Publisher: "Wikidata contributors (via L3viathan/sister-cities)"},
}

// buildSources describes every distinct URL the output cites. Titles say
// only what is known: the dataset's name, or which records cite the page.
func buildSources(out *output, djTitles map[string]string) []source {
	citedBy := map[string][]string{}
	cite := func(urls []string, what string) {
		for _, u := range urls {
			citedBy[u] = addUnique(citedBy[u], what)
		}
	}
	for _, g := range out.govs {
		for _, u := range g.Sources {
			if _, ok := citedBy[u]; !ok {
				citedBy[u] = nil
			}
		}
	}
	for _, id := range sortedKeys(out.ags) {
		cite(out.ags[id].Sources, id)
	}
	for _, e := range out.events {
		cite(e.Sources, e.Agreement)
	}
	for _, a := range out.acts {
		cite(a.Sources, a.Agreement)
	}
	var list []source
	for _, u := range sortedKeys(citedBy) {
		s, ok := datasets[u]
		switch {
		case ok:
		case djTitles[u] != "":
			s = source{Title: djTitles[u], Publisher: "City of Dangjin website (via min3076/dangjin2023)"}
		default:
			// The page's own title was not recorded; leave it empty (pages then show
			// the URL) rather than make one up.
			s.Publisher = publisherOf(u)
		}
		s.URL, s.Accessed = u, accessed
		list = append(list, s)
	}
	return list
}

func publisherOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	if name, ok := publishers[p.Host]; ok {
		return name
	}
	return p.Host
}
