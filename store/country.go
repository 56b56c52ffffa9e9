package store

import (
	"context"
	"fmt"
)

// CountryCount is a country with a number of agreements.
type CountryCount struct {
	Country
	Agreements int
}

// Country returns one country, or ErrNotFound when no government is recorded in it.
func (db *DB) Country(ctx context.Context, code string) (_ Country, err error) {
	defer wrap(&err, "country %s", code)
	var c Country
	err = db.reader(ctx).QueryRowContext(ctx, `SELECT code, name_en, name_fr, name_ko FROM country WHERE code = ?`, code).
		Scan(&c.Code, &c.NameEN, &c.NameFR, &c.NameKO)
	return c, notFound(err)
}

// Countries lists every country with the number of agreements one of its governments
// is party to (an agreement between two governments of the same country counts once),
// most agreements first.
func (db *DB) Countries(ctx context.Context) (_ []CountryCount, err error) {
	defer wrap(&err, "countries")
	return cached(ctx, db, "countries", db.countries)
}

func (db *DB) countries(ctx context.Context) ([]CountryCount, error) {
	note(ctx, worldScope(kindAgreements))
	// Each agreement counts for side A's country, and for side B's when it differs:
	// the maintained counts hold exactly that (tally.go).
	return scanCountryCounts(db.query(ctx, `SELECT c.code, c.name_en, c.name_fr, c.name_ko, x.n
		FROM country c JOIN (SELECT country cc, sum(n) n FROM agreement_tally GROUP BY country) x ON x.cc = c.code
		ORDER BY x.n DESC, c.name_en`))
}

// PartnerCountries counts a country's agreements by the partner's country, most first.
func (db *DB) PartnerCountries(ctx context.Context, code string) (_ []CountryCount, err error) {
	defer wrap(&err, "partner countries of %s", code)
	return cached(ctx, db, "partners:"+code, func(ctx context.Context) ([]CountryCount, error) { return db.partnerCountries(ctx, code) })
}

func (db *DB) partnerCountries(ctx context.Context, code string) ([]CountryCount, error) {
	note(ctx, countryScope(kindAgreements, code))
	return scanCountryCounts(db.query(ctx, `SELECT c.code, c.name_en, c.name_fr, c.name_ko, sum(t.n) n
		FROM agreement_tally t JOIN country c ON c.code = t.partner
		WHERE t.country = ?1 GROUP BY c.code ORDER BY n DESC, c.name_en`, code))
}

