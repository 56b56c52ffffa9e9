package seed

import (
	"encoding/json"
	"fmt"

	"github.com/twinningtracker/twinning/store"
)

// The import files described as a Frictionless tabular data package
// (https://specs.frictionlessdata.io/tabular-data-package/): datapackage.json in the
// CSV zip tells a catalogue, a validator or a loader (frictionless, pandas, R's
// frictionless) each file's columns, their types and constraints, the keys and how
// the files refer to each other. An empty cell is a missing value, as the import
// format says ("unknown"); the constraints apply to the values present.

// Package is the datapackage.json of a set of import files.
type Package struct {
	Profile     string            `json:"profile"`
	Name        string            `json:"name"`
	Title       string            `json:"title"`
	Description string            `json:"description"`
	Homepage    string            `json:"homepage,omitempty"`
	Version     string            `json:"version,omitempty"`
	Created     string            `json:"created,omitempty"`
	Keywords    []string          `json:"keywords"`
	Licenses    []PackageLicense  `json:"licenses"`
	Sources     []PackageSource   `json:"sources"`
	Resources   []PackageResource `json:"resources"`
}

// PackageLicense names a licence of the data.
type PackageLicense struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Title string `json:"title"`
}

// PackageSource is where the data comes from.
type PackageSource struct {
	Title string `json:"title"`
	Path  string `json:"path,omitempty"`
}

// PackageResource is one file.
type PackageResource struct {
	Profile   string      `json:"profile"`
	Name      string      `json:"name"`
	Path      string      `json:"path"`
	Title     string      `json:"title"`
	Format    string      `json:"format"`
	Mediatype string      `json:"mediatype"`
	Encoding  string      `json:"encoding"`
	Schema    TableSchema `json:"schema"`
}

// TableSchema is a file's columns (https://specs.frictionlessdata.io/table-schema/).
type TableSchema struct {
	Fields        []Field      `json:"fields"`
	MissingValues []string     `json:"missingValues"`
	PrimaryKey    []string     `json:"primaryKey,omitempty"`
	ForeignKeys   []ForeignKey `json:"foreignKeys,omitempty"`
}

// Field is one column.
type Field struct {
	Name        string       `json:"name"`
	Type        string       `json:"type"`
	Format      string       `json:"format,omitempty"`
	Description string       `json:"description"`
	Constraints *Constraints `json:"constraints,omitempty"`
}

// Constraints are the rules a value present in a column follows.
type Constraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Enum     []string `json:"enum,omitempty"`
	Minimum  *float64 `json:"minimum,omitempty"`
	Maximum  *float64 `json:"maximum,omitempty"`
}

// ForeignKey says a column's values are another file's key.
type ForeignKey struct {
	Fields    []string  `json:"fields"`
	Reference Reference `json:"reference"`
}

// Reference is the other file's resource and key.
type Reference struct {
	Resource string   `json:"resource"`
	Fields   []string `json:"fields"`
}

// Patterns of the import format's values (XML Schema regular expressions, as Table
// Schema uses, anchored whole).
const (
	patternDate     = `[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?`
	patternSlug     = `[a-z0-9]+(-[a-z0-9]+)*`
	patternID       = `[a-z0-9]+([\-_.]{1,2}[a-z0-9]+)*`
	patternCountry  = `[A-Z]{2}`
	patternURLs     = `https?://\S+( \| https?://\S+)*`
	patternWikidata = `Q[1-9][0-9]*`
	patternCurrency = `[A-Z]{3}`
	patternAmount   = `[0-9]+(\.[0-9]+)?`
)

func str(name, description string) Field {
	return Field{Name: name, Type: "string", Description: description}
}

func with(f Field, c Constraints) Field {
	f.Constraints = &c
	return f
}

func bound(v float64) *float64 { return &v }

