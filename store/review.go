package store

import (
	"context"
	"strconv"
)

// ReviewItem is an activity an official reviews before declaring a year complete:
// one of their government's, dated in the year or not dated at all, with what its
// record lacks.
type ReviewItem struct {
	LatestActivity
	NoDate, NoDirection, NoCategory, NoSource bool
}

// ActivitiesToReview lists a government's activities dated in year and those with no
// date, those lacking something first, then newest first; at most limit.
func (db *DB) ActivitiesToReview(ctx context.Context, government string, year, limit int) (_ []ReviewItem, err error) {
	defer wrap(&err, "activities of %s to review for %d", government, year)
	rows, err := db.query(ctx, `SELECT `+activityCols+`, `+govCols("ga")+`, `+govCols("gb")+`,
		NOT EXISTS (SELECT 1 FROM citation c WHERE c.record_type = 'activity' AND c.record_id = a.id) AS no_source`+
		activityJoins+`WHERE (ag.government_a = ?1 OR ag.government_b = ?1) AND (a.date = '' OR substr(a.date, 1, 4) = ?2)
		ORDER BY (a.date = '' OR a.from_side = '' OR a.category = '' OR no_source) DESC, a.date DESC, a.id DESC LIMIT ?3`,
		government, strconv.Itoa(year), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReviewItem
	for rows.Next() {
		var r ReviewItem
		args := append(append(r.Activity.fields(), r.A.scanArgs()...), r.B.scanArgs()...)
		if err := rows.Scan(append(args, &r.NoSource)...); err != nil {
			return nil, err
		}
		r.NoDate, r.NoDirection, r.NoCategory = r.Date == "", r.From == "", r.Category == ""
		out = append(out, r)
	}
	return out, rows.Err()
}
