package store

// Country is an ISO 3166-1 alpha-2 country with its display names.
type Country struct {
	Code                   string
	NameEN, NameFR, NameKO string
}

// Government is a sub-national government (province, city, county, district…).
type Government struct {
	Slug      string
	Name      string
	NameLocal string // name in its own script, '' when the same as Name
	NameFR    string
	NameKO    string // Korean name of a place whose own script is not Korean
	Level     string // '' is unknown
	Country   string
	Region    string
	Parent    string // slug, '' for none
	Lat, Lon  *float64
	Wikidata  string
	Website   string
	Sources   []string
}

// Ref is the part of a government shown wherever it is named.
func (g Government) Ref() GovRef {
	return GovRef{Slug: g.Slug, Name: g.Name, NameLocal: g.NameLocal, NameFR: g.NameFR, NameKO: g.NameKO,
		Country: g.Country, Region: g.Region, Level: g.Level}
}

// Year is the year of a YYYY, YYYY-MM or YYYY-MM-DD date, 0 when unknown.
func Year(date string) int {
	if len(date) < 4 {
		return 0
	}
	y := 0
	for _, c := range date[:4] {
		if c < '0' || c > '9' {
			return 0
		}
		y = y*10 + int(c-'0')
	}
	return y
}

// Agreement is a twinning agreement between two governments.
type Agreement struct {
	ID          string
	GovernmentA string
	GovernmentB string
	Kind        string // sister | friendship | unknown
	Signed      string // YYYY, YYYY-MM, YYYY-MM-DD or '' (unknown)
	Status      string // active | ended | planned | unverified
	Ended       string
	Note        string
	Sources     []string
}

// Event is a dated step in an agreement's life.
type Event struct {
	ID        int64
	Agreement string
	Date      string
	Event     string
	Note      string
	Sources   []string
}

// Activity is one exchange under an agreement.
type Activity struct {
	ID           string
	Agreement    string
	Date         string
	DateEnd      string
	Category     string // '' is unknown
	From         string // slug of the side that travelled or gave, "joint", or '' (unknown)
	Title        string
	Description  string
	Participants string
	// The cost as reported (cost.go): an amount with exactly its currency's decimal
	// places and an ISO 4217 code, both empty when no cost is recorded; the payer (a
	// party's slug, PaidShared or '' when not said); what came of it.
	CostAmount   string
	CostCurrency string
	PaidBy       string
	Outputs      string
	Sources      []string
}

// Source is a cited document.
type Source struct {
	URL       string
	Title     string
	Publisher string
	Accessed  string
}

// Dataset is a batch of records in import order.
type Dataset struct {
	Countries   []Country
	Governments []Government
	Agreements  []Agreement
	Events      []Event
	Activities  []Activity
	Sources     []Source
	Coverage    []CoverageSpan
	References  []ReferenceFigure
}

// Vocabularies, in display order.
var (
	Kinds      = []string{"sister", "friendship", "unknown"}
	Statuses   = []string{"active", "ended", "planned", "unverified"}
	Levels     = []string{"province", "metropolitan_city", "special_city", "municipality", "county", "district"}
	EventTypes = []string{"proposed", "friendship_signed", "sister_signed", "upgraded_to_sister", "renewed", "termination_proposed", "suspended", "ended"}
	Categories = []string{"administrative", "people_exchange", "youth_education", "culture_arts", "sports",
		"economy_trade", "tourism", "health_humanitarian", "policy_technical", "civil_society", "ceremony", "other"}
)
