package views

import (
	"math"
	"testing"
)

// Routes follow the great circle and are cut where they cross the antimeridian, so no
// line runs across the whole map.
func TestGreatCircle(t *testing.T) {
	// Burnaby to Kushiro crosses the Pacific: two parts, meeting at ±180° at one latitude.
	parts := greatCircle(-122.97, 49.27, 144.38, 42.98)
	if len(parts) != 2 {
		t.Fatalf("Burnaby–Kushiro: %d parts, want 2", len(parts))
	}
	end, start := parts[0][len(parts[0])-1], parts[1][0]
	if math.Abs(end[0]) != 180 || end[0] != -start[0] || end[1] != start[1] {
		t.Errorf("parts meet at %v and %v, want the same latitude at opposite edges", end, start)
	}
	// The route bows north of both ends (a great circle on a plate carrée map).
	top := 0.0
	for _, part := range parts {
		for _, p := range part {
			top = math.Max(top, p[1])
			if p[0] < -180 || p[0] > 180 {
				t.Errorf("point %v off the map", p)
			}
		}
		for i := 1; i < len(part); i++ {
			if math.Abs(part[i][0]-part[i-1][0]) > 10 {
				t.Errorf("a step of %v° of longitude: a line across the map", part[i][0]-part[i-1][0])
			}
		}
	}
	if top < 52 {
		t.Errorf("the route's northernmost point is %v°, want north of both ends", top)
	}
	// Dangjin to Rizhao stays on one side; the same place has no route.
	if parts := greatCircle(126.63, 36.89, 119.53, 35.42); len(parts) != 1 {
		t.Errorf("Dangjin–Rizhao: %d parts", len(parts))
	}
	if parts := greatCircle(10, 10, 10, 10); parts != nil {
		t.Errorf("same place: %v", parts)
	}
	if parts := greatCircle(0, 0, 180, 0); parts != nil {
		t.Errorf("antipodes: %v", parts)
	}
}

// Partners without coordinates are counted, never placed at a guess.
func TestPartnersMapCountsTheUnplaced(t *testing.T) {
	l := NewLoc(English)
	lat, lon := 49.27, -122.97
	plat, plon := 42.98, 144.38
	c := PartnersMap(l, "m", MapPlace{Gov: Gov{Slug: "a", Name: "Burnaby"}, Lat: &lat, Lon: &lon}, []MapPartner{
		{Agreement: "x", Kind: "sister", Partner: MapPlace{Gov: Gov{Slug: "k", Name: "Kushiro", Country: "JP"}, Lat: &plat, Lon: &plon}},
		{Agreement: "y", Kind: "unknown", Partner: MapPlace{Gov: Gov{Slug: "z", Name: "Zhongshan", Country: "CN"}}},
	}, "2026-01-01")
	if c.Summary != "Burnaby has 2 partners in 2 countries; 1 of them is on the map, joined to it by the shortest route on the globe. 1 has no recorded coordinates and is listed in the table only." {
		t.Errorf("summary: %q", c.Summary)
	}
	if len(c.Table.Rows) != 2 || c.Table.Rows[1][5] != "not recorded" {
		t.Errorf("table: %v", c.Table.Rows)
	}
	if !c.Map || c.NarrowHeight != 0 || c.Height != 284 {
		t.Errorf("map %v, heights %d/%d", c.Map, c.Height, c.NarrowHeight)
	}
}
