package views

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Chart is a chart ready to render: its ECharts option (go-echarts' one description of
// it), the pictures the server drew from that option, and the same numbers as a table.
type Chart struct {
	ID      string // letters, digits and _ only: it becomes an element id
	Caption string
	Summary string // one sentence saying what the chart shows
	Option  map[string]any
	Legend  []LegendEntry // the series, written in HTML beside the picture (≥ 2 series)
	Table   Table
	Sources string // where the numbers come from
	AsOf    string
	Links   *ChartLinks // the chart's own page, embed and data; nil where not linked
	// Reversed: the table lists the categories in the opposite order to the drawing's
	// data (a horizontal chart draws its first category at the bottom).
	Reversed bool
	// Map: a partner map, drawn once (it scales to a phone: no labels to shrink) over
	// the shared world outline; NarrowHeight is 0.
	Map bool

	// Height and NarrowHeight are the drawing's height in CSS pixels at ChartWidth
	// and at NarrowWidth (phones); NarrowHeight 0 is no narrow drawing.
	Height, NarrowHeight int
	// SVG and NarrowSVG are the drawings the web layer made of Option at those sizes
	// (chartsvg: ECharts' own renderer, cleaned for the CSP, markup safe to write as
	// is). Empty when drawing failed: the table is then the chart.
	SVG, NarrowSVG string
}

// The widths charts are drawn at: ChartWidth fits the page's column, NarrowWidth a
// 360–412 px phone, where the wide drawing scaled down would print 6 px labels.
const (
	ChartWidth  = 720
	NarrowWidth = 360
)

// LegendEntry is one series of a chart: its name and colour.
type LegendEntry struct {
	Name, Color string
}

// ChartLinks are the permanent links of a chart with its filters spelled out.
type ChartLinks struct {
	Page, CSV, JSON, SVG string
}

// Table is a chart's numbers as an HTML table.
type Table struct {
	Head []string
	Rows [][]string
}

var chartIDPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// finish completes a chart from its go-echarts bar chart: the option object
// (Validate fills derived fields such as axis data; JSON then yields plain data, with
// no JS functions since none of our options set any), the page language's number
// separators for the drawing's axes, the legend and the drawing's heights. rows is
// the number of bars of a horizontal chart (its height grows with them), 0 for a
// chart of columns.
func finish(l *Loc, bar *charts.Bar, c Chart, rows int) Chart {
	bar.Validate()
	c.Option = bar.JSON()
	c.Option["numberFormat"] = l.numberFormat()
	if len(bar.MultiSeries) > 1 {
		for _, s := range bar.MultiSeries {
			color := ""
			if s.ItemStyle != nil {
				color = s.ItemStyle.Color
			}
			c.Legend = append(c.Legend, LegendEntry{Name: s.Name, Color: color})
		}
	}
	c.Height, c.NarrowHeight = 320, 280
	if rows > 0 {
		c.Height = 40 + 26*rows
		c.NarrowHeight = c.Height
	}
	return c
}

// numberFormat is how the page's language writes 1,234.5, for the drawing's axis
// labels (the JavaScript engine that draws them has no Intl).
func (l *Loc) numberFormat() map[string]string {
	group := strings.TrimSuffix(strings.TrimPrefix(l.printer.Sprintf("%d", 1000), "1"), "000")
	decimal := strings.TrimSuffix(strings.TrimPrefix(l.printer.Sprintf("%.1f", 1.5), "1"), "5")
	return map[string]string{"group": group, "decimal": decimal}
}

// Series colours per kind, so "unknown" is always the same neutral grey.
var kindColors = map[string]string{"sister": "#1f5fa8", "friendship": "#d9822b", "unknown": "#9aa3ad"}

func newBar(id string) *charts.Bar {
	if !chartIDPattern.MatchString(id) {
		panic("views: bad chart id " + strconv.Quote(id)) // ids are constants in code
	}
	bar := charts.NewBar()
	// No legend, tooltip or aria in the drawing: the figure writes the legend in HTML
	// (it wraps on a phone), the summary as the picture's label, and charts.js adds
	// tooltips. Counts step by whole numbers: no axis of 0.5 activities.
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Bottom: "8", Top: "12", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{MinInterval: 1}),
	)
	return bar
}

