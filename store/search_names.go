package store

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/twinningtracker/twinning/seed/slug"
)

// What the full-text index cannot find, found by looking at every place's names in
// memory (a few megabytes at world scale, read once: only an import changes names,
// and it invalidates everything): a name in Chinese,
// Japanese or Korean script that contains what was typed anywhere ("성시" in 화성시;
// FTS5's unicode61 tokenizer makes one token of an unspaced CJK name, so only its
// beginning is found), and a Latin name spelled a letter or two differently
// ("Hwasong" for Hwaseong). These come after the index's matches.

// placeName is one place's names, folded for comparison.
type placeName struct {
	slug  string
	latin [][]rune // name and French name: lower case, accents removed
	own   []string // own-script and Korean names, as written
}

// placeNames reads every place's names once. It notes no scope: the number of
// agreements that ranks the places found is read for those alone, so a report or an
// agreement written does not make the next search read every place again.
func (db *DB) placeNames(ctx context.Context) ([]placeName, error) {
	return cached(ctx, db, "place-names", func(ctx context.Context) ([]placeName, error) {
		rows, err := db.reader(ctx).QueryContext(ctx, `SELECT slug, name, name_fr, name_local, name_ko FROM government ORDER BY slug`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []placeName
		for rows.Next() {
			var p placeName
			var name, fr, local, ko string
			if err := rows.Scan(&p.slug, &name, &fr, &local, &ko); err != nil {
				return nil, err
			}
			for _, s := range []string{name, fr} {
				if s != "" {
					p.latin = append(p.latin, []rune(foldName(s)))
				}
			}
			for _, s := range []string{local, ko} {
				if s != "" {
					p.own = append(p.own, s)
				}
			}
			out = append(out, p)
		}
		return out, rows.Err()
	})
}

func foldName(s string) string {
	return strings.ToLower(slug.Fold(strings.Join(strings.Fields(s), " ")))
}

// isCJK reports whether s holds a Han, Hiragana, Katakana or Hangul letter.
func isCJK(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
	}) >= 0
}

// SearchPlacesLoosely finds up to limit places the full-text search does not (skip
// holds those it found): for a query in CJK script, own-script names containing it;
// for a Latin query of four letters or more, names within one edit (two from nine
// letters) of it. Nearest first, then the best connected.
func (db *DB) SearchPlacesLoosely(ctx context.Context, q string, skip map[string]bool, limit int) (_ []GovernmentCount, err error) {
	defer wrap(&err, "loose search")
	q = strings.Join(strings.Fields(q), " ")
	if q == "" || limit <= 0 {
		return nil, nil
	}
	names, err := db.placeNames(ctx)
	if err != nil {
		return nil, err
	}
	type hit struct {
		g    GovernmentCount
		dist int
	}
	var hits []hit
	add := func(slug string, dist int) {
		hits = append(hits, hit{GovernmentCount{GovRef: GovRef{Slug: slug}}, dist})
	}
	if isCJK(q) {
		for _, p := range names {
			if !skip[p.slug] && slices.ContainsFunc(p.own, func(s string) bool { return strings.Contains(s, q) }) {
				add(p.slug, 0)
			}
		}
	} else {
		folded := []rune(foldName(q))
		if len(folded) < 4 {
			return nil, nil // short words are too close to too many names
		}
		maxDist := 1
		if len(folded) >= 9 {
			maxDist = 2
		}
		var d distanceRows
		for _, p := range names {
			best := maxDist + 1
			for _, s := range p.latin {
				best = min(best, d.within(folded, s, maxDist))
			}
			if best <= maxDist && !skip[p.slug] {
				add(p.slug, best)
			}
		}
	}
	// The places found, with their agreements (an indexed count each), nearest
	// first, then the best connected.
	note(ctx, worldScope(kindAgreements))
	for i := range hits {
		g := &hits[i].g
		if err := db.reader(ctx).QueryRowContext(ctx, `SELECT `+govCols("g")+`,
				(SELECT count(*) FROM agreement ag WHERE ag.government_a = g.slug) + (SELECT count(*) FROM agreement ag WHERE ag.government_b = g.slug)
			FROM government g WHERE g.slug = ?`, g.Slug).Scan(append(g.scanArgs(), &g.Agreements)...); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		if a.g.Agreements != b.g.Agreements {
			return b.g.Agreements - a.g.Agreements
		}
		return strings.Compare(a.g.Slug, b.g.Slug)
	})
	var out []GovernmentCount
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.g)
	}
	return out, nil
}

// distanceRows are the two rows of the edit-distance table, kept between calls: the
// loose search compares the query with every place's names (200,000 at world scale),
// and a table per comparison was most of its time.
type distanceRows struct{ prev, cur []int }

// within is the Levenshtein distance of a and b, or limit+1 as soon as it is known
// to exceed limit. Only the band of cells within limit of the diagonal is computed
// (a path outside it already costs more than limit), and names whose lengths differ
// by more than limit are not compared at all.
func (d *distanceRows) within(a, b []rune, limit int) int {
	if n := len(a) - len(b); n > limit || -n > limit {
		return limit + 1
	}
	if cap(d.prev) < len(b)+1 {
		d.prev, d.cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur := d.prev[:len(b)+1], d.cur[:len(b)+1]
	over := limit + 1 // any value above limit stands for "too far"
	for j := range prev {
		prev[j] = min(j, over)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		if lo > 1 {
			cur[lo-1] = over
		} else {
			cur[0] = min(i, over)
		}
		rowMin := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if up := prev[j] + 1; up < v && j <= i-1+limit {
				v = up
			}
			if left := cur[j-1] + 1; left < v {
				v = left
			}
			cur[j] = min(v, over)
			rowMin = min(rowMin, cur[j])
		}
		if hi < len(b) {
			cur[hi+1] = over
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
