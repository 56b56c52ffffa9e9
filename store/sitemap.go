package store

import (
	"context"
)

// PublicKeys are the keys of every public record page, for the sitemap: countries
// with governments, country pairs with agreements (codes in order), governments,
// agreements.
type PublicKeys struct {
	Countries   []string
	Pairs       [][2]string
	Governments []string
	Agreements  []string
}

// PublicKeys lists the keys, each list in a stable order; cached until an agreement
// is written (governments change only by import, which invalidates everything).
func (db *DB) PublicKeys(ctx context.Context) (_ PublicKeys, err error) {
	defer wrap(&err, "public keys")
	return cached(ctx, db, "public-keys", func(ctx context.Context) (PublicKeys, error) {
		note(ctx, worldScope(kindAgreements))
		var k PublicKeys
		var err error
		r := db.reader(ctx)
		if k.Countries, err = scanStrings(r.QueryContext(ctx, `SELECT DISTINCT country FROM government ORDER BY 1`)); err != nil {
			return k, err
		}
		rows, err := r.QueryContext(ctx, `SELECT DISTINCT min(country_a, country_b), max(country_a, country_b) FROM agreement
			WHERE country_a <> '' AND country_b <> '' ORDER BY 1, 2`)
		if err != nil {
			return k, err
		}
		for rows.Next() {
			var p [2]string
			if err := rows.Scan(&p[0], &p[1]); err != nil {
				rows.Close()
				return k, err
			}
			k.Pairs = append(k.Pairs, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return k, err
		}
		if k.Governments, err = scanStrings(r.QueryContext(ctx, `SELECT slug FROM government ORDER BY slug`)); err != nil {
			return k, err
		}
		k.Agreements, err = scanStrings(r.QueryContext(ctx, `SELECT id FROM agreement ORDER BY id`))
		return k, err
	})
}

// CountryCodes are the countries of the recorded governments, in code order: what a
// country filter may name. Only an import changes them (it invalidates everything),
// so the read notes no scope and a page listing them is not refreshed by each write.
func (db *DB) CountryCodes(ctx context.Context) (_ []string, err error) {
	defer wrap(&err, "country codes")
	return cached(ctx, db, "country-codes", func(ctx context.Context) ([]string, error) {
		return scanStrings(db.reader(ctx).QueryContext(ctx, `SELECT DISTINCT country FROM government ORDER BY 1`))
	})
}
