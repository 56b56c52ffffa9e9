package main

import (
	"github.com/twinningtracker/twinning/seed/slug"

	"fmt"
	"strings"
)

const (
	kcPairsFile      = "derived/korea_canada_twinning.csv"
	kcActivitiesFile = "derived/korea_canada_activities.csv"
	// Other Wikipedia/Wikidata-derived lists the compilation checked pairs
	// against (PROVENANCE.md); cited only when a pair has no other source.
	pnadelURL = "https://github.com/pnadelofficial/sis-cities/blob/7143b569c2adc2eaaf5b09ee111dfccd64606b1c/sister_cities.csv"
	l3vURL    = "https://github.com/L3viathan/sister-cities/blob/d3028c22c7e47f18947eb39a41c13e4f2751342e/relations.tsv"
)

var caProvinces = map[string]struct{ name, nameFr string }{
	"AB": {"Alberta", ""},
	"BC": {"British Columbia", "Colombie-Britannique"},
	"ON": {"Ontario", ""},
	"QC": {"Quebec", "Québec"},
	"NB": {"New Brunswick", "Nouveau-Brunswick"},
	"MB": {"Manitoba", ""},
}

// krUppers are the Korean upper-level governments, under the names the
// derived data uses. Jeonbuk: 전라북도, the form in force at the data's
// Dec-2019 as-of date, as 강원도 is for Gangwon (both renamed since).
var krUppers = map[string]struct{ ko, level string }{
	"Gyeonggi":          {"경기도", "province"},
	"Gangwon":           {"강원도", "province"},
	"Jeonbuk":           {"전라북도", "province"},
	"Chungbuk":          {"충청북도", "province"},
	"Gyeongnam":         {"경상남도", "province"},
	"South Chungcheong": {"충청남도", "province"},
	"Seoul":             {"서울특별시", "special_city"},
	"Incheon":           {"인천광역시", "metropolitan_city"},
	"Daejeon":           {"대전광역시", "metropolitan_city"},
	"Busan":             {"부산광역시", "metropolitan_city"},
}

var krLevels = map[string]string{
	"si": "municipality", "gun": "county", "gu": "district",
	"metropolitan city": "metropolitan_city", "special city": "special_city",
	"province": "province",
}

// wikiFixes corrects Wikipedia rows the Canada–Korea compilation identifies
// differently: Lethbridge's partner Anyang is Anyang, Gyeonggi (KR).
var wikiFixes = map[[4]string]struct{ country2, why string }{
	{"Lethbridge", "Canada", "Anyang", "China"}: {"South Korea",
		"Lethbridge–Anyang: partner country China → South Korea (Anyang, Gyeonggi per the Canada–Korea data; the source notes the ambiguity with Anyang, Henan)"},
}

// kcProposed are letters of intent and plans the sources date (the notes of
// korea_canada_twinning.csv), with the URL that states them.
var kcProposed = map[string]event{
	"ca-kr-07": {Date: "2007", Note: "letter of intent",
		Sources: []string{"https://go.seoul.co.kr/news/newsView.php?id=20071113015006"}},
	"ca-kr-11": {Date: "2004-12", Note: "reported as 'about to be signed' in Dec 2004",
		Sources: []string{"http://m.koreatimes.com/article/20041228/219113"}},
	"ca-kr-16": {Date: "2004-12", Note: "being pursued in Dec 2004; outcome unknown",
		Sources: []string{"http://m.koreatimes.com/article/20041228/219113"}},
	"ca-kr-22": {Date: "2024", Note: "planned per a Seoul city travel-plan document dated 2024-08-13",
		Sources: []string{"https://opengov.seoul.go.kr/sanction/31638527"}},
}

// readKoreaCanada adds the 22 Canada–Korea relationships (Canadian side = a)
// and their activities.
func (b *builder) readKoreaCanada(src string) error {
	rows, err := readCSV(src, kcPairsFile, "pair_id", "canada_ncg", "canada_province", "canada_level",
		"korea_ncg_en", "korea_ncg_ko", "korea_upper_en", "korea_level", "relationship_type_reported",
		"signed_date", "signed_date_note", "status_as_of_2019_12", "in_hekman_twin_cities_raw",
		"in_pnadel_sister_cities", "in_l3viathan_relations_2016", "evidence_urls")
	if err != nil {
		return err
	}
	b.rep.read[kcPairsFile] = len(rows)
	byID := map[string]*pair{}
	for _, r := range rows {
		p, err := b.kcPair(r)
		if err != nil {
			return fmt.Errorf("%s line %d: %w", kcPairsFile, r.line, err)
		}
		byID[r.get("pair_id")] = p
	}
	return b.kcActivities(src, byID)
}

