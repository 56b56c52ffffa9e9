package views

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// The partner map is plate carrée (x = longitude, y = latitude) cut to these
// latitudes, the same projection and box as the shared world outline it is drawn
// over (static/img/world-land.svg, made by scripts/echarts/world.mjs): the page
// carries only its lines and dots, the outline comes once from the browser's cache.
const (
	mapNorth, mapSouth = 84.0, -58.0
	// MapHeight is the map's height at ChartWidth: the box's aspect ratio.
	MapHeight = ChartWidth * (mapNorth - mapSouth) / 360
)

// MapPlace is a government on the partner map; Lat and Lon are nil when unknown.
type MapPlace struct {
	Gov      Gov
	Lat, Lon *float64
}

func (p MapPlace) located() bool { return p.Lat != nil && p.Lon != nil }

// Mappable reports whether a map of these places would show anything: the government
// with a partner to join it to, or a partner with coordinates.
func Mappable(home MapPlace, partners []MapPartner) bool {
	if home.located() {
		return len(partners) > 0
	}
	for _, p := range partners {
		if p.Partner.located() {
			return true
		}
	}
	return false
}

// MapPartner is one agreement of the mapped government with where its partner is.
type MapPartner struct {
	Agreement, Kind, Signed, Status string
	Partner                         MapPlace
}

// The government's dot is a darker orange than the bar charts' (3:1 against the
// map's sea and land, WCAG 1.4.11) and larger than its partners'.
const (
	mapHomeColor    = "#b35f0e"
	mapPartnerColor = "#1f5fa8"
)

// PartnersMap draws a government's partners: a dot for each partner with recorded
// coordinates and a great-circle route to it from the government, over the world
// outline. Partners without coordinates are counted in the summary and listed in the
// table, never placed at a guess. Where nothing is Mappable the chart has no option
// (nothing to draw: no empty world) and its summary says why; its table remains.
func PartnersMap(l *Loc, id string, home MapPlace, partners []MapPartner, asOf string) Chart {
	if !chartIDPattern.MatchString(id) {
		panic("views: bad chart id " + strconv.Quote(id)) // ids are constants in code
	}
	name := l.GovName(home.Gov)
	sc := charts.NewScatter()
	sc.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "0", Right: "0", Top: "0", Bottom: "0"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: -180, Max: 180, Show: opts.Bool(false)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: mapSouth, Max: mapNorth, Show: opts.Bool(false)}),
	)
	table := Table{Head: []string{l.T("col.partner"), l.T("col.country"), l.T("col.kind"), l.T("col.signed"), l.T("col.status"),
		l.T("col.coordinates")}}
	var routes []map[string]any
	var dots []opts.ScatterData
	seen := map[string]bool{}
	countries := map[string]bool{}
	placed, unplaced := 0, 0
	for _, p := range partners {
		where := l.T("map.no_coordinates")
		if p.Partner.located() {
			where = coord(*p.Partner.Lat) + ", " + coord(*p.Partner.Lon)
		}
		table.Rows = append(table.Rows, []string{l.GovName(p.Partner.Gov), l.Country(p.Partner.Gov.Country),
			l.Term("kind", p.Kind), l.Date(p.Signed), l.Term("status", p.Status), where})
		if seen[p.Partner.Gov.Slug] {
			continue // two agreements with one partner: one dot, one route
		}
		seen[p.Partner.Gov.Slug] = true
		countries[p.Partner.Gov.Country] = true
		if !p.Partner.located() {
			unplaced++
			continue
		}
		placed++
		dots = append(dots, opts.ScatterData{Value: []float64{*p.Partner.Lon, *p.Partner.Lat}})
		if home.located() {
			for _, part := range greatCircle(*home.Lon, *home.Lat, *p.Partner.Lon, *p.Partner.Lat) {
				routes = append(routes, map[string]any{"coords": part})
			}
		}
	}
	sc.AddSeries(l.T("map.partners"), dots,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: mapPartnerColor, BorderColor: "#fff", BorderWidth: 1}),
		charts.WithSeriesSymbolKeepAspect(true))
	if home.located() {
		sc.AddSeries(name, []opts.ScatterData{{Value: []float64{*home.Lon, *home.Lat}, SymbolSize: 11}},
			charts.WithItemStyleOpts(opts.ItemStyle{Color: mapHomeColor, BorderColor: "#fff", BorderWidth: 1.5}))
	}
	// The routes first, so the dots are drawn over their ends.
	sc.MultiSeries = append([]charts.SingleSeries{{Name: l.T("map.routes"), Type: "lines", CoordSystem: "cartesian2d",
		Data: routes, LineStyle: &opts.LineStyle{Color: mapPartnerColor, Width: 1.5, Opacity: opts.Float(0.6)}}},
		sc.MultiSeries...)
	sc.Validate()
	option := sc.JSON()
	option["series"] = polylines(option["series"])

	total := len(seen)
	summary := l.C("map.summary", total, "name", name, "countries", l.C("count.countries", len(countries)), "placed", l.C("map.placed", placed))
	if unplaced > 0 {
		summary += " " + l.C("map.unplaced", unplaced)
	}
	if !home.located() {
		summary += " " + l.F("map.home_unplaced", "name", name)
	}
	if !Mappable(home, partners) {
		option, summary = nil, l.F("map.none", "name", name)
	}
	return Chart{
		ID:      id,
		Caption: l.F("map.caption", "name", name),
		Summary: summary,
		Option:  option,
		Legend: []LegendEntry{{Name: name, Color: mapHomeColor},
			{Name: l.T("map.partners"), Color: mapPartnerColor}},
		Table:   table,
		Sources: l.T("map.sources"),
		AsOf:    asOf,
		Map:     true,
		Height:  int(math.Round(MapHeight)),
	}
}

