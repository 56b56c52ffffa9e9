package store

// The columns of a government, an agreement and an activity, in the order of their
// fields in the import format, and the Scan destinations that go with them: one list
// each for the export, the import's history, the writes and the queries.

// governmentCols selects a Government's own fields (not its sources).
const governmentCols = `slug, name, name_local, name_fr, name_ko, level, country, region, coalesce(parent, ''), lat, lon, wikidata, website`

func (g *Government) fields() []any {
	return []any{&g.Slug, &g.Name, &g.NameLocal, &g.NameFR, &g.NameKO, &g.Level, &g.Country, &g.Region, &g.Parent,
		&g.Lat, &g.Lon, &g.Wikidata, &g.Website}
}

// agreementCols selects an Agreement's own fields.
const agreementCols = `id, government_a, government_b, kind, signed, status, ended, note`

func (a *Agreement) fields() []any {
	return []any{&a.ID, &a.GovernmentA, &a.GovernmentB, &a.Kind, &a.Signed, &a.Status, &a.Ended, &a.Note}
}

// activityCols selects an Activity's own fields from activity aliased as a.
const activityCols = `a.id, a.agreement, a.date, a.date_end, a.category, a.from_side, a.title, a.description, a.participants,
	a.cost_amount, a.cost_currency, a.paid_by, a.outputs`

func (a *Activity) fields() []any {
	return []any{&a.ID, &a.Agreement, &a.Date, &a.DateEnd, &a.Category, &a.From, &a.Title, &a.Description, &a.Participants,
		&a.CostAmount, &a.CostCurrency, &a.PaidBy, &a.Outputs}
}
