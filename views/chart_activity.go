package views

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// categoryOrder is the display order of activity categories, unknown last.
var categoryOrder = []string{"administrative", "people_exchange", "youth_education", "culture_arts", "sports",
	"economy_trade", "tourism", "health_humanitarian", "policy_technical", "civil_society", "ceremony", "other", ""}

// categoryColors keeps each category's colour the same on every chart.
var categoryColors = map[string]string{
	"administrative": "#1f5fa8", "people_exchange": "#6a3d9a", "youth_education": "#2a9d8f", "culture_arts": "#d9822b",
	"sports": "#e9c46a", "economy_trade": "#264653", "tourism": "#8ab17d", "health_humanitarian": "#c0392b",
	"policy_technical": "#5d6d7e", "civil_society": "#b5838d", "ceremony": "#7f5539", "other": "#adb5bd", "": "#ced4da",
}

// ActivitiesPerYear charts activities per year stacked by category, years without
// gaps, undated activities in their own last column.
func ActivitiesPerYear(l *Loc, id string, counts []YearCategory, scope, asOf string) Chart {
	byYear := map[string]map[string]int{}
	present := map[string]bool{}
	for _, c := range counts {
		if byYear[c.Year] == nil {
			byYear[c.Year] = map[string]int{}
		}
		byYear[c.Year][c.Category] += c.N
		present[c.Category] = true
	}
	ax := newYearAxis(l, "chart.unknown_date", counts, func(c YearCategory) (string, int) { return c.Year, c.N })
	minY, maxY, unknown, total := ax.minY, ax.maxY, ax.unknown, ax.total
	years, labels := ax.years, ax.labels
	bar := newBar(id)
	ax.apply(bar)
	table := Table{Head: []string{l.T("col.year")}}
	var cats []string
	for _, cat := range categoryOrder {
		if present[cat] {
			cats = append(cats, cat)
		}
	}
	for _, cat := range cats {
		data := make([]opts.BarData, ax.drawn)
		for i, y := range years[:ax.drawn] {
			data[i] = opts.BarData{Value: byYear[y][cat]}
		}
		bar.AddSeries(l.Term("category", cat), data,
			charts.WithBarChartOpts(opts.BarChart{Stack: "category"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: categoryColors[cat]}))
		table.Head = append(table.Head, l.Term("category", cat))
	}
	table.Head = append(table.Head, l.T("col.total"))
	for i, y := range years {
		row := []string{labels[i]}
		sum := 0
		for _, cat := range cats {
			row = append(row, l.N(byYear[y][cat]))
			sum += byYear[y][cat]
		}
		table.Rows = append(table.Rows, append(row, l.N(sum)))
	}
	summary := l.C("chart.activities.summary", total, "scope", scope)
	if minY > 0 {
		summary += " " + l.F("chart.activities.range", "from", strconv.Itoa(minY), "to", strconv.Itoa(maxY))
	}
	if unknown > 0 {
		summary += " " + l.C("chart.activities.undated", unknown)
	}
	if ax.hidesUnknown() {
		summary += " " + l.C("chart.unknown_not_drawn", unknown, "pct", l.Pct(float64(unknown)/float64(total)*100),
			"known", l.N(total-unknown))
	}
	return finish(l, bar, Chart{ID: id, Caption: l.F("chart.activities.caption", "scope", scope), Summary: summary,
		Table: table, Sources: l.T("chart.activity_sources"), AsOf: asOf}, 0)
}

// sideColors: the first party, the second party, joint, unknown.
var sideColors = []string{"#1f5fa8", "#d9822b", "#2a9d8f", "#ced4da"}