func (b *builder) kcPair(r row) (*pair, error) {
	prov, ok := caProvinces[r.get("canada_province")]
	if !ok {
		return nil, fmt.Errorf("unknown province %q", r.get("canada_province"))
	}
	ag := &agreement{Note: kcNote(r)}
	ag.Kind = kindOf(r.get("relationship_type_reported"))
	status, err := kcStatus(r.get("status_as_of_2019_12"))
	if err != nil {
		return nil, err
	}
	ag.Status = status
	evidence := splitURLs(r.get("evidence_urls"), ";")
	ag.Sources = evidence
	if len(ag.Sources) == 0 { // fall back to the lists that name the pair
		if strings.HasPrefix(r.get("in_hekman_twin_cities_raw"), "Y") {
			ag.Sources = []string{wikiURL}
		} else {
			if strings.HasPrefix(r.get("in_pnadel_sister_cities"), "Y") {
				ag.Sources = append(ag.Sources, pnadelURL)
			}
			if strings.HasPrefix(r.get("in_l3viathan_relations_2016"), "Y") {
				ag.Sources = append(ag.Sources, l3vURL)
			}
		}
	}
	// A planned agreement has no signing date yet: its date is the plan's.
	if ag.Status != "planned" {
		ag.Signed = r.get("signed_date")
	}

	provM := b.addMention(mention{name: prov.name, cc: "CA", region: prov.name, level: "province",
		nameFr: prov.nameFr, derived: true, parent: -1})
	ca := mention{name: r.get("canada_ncg"), cc: "CA", region: prov.name, derived: true,
		parent: provM, level: "municipality", sources: ag.Sources}
	if r.get("canada_level") == "province" {
		ca.level, ca.nameFr, ca.parent = "province", prov.nameFr, -1
	}
	kr, err := b.kcKorean(r, ag.Sources)
	if err != nil {
		return nil, err
	}
	p := &pair{a: b.addMention(ca), b: kr, line: r.line, origin: "korea-canada", derived: ag}
	b.pairs = append(b.pairs, p)

	if ag.Signed != "" && ag.Kind != "unknown" {
		b.events = append(b.events, &event{pair: p, Date: ag.Signed, Kind: ag.Kind + "_signed", Sources: evidence})
	}
	if e, ok := kcProposed[r.get("pair_id")]; ok {
		e.pair, e.Kind = p, "proposed"
		b.events = append(b.events, &e)
	}
	return p, nil
}

// kcKorean adds the Korean side and, if any, its upper-level government.
func (b *builder) kcKorean(r row, sources []string) (int, error) {
	name, upper := r.get("korea_ncg_en"), r.get("korea_upper_en")
	level, ok := krLevels[r.get("korea_level")]
	if !ok {
		return 0, fmt.Errorf("unknown korea_level %q", r.get("korea_level"))
	}
	m := mention{name: name, cc: "KR", nameLocal: r.get("korea_ncg_ko"), level: level,
		derived: true, parent: -1, sources: sources, region: name}
	if upper != "-" {
		u, ok := krUppers[upper]
		if !ok {
			return 0, fmt.Errorf("unknown Korean upper level %q", upper)
		}
		m.region = upper
		m.parent = b.addMention(mention{name: upper, cc: "KR", nameLocal: u.ko, level: u.level,
			region: upper, derived: true, parent: -1})
	}
	b.addKoreanAliases(name, upper)
	return b.addMention(m), nil
}

// addKoreanAliases lets the Wikipedia forms of a district or county
// ("Gangnam (Seoul)", "Seoul – Gangnam", "Boeun") resolve to the derived
// data's name ("Gangnam-gu", "Boeun-gun").
func (b *builder) addKoreanAliases(name, upper string) {
	var forms []string
	if base, ok := strings.CutSuffix(name, "-gu"); ok {
		forms = []string{base + " (" + upper + ")", base + " District"}
	} else if base, ok := strings.CutSuffix(name, "-gun"); ok {
		forms = []string{base, base + " County", base + " (" + upper + ")"}
	}
	for _, f := range forms {
		b.krAliases["KR|"+slug.Part(slug.NameKey(f))] = name
	}
}

// kindOf reads the reported relationship type: "sister province" → sister,
// "friendship/cooperation (…)" → friendship; anything else stays unknown.
func kindOf(reported string) string {
	s := strings.ToLower(strings.TrimSpace(reported))
	switch {
	case strings.HasPrefix(s, "sister"):
		return "sister"
	case strings.HasPrefix(s, "friendship"):
		return "friendship"
	}
	return "unknown"
}

func kcStatus(s string) (string, error) {
	switch {
	case s == "press only" || s == "listed" || strings.HasPrefix(s, "listed ("):
		return "active", nil
	case strings.HasPrefix(s, "UNVERIFIED"):
		return "unverified", nil
	case strings.HasPrefix(s, "UNKNOWN (planned"), strings.HasPrefix(s, "AFTER CUT-OFF (planned"):
		return "planned", nil
	}
	return "", fmt.Errorf("unknown status %q", s)
}

