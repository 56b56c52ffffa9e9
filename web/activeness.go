package web

import (
	"cmp"
	"slices"
	"strings"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// window is the activeness window of the data's as-of date.
func window(asOf string) (store.Window, views.Window) {
	w := store.WindowFor(asOf)
	y := 0
	if w.To != 0 {
		y = w.To + 1
	}
	return w, views.Window{From: w.From, To: w.To, AsOfYear: y}
}

func activeness(a store.Activeness) views.Activeness {
	return views.Activeness{State: a.State, ActiveYears: a.ActiveYears, Rate: a.Rate, LastYear: a.LastYear}
}

// assessed maps agreement rows to list items with their activeness.
func assessed(rows []store.AgreementRow, years map[string][]int, w store.Window) []views.AgreementItem {
	items := agreementItems(rows)
	for i, r := range rows {
		items[i].Activeness = activeness(store.Assess(r.Status, years[r.ID], w))
	}
	return items
}

// watchListMax bounds each list of a watch list: a country can have thousands of
// dormant relationships (Korea at world scale: 2,000, a 330 KB list), which no
// reader scans and every report made the server render again.
const watchListMax = 20

// watch picks, from assessed items, the confirmed relationships with no activity in
// the window (most recently active first: the ones that just went quiet are the
// ones still easy to revive) and the upcoming round anniversaries (soonest first),
// the first watchListMax of each. all, when not empty, browses every dormant one.
func watch(items []views.AgreementItem, vw views.Window, asOf string, showSelf bool, all string) views.WatchList {
	wl := views.WatchList{Window: vw, ShowSelf: showSelf, DormantAll: all}
	var dormant []int // indexes into items: sorting the items themselves moves 200-byte structs
	type upcoming struct {
		i, years int
		date     string
	}
	var anniversaries []upcoming
	for i, it := range items {
		if it.Activeness.State == "dormant" {
			dormant = append(dormant, i)
		}
		if it.Activeness.State == "ended" {
			continue
		}
		if n, date, ok := store.UpcomingAnniversary(it.Signed, asOf); ok {
			anniversaries = append(anniversaries, upcoming{i, n, date})
		}
	}
	slices.SortFunc(dormant, func(a, b int) int {
		return cmp.Or(cmp.Compare(items[b].Activeness.LastYear, items[a].Activeness.LastYear), cmp.Compare(a, b))
	})
	slices.SortFunc(anniversaries, func(a, b upcoming) int { return cmp.Or(strings.Compare(a.date, b.date), cmp.Compare(a.i, b.i)) })
	for _, i := range dormant[:min(len(dormant), watchListMax)] {
		wl.Dormant = append(wl.Dormant, items[i])
	}
	wl.DormantTotal, wl.AnniversariesTotal = len(dormant), len(anniversaries)
	for _, a := range anniversaries[:min(len(anniversaries), watchListMax)] {
		wl.Anniversaries = append(wl.Anniversaries, views.Anniversary{Agreement: items[a.i], Years: a.years, Date: a.date})
	}
	return wl
}

// regionActiveness summarises assessed items by the region of their Self side.
func regionActiveness(items []views.AgreementItem) []views.RegionActiveness {
	index := map[string]int{}
	var out []views.RegionActiveness
	for _, it := range items {
		i, ok := index[it.Self.Region]
		if !ok {
			i = len(out)
			index[it.Self.Region] = i
			out = append(out, views.RegionActiveness{Region: it.Self.Region, States: map[string]int{}})
		}
		r := &out[i]
		r.Total++
		r.States[it.Activeness.State]++
		r.MeanRate += it.Activeness.Rate
	}
	for i := range out {
		out[i].MeanRate /= float64(out[i].Total)
	}
	return out
}

func yearCategories(cs []store.YearCategoryCount) []views.YearCategory {
	out := make([]views.YearCategory, len(cs))
	for i, c := range cs {
		out[i] = views.YearCategory{Year: c.Year, Category: c.Category, N: c.N}
	}
	return out
}

// flowsBy assigns each flow a side: 0 when side0 says it came from the first party,
// 1 from the second, 2 joint, 3 unknown.
func flowsBy(fs []store.FlowCount, side0 func(store.FlowCount) bool) []views.Flow {
	out := make([]views.Flow, len(fs))
	for i, f := range fs {
		side := 1
		switch {
		case f.From == "":
			side = 3
		case f.From == "joint":
			side = 2
		case side0(f):
			side = 0
		}
		out[i] = views.Flow{Category: f.Category, Side: side, N: f.N}
	}
	return out
}

func activityItems(ls []store.LatestActivity) []views.ActivityItem {
	out := make([]views.ActivityItem, len(ls))
	for i, a := range ls {
		out[i] = views.ActivityItem{ID: a.ID, Agreement: a.Agreement, Date: a.Date, DateEnd: a.DateEnd,
			Category: a.Category, Title: a.Title, From: a.From, Description: a.Description,
			Participants: a.Participants, A: gov(a.A), B: gov(a.B)}
	}
	return out
}