func scanCountryCounts(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}, err error) ([]CountryCount, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CountryCount
	for rows.Next() {
		var c CountryCount
		if err := rows.Scan(&c.Code, &c.NameEN, &c.NameFR, &c.NameKO, &c.Agreements); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RegionCount is a province/state/region with its governments and agreements.
type RegionCount struct {
	Region      string // '' is unknown
	Governments int
	Agreements  int
}

// Regions counts a country's governments and their agreements by region, most
// agreements first.
func (db *DB) Regions(ctx context.Context, code string) (_ []RegionCount, err error) {
	defer wrap(&err, "regions of %s", code)
	return cached(ctx, db, "regions:"+code, func(ctx context.Context) ([]RegionCount, error) { return db.regions(ctx, code) })
}

func (db *DB) regions(ctx context.Context, code string) ([]RegionCount, error) {
	note(ctx, countryScope(kindAgreements, code))
	// An agreement counts once per region it touches (UNION drops the duplicate when
	// both parties are in the same region).
	rows, err := db.query(ctx, `WITH touched AS (
			SELECT ag.id, ga.region FROM agreement ag JOIN government ga ON ga.slug = ag.government_a WHERE ag.country_a = ?1
			UNION
			SELECT ag.id, gb.region FROM agreement ag JOIN government gb ON gb.slug = ag.government_b WHERE ag.country_b = ?1
		), per_region AS (SELECT region, count(*) n FROM touched GROUP BY region)
		SELECT g.region, count(*), coalesce(p.n, 0)
		FROM government g LEFT JOIN per_region p ON p.region = g.region
		WHERE g.country = ?1 GROUP BY g.region ORDER BY 3 DESC, g.region`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RegionCount
	for rows.Next() {
		var r RegionCount
		if err := rows.Scan(&r.Region, &r.Governments, &r.Agreements); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// GovernmentCount is a government with the number of its agreements.
type GovernmentCount struct {
	GovRef
	Agreements int
}

// CountGovernments is the number of governments recorded in a country.
func (db *DB) CountGovernments(ctx context.Context, code string) (_ int, err error) {
	defer wrap(&err, "governments of %s", code)
	var total int
	err = db.reader(ctx).QueryRowContext(ctx, `SELECT count(*) FROM government WHERE country = ?`, code).Scan(&total)
	return total, err
}

// CountryGovernments lists a page of a country's governments, most agreements first,
// and the total number of governments in the country. Cached until an agreement of
// the country is written: a report leaves the page as it was (at world scale the
// count for every government of Korea took 8 ms, after each report).
func (db *DB) CountryGovernments(ctx context.Context, code string, limit, offset int) (_ []GovernmentCount, _ int, err error) {
	defer wrap(&err, "governments of %s", code)
	type page struct {
		govs  []GovernmentCount
		total int
	}
	p, err := cached(ctx, db, fmt.Sprintf("country-governments:%s:%d:%d", code, limit, offset), func(ctx context.Context) (page, error) {
		note(ctx, countryScope(kindAgreements, code))
		total, err := db.CountGovernments(ctx, code)
		if err != nil {
			return page{}, err
		}
		govs, err := db.countryGovernments(ctx, code, limit, offset)
		return page{govs, total}, err
	})
	return p.govs, p.total, err
}

func (db *DB) countryGovernments(ctx context.Context, code string, limit, offset int) ([]GovernmentCount, error) {
	rows, err := db.query(ctx, `SELECT `+govCols("g")+`,
		(SELECT count(*) FROM agreement ag WHERE ag.government_a = g.slug) + (SELECT count(*) FROM agreement ag WHERE ag.government_b = g.slug) n
		FROM government g WHERE g.country = ? ORDER BY n DESC, g.name, g.slug LIMIT ? OFFSET ?`, code, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GovernmentCount
	for rows.Next() {
		var g GovernmentCount
		if err := rows.Scan(append(g.scanArgs(), &g.Agreements)...); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// Bilateral lists every agreement between a government of country cc and one of cc2,
// with A on the cc side, grouped by A's region then B's region.
func (db *DB) Bilateral(ctx context.Context, cc, cc2 string) (_ []AgreementRow, err error) {
	defer wrap(&err, "agreements between %s and %s", cc, cc2)
	rows, err := cached(ctx, db, "bilateral:"+cc+":"+cc2, func(ctx context.Context) ([]AgreementRow, error) {
		note(ctx, pairScope(kindAgreements, cc, cc2))
		return db.bilateral(ctx, cc, cc2)
	})
	if err != nil {
		return nil, err
	}
	return db.withActivity(ctx, rows, pairScope(kindActivities, cc, cc2))
}

func (db *DB) bilateral(ctx context.Context, cc, cc2 string) ([]AgreementRow, error) {
	return scanAgreementRows(db.query(ctx, agreementRecordSelect+`
		FROM agreement ag
		JOIN government ga ON ga.slug = CASE WHEN ag.country_a = ?1 AND ag.country_b = ?2 THEN ag.government_a ELSE ag.government_b END
		JOIN government gb ON gb.slug = CASE WHEN ag.country_a = ?1 AND ag.country_b = ?2 THEN ag.government_b ELSE ag.government_a END
		WHERE (ag.country_a = ?1 AND ag.country_b = ?2) OR (ag.country_a = ?2 AND ag.country_b = ?1)
		ORDER BY ga.region = '', ga.region, ga.name, gb.region, gb.name`, cc, cc2))
}
