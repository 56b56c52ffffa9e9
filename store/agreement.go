package store

import "context"

// AgreementPage is everything an agreement's page shows.
type AgreementPage struct {
	AgreementRow
	Sources    []Source
	Events     []Event
	Activities []Activity
}

// Agreement returns one agreement with its lifecycle, activities and sources.
func (db *DB) Agreement(ctx context.Context, id string) (_ *AgreementPage, err error) {
	defer wrap(&err, "agreement %s", id)
	note(ctx, agrScope(id))
	rows, err := scanAgreementRows(db.query(ctx, agreementSelect+`
		FROM agreement ag
		JOIN government ga ON ga.slug = ag.government_a
		JOIN government gb ON gb.slug = ag.government_b
		WHERE ag.id = ?`, id))
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	p := &AgreementPage{AgreementRow: rows[0]}
	if p.Sources, err = db.Sources(ctx, "agreement", id); err != nil {
		return nil, err
	}
	if p.Events, err = db.events(ctx, id); err != nil {
		return nil, err
	}
	if p.Activities, err = db.AgreementActivities(ctx, id); err != nil {
		return nil, err
	}
	return p, nil
}

func (db *DB) events(ctx context.Context, agreement string) ([]Event, error) {
	rows, err := db.query(ctx, `SELECT id, agreement, date, event, note FROM event
		WHERE agreement = ? ORDER BY date = '', date, id`, agreement)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.Agreement, &e.Date, &e.Event, &e.Note); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Sources, err = db.SourceURLs(ctx, "event", itoa(out[i].ID)); err != nil {
			return nil, err
		}
	}
	return out, nil
}
