package store

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/twinningtracker/twinning/seed/slug"
)

// Full-text search runs on the FTS5 indexes of migration 0002 (search_government,
// search_agreement, search_activity), which triggers keep in step with the records.

// Bounds on what a query is made of: words past maxSearchTerms are ignored, and a
// word is cut at maxTermRunes (no indexed word is that long).
const (
	maxSearchTerms = 10
	maxTermRunes   = 64
)

// MatchQuery turns what someone typed into an FTS5 query that is never a syntax
// error: every whitespace-separated word becomes a quoted phrase with a prefix star,
// and the phrases are ANDed ("Sao Paulo" → "Sao"* AND "Paulo"*). Inside quotes,
// FTS5's operators (AND, OR, NOT, NEAR, parentheses, :, ^, *, -, +) are plain text;
// quotes are doubled. Control characters and invalid UTF-8 are removed, words with no
// letter or digit dropped (the tokenizer would make nothing of them, and an empty
// phrase matches nothing), long words cut, and at most maxSearchTerms words kept.
// The result is "" when nothing is left to search for.
func MatchQuery(input string) string {
	var terms []string
	for _, word := range strings.FieldsFunc(input, unicode.IsSpace) {
		if len(terms) == maxSearchTerms {
			break
		}
		var b strings.Builder
		n, useful := 0, false
		for i, r := range word {
			if r == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(word[i:]); size <= 1 {
					continue // an invalid byte
				}
			}
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				continue // NUL would cut the query short; format characters are invisible
			}
			if n == maxTermRunes {
				break
			}
			if r == '"' {
				b.WriteString(`""`)
			} else {
				b.WriteRune(r)
			}
			n++
			useful = useful || unicode.IsLetter(r) || unicode.IsNumber(r)
		}
		if useful {
			terms = append(terms, `"`+b.String()+`"*`)
		}
	}
	return strings.Join(terms, " AND ")
}

// Column weights for bm25, in the order of each index's columns: names count most,
// then places (slug, region), then countries and free text.
const (
	govRank       = `bm25(search_government, 2.0, 10.0, 10.0, 10.0, 2.0, 1.0)` // slug, name, name_local, name_fr, region, country
	agreementRank = `bm25(search_agreement, 5.0, 1.0)`                         // parties, note
	activityRank  = `bm25(search_activity, 5.0, 1.0)`                          // title, description
)

// SearchResults are the matches of one query in three groups, best first. The
// totals count every match; the lists hold at most the limit asked for.
type SearchResults struct {
	Governments []GovernmentCount
	Agreements  []AgreementRow
	Activities  []LatestActivity

	GovernmentTotal, AgreementTotal, ActivityTotal int
}

// Search finds governments (by any form of their name, slug, region or country),
// agreements (by either party's names or the note) and activities (by title or
// description, or by their agreement's parties) matching every word of q as a
// prefix, accents and case ignored: places ranked by name first (searchGovernments),
// agreements by bm25, exchanges as SearchFrom says. Any q is safe: see MatchQuery.
func (db *DB) Search(ctx context.Context, q string, limit int) (SearchResults, error) {
	return db.SearchFrom(ctx, q, limit, SearchSkip{})
}

// SearchSkip is how many of each group's best matches a page of results skips.
type SearchSkip struct{ Governments, Agreements, Activities int }

