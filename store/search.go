package store

import (
	"context"
	"strings"
)

// SearchGovernments finds governments whose name (in any recorded form) contains q,
// exact and prefix matches first. The query is a plain substring: LIKE wildcards in
// it are escaped, so any input is safe.
func (db *DB) SearchGovernments(ctx context.Context, q string, limit int) ([]GovernmentCount, error) {
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)
	rows, err := db.query(ctx, `SELECT `+govCols("g")+`,
		(SELECT count(*) FROM agreement ag WHERE ag.government_a = g.slug) + (SELECT count(*) FROM agreement ag WHERE ag.government_b = g.slug) n
		FROM government g
		WHERE g.name LIKE ?1 ESCAPE '\' OR g.name_local LIKE ?1 ESCAPE '\' OR g.name_fr LIKE ?1 ESCAPE '\' OR g.slug LIKE ?1 ESCAPE '\'
		ORDER BY (lower(g.name) = lower(?2) OR g.name_local = ?2) DESC, (g.name LIKE ?3 ESCAPE '\' OR g.name_local LIKE ?3 ESCAPE '\') DESC,
			n DESC, g.name
		LIMIT ?4`, "%"+esc+"%", q, esc+"%", limit)
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
