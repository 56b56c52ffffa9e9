package main

import (
	"fmt"
	"regexp"
	"strings"
)

const (
	djPartnersFile   = "derived/dangjin_partners.csv"
	djActivitiesFile = "derived/dangjin_activities.csv"
)

// djNotes adds context the source page does not give.
var djNotes = map[string]string{
	"dangjin-jiaonan": "Jiaonan was merged into Qingdao's Huangdao District in 2012",
}

var djCategories = map[string]string{
	"agreement": "ceremony", "civil_society_agreement": "civil_society", "proposal": "administrative",
	"people_exchange": "people_exchange", "youth_education": "youth_education", "sports": "sports",
	"economic": "economy_trade", "cultural": "culture_arts", "administrative": "administrative", "": "",
}

// noteDate finds "2003.11.13." at the start of a line of agreement_note_ko.
var noteDate = regexp.MustCompile(`^(\d{4})\.(\d{2})\.(\d{2})\.?`)

// djSourceURL is the GitHub blob of the Dangjin website page a row comes from.
func djSourceURL(r row) string {
	return "https://github.com/" + r.get("source_repo") + "/blob/" + r.get("source_commit") + "/" + r.get("source_path")
}

// readDangjin adds Dangjin's 11 international partners (Dangjin = a) and the
// 142 activities of its exchange timelines.
func (b *builder) readDangjin(src string) error {
	rows, err := readCSV(src, djPartnersFile, "partner_id", "korean_ncg_ko", "korean_ncg_en", "partner_ko",
		"partner_en", "partner_region_en", "country_iso2", "relationship_type", "agreement_date",
		"friendship_date", "agreement_note_ko", "source_repo", "source_commit", "source_path")
	if err != nil {
		return err
	}
	b.rep.read[djPartnersFile] = len(rows)
	byID := map[string]*pair{}
	for _, r := range rows {
		url := djSourceURL(r)
		page := map[string]string{"sister": "sister cities (자매도시)", "friendship": "friendship cities (우호친선도시)"}
		b.djTitles[url] = "Dangjin City website (copy committed 2023-04-26): " + page[r.get("relationship_type")] +
			" page, " + r.get("partner_en")
		sc := b.addMention(mention{name: "South Chungcheong", cc: "KR", nameLocal: krUppers["South Chungcheong"].ko,
			level: "province", region: "South Chungcheong", derived: true, parent: -1})
		dj := b.addMention(mention{name: "Dangjin", cc: "KR", nameLocal: "당진시", level: "municipality",
			region: "South Chungcheong", parent: sc, derived: true, sources: []string{url}})
		// The pages name each partner in Korean: that is the partner's own name only
		// for a Korean place; for Rizhao (일조시) it is its Korean name, and its own
		// (日照市) is not in this source.
		local := stripProvince(r.get("partner_ko"))
		pm := b.addMention(mention{name: r.get("partner_en"), cc: r.get("country_iso2"),
			level: levelFromKorean(local), region: dropParens(r.get("partner_region_en")),
			derived: true, parent: -1, sources: []string{url}})
		if r.get("country_iso2") == "KR" {
			b.mentions[pm].nameLocal = local
		} else {
			b.mentions[pm].nameKo = local
		}

		kind := r.get("relationship_type")
		note := r.get("agreement_note_ko")
		lines := strings.Split(note, "; ")
		fd, ad := noteDay(lines, r.get("friendship_date")), noteDay(lines, r.get("agreement_date"))
		ag := &agreement{Kind: kind, Status: "active", Sources: []string{url},
			Note: strings.Join(addUnique([]string{note}, djNotes[r.get("partner_id")]), "; ")}
		ag.Signed = ad
		if fd != "" && fd < ad {
			ag.Signed = fd
		}
		p := &pair{a: dj, b: pm, line: r.line, origin: "dangjin", derived: ag}
		b.pairs = append(b.pairs, p)
		byID[r.get("partner_id")] = p

		ev := func(date, kind string) {
			b.events = append(b.events, &event{pair: p, Date: date, Kind: kind,
				Note: lineFor(lines, date), Sources: []string{url}})
		}
		if fd != "" && fd != ad {
			ev(fd, "friendship_signed")
		}
		if kind == "sister" && fd != "" && fd < ad {
			ev(ad, "upgraded_to_sister")
		} else if ad != "" {
			ev(ad, kind+"_signed")
		}
		// A letter of intent (의향서) or provisional agreement (잠정 협정)
		// before the agreement is a `proposed` step.
		for _, l := range lines {
			if m := noteDate.FindStringSubmatch(l); m != nil && (strings.Contains(l, "의향서") || strings.Contains(l, "잠정")) {
				b.events = append(b.events, &event{pair: p, Date: m[1] + "-" + m[2] + "-" + m[3],
					Kind: "proposed", Note: l, Sources: []string{url}})
			}
		}
	}
	return b.djActivities(src, byID)
}

