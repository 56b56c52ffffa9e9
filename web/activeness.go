package web

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// judge holds what activeness is judged with: the window of the data's as-of date
// and which years each government's record is complete for.
type judge struct {
	w        store.Window
	vw       views.Window
	coverage store.Coverage
}

// judge reads the coverage for a page of as-of date asOf.
func (h *handler) judge(ctx context.Context, asOf string) (judge, error) {
	w := store.WindowFor(asOf)
	cov, err := h.db.Coverage(ctx)
	if err != nil {
		return judge{}, err
	}
	return judge{w: w, vw: viewWindow(w), coverage: cov}, nil
}

// viewWindow is w as the views print it.
func viewWindow(w store.Window) views.Window {
	return views.Window{From: w.From, To: w.To, AsOfYear: w.To}
}

// assess judges one agreement between parties a and b from its activities' years.
func (j judge) assess(r store.AgreementRow, years []int) views.Activeness {
	a := store.Assess(r.Status, years, j.coverage.Covered(j.w, r.Signed, r.A.Slug, r.B.Slug), j.w)
	return activeness(a, j.w, r.Signed)
}

func activeness(a store.Activeness, w store.Window, signed string) views.Activeness {
	return views.Activeness{State: a.State, ActiveYears: a.ActiveYears, Rate: a.Rate, LastYear: a.LastYear,
		Covered: store.Spans(a.CoveredYears), Partial: a.State == "dormant" && a.Partial(w, signed)}
}

// assessed maps agreement rows to list items with their activeness.
func (j judge) assessed(rows []store.AgreementRow, years map[string][]int) []views.AgreementItem {
	items := agreementItems(rows)
	for i, r := range rows {
		items[i].Activeness = j.assess(r, years[r.ID])
	}
	return items
}

// watchListMax bounds each list of a watch list: a country can have thousands of
// dormant relationships (Korea at world scale: 2,000, a 330 KB list), which no
// reader scans and every report made the server render again.
const watchListMax = 20

// watch picks, from assessed items, the dormant relationships (no activity in the
// window on a complete record; most recently active first: the ones that just went
// quiet are the ones still easy to revive) and the upcoming round anniversaries
// (soonest first), the first watchListMax of each, and counts the not reported
// ones. browse, when not empty, is the agreement browse page of the same place
// ("/agreements?country=ca"), where every dormant and not reported one is listed.
func watch(items []views.AgreementItem, vw views.Window, asOf string, showSelf bool, browse string) views.WatchList {
	wl := views.WatchList{Window: vw, ShowSelf: showSelf}
	if browse != "" {
		wl.DormantAll, wl.NotReportedAll = browse+"&activeness=dormant", browse+"&activeness=not_reported"
	}
	var dormant []int // indexes into items: sorting the items themselves moves 200-byte structs
	type upcoming struct {
		i, years int
		date     string
	}
	var anniversaries []upcoming
	for i, it := range items {
		switch it.Activeness.State {
		case "dormant":
			dormant = append(dormant, i)
		case "not_reported":
			wl.NotReportedTotal++
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
		out[i] = activityItem(a.Activity, gov(a.A), gov(a.B))
	}
	return out
}

// activityItem is an activity as pages list it, between parties a and b (without
// its sources, which only the agreement's page lists).
func activityItem(act store.Activity, a, b views.Gov) views.ActivityItem {
	item := views.ActivityItem{ID: act.ID, Agreement: act.Agreement, Date: act.Date, DateEnd: act.DateEnd,
		Category: act.Category, Title: act.Title, From: act.From, Description: act.Description,
		Participants: act.Participants, CostAmount: act.CostAmount, CostCurrency: act.CostCurrency,
		PaidBy: act.PaidBy, Outputs: act.Outputs, A: a, B: b}
	if act.CostCurrency != "" {
		// Stored in its recorded form, so it reads; a row that does not shows no cost
		// (twinning check names it).
		if minor, err := store.CostMinor(act.CostAmount, act.CostCurrency); err == nil {
			item.CostMinor = minor
		} else {
			item.CostCurrency = ""
		}
	}
	return item
}
