package main

import (
	"fmt"
	"strings"
)

// dpFile holds relationships with signing dates compiled from government,
// consulate and encyclopedia pages (PROVENANCE.md): 146 rows, every one with at
// least a signing year, each with the kind as its source reports it.
const dpFile = "derived/dated_relationships_from_pages.csv"

// dpUnconfirmed are the source kinds that do not confirm an agreement: copies of
// community-edited lists and a low-authority copy. Their rows give a date and a
// kind, but the agreement stays unverified, as for Wikipedia's own lists.
var dpUnconfirmed = map[string]bool{"wikipedia": true, "wikipedia_mirror": true, "third_party_copy": true}

// krDo maps the romanised names of Korean provinces (the "-do" forms the pages
// use) to the names the rest of the data uses for them.
var krDo = map[string]string{
	"Gyeonggi-do": "Gyeonggi", "Gangwon-do": "Gangwon", "Gangwon": "Gangwon",
	"Chungcheongbuk-do": "Chungbuk", "Chungcheongnam-do": "South Chungcheong",
	"Jeollabuk-do": "Jeonbuk", "Jeollanam-do": "Jeonnam",
	"Gyeongsangbuk-do": "Gyeongbuk", "Gyeongsangnam-do": "Gyeongnam",
}

// dpNames renames the few places the pages name in a form no other source uses,
// to the name under which the rest of the data knows them (or, for a place known
// nowhere else, a name in the data's usual form).
var dpNames = map[string]string{
	"Huangdao District (formerly Jiaonan City)": "Jiaonan", // Dangjin's partner, merged into Huangdao in 2012
	"Moscow (central district)":                 "Central Administrative Okrug (Moscow)",
	"Deokjin-myeon, Yeongam-gun":                "Deokjin-myeon (Yeongam)",
	// Districts and cities Wikipedia's lists name in the "Place (City)" or bare form.
	"Hongkou District":             "Hongkou (Shanghai)",
	"Baoshan District":             "Baoshan (Shanghai)",
	"Laoshan District":             "Laoshan (Qingdao)",
	"Xicheng District":             "Xicheng (Beijing)",
	"Jiangjin District, Chongqing": "Jiangjin",
	"Chiayi City":                  "Chiayi",
	"Hsinchu City":                 "Hsinchu",
	"Miaoli County":                "Miaoli",
	"Bulacan Province":             "Bulacan",
	"Victoria":                     "Victoria (state)", // Jiangsu's partner is the Australian state (province/state)
}

// dpLevels maps the pages' level words to the portal's levels ("" = unknown).
var dpLevels = map[string]string{
	"city": "municipality", "city/district": "municipality", "city/county": "municipality",
	"city/prefecture": "municipality", "city (LGA)": "municipality", "town": "municipality",
	"province": "province", "province/state": "province", "prefecture": "province", "province (aimag)": "province",
	"metropolitan city": "metropolitan_city", "district": "district", "district (gu)": "district",
	"county": "county", "county (gun)": "county",
}

// readDated adds the dated relationships: each is a derived pair, merged into any
// pair the other sources give for the same two governments (filling what they
// leave unknown, never overwriting what they state).
func (b *builder) readDated(src string) error {
	rows, err := readCSV(src, dpFile, "rel_id", "side_a_name_en", "side_a_name_local", "side_a_parent_en",
		"side_a_country_iso2", "side_a_level", "side_b_name_en", "side_b_name_local", "side_b_parent_en",
		"side_b_country_iso2", "side_b_level", "relationship_type", "type_as_reported", "signed_date",
		"status_note", "source_urls", "source_kind", "compiler_note")
	if err != nil {
		return err
	}
	b.rep.read[dpFile] = len(rows)
	for _, r := range rows {
		if err := b.dpPair(r); err != nil {
			return fmt.Errorf("%s line %d: %w", dpFile, r.line, err)
		}
	}
	return nil
}

func (b *builder) dpPair(r row) error {
	sources := splitURLs(r.get("source_urls"), ";")
	if len(sources) == 0 {
		return fmt.Errorf("%s: no source", r.get("rel_id"))
	}
	ag := &agreement{Kind: map[string]string{"sister": "sister", "friendship": "friendship"}[r.get("relationship_type")],
		Signed: r.get("signed_date"), Status: "active", Sources: sources, Note: dpNote(r)}
	if ag.Kind == "" {
		ag.Kind = "unknown" // "unspecified": 友好城市 lists and ambiguous words stay unknown
	}
	if dpUnconfirmed[r.get("source_kind")] {
		ag.Status = "unverified"
	}
	a, err := b.dpSide(r, "side_a_", sources)
	if err != nil {
		return err
	}
	z, err := b.dpSide(r, "side_b_", sources)
	if err != nil {
		return err
	}
	p := &pair{a: a, b: z, line: r.line, origin: "dated-pages", derived: ag}
	b.pairs = append(b.pairs, p)
	if ag.Kind != "unknown" {
		b.events = append(b.events, &event{pair: p, Date: ag.Signed, Kind: ag.Kind + "_signed", Sources: sources})
	}
	for _, e := range dpEvents(r.get("rel_id")) {
		e.pair, e.Sources = p, sources
		b.events = append(b.events, e)
		if e.Kind == "ended" { // the agreement's status follows its end
			ag.Status, ag.Ended = "ended", e.Date
		}
	}
	return nil
}