// noteDay returns the date, reduced to its month when the note gives the
// signing as a visit range ("2002.09.26.~09.28."): the day is then unknown.
func noteDay(lines []string, date string) string {
	if l := lineFor(lines, date); strings.Contains(l, "~") && len(date) == 10 {
		return date[:7]
	}
	return date
}

// lineFor returns the note line dated date (by its first 7 or 10 characters),
// or the whole note when it is one undated line.
func lineFor(lines []string, date string) string {
	for _, l := range lines {
		if m := noteDate.FindStringSubmatch(l); m != nil && strings.HasPrefix(m[1]+"-"+m[2]+"-"+m[3], date) {
			return l
		}
	}
	if len(lines) == 1 && noteDate.FindString(lines[0]) == "" {
		return lines[0]
	}
	return ""
}

// stripProvince keeps the last word of "산동성 일조시": Dangjin's pages write
// the partner's province/state/prefecture first, as a separate word.
func stripProvince(ko string) string {
	f := strings.Fields(ko)
	if len(f) < 2 {
		return ko
	}
	for _, suf := range []string{"성", "주", "현", "도", "자치구"} {
		if strings.HasSuffix(f[0], suf) {
			return strings.Join(f[1:], " ")
		}
	}
	return ko
}

// levelFromKorean reads the level from the Korean name's suffix: -시 city,
// -군 county, -현 (Chinese) county, -구 district.
func levelFromKorean(ko string) string {
	switch {
	case strings.HasSuffix(ko, "시"):
		return "municipality"
	case strings.HasSuffix(ko, "군"), strings.HasSuffix(ko, "현"):
		return "county"
	case strings.HasSuffix(ko, "구"):
		return "district"
	}
	return ""
}

// djFrom reads the direction heuristic: inbound = the partner (b) came to
// Dangjin, outbound = Dangjin (a) went; empty stays unknown (-1).
func djFrom(dir string, p *pair) (int, error) {
	switch dir {
	case "inbound":
		return p.b, nil
	case "outbound":
		return p.a, nil
	case "":
		return -1, nil
	}
	return -1, fmt.Errorf("unknown direction %q", dir)
}

func (b *builder) djActivities(src string, byID map[string]*pair) error {
	rows, err := readCSV(src, djActivitiesFile, "partner_id", "date_start", "date_end", "description_ko",
		"participants_stated_sum", "category_heuristic", "direction_heuristic", "source_repo",
		"source_commit", "source_path")
	if err != nil {
		return err
	}
	b.rep.read[djActivitiesFile] = len(rows)
	for i, r := range rows {
		p, ok := byID[r.get("partner_id")]
		if !ok {
			return fmt.Errorf("%s line %d: unknown partner %q", djActivitiesFile, r.line, r.get("partner_id"))
		}
		cat, ok := djCategories[r.get("category_heuristic")]
		if !ok {
			return fmt.Errorf("%s line %d: unknown category %q", djActivitiesFile, r.line, r.get("category_heuristic"))
		}
		a := &activity{pair: p, ID: fmt.Sprintf("dj-%03d", i+1), Date: r.get("date_start"),
			DateEnd: r.get("date_end"), Category: cat, Title: r.get("description_ko"),
			Participants: r.get("participants_stated_sum"), Sources: []string{djSourceURL(r)}, fromMention: -1}
		if a.fromMention, err = djFrom(r.get("direction_heuristic"), p); err != nil {
			return fmt.Errorf("%s line %d: %w", djActivitiesFile, r.line, err)
		}
		b.activities = append(b.activities, a)
	}
	return nil
}