// tableSchemas are each import file's fields, in column order (a test checks them
// against Files()).
func tableSchemas() map[string]TableSchema {
	urls := with(str("source_url", "Sources: http(s) URLs separated by \" | \"."), Constraints{Pattern: patternURLs})
	date := func(name, description string) Field {
		return with(str(name, description+" YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source."), Constraints{Pattern: patternDate})
	}
	govRef := func(name, description string, required bool) Field {
		return with(str(name, description), Constraints{Required: required, Pattern: patternSlug})
	}
	return map[string]TableSchema{
		"governments.csv": {
			Fields: []Field{
				with(str("slug", "Stable id of the government: its name and country code."), Constraints{Required: true, Unique: true, Pattern: patternSlug}),
				with(str("name", "English or romanised name."), Constraints{Required: true}),
				str("name_local", "Name in its own script."),
				str("name_fr", "French name."),
				str("name_ko", "Korean name."),
				with(str("level", "Level of government."), Constraints{Enum: store.Levels}),
				with(str("country", "ISO 3166-1 alpha-2 code."), Constraints{Required: true, Pattern: patternCountry}),
				str("region", "Province, state or region as recorded (a key of filters)."),
				govRef("parent", "Slug of the government it belongs to.", false),
				with(Field{Name: "lat", Type: "number", Description: "Latitude, WGS 84."}, Constraints{Minimum: bound(-90), Maximum: bound(90)}),
				with(Field{Name: "lon", Type: "number", Description: "Longitude, WGS 84."}, Constraints{Minimum: bound(-180), Maximum: bound(180)}),
				with(str("wikidata", "Wikidata item id."), Constraints{Pattern: patternWikidata}),
				{Name: "website", Type: "string", Format: "uri", Description: "Official website."},
				urls,
			},
			PrimaryKey:  []string{"slug"},
			ForeignKeys: []ForeignKey{{Fields: []string{"parent"}, Reference: Reference{Resource: "", Fields: []string{"slug"}}}},
		},
		"agreements.csv": {
			Fields: []Field{
				with(str("id", "Stable id of the agreement: both parties' slugs."), Constraints{Required: true, Unique: true, Pattern: patternID}),
				govRef("government_a", "Slug of one party.", true),
				govRef("government_b", "Slug of the other party.", true),
				with(str("kind", "Kind of relationship; empty is unknown."), Constraints{Enum: store.Kinds}),
				date("signed", "Date of signing."),
				with(str("status", "Status as recorded."), Constraints{Enum: store.Statuses}),
				date("ended", "Date it ended."),
				str("note", "Free text."),
				urls,
			},
			PrimaryKey: []string{"id"},
			ForeignKeys: []ForeignKey{
				{Fields: []string{"government_a"}, Reference: Reference{Resource: "governments", Fields: []string{"slug"}}},
				{Fields: []string{"government_b"}, Reference: Reference{Resource: "governments", Fields: []string{"slug"}}},
			},
		},
		"events.csv": {
			Fields: []Field{
				with(str("agreement", "Id of the agreement."), Constraints{Required: true, Pattern: patternID}),
				date("date", "Date of the event."),
				with(str("event", "What happened."), Constraints{Required: true, Enum: store.EventTypes}),
				str("note", "Free text."),
				urls,
			},
			ForeignKeys: []ForeignKey{{Fields: []string{"agreement"}, Reference: Reference{Resource: "agreements", Fields: []string{"id"}}}},
		},
		"activities.csv": {
			Fields: []Field{
				with(str("id", "Stable id of the activity."), Constraints{Required: true, Unique: true, Pattern: patternID}),
				with(str("agreement", "Id of the agreement it took place under."), Constraints{Required: true, Pattern: patternID}),
				date("date", "Start date."),
				date("date_end", "End date of a multi-day activity."),
				with(str("category", "Field of the activity; empty is unknown."), Constraints{Enum: store.Categories}),
				str("from", "Slug of the party that travelled or gave, \"joint\", or empty (unknown)."),
				with(str("title", "Short title, any script."), Constraints{Required: true}),
				str("description", "Longer text, any script."),
				str("participants", "Number or note as stated by the source."),
				with(str("cost_amount", "Cost in cost_currency with exactly its decimal places; empty when not known (unknown, not zero). Never converted."), Constraints{Pattern: patternAmount}),
				with(str("cost_currency", "ISO 4217 code of the currency paid."), Constraints{Pattern: patternCurrency}),
				str("paid_by", "Slug of the party that paid, \"shared\", or empty (not said)."),
				str("outputs", "What came of it."),
				urls,
			},
			PrimaryKey:  []string{"id"},
			ForeignKeys: []ForeignKey{{Fields: []string{"agreement"}, Reference: Reference{Resource: "agreements", Fields: []string{"id"}}}},
		},
		"sources.csv": {
			Fields: []Field{
				{Name: "url", Type: "string", Format: "uri", Description: "The source's address, as cited by records.",
					Constraints: &Constraints{Required: true, Unique: true}},
				str("title", "Title."),
				str("publisher", "Publisher."),
				date("accessed", "Date the source was read."),
			},
			PrimaryKey: []string{"url"},
		},
		"coverage.csv": {
			Fields: []Field{
				govRef("government", "Slug of the government whose activity record is complete.", true),
				{Name: "from", Type: "year", Description: "First year the record is complete for.", Constraints: &Constraints{Required: true}},
				{Name: "to", Type: "year", Description: "Last year the record is complete for.", Constraints: &Constraints{Required: true}},
				with(str("source_url", "The document that states the span: one http(s) URL."), Constraints{Required: true, Pattern: `https?://\S+`}),
			},
			ForeignKeys: []ForeignKey{{Fields: []string{"government"}, Reference: Reference{Resource: "governments", Fields: []string{"slug"}}}},
		},
		"references.csv": {
			Fields: []Field{
				with(str("scope", "KR, a pair in code order (CA-KR), or a pair and a region of its first country (CA-KR:Ontario)."), Constraints{Required: true}),
				with(str("as_of", "Date the published figure describes."), Constraints{Required: true, Pattern: patternDate}),
				with(str("figure", "What is counted."), Constraints{Required: true, Enum: store.ReferenceFigures}),
				{Name: "value", Type: "integer", Description: "The published number.", Constraints: &Constraints{Required: true, Minimum: bound(0)}},
				with(str("source_url", "The publication: one http(s) URL."), Constraints{Required: true, Pattern: `https?://\S+`}),
				str("note", "The publisher's own words."),
			},
		},
	}
}