// dpSide adds the mention of one side: the name the rest of the data uses, the
// own-script name the page gives (日照市, 広島県; a Korean place's Hangul), and for
// Korean places the province, as the other derived data places them.
func (b *builder) dpSide(r row, side string, sources []string) (int, error) {
	cc := r.get(side + "country_iso2")
	if len(cc) != 2 || strings.ToUpper(cc) != cc {
		return 0, fmt.Errorf("country %q is not an ISO code", cc)
	}
	raw := r.get(side + "name_en")
	name, parent := dpName(raw, r.get(side+"parent_en"), cc)
	m := mention{name: name, cc: cc, nameLocal: r.get(side + "name_local"), level: dpLevels[r.get(side+"level")],
		parent: -1, sources: sources}
	if raw == "Huangdao District (formerly Jiaonan City)" {
		m.nameLocal, m.level = "", "" // the page names the district Jiaonan merged into, not Jiaonan
	}
	if cc == "KR" {
		m.nameLocal = krOwnName(m.nameLocal)
		m.region = parent
		if m.level == "province" || m.level == "metropolitan_city" {
			m.region = name
		}
	}
	return b.addMention(m), nil
}

// dpName is a side's name in the data's usual form, and for a Korean place its
// province or metropolitan city ("" when none): "Geumcheon-gu" in Seoul →
// "Geumcheon (Seoul)"; "Gangjin-gun" → "Gangjin"; "Gyeongsangbuk-do" → "Gyeongbuk";
// "Huangpu District, Shanghai" → "Huangpu (Shanghai)"; "Kansas City (Missouri)" →
// "Kansas City".
func dpName(name, parent, cc string) (string, string) {
	if parent == "-" {
		parent = ""
	}
	if p, ok := krDo[parent]; ok {
		parent = p
	}
	if cc != "KR" {
		parent = "" // only Korean places are placed in a region (as the other derived data does)
	}
	if n, ok := dpNames[name]; ok {
		return n, parent
	}
	if cc == "KR" {
		if p, ok := krDo[name]; ok {
			return p, ""
		}
		city := parent
		if n, c, ok := strings.Cut(name, ", "); ok {
			name, city = n, c
		}
		switch {
		case strings.HasSuffix(name, "-gu"):
			return strings.TrimSuffix(name, "-gu") + " (" + city + ")", parent
		case strings.HasSuffix(name, "-gun"):
			return strings.TrimSuffix(name, "-gun"), parent
		}
		return name, parent
	}
	if n, city, ok := strings.Cut(name, ", "); ok {
		return strings.TrimSuffix(n, " District") + " (" + city + ")", ""
	}
	if cc == "CN" || cc == "KP" {
		name = strings.TrimSuffix(name, " Province")
	}
	if i := strings.Index(name, " ("); i > 0 {
		name = name[:i] // a disambiguator or a former name: the data names the place without it
	}
	return name, ""
}

// krOwnName is a Korean place's own name: the pages write a district with its city
// ("서울특별시 금천구") or a township with its county ("덕진면(영암군)"); the data
// keeps the place's own name, as its other sources do.
func krOwnName(ko string) string {
	if i := strings.LastIndex(ko, " "); i >= 0 {
		ko = ko[i+1:]
	}
	if i := strings.Index(ko, "("); i > 0 {
		ko = ko[:i]
	}
	return ko
}

// dpNote keeps what the source reports beyond the fields: its own word for the
// kind, the compiler's caveats and the lifecycle notes that are not events.
func dpNote(r row) string {
	parts := []string{"type as reported: " + r.get("type_as_reported")}
	if s := r.get("status_note"); s != "" && s != "active" {
		parts = append(parts, s)
	}
	if s := r.get("compiler_note"); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// dpEvents are the lifecycle steps the status notes date (PROVENANCE.md).
func dpEvents(id string) []*event {
	switch id {
	case "DP011":
		return []*event{{Date: "2025-04-11", Kind: "renewed", Note: "re-signed (재체결)"}}
	case "DP014":
		return []*event{{Date: "2005", Kind: "suspended", Note: "Gyeongbuk broke off ties after Shimane's 'Takeshima Day'"}}
	case "DP061":
		return []*event{{Date: "2024-07", Kind: "proposed", Note: "Chungju council approved the sister tie"}}
	case "DP069":
		return []*event{{Date: "1990", Kind: "renewed"}}
	case "DP072":
		return []*event{{Date: "2025-03", Kind: "termination_proposed", Note: "proposed for termination by a Burnaby committee"}}
	case "DP119":
		return []*event{{Date: "2010", Kind: "ended", Note: "the partner, Southern Finland province, was abolished"}}
	}
	return nil
}
