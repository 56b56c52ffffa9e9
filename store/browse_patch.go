package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"sort"
)

// Patching the browse base. An agreement write used to rebuild the whole base: read
// every government and agreement, collate every name, sort everything (1.2 s for
// /governments and 2.7 s for /agreements at world scale). Patching copies the
// previous base, reads again only the agreements the change log names, and moves
// just those rows in each presorted order: the other rows keep their relative order
// (signing-date ranks are recomputed, but ranks preserve order), so taking the
// changed rows out and putting each back where its key now falls keeps every order
// sorted.

// maxBasePatch is the most change rows patched in; past it, reading everything again
// costs about the same.
const maxBasePatch = 2000

// patchBase returns prev brought up to change newest, or nil when it cannot be
// patched: a government changed, an agreement was removed, or too much changed.
func patchBase(ctx context.Context, tx queryer, prev *browseIndex, newest int64) (*browseIndex, error) {
	if newest == prev.changeID {
		return prev, nil
	}
	ids, ok, err := changedAgreements(ctx, tx, prev.changeID, newest, false)
	if err != nil || !ok {
		return nil, err
	}
	if len(ids) == 0 { // only reports and the like: the rows are as they were
		x := new(browseIndex)
		*x = *prev
		x.changeID = newest
		return x, nil
	}
	x := new(browseIndex)
	*x = *prev
	x.changeID = newest
	x.ags = slices.Clone(prev.ags)
	x.govAgreements = slices.Clone(prev.govAgreements)
	changedAgs := map[int32]bool{}
	changedGovs := map[int32]bool{}
	clonedIDs := false
	for _, id := range ids {
		var r browseAgreement
		var ga, gb string
		err := tx.QueryRowContext(ctx, `SELECT `+baseAgreementCols+` FROM agreement WHERE id = ?`, id).
			Scan(&r.id, &ga, &gb, &r.kind, &r.signed, &r.status, &r.ended, &r.note)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil // removed: read everything again
		}
		if err != nil {
			return nil, err
		}
		a, okA := x.govID[ga]
		b, okB := x.govID[gb]
		if !okA || !okB {
			return nil, nil // a government the base does not hold
		}
		x.place(&r, a, b)
		i, known := x.agID[id]
		if known {
			old := &x.ags[i]
			x.govAgreements[old.a]--
			x.govAgreements[old.b]--
			changedGovs[old.a], changedGovs[old.b] = true, true
			x.ags[i] = r
		} else {
			if !clonedIDs {
				x.agID, clonedIDs = maps.Clone(prev.agID), true
			}
			i = int32(len(x.ags))
			x.agID[id] = i
			x.ags = append(x.ags, r)
		}
		changedAgs[i] = true
		x.govAgreements[a]++
		x.govAgreements[b]++
		changedGovs[a], changedGovs[b] = true, true
	}
	x.rerank(prev, changedAgs)
	x.govOrder = maps.Clone(prev.govOrder)
	x.govOrder["agreements"] = reorder(prev.govOrder["agreements"], changedGovs, func(i int32) [3]int32 { return [3]int32{-x.govAgreements[i], i} })
	x.agOrder = map[string][]int32{}
	for _, s := range AgreementSorts {
		x.agOrder[s] = reorder(prev.agOrder[s], changedAgs, x.agreementKey(s, anyValue))
	}
	return x, nil
}

// rerank gives the changed rows their signing-date ranks. A date not ranked yet is
// added, moving the ranks after it up by one for every row; a date no row has any
// more keeps its rank (ranks only need to keep dates in order).
func (x *browseIndex) rerank(prev *browseIndex, changed map[int32]bool) {
	var added []string
	for i := range changed {
		if v := x.ags[i].signed; v != "" {
			if _, found := slices.BinarySearch(prev.signedValues, v); !found {
				added = append(added, v)
			}
		}
	}
	if len(added) > 0 {
		slices.Sort(added)
		added = slices.Compact(added)
		vals := make([]string, 0, len(prev.signedValues)+len(added))
		shift := make([]int32, len(prev.signedValues)) // new rank - old rank, by old rank
		j := 0
		for r, v := range prev.signedValues {
			for j < len(added) && added[j] < v {
				vals = append(vals, added[j])
				j++
			}
			shift[r] = int32(j)
			vals = append(vals, v)
		}
		vals = append(vals, added[j:]...)
		x.signedValues = vals
		for i := range x.ags {
			switch r := &x.ags[i]; {
			case r.signed == "":
				r.signedRank = x.unknownSigned()
			case !changed[int32(i)]:
				r.signedRank += shift[r.signedRank]
			}
		}
	}
	for i := range changed {
		r := &x.ags[i]
		if r.signed == "" {
			r.signedRank = x.unknownSigned()
			continue
		}
		p, _ := slices.BinarySearch(x.signedValues, r.signed)
		r.signedRank = int32(p)
	}
}

// changedAgreements lists the agreements that change rows after..upto touched (with
// activities: through their activities too); ok is false when a row touched
// something a patch cannot follow (a government, an import) or there are too many.
func changedAgreements(ctx context.Context, tx queryer, after, upto int64, activities bool) (ids []string, ok bool, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT record_type, record_id, agreement FROM change WHERE id > ? AND id <= ? LIMIT ?`,
		after, upto, maxBasePatch+1)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	n := 0
	for rows.Next() {
		var recordType, recordID, agreement string
		if err := rows.Scan(&recordType, &recordID, &agreement); err != nil {
			return nil, false, err
		}
		if n++; n > maxBasePatch {
			return nil, false, nil
		}
		id := ""
		switch recordType {
		case "agreement":
			id = recordID
		case "event":
			id = agreement
		case "activity":
			if !activities {
				continue
			}
			id = agreement
		case "correction", "release": // not in the index
			continue
		case "report": // a declared year: the judgement of each of its government's relationships
			if activities {
				return nil, false, rows.Err()
			}
			continue
		default:
			return nil, false, rows.Err()
		}
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, true, rows.Err()
}

// reorder is order with the rows in changed taken out and put back where key now
// places them, ties broken by position as sortRows breaks them.
func reorder(order []int32, changed map[int32]bool, key func(int32) [3]int32) []int32 {
	out := make([]int32, 0, len(order)+len(changed))
	for _, i := range order {
		if !changed[i] {
			out = append(out, i)
		}
	}
	for i := range changed {
		k := key(i)
		pos := sort.Search(len(out), func(j int) bool {
			o := out[j]
			ko := key(o)
			return cmp.Or(slices.Compare(ko[:], k[:]), cmp.Compare(o, i)) > 0
		})
		out = slices.Insert(out, pos, i)
	}
	return out
}
