package store

import "context"

// GovernmentPage is everything a government's page shows.
type GovernmentPage struct {
	Government
	CountryName string
	ParentRef   *GovRef
	Children    []GovRef
	Agreements  []AgreementRow // A is this government
	SourceList  []Source
}

// Government returns one government with its parent, children and agreements.
func (db *DB) Government(ctx context.Context, slug string) (_ *GovernmentPage, err error) {
	defer wrap(&err, "government %s", slug)
	note(ctx, govScope(slug))
	var p GovernmentPage
	g := &p.Government
	var parent *string
	err = db.reader(ctx).QueryRowContext(ctx, `SELECT g.slug, g.name, g.name_local, g.name_fr, g.name_ko, g.level, g.country, g.region,
		g.parent, g.lat, g.lon, g.wikidata, g.website, c.name_en
		FROM government g JOIN country c ON c.code = g.country WHERE g.slug = ?`, slug).
		Scan(&g.Slug, &g.Name, &g.NameLocal, &g.NameFR, &g.NameKO, &g.Level, &g.Country, &g.Region, &parent,
			&g.Lat, &g.Lon, &g.Wikidata, &g.Website, &p.CountryName)
	if err != nil {
		return nil, notFound(err)
	}
	if parent != nil {
		refs, err := db.govRefs(ctx, `WHERE g.slug = ?`, *parent)
		if err != nil {
			return nil, err
		}
		if len(refs) == 1 {
			p.ParentRef = &refs[0]
		}
	}
	if p.Children, err = db.govRefs(ctx, `WHERE g.parent = ? ORDER BY g.name`, slug); err != nil {
		return nil, err
	}
	if p.Agreements, err = db.GovernmentAgreements(ctx, slug); err != nil {
		return nil, err
	}
	if p.SourceList, err = db.Sources(ctx, "government", slug); err != nil {
		return nil, err
	}
	return &p, nil
}

// GovernmentAgreements lists a government's agreements with it as side A, oldest
// signing first and unknown dates last.
func (db *DB) GovernmentAgreements(ctx context.Context, slug string) (_ []AgreementRow, err error) {
	defer wrap(&err, "agreements of %s", slug)
	note(ctx, govScope(slug))
	return scanAgreementRows(db.query(ctx, agreementSelect+`
		FROM agreement ag
		JOIN government ga ON ga.slug = ?1
		JOIN government gb ON gb.slug = CASE WHEN ag.government_a = ?1 THEN ag.government_b ELSE ag.government_a END
		WHERE ag.government_a = ?1 OR ag.government_b = ?1
		ORDER BY ag.signed = '', ag.signed, gb.name`, slug))
}

func (db *DB) govRefs(ctx context.Context, where string, args ...any) ([]GovRef, error) {
	rows, err := db.query(ctx, `SELECT `+govCols("g")+` FROM government g `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GovRef
	for rows.Next() {
		var r GovRef
		if err := rows.Scan(r.scanArgs()...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Name reads how a government is named (its GovRef), without its agreements.
func (db *DB) Name(ctx context.Context, slug string) (_ GovRef, err error) {
	defer wrap(&err, "name of %s", slug)
	refs, err := db.govRefs(ctx, `WHERE g.slug = ?`, slug)
	if err != nil {
		return GovRef{}, err
	}
	if len(refs) == 0 {
		return GovRef{}, ErrNotFound
	}
	return refs[0], nil
}

// Parties reads how an agreement's two parties are named, A then B, without the
// agreement's lifecycle, activities or sources.
func (db *DB) Parties(ctx context.Context, agreement string) (a, b GovRef, err error) {
	defer wrap(&err, "parties of %s", agreement)
	refs, err := db.govRefs(ctx, `JOIN agreement ag ON g.slug IN (ag.government_a, ag.government_b)
		WHERE ag.id = ? ORDER BY g.slug = ag.government_b`, agreement)
	if err != nil {
		return a, b, err
	}
	if len(refs) != 2 {
		return a, b, ErrNotFound
	}
	return refs[0], refs[1], nil
}
