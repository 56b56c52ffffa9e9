package views

import "sort"

// GroupByRegion groups agreements by the region of their Self side, in first-seen
// order, and tallies each side's regions by kind (most agreements first).
func GroupByRegion(items []AgreementItem) (groups []RegionGroup, selfTally, partnerTally []RegionTally) {
	index := map[string]int{}
	for _, it := range items {
		i, ok := index[it.Self.Region]
		if !ok {
			i = len(groups)
			index[it.Self.Region] = i
			groups = append(groups, RegionGroup{Region: it.Self.Region})
		}
		groups[i].Agreements = append(groups[i].Agreements, it)
	}
	return groups, tally(items, func(it AgreementItem) string { return it.Self.Region }),
		tally(items, func(it AgreementItem) string { return it.Partner.Region })
}

func tally(items []AgreementItem, region func(AgreementItem) string) []RegionTally {
	m := map[string]*RegionTally{}
	var out []*RegionTally
	for _, it := range items {
		r := region(it)
		t := m[r]
		if t == nil {
			t = &RegionTally{Region: r}
			m[r] = t
			out = append(out, t)
		}
		t.Total++
		switch it.Kind {
		case "sister":
			t.Sister++
		case "friendship":
			t.Friendship++
		default:
			t.Unknown++
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Total != out[j].Total {
			return out[i].Total > out[j].Total
		}
		return out[i].Region < out[j].Region
	})
	res := make([]RegionTally, len(out))
	for i, t := range out {
		res[i] = *t
	}
	return res
}