// SearchFrom is Search from further down each group's ranking: at most limit matches
// per group after skipping skip's.
//
// An exchange matches when its title or description does, or when its agreement's
// parties do ("Dangjin" finds Dangjin's exchanges, whose titles rarely name it):
// the first kind ranked first by bm25, then the second, newest first.
func (db *DB) SearchFrom(ctx context.Context, q string, limit int, skip SearchSkip) (_ SearchResults, err error) {
	defer wrap(&err, "search")
	note(ctx, worldScope(kindAgreements), worldScope(kindActivities))
	var res SearchResults
	match := MatchQuery(q)
	if match == "" || limit <= 0 {
		return res, nil
	}
	// One read transaction, so the totals and lists describe the same data.
	err = db.readTx(ctx, func(tx queryer) error {
		if err := tx.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM search_government WHERE search_government MATCH ?1),
			(SELECT count(*) FROM search_agreement WHERE search_agreement MATCH ?1),
			(`+activityMatchCount+`)`, match, partiesMatch(match)).
			Scan(&res.GovernmentTotal, &res.AgreementTotal, &res.ActivityTotal); err != nil {
			return err
		}
		var err error
		if res.GovernmentTotal > 0 {
			if res.Governments, err = searchGovernments(ctx, tx, q, match, limit, skip.Governments); err != nil {
				return err
			}
		}
		if res.AgreementTotal > 0 {
			if res.Agreements, err = scanAgreementRows(tx.QueryContext(ctx, `WITH m AS (
					SELECT d.key, `+agreementRank+` score FROM search_agreement f JOIN search_doc d ON d.id = f.rowid
					WHERE search_agreement MATCH ?1 ORDER BY score, d.key LIMIT ?2 OFFSET ?3)
				`+agreementSelect+`
				FROM m JOIN agreement ag ON ag.id = m.key
				JOIN government ga ON ga.slug = ag.government_a
				JOIN government gb ON gb.slug = ag.government_b
				ORDER BY m.score, ag.id`, match, limit, skip.Agreements)); err != nil {
				return err
			}
		}
		if res.ActivityTotal > 0 {
			if res.Activities, err = searchActivities(ctx, tx, match, limit, skip.Activities); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// searchGovernments ranks the place a reader most likely means first: a name that is
// what was typed, then names that begin with it, each the best connected first
// ("saint" leads with Saint Petersburg, not Saint-Pryvé-Saint-Mesmin, whose name
// says "saint" twice); then the other matches by bm25 and connections. Latin names
// are compared by their slugs, which are the names folded (case and accents:
// "Quebec" is Québec, "Sao Paulo" São Paulo); own-script names as typed.
func searchGovernments(ctx context.Context, tx queryer, q, match string, limit, skip int) ([]GovernmentCount, error) {
	q = strings.Join(strings.Fields(q), " ")
	folded := slug.Part(q)
	rows, err := tx.QueryContext(ctx, `WITH m AS (
			SELECT g.slug, `+govRank+` AS score,
				(SELECT count(*) FROM agreement ag WHERE ag.government_a = g.slug) + (SELECT count(*) FROM agreement ag WHERE ag.government_b = g.slug) AS n,
				CASE WHEN (?5 <> '' AND g.slug = ?5 || '-' || lower(g.country)) OR ?4 IN (g.name_local, g.name_ko) THEN 0
					WHEN (?5 <> '' AND substr(g.slug, 1, length(?5)) = ?5)
						OR substr(g.name_local, 1, length(?4)) = ?4 OR substr(g.name_ko, 1, length(?4)) = ?4 THEN 1
					ELSE 2 END AS tier
			FROM search_government f JOIN search_doc d ON d.id = f.rowid JOIN government g ON g.slug = d.key
			WHERE search_government MATCH ?1)
		SELECT `+govCols("g")+`, m.n
		FROM m JOIN government g ON g.slug = m.slug
		ORDER BY m.tier, CASE WHEN m.tier < 2 THEN -m.n ELSE 0 END, m.score, m.n DESC, g.name, g.slug
		LIMIT ?2 OFFSET ?3`, match, limit, skip, q, folded)
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

// activityMatchCount counts the exchanges of a search: ?1 is the match of their own
// text, ?2 of their agreement's parties (partiesMatch); the union reads each side off
// its own index.
const activityMatchCount = `SELECT count(*) FROM (
	SELECT d.key FROM search_activity f JOIN search_doc d ON d.id = f.rowid WHERE search_activity MATCH ?1
	UNION
	SELECT a.id FROM activity a WHERE a.agreement IN (
		SELECT d.key FROM search_agreement f JOIN search_doc d ON d.id = f.rowid WHERE search_agreement MATCH ?2))`

// partiesMatch narrows an agreement match to the parties' names (not the note).
func partiesMatch(match string) string { return "parties : (" + match + ")" }

func searchActivities(ctx context.Context, tx queryer, match string, limit, skip int) ([]LatestActivity, error) {
	// Two lists read one after the other, so that neither is sorted whole: the
	// exchanges whose own text matches, best first, then the others of the matching
	// agreements, newest first (read off the date index, stopping at the page's end).
	var own int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM search_activity WHERE search_activity MATCH ?1`, match).Scan(&own); err != nil {
		return nil, err
	}
	var ids []string
	if skip < own {
		got, err := scanStrings(tx.QueryContext(ctx, `SELECT d.key FROM search_activity f JOIN search_doc d ON d.id = f.rowid
			WHERE search_activity MATCH ?1 ORDER BY `+activityRank+`, d.key LIMIT ?2 OFFSET ?3`, match, limit, skip))
		if err != nil {
			return nil, err
		}
		ids = got
	}
	if rest := limit - len(ids); rest > 0 {
		got, err := scanStrings(tx.QueryContext(ctx, `SELECT a.id FROM activity a
			WHERE a.agreement IN (SELECT d.key FROM search_agreement f JOIN search_doc d ON d.id = f.rowid WHERE search_agreement MATCH ?2)
			AND a.id NOT IN (SELECT d.key FROM search_activity f JOIN search_doc d ON d.id = f.rowid WHERE search_activity MATCH ?1)
			ORDER BY a.date DESC, a.id DESC LIMIT ?3 OFFSET ?4`, match, partiesMatch(match), rest, max(0, skip-own)))
		if err != nil {
			return nil, err
		}
		ids = append(ids, got...)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	acts, err := scanLatestActivities(tx.QueryContext(ctx, `SELECT `+activityCols+`, `+govCols("ga")+`, `+govCols("gb")+activityJoins+
		`WHERE a.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...))
	if err != nil {
		return nil, err
	}
	order := make(map[string]int, len(ids))
	for i, id := range ids {
		order[id] = i
	}
	slices.SortFunc(acts, func(x, y LatestActivity) int { return order[x.ID] - order[y.ID] })
	return acts, nil
}

// SearchGovernments finds governments matching every word of q (see Search), best
// first. Any q is safe: see MatchQuery.
func (db *DB) SearchGovernments(ctx context.Context, q string, limit int) (_ []GovernmentCount, err error) {
	defer wrap(&err, "searching governments")
	note(ctx, worldScope(kindAgreements))
	match := MatchQuery(q)
	if match == "" || limit <= 0 {
		return nil, nil
	}
	return searchGovernments(ctx, db.reader(ctx), q, match, limit, 0)
}