// AgreementsPerYear charts new agreements per signing year, stacked by kind. Years
// run without gaps from the first to the last known year; agreements whose year is
// unknown get their own last column instead of being dropped.
func AgreementsPerYear(l *Loc, id string, counts []YearKind, scope, asOf string) Chart {
	byYear := map[string]map[string]int{}
	for _, c := range counts {
		if byYear[c.Year] == nil {
			byYear[c.Year] = map[string]int{}
		}
		byYear[c.Year][c.Kind] += c.N
	}
	ax := newYearAxis(l, "chart.unknown_year", counts, func(c YearKind) (string, int) { return c.Year, c.N })
	minY, maxY, unknown, total := ax.minY, ax.maxY, ax.unknown, ax.total
	years, labels := ax.years, ax.labels
	bar := newBar(id)
	ax.apply(bar)
	table := Table{Head: []string{l.T("col.year")}}
	for _, kind := range []string{"sister", "friendship", "unknown"} {
		data := make([]opts.BarData, ax.drawn)
		for i, y := range years[:ax.drawn] {
			data[i] = opts.BarData{Value: byYear[y][kind]}
		}
		bar.AddSeries(l.Term("kind", kind), data,
			charts.WithBarChartOpts(opts.BarChart{Stack: "kind"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: kindColors[kind]}))
		table.Head = append(table.Head, l.Term("kind", kind))
	}
	table.Head = append(table.Head, l.T("col.total"))
	for i, y := range years {
		row := []string{labels[i]}
		sum := 0
		for _, kind := range []string{"sister", "friendship", "unknown"} {
			row = append(row, l.N(byYear[y][kind]))
			sum += byYear[y][kind]
		}
		table.Rows = append(table.Rows, append(row, l.N(sum)))
	}
	summary := l.C("chart.per_year.summary", total, "scope", scope, "known", l.N(total-unknown), "unknown", l.N(unknown))
	if minY > 0 {
		summary += " " + l.F("chart.per_year.range", "from", strconv.Itoa(minY), "to", strconv.Itoa(maxY))
	}
	if ax.hidesUnknown() {
		summary += " " + l.C("chart.unknown_not_drawn", unknown, "pct", l.Pct(float64(unknown)/float64(total)*100),
			"known", l.N(total-unknown))
	}
	return finish(l, bar, Chart{
		ID:      id,
		Caption: l.F("chart.per_year.caption", "scope", scope),
		Summary: summary,
		Table:   table,
		Sources: l.T("chart.sources"),
		AsOf:    asOf,
	}, 0)
}

