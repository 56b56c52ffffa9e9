package web

import (
	"slices"
	"strings"

	"github.com/twinningtracker/twinning/views"
)

// relationshipColumns describe one agreement from one side's point of view, with its
// activeness; government, country and country-pair twins share them.
// record_complete_years are the window's years a party's record is complete for
// ("2021–2022"): what a dormant judgement rests on. standing is where it stood on
// the page's date (?as_of=, today by default): in_force, possibly, not_yet, ended,
// planned or unverified.
//
// New columns go at the end, so that a reader of the older columns by position
// keeps working.
var relationshipColumns = []string{"agreement", "government", "government_name", "government_country", "government_region",
	"partner", "partner_name", "partner_name_local", "partner_country", "partner_region", "kind", "signed", "status",
	"activeness", "last_activity_year", "active_years", "engagement_rate", "record_complete_years", "standing",
	"government_region_name", "partner_region_name"}

// The *_region columns are the region as recorded (the key of filters and URLs);
// *_region_name is its name in the twin's language.
func relationshipTable(l *views.Loc, title string, items []views.AgreementItem) Table {
	t := Table{Title: title, Columns: relationshipColumns}
	for _, it := range items {
		var last any
		if it.Activeness.LastYear > 0 {
			last = it.Activeness.LastYear
		}
		years := make([]string, len(it.Activeness.ActiveYears))
		for i, y := range it.Activeness.ActiveYears {
			years[i] = itoa(y)
		}
		t.Rows = append(t.Rows, []any{it.ID, it.Self.Slug, it.Self.Name, it.Self.Country, orNil(it.Self.Region),
			it.Partner.Slug, it.Partner.Name, orNil(it.Partner.NameLocal), it.Partner.Country, orNil(it.Partner.Region),
			it.Kind, orNil(it.Signed), it.Status, it.Activeness.State, last, strings.Join(years, " "), it.Activeness.Rate,
			orNil(it.Activeness.Covered), orNil(it.Standing), regionName(l, it.Self.Region), regionName(l, it.Partner.Region)})
	}
	return t
}

// timelineColumns describe an agreement's lifecycle events and activities together.
var timelineColumns = []string{"type", "id", "date", "date_end", "event_or_category", "from", "title", "description", "participants",
	"sources", "cost_amount", "cost_currency", "paid_by", "outputs"}

func timelineTable(title string, events []views.EventItem, acts []views.ActivityItem) Table {
	t := Table{Title: title, Columns: timelineColumns}
	for _, e := range events {
		t.Rows = append(t.Rows, []any{"event", nil, orNil(e.Date), nil, e.Event, nil, nil, orNil(e.Note), nil,
			strings.Join(e.Sources, " | "), nil, nil, nil, nil})
	}
	for _, a := range acts {
		t.Rows = append(t.Rows, []any{"activity", a.ID, orNil(a.Date), orNil(a.DateEnd), orNil(a.Category), orNil(a.From),
			a.Title, orNil(a.Description), orNil(a.Participants), strings.Join(a.Sources, " | "), orNil(a.CostAmount),
			orNil(a.CostCurrency), orNil(a.PaidBy), orNil(a.Outputs)})
	}
	return t
}

var governmentColumns = []string{"slug", "name", "name_local", "name_fr", "country", "region", "level", "agreements", "region_name"}

func governmentTable(l *views.Loc, title string, govs []views.GovCount) Table {
	t := Table{Title: title, Columns: governmentColumns}
	for _, g := range govs {
		t.Rows = append(t.Rows, []any{g.Slug, g.Name, orNil(g.NameLocal), orNil(g.NameFR), g.Country, orNil(g.Region), orNil(g.Level), g.N,
			regionName(l, g.Region)})
	}
	return t
}

func countryTable(title string, cs []views.CountryCount) Table {
	t := Table{Title: title, Columns: []string{"country", "agreements"}}
	for _, c := range cs {
		t.Rows = append(t.Rows, []any{c.Code, c.N})
	}
	return t
}

// regionName is a recorded region's name in l's language, nil when none is recorded.
func regionName(l *views.Loc, region string) any {
	if region == "" {
		return nil
	}
	return l.RegionName(region)
}

// reportingColumns: one row per government and year of the reporting overview.
var reportingColumns = []string{"government", "government_name", "country", "region", "year", "declared_complete", "declared_on", "note"}

func reportingTable(title string, p views.ReportingPage) Table {
	t := Table{Title: title, Columns: reportingColumns}
	for _, g := range p.Groups {
		for _, r := range g.Regions {
			for _, row := range r.Rows {
				for _, cell := range row.Cells {
					t.Rows = append(t.Rows, []any{row.Gov.Slug, row.Gov.Name, g.Code, orNil(r.Region), cell.Year, cell.Reported,
						orNil(cell.Date), orNil(cell.Note)})
				}
			}
		}
	}
	return t
}

// correctionColumns: one row per suggested correction, as the public log shows it.
var correctionColumns = []string{"id", "record_type", "record", "government_a", "government_b", "text", "source_url", "status",
	"reason", "suggested_on", "decided_on", "decided_by", "decided_by_government", "applied"}

func correctionTable(title string, items []views.CorrectionItem) Table {
	t := Table{Title: title, Columns: correctionColumns}
	for _, c := range items {
		var decider any
		if c.DecidedGov != nil {
			decider = c.DecidedGov.Slug
		}
		t.Rows = append(t.Rows, []any{c.ID, c.RecordType, c.RecordID, orNil(c.A.Slug), orNil(c.B.Slug), c.Text, orNil(c.SourceURL),
			c.Status, orNil(c.Reason), c.CreatedAt, orNil(c.DecidedAt), orNil(c.DecidedBy), decider, c.Applied})
	}
	return t
}

// historyColumns: one row per changed field of each change (a change that changed no
// field, a withdrawal's reason, has one row without a field). Values of several
// lines (sources, a lifecycle) are joined with " | ".
var historyColumns = []string{"at", "actor", "actor_government", "record_type", "record", "action", "reason", "field", "before", "after"}

func historyTable(title string, changes []views.ChangeItem) Table {
	t := Table{Title: title, Columns: historyColumns}
	for _, ch := range changes {
		var gov any
		if ch.Who.Gov.Slug != "" {
			gov = ch.Who.Gov.Slug
		}
		actor := ch.Who.Kind
		if actor == "" || actor == "other" {
			actor = ch.Who.Raw
		}
		base := []any{ch.At, actor, gov, ch.RecordType, ch.RecordLabel, ch.Action, orNil(ch.Why)}
		if len(ch.Diff) == 0 {
			t.Rows = append(t.Rows, append(slices.Clone(base), nil, nil, nil))
		}
		for _, d := range ch.Diff {
			t.Rows = append(t.Rows, append(slices.Clone(base), d.Field, orNil(strings.Join(d.Before, " | ")), orNil(strings.Join(d.After, " | "))))
		}
	}
	return t
}