// Flows charts activities by category, split by the side that travelled or gave:
// sides[0] and sides[1] name the two parties (or countries), then joint and unknown.
// A category whose activities all come from one side shows a one-way flow.
func Flows(l *Loc, id string, flows []Flow, sides [2]string, scope, asOf string) Chart {
	labels := []string{l.F("chart.flows.from", "side", sides[0]), l.F("chart.flows.from", "side", sides[1]),
		l.T("chart.flows.joint"), l.T("chart.flows.unknown")}
	by := map[string]*[4]int{}
	totals := [4]int{}
	for _, f := range flows {
		if by[f.Category] == nil {
			by[f.Category] = &[4]int{}
		}
		by[f.Category][f.Side] += f.N
		totals[f.Side] += f.N
	}
	var cats []string
	for _, cat := range categoryOrder {
		if by[cat] != nil {
			cats = append(cats, cat)
		}
	}
	catLabels := make([]string, len(cats))
	for i, c := range cats {
		catLabels[i] = l.Term("category", c)
	}
	bar := newBar(id)
	bar.SetXAxis(catLabels)
	for s := 0; s < 4; s++ {
		data := make([]opts.BarData, len(cats))
		for i, c := range cats {
			data[i] = opts.BarData{Value: by[c][s]}
		}
		bar.AddSeries(labels[s], data, charts.WithBarChartOpts(opts.BarChart{Stack: "side"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: sideColors[s]}))
	}
	bar.XYReversal()
	table := Table{Head: append([]string{l.T("col.category")}, append(labels, l.T("col.total"))...)}
	var oneWay []string
	for i, c := range cats {
		row := []string{catLabels[i]}
		sum := 0
		for s := 0; s < 4; s++ {
			row = append(row, l.N(by[c][s]))
			sum += by[c][s]
		}
		table.Rows = append(table.Rows, append(row, l.N(sum)))
		// One-way: every activity with a known side came from the same party.
		if a, b := by[c][0], by[c][1]; (a == 0) != (b == 0) && by[c][2] == 0 {
			side := 0
			if b > 0 {
				side = 1
			}
			oneWay = append(oneWay, fmt.Sprintf("%s (%s, %s)", catLabels[i], l.N(a+b), labels[side]))
		}
	}
	summary := l.F("chart.flows.summary", "scope", scope, "a", sides[0], "na", l.N(totals[0]), "b", sides[1],
		"nb", l.N(totals[1]), "joint", l.N(totals[2]), "unknown", l.N(totals[3]))
	if len(oneWay) > 0 {
		summary += " " + l.F("chart.flows.oneway", "list", joinList(oneWay))
	}
	return finish(l, bar, Chart{ID: id, Caption: l.F("chart.flows.caption", "scope", scope), Summary: summary,
		Table: table, Sources: l.T("chart.activity_sources"), AsOf: asOf}, len(cats))
}

func joinList(items []string) string { return strings.Join(items, ", ") }

// ActivenessByRegion charts, per region, the share of relationships active in the
// window and their mean engagement rate, both in percent.
func ActivenessByRegion(l *Loc, id string, regions []RegionActiveness, w Window, scope, asOf string) Chart {
	labels := make([]string, len(regions))
	share := make([]opts.BarData, len(regions))
	rate := make([]opts.BarData, len(regions))
	table := Table{Head: []string{l.T("col.region"), l.T("col.relationships"), l.Term("activeness", "active"),
		l.Term("activeness", "dormant"), l.Term("activeness", "not_reported"), l.Term("activeness", "unverified"), l.Term("activeness", "planned"),
		l.Term("activeness", "ended"), l.T("col.share_active"), l.T("col.mean_rate")}}
	for i, r := range regions {
		labels[i] = l.RegionName(r.Region)
		sh := 0.0
		if r.Total > 0 {
			sh = float64(r.States["active"]) / float64(r.Total) * 100
		}
		share[i] = opts.BarData{Value: round1(sh)}
		rate[i] = opts.BarData{Value: round1(r.MeanRate * 100)}
		table.Rows = append(table.Rows, []string{labels[i], l.N(r.Total), l.N(r.States["active"]), l.N(r.States["dormant"]),
			l.N(r.States["not_reported"]), l.N(r.States["unverified"]), l.N(r.States["planned"]), l.N(r.States["ended"]), l.Pct(sh), l.Pct(r.MeanRate * 100)})
	}
	bar := newBar(id)
	bar.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Max: 100}))
	bar.SetXAxis(labels)
	bar.AddSeries(l.T("col.share_active"), share, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1d7a46"}))
	bar.AddSeries(l.T("col.mean_rate"), rate, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f5fa8"}))
	window := fmt.Sprintf("%d–%d", w.From, w.To)
	return finish(l, bar, Chart{ID: id, Caption: l.F("chart.activeness.caption", "scope", scope),
		Summary: l.F("chart.activeness.summary", "window", window), Table: table,
		Sources: l.T("chart.activity_sources"), AsOf: asOf}, 0)
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// Pct formats a percentage with at most one decimal.
func (l *Loc) Pct(f float64) string {
	s := strconv.FormatFloat(round1(f), 'f', -1, 64)
	if l.Lang == French { // decimal comma, a space before the sign
		return strings.Replace(s, ".", ",", 1) + "\u00a0%"
	}
	return s + "%"
}