// PartnerCountries charts agreements by partner country: the top n countries and
// one "other countries" bar for the rest. With world set, counts are agreements per
// country worldwide, where an agreement between two countries counts for both.
func PartnerCountries(l *Loc, id string, counts []CountryCount, n int, scope, asOf string, world bool) Chart {
	sorted := append([]CountryCount(nil), counts...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].N > sorted[j].N })
	total, other, otherCountries := 0, 0, 0
	var shown []CountryCount
	for i, c := range sorted {
		total += c.N
		if i < n {
			shown = append(shown, c)
		} else {
			other += c.N
			otherCountries++
		}
	}
	labels := make([]string, 0, len(shown)+1)
	data := make([]opts.BarData, 0, len(shown)+1)
	table := Table{Head: []string{l.T("col.country"), l.T("col.agreements")}}
	for _, c := range shown {
		labels = append(labels, l.Country(c.Code))
		data = append(data, opts.BarData{Value: c.N})
		table.Rows = append(table.Rows, []string{l.Country(c.Code), l.N(c.N)})
	}
	if other > 0 {
		name := l.F("chart.other_countries", "n", l.N(otherCountries))
		labels = append(labels, name)
		data = append(data, opts.BarData{Value: other, ItemStyle: &opts.ItemStyle{Color: kindColors["unknown"]}})
		table.Rows = append(table.Rows, []string{name, l.N(other)})
	}
	// Largest at the top of a horizontal bar chart: ECharts draws categories upwards.
	revLabels := make([]string, len(labels))
	revData := make([]opts.BarData, len(data))
	for i := range labels {
		revLabels[len(labels)-1-i] = labels[i]
		revData[len(data)-1-i] = data[i]
	}
	bar := newBar(id)
	bar.SetXAxis(revLabels)
	bar.AddSeries(l.T("col.agreements"), revData, charts.WithItemStyleOpts(opts.ItemStyle{Color: kindColors["sister"]}))
	bar.XYReversal()
	caption := l.F("chart.partners.caption", "scope", scope)
	summary := l.F("chart.partners.summary", "scope", scope, "total", l.N(total), "countries", l.N(len(sorted)))
	if world {
		caption = l.T("chart.countries.caption")
		summary = l.F("chart.countries.summary", "countries", l.N(len(sorted)))
	}
	if len(shown) > 0 {
		summary += " " + l.F("chart.partners.top", "country", l.Country(shown[0].Code), "n", l.N(shown[0].N))
	}
	return finish(l, bar, Chart{
		ID:       id,
		Caption:  caption,
		Summary:  summary,
		Table:    table,
		Sources:  l.T("chart.sources"),
		AsOf:     asOf,
		Reversed: true,
	}, len(revLabels))
}

// yearAxis is the x axis of a per-year chart: every year from the first to the
// last without gaps, then one column for an unknown year when there is one, which is
// counted and shown rather than dropped.
type yearAxis struct {
	years, labels              []string // years[i] is "" for the unknown column (the table's rows)
	minY, maxY, unknown, total int
	drawn                      int // how many of years the drawing shows
}

// HidesUnknown reports whether the drawing leaves out the unknown column: when
// most of the counts have no year, one bar a hundred times taller than the rest
// would hide the dated sample's shape. The table keeps the unknown row and the
// summary says what is not drawn.
func (ax yearAxis) hidesUnknown() bool { return ax.drawn < len(ax.years) }

func newYearAxis[T any](l *Loc, unknownKey string, counts []T, yearOf func(T) (string, int)) yearAxis {
	var ax yearAxis
	for _, c := range counts {
		year, n := yearOf(c)
		ax.total += n
		if year == "" {
			ax.unknown += n
			continue
		}
		y, _ := strconv.Atoi(year)
		if ax.minY == 0 || y < ax.minY {
			ax.minY = y
		}
		if y > ax.maxY {
			ax.maxY = y
		}
	}
	for y := ax.minY; y > 0 && y <= ax.maxY; y++ {
		ax.years = append(ax.years, strconv.Itoa(y))
	}
	ax.drawn = len(ax.years)
	if ax.unknown > 0 {
		ax.years = append(ax.years, "")
		if known := ax.total - ax.unknown; known == 0 || ax.unknown <= known {
			ax.drawn++
		}
	}
	ax.labels = make([]string, len(ax.years))
	for i, y := range ax.years {
		ax.labels[i] = y
		if y == "" {
			ax.labels[i] = l.T(unknownKey)
		}
	}
	return ax
}

// apply sets the axis on a bar chart. The first and last columns are always
// labelled, so the unknown column is named even when there are too many years to
// label them all.
func (ax yearAxis) apply(bar *charts.Bar) {
	bar.SetGlobalOptions(charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{
		ShowMinLabel: opts.Bool(true), ShowMaxLabel: opts.Bool(true)}}))
	bar.SetXAxis(ax.labels[:ax.drawn])
}

// phoneColumns is how many columns a chart's table may have and still fit a phone
// (360 px) side by side; a wider table stacks there, a block per row with every
// value labelled by its column.
const phoneColumns = 3

func headAt(head []string, i int) string {
	if i < len(head) {
		return head[i]
	}
	return ""
}