// polylines marks the routes series as polylines (a route is a list of points along
// its great circle), which go-echarts' series type has no field for.
func polylines(series any) any {
	raw, err := json.Marshal(series)
	if err != nil {
		return series
	}
	var out []map[string]any
	if json.Unmarshal(raw, &out) != nil {
		return series
	}
	for _, s := range out {
		if s["type"] == "lines" {
			s["polyline"] = true
			s["silent"] = true
		}
	}
	return out
}

// greatCircle is the shortest route from (lon1, lat1) to (lon2, lat2) on the sphere
// as points in degrees, cut where it crosses the antimeridian (a route from
// Vancouver to Kushiro leaves the map's right edge and enters at its left), so each
// part is drawn without a line across the whole map.
func greatCircle(lon1, lat1, lon2, lat2 float64) [][][2]float64 {
	const rad = math.Pi / 180
	φ1, λ1, φ2, λ2 := lat1*rad, lon1*rad, lat2*rad, lon2*rad
	d := 2 * math.Asin(math.Sqrt(math.Pow(math.Sin((φ2-φ1)/2), 2)+math.Cos(φ1)*math.Cos(φ2)*math.Pow(math.Sin((λ2-λ1)/2), 2)))
	if d < 1e-6 || math.Pi-d < 1e-6 {
		return nil // the same place, or its antipode (every great circle joins them): no route to draw
	}
	steps := max(2, int(math.Ceil(d/rad/3))) // a point every 3° of arc
	var parts [][][2]float64
	var cur [][2]float64
	for i := 0; i <= steps; i++ {
		f := float64(i) / float64(steps)
		a, b := math.Sin((1-f)*d)/math.Sin(d), math.Sin(f*d)/math.Sin(d)
		x := a*math.Cos(φ1)*math.Cos(λ1) + b*math.Cos(φ2)*math.Cos(λ2)
		y := a*math.Cos(φ1)*math.Sin(λ1) + b*math.Cos(φ2)*math.Sin(λ2)
		z := a*math.Sin(φ1) + b*math.Sin(φ2)
		p := [2]float64{round2(math.Atan2(y, x) / rad), round2(math.Atan2(z, math.Hypot(x, y)) / rad)}
		if n := len(cur); n > 0 && math.Abs(p[0]-cur[n-1][0]) > 180 {
			// Crossing the antimeridian: end this part at the edge and start the
			// next one at the opposite edge, at the latitude where the route crosses.
			prev := cur[n-1]
			edge := 180.0
			if prev[0] < 0 {
				edge = -180
			}
			unwrapped := p[0] + 2*edge // p seen from prev's side of the edge
			t := (edge - prev[0]) / (unwrapped - prev[0])
			lat := round2(prev[1] + t*(p[1]-prev[1]))
			cur = append(cur, [2]float64{edge, lat})
			parts = append(parts, cur)
			cur = [][2]float64{{-edge, lat}}
		}
		cur = append(cur, p)
	}
	return append(parts, cur)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
