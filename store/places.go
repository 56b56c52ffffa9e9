package store

import "context"

// Place is a government where a map draws it: lat/lon nil when not recorded.
type Place struct {
	Ref      GovRef
	Lat, Lon *float64
}

// PartnerPlace is one agreement of a government with where its partner is.
type PartnerPlace struct {
	Agreement, Kind, Signed, Status string
	Partner                         Place
}

// PartnerPlaces returns a government's place and, one per agreement, its partners'
// places (by country, then name), for the map of its partners. The governments'
// coordinates change only by import, which bumps every scope; the list of
// agreements is the government's own scope.
func (db *DB) PartnerPlaces(ctx context.Context, slug string) (home Place, partners []PartnerPlace, err error) {
	defer wrap(&err, "partner places of %s", slug)
	note(ctx, govScope(slug))
	r := db.reader(ctx)
	home.Ref.Slug = slug
	err = r.QueryRowContext(ctx, `SELECT `+govCols("g")+`, g.lat, g.lon FROM government g WHERE g.slug = ?`, slug).
		Scan(append(home.Ref.scanArgs(), &home.Lat, &home.Lon)...)
	if err != nil {
		return home, nil, notFound(err)
	}
	rows, err := db.query(ctx, `SELECT ag.id, ag.kind, ag.signed, ag.status, `+govCols("gb")+`, gb.lat, gb.lon
		FROM agreement ag
		JOIN government gb ON gb.slug = CASE WHEN ag.government_a = ?1 THEN ag.government_b ELSE ag.government_a END
		WHERE ag.government_a = ?1 OR ag.government_b = ?1
		ORDER BY gb.country, gb.name, ag.id`, slug)
	if err != nil {
		return home, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p PartnerPlace
		if err := rows.Scan(append([]any{&p.Agreement, &p.Kind, &p.Signed, &p.Status}, append(p.Partner.Ref.scanArgs(),
			&p.Partner.Lat, &p.Partner.Lon)...)...); err != nil {
			return home, nil, err
		}
		partners = append(partners, p)
	}
	return home, partners, rows.Err()
}
