package store

import "context"

// Sources returns the sources a record cites, with their titles.
// A government's or agreement's sources change with it; an event's or activity's with
// its agreement, whose scope the caller notes.
func (db *DB) Sources(ctx context.Context, recordType, recordID string) ([]Source, error) {
	switch recordType {
	case "government":
		note(ctx, govScope(recordID))
	case "agreement":
		note(ctx, agrScope(recordID))
	}
	rows, err := db.query(ctx, `SELECT s.url, s.title, s.publisher, s.accessed FROM citation c
		JOIN source s ON s.id = c.source WHERE c.record_type = ? AND c.record_id = ? ORDER BY s.id`, recordType, recordID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		var s Source
		if err := rows.Scan(&s.URL, &s.Title, &s.Publisher, &s.Accessed); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SourceURLs returns just the URLs a record cites.
func (db *DB) SourceURLs(ctx context.Context, recordType, recordID string) ([]string, error) {
	srcs, err := db.Sources(ctx, recordType, recordID)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(srcs))
	for i, s := range srcs {
		out[i] = s.URL
	}
	return out, nil
}
