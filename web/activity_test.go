package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

func TestBurnabyHwaseongIsActiveWithTheRule(t *testing.T) {
	d := doc(t, mustGet(t, "/agreements/burnaby-ca--hwaseong-kr", http.StatusOK))
	verdict := text(d.Find("section.activeness .verdict"))
	if !strings.Contains(verdict, "active") || !strings.Contains(verdict, "2021–2025") {
		t.Errorf("verdict = %q, want active in 2021–2025", verdict)
	}
	if rule := text(d.Find("section.activeness .rule")); !strings.Contains(rule, "at least one exchange activity") {
		t.Errorf("rule not printed next to the verdict: %q", rule)
	}
	mask := text(d.Find("#activity-kc-act-12"))
	for _, want := range []string{"20 July 2020", "health and humanitarian", "from Hwaseong", "15,000 surgical masks"} {
		if !strings.Contains(mask, want) {
			t.Errorf("mask donation %q lacks %q", mask, want)
		}
	}
	if n := d.Find("section.year h3").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.HasPrefix(text(s), "2025")
	}).Length(); n != 1 {
		t.Error("no 2025 group in the timeline")
	}
	if d.Find("#activity-kc-act-13, #activity-kc-act-14").Length() != 2 {
		t.Error("the 2025 activities are missing")
	}
	// The qualifying activities are the two of 2025, not the 2020 one.
	if q := text(d.Find("section.activeness ul")); !strings.Contains(q, "2025") || strings.Contains(q, "2020") {
		t.Errorf("qualifying activities = %q", q)
	}
}

func TestDangjinHasElevenPartnersAndAllActivities(t *testing.T) {
	d := doc(t, mustGet(t, "/governments/dangjin-kr", http.StatusOK))
	if n := d.Find("table").First().Find("tbody tr").Length(); n != 11 {
		t.Errorf("Dangjin lists %d partners, want 11", n)
	}
	if n := d.Find("ol.activities li").Length(); n != 142 {
		t.Errorf("Dangjin's timeline has %d activities, want 142", n)
	}
	// Newest year first.
	first := text(d.Find("section.year h3").First())
	if !strings.HasPrefix(first, "2022") {
		t.Errorf("first year group = %q, want 2022", first)
	}
	rizhao := doc(t, mustGet(t, "/agreements/dangjin-kr--rizhao-cn", http.StatusOK))
	life := text(rizhao.Find("ol.timeline"))
	if !strings.Contains(life, "13 November 2003 friendship agreement signed") || !strings.Contains(life, "23 April 2007 upgraded to sister") {
		t.Errorf("Dangjin–Rizhao lifecycle = %q", life)
	}
}

func TestCanadaKoreaActivenessByProvince(t *testing.T) {
	d := doc(t, mustGet(t, "/countries/ca/kr", http.StatusOK))
	fig := d.Find("#fig-activeness_by_region")
	if fig.Length() != 1 {
		t.Fatal("no activeness-by-region chart")
	}
	rows := map[string]string{}
	fig.Find("tbody tr").Each(func(_ int, s *goquery.Selection) {
		rows[text(s.Find("th"))] = text(s)
	})
	for _, prov := range []string{"British Columbia", "Ontario", "Quebec", "Alberta", "New Brunswick", "Manitoba"} {
		if rows[prov] == "" {
			t.Errorf("no activeness row for %s: %v", prov, rows)
		}
	}
	// Burnaby–Hwaseong (2025) is British Columbia's active relationship.
	if !strings.Contains(rows["British Columbia"], "33.3%") {
		t.Errorf("British Columbia row = %q, want 1 of 3 active (33.3%%)", rows["British Columbia"])
	}
	watch := text(d.Find("section.watch"))
	for _, want := range []string{"Dormant", "Fredericton", "Gangnam"} {
		if !strings.Contains(watch, want) {
			t.Errorf("watch list lacks %q", want)
		}
	}
}

func TestFlowsShowOneWayTraffic(t *testing.T) {
	d := doc(t, mustGet(t, "/countries/ca/kr", http.StatusOK))
	summary := text(d.Find("#fig-activity_flows .summary"))
	if !strings.Contains(summary, "from South Korea") && !strings.Contains(summary, "South Korea") {
		t.Errorf("flows summary = %q", summary)
	}
	if !strings.Contains(summary, "One-way flows") {
		t.Errorf("the Canada–Korea flows do not point out one-way categories: %q", summary)
	}
}

// A country's watch list names its first dormant relationships, the most recently
// active first, and links to the browse page with every one of them; the count it
// gives is that page's. (South Korea has 28 dormant relationships in the seed data.)
func TestWatchListIsBoundedAndLinksToEveryDormantRelationship(t *testing.T) {
	for _, page := range []string{"/countries/kr", "/fr/countries/kr"} {
		d := doc(t, mustGet(t, page, http.StatusOK))
		dormant := d.Find("section.watch .grid2 > div").First()
		var ids []string
		lastYears := []int{}
		dormant.Find("li").Each(func(_ int, s *goquery.Selection) {
			href := s.Find("a").AttrOr("href", "")
			ids = append(ids, href[strings.LastIndex(href, "/")+1:])
			year := 0 // "no activity recorded" sorts last
			if m := regexp.MustCompile(`\b(19|20)\d\d\b`).FindString(text(s.Find(".muted"))); m != "" {
				year, _ = strconv.Atoi(m)
			}
			lastYears = append(lastYears, year)
		})
		if len(ids) != 20 {
			t.Fatalf("%s: %d dormant relationships listed, want the first 20", page, len(ids))
		}
		if !slices.IsSortedFunc(lastYears, func(a, b int) int { return b - a }) {
			t.Errorf("%s: dormant not most recently active first: last years %v", page, lastYears)
		}
		note := text(dormant.Find("p.muted"))
		if !strings.Contains(note, "20") || !strings.Contains(note, "28") {
			t.Errorf("%s: note %q does not say 20 of 28", page, note)
		}
		all := dormant.Find("p a").AttrOr("href", "")
		if !strings.Contains(all, "activeness=dormant") || !strings.Contains(all, "country=kr") {
			t.Fatalf("%s: link to every dormant relationship = %q", page, all)
		}
		b := doc(t, mustGet(t, all+"&per_page=100", http.StatusOK))
		if n := total(t, b); n != 28 {
			t.Errorf("%s: %s lists %d, the watch list says 28", page, all, n)
		}
		listed := rowIDs(b)
		for _, id := range ids {
			if !slices.Contains(listed, id) {
				t.Errorf("%s: %s is on the watch list but not on %s", page, id, all)
			}
		}
	}
}