// PackageInfo is what a data package says about itself.
type PackageInfo struct {
	Title, Description, Homepage, AsOf, Version string
	Keywords                                    []string
	Licenses                                    []PackageLicense
	Sources                                     []PackageSource
}

// DataPackage returns datapackage.json for the import files Write writes.
func DataPackage(info PackageInfo) ([]byte, error) {
	schemas := tableSchemas()
	p := Package{Profile: "tabular-data-package", Name: "twinning-tracker", Title: info.Title, Description: info.Description,
		Homepage: info.Homepage, Version: info.Version,
		Keywords: info.Keywords, Licenses: info.Licenses, Sources: info.Sources}
	if ValidDate(info.AsOf) && len(info.AsOf) == len("2006-01-02") {
		p.Created = info.AsOf + "T00:00:00Z" // the data's as-of date, as the RFC 3339 time the profile asks for
	}
	for _, f := range Files() {
		s, ok := schemas[f.Name]
		if !ok {
			return nil, fmt.Errorf("datapackage: no schema for %s", f.Name)
		}
		s.MissingValues = []string{""}
		name := f.Name[:len(f.Name)-len(".csv")]
		p.Resources = append(p.Resources, PackageResource{Profile: "tabular-data-resource", Name: name, Path: f.Name,
			Title: name, Format: "csv", Mediatype: "text/csv", Encoding: "utf-8", Schema: s})
	}
	return json.MarshalIndent(p, "", "  ")
}
