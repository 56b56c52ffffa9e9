package main

// A mention is one appearance of a government in one input row. Mentions are
// collected from every input first and only then resolved into governments
// (governments.go), because a slug can only be chosen once every place with
// the same name in the same country is known (region tie-breaks).
type mention struct {
	name      string
	cc        string // ISO 3166-1 alpha-2
	region    string
	lat, lon  string // as written in the source; empty = unknown
	derived   bool   // from the project's derived data: its fields win over Wikipedia's
	level     string
	nameLocal string // in the place's own script (日照市), never a rendering in another
	nameKo    string // Korean name of a place whose own script is not Korean (일조시)
	nameFr    string
	parent    int      // mention index of the parent government, or -1
	sources   []string // empty for governments that only appear as a parent
	rawName   string   // name as written in the source (before aliasing)
}

// A pair is one input row naming two governments; several pairs can become
// one agreement when their slugs match.
type pair struct {
	a, b int // mention indexes
	line int // source line, for reports
	// Wikipedia pairs carry only the two names; derived pairs carry the rest.
	derived *agreement
	origin  string // "wikipedia", "korea-canada" or "dangjin"
}

// agreement, event and activity are rows of the import format.
type agreement struct {
	ID, A, B, Kind, Signed, Status, Ended, Note string
	Sources                                     []string
}

type event struct {
	pair                  *pair // resolved to the agreement id after merging
	Agreement, Date, Kind string
	Note                  string
	Sources               []string
}

type activity struct {
	pair                               *pair
	fromMention                        int // mention index of the side that travelled/gave, or -1
	ID, Agreement, Date, DateEnd       string
	Category, From, Title, Description string
	Participants                       string
	Sources                            []string
	joint                              bool
}

type government struct {
	Slug, Name, NameLocal, NameFr, NameKo, Level, Country, Region, Parent string
	Lat, Lon, Wikidata, Website                                           string
	Sources                                                               []string
}

// builder accumulates everything read from the inputs.
type builder struct {
	countries  countryIndex
	mentions   []mention
	pairs      []*pair
	events     []*event
	activities []*activity
	// krAliases maps "KR|slug of a Wikipedia name form" to the name the
	// Canada–Korea data uses for the same district (koreacanada.go).
	krAliases map[string]string
	djTitles  map[string]string // Dangjin page URL → descriptive title
	rep       *report
}

func (b *builder) addMention(m mention) int {
	if m.rawName == "" {
		m.rawName = m.name
	}
	b.mentions = append(b.mentions, m)
	return len(b.mentions) - 1
}

// addUnique appends the items of add to list, skipping empty and repeated ones.
func addUnique(list []string, add ...string) []string {
	for _, s := range add {
		if s == "" {
			continue
		}
		dup := false
		for _, t := range list {
			if t == s {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, s)
		}
	}
	return list
}