// kcNote keeps the source's caveats: date note, the type as worded when it
// is more than "sister"/"friendship", the Dec-2019 status when not plainly
// "listed", and what the Wikipedia-derived list says when it differs.
func kcNote(r row) string {
	var parts []string
	if s := r.get("signed_date_note"); s != "" {
		parts = append(parts, s)
	}
	switch t := r.get("relationship_type_reported"); t {
	case "sister", "friendship", "sister province":
	default:
		parts = append(parts, "type as reported: "+t)
	}
	if s := r.get("status_as_of_2019_12"); s != "listed" {
		parts = append(parts, "Dec 2019 status: "+s)
	}
	if h := r.get("in_hekman_twin_cities_raw"); strings.HasPrefix(h, "Y (") {
		parts = append(parts, "Wikipedia-derived list: "+strings.TrimSuffix(strings.TrimPrefix(h, "Y ("), ")"))
	}
	return strings.Join(parts, "; ")
}

// splitURLs splits a list of URLs on sep, trimming blanks.
func splitURLs(s, sep string) []string {
	var out []string
	for _, u := range strings.Split(s, sep) {
		out = addUnique(out, strings.TrimSpace(u))
	}
	return out
}

var kcCategories = map[string]string{
	"agreement": "ceremony", "administrative": "administrative", "cultural": "culture_arts",
	"youth": "youth_education", "economic": "economy_trade", "donation": "health_humanitarian",
}

func (b *builder) kcActivities(src string, byID map[string]*pair) error {
	rows, err := readCSV(src, kcActivitiesFile, "activity_id", "date_start", "date_end", "date_precision",
		"pair_id", "direction", "category", "description_en", "participants_note", "source_url")
	if err != nil {
		return err
	}
	b.rep.read[kcActivitiesFile] = len(rows)
	for _, r := range rows {
		p, ok := byID[r.get("pair_id")]
		if !ok {
			return fmt.Errorf("%s line %d: unknown pair %q", kcActivitiesFile, r.line, r.get("pair_id"))
		}
		cat, ok := kcCategories[r.get("category")]
		if !ok {
			return fmt.Errorf("%s line %d: unknown category %q", kcActivitiesFile, r.line, r.get("category"))
		}
		a := &activity{pair: p, ID: r.get("activity_id"), Date: r.get("date_start"), DateEnd: r.get("date_end"),
			Category: cat, Title: shortTitle(r.get("description_en")), Description: r.get("description_en"),
			Participants: r.get("participants_note"), Sources: splitURLs(r.get("source_url"), ";"), fromMention: -1}
		if a.fromMention, a.joint, err = kcFrom(r.get("direction"), p); err != nil {
			return fmt.Errorf("%s line %d: %w", kcActivitiesFile, r.line, err)
		}
		b.activities = append(b.activities, a)
	}
	return nil
}

// kcFrom reads the direction: KR->CA means the Korean side (b) travelled or
// gave, CA->KR the Canadian side (a), KR<->CA both (joint).
func kcFrom(dir string, p *pair) (mention int, joint bool, err error) {
	switch dir {
	case "KR->CA":
		return p.b, false, nil
	case "CA->KR":
		return p.a, false, nil
	case "KR<->CA":
		return -1, true, nil
	}
	return -1, false, fmt.Errorf("unknown direction %q", dir)
}

// shortTitle is the description without parentheses, up to its first clause
// boundary ("; " or ", ") after 30 characters, at most 100 characters, cut
// between words.
func shortTitle(s string) string {
	const minLen, maxLen = 30, 100
	s = dropParens(s)
	cut := len(s)
	for _, sep := range []string{"; ", ", "} {
		if i := strings.Index(s[min(minLen, len(s)):], sep); i >= 0 && minLen+i < cut {
			cut = minLen + i
		}
	}
	t := s[:cut]
	if len([]rune(t)) <= maxLen {
		return t
	}
	// Cut before the word that crosses the limit, and drop dangling
	// function words ("… agreement at" → "… agreement").
	rs := []rune(t)
	words := strings.Fields(string(rs[:maxLen]))
	if rs[maxLen] != ' ' { // the last word goes on past the limit
		words = words[:len(words)-1]
	}
	for len(words) > 1 && danglers[strings.ToLower(words[len(words)-1])] {
		words = words[:len(words)-1]
	}
	return strings.TrimRight(strings.Join(words, " "), ",;:") + "…"
}

var danglers = set("a", "an", "the", "at", "of", "in", "on", "to", "for", "with", "and", "or", "by", "from")

// dropParens removes " (…)" asides: "delegation (50+ members) signs" → "delegation signs".
func dropParens(s string) string {
	for {
		i := strings.Index(s, " (")
		j := strings.Index(s[max(i, 0):], ")")
		if i < 0 || j < 0 {
			return s
		}
		s = s[:i] + s[i+j+1:]
	}
}
