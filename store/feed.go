package store

import (
	"context"
	"database/sql"
)

// FeedItem is one dated thing that happened under an agreement, for a news feed:
// its signing, a lifecycle event, or an exchange activity.
type FeedItem struct {
	Type      string // "signed", "event" or "activity"
	Key       string // "" for a signing, the event type for an event, the activity id for an activity
	Agreement string
	Date      string // YYYY, YYYY-MM or YYYY-MM-DD; never unknown
	What      string // the agreement's kind, the event type, or the activity's category ('' unknown)
	From      string // an activity's direction: a side's slug, "joint" or '' (unknown)
	Title     string // an activity's title
	Text      string // the agreement's or event's note, or the activity's description
	A, B      GovRef // the agreement's parties, in record order
}

// feedItems are the dated signings, lifecycle events and activities, in the shape
// ActivityFilter.where expects of its alias a (agreement, category, from_side). A
// signing with a lifecycle event of the same date that records it (friendship or
// sister agreement signed) is left to that event, so it is not told twice. Undated
// records cannot be placed in a feed and are left out.
const feedItems = `WITH item (type, key, agreement, date, what, from_side, category, title, text) AS (
		SELECT 'signed', '', ag0.id, ag0.signed, ag0.kind, NULL, NULL, '', ag0.note FROM agreement ag0
		WHERE ag0.signed <> '' AND NOT EXISTS (SELECT 1 FROM event e0 WHERE e0.agreement = ag0.id
			AND e0.date = ag0.signed AND e0.event IN ('friendship_signed', 'sister_signed'))
		UNION ALL
		SELECT 'event', e.event, e.agreement, e.date, e.event, NULL, NULL, '', e.note FROM event e WHERE e.date <> ''
		UNION ALL
		SELECT 'activity', ac.id, ac.agreement, ac.date, ac.category, ac.from_side, ac.category, ac.title, ac.description
		FROM activity ac WHERE ac.date <> ''
	)`

// Feed lists the newest dated signings, lifecycle events and activities under the
// agreements f selects, newest first, at most limit. Filters on an activity's
// category or direction keep only activities.
func (db *DB) Feed(ctx context.Context, f ActivityFilter, limit int) (_ []FeedItem, err error) {
	defer wrap(&err, "feed")
	// Signings and lifecycle events as well as activities.
	note(ctx, f.scope(), AgreementFilter{Government: f.Government, Country: f.Country, Partner: f.Partner}.scope())
	cond, args := f.where()
	rows, err := db.query(ctx, feedItems+`
		SELECT a.type, a.key, a.agreement, a.date, a.what, coalesce(a.from_side, ''), a.title, a.text,
			`+govCols("ga")+`, `+govCols("gb")+`
		FROM item a JOIN agreement ag ON ag.id = a.agreement
		JOIN government ga ON ga.slug = ag.government_a
		JOIN government gb ON gb.slug = ag.government_b
		WHERE `+cond+`
		ORDER BY a.date DESC, a.type, a.agreement, a.key
		LIMIT @limit`, append(args, sql.Named("limit", limit))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FeedItem
	for rows.Next() {
		var it FeedItem
		args := []any{&it.Type, &it.Key, &it.Agreement, &it.Date, &it.What, &it.From, &it.Title, &it.Text}
		args = append(append(args, it.A.scanArgs()...), it.B.scanArgs()...)
		if err := rows.Scan(args...); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
