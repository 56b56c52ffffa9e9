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
	// Engagement counts the 5 full years before the as-of year (the seed's is 2026).
	if !strings.Contains(verdict, "active") || !strings.Contains(verdict, "1 of the 5 full years 2021–2025") {
		t.Errorf("verdict = %q, want active in 1 of the 5 full years 2021–2025", verdict)
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
	// No Canadian or Korean party of these relationships has declared a year
	// complete: those with no activity are not reported, none dormant.
	if !strings.Contains(rows["Ontario"], "not reported") && !strings.Contains(text(fig.Find("thead")), "not reported") {
		t.Errorf("the activeness table has no not-reported column: %q", text(fig.Find("thead")))
	}
	watch := text(d.Find("section.watch"))
	if !strings.Contains(watch, "No confirmed relationship is dormant on a complete record") ||
		!regexp.MustCompile(`\d+ more confirmed relationships have no activity recorded in 2021–2026 and no complete record: not reported, not dormant`).MatchString(watch) {
		t.Errorf("watch list = %q", watch)
	}
	if strings.Contains(watch, "Fredericton") || strings.Contains(watch, "Gangnam") {
		t.Errorf("the watch list calls relationships nobody reported on dormant: %q", watch)
	}
}

// Calgary–Daejeon has no activity recorded and no report from either side: nobody
// reported, which is not "dormant".
func TestCalgaryDaejeonIsNotReportedNotDormant(t *testing.T) {
	for _, c := range []struct{ path, badge, says string }{
		{"/agreements/calgary-ca--daejeon-kr", "not reported", "nobody has reported whether anything happened"},
		{"/fr/agreements/calgary-ca--daejeon-kr", "non renseigné", "personne n'a indiqué"},
		{"/ko/agreements/calgary-ca--daejeon-kr", "보고 없음", "아무도 보고하지 않았으며"},
	} {
		d := doc(t, mustGet(t, c.path, http.StatusOK))
		sec := d.Find("section.activeness")
		if got := text(sec.Find(".verdict .badge")); got != c.badge {
			t.Errorf("%s: badge %q, want %q", c.path, got, c.badge)
		}
		if got := text(sec.Find(".coverage")); !strings.Contains(got, c.says) {
			t.Errorf("%s: coverage note %q lacks %q", c.path, got, c.says)
		}
	}
	body := mustGet(t, "/countries/ca/kr.csv", http.StatusOK)
	if !strings.Contains(body, "calgary-ca--daejeon-kr,calgary-ca,") || !regexp.MustCompile(`(?m)^calgary-ca--daejeon-kr,.*,not_reported,`).MatchString(body) {
		t.Errorf("/countries/ca/kr.csv does not say Calgary–Daejeon is not_reported")
	}
}

// Dangjin's published record covers 1988–2022: a partner with nothing in 2021–2022
// is dormant, on a record complete for only part of the window, and says so.
func TestDangjinPartnersAreDormantOnAPartlyCoveredRecord(t *testing.T) {
	d := doc(t, mustGet(t, "/agreements/dangjin-kr--daisen-jp", http.StatusOK))
	sec := d.Find("section.activeness")
	if got := text(sec.Find(".verdict .badge")); got != "dormant" {
		t.Errorf("Dangjin–Daisen: %q, want dormant", got)
	}
	note := text(sec.Find(".coverage"))
	for _, want := range []string{"complete for 2021–2022", "Only part of the window is covered"} {
		if !strings.Contains(note, want) {
			t.Errorf("Dangjin–Daisen coverage note %q lacks %q", note, want)
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
// active first, and links to the browse page with every one of them and with every
// one nobody reported on; the counts it gives are those pages'. (South Korea has 10
// dormant relationships in the seed data: Dangjin's partners with nothing in its
// record's last years, 2021–2022.)
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
		if len(ids) != 10 {
			t.Fatalf("%s: %d dormant relationships listed, want 10", page, len(ids))
		}
		for _, id := range ids {
			if !strings.HasPrefix(id, "dangjin-kr--") {
				t.Errorf("%s: %s is listed dormant, but only Dangjin's record is complete for any year", page, id)
			}
		}
		if !slices.IsSortedFunc(lastYears, func(a, b int) int { return b - a }) {
			t.Errorf("%s: dormant not most recently active first: last years %v", page, lastYears)
		}
		notReported := dormant.Find("p a").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.AttrOr("href", ""), "activeness=not_reported")
		}).AttrOr("href", "")
		n, _ := strconv.Atoi(regexp.MustCompile(`\d+`).FindString(text(dormant.Find("p.muted").Last())))
		if notReported == "" || n == 0 {
			t.Fatalf("%s: no count and link for the relationships nobody reported on", page)
		}
		if got := total(t, doc(t, mustGet(t, notReported+"&per_page=100", http.StatusOK))); got != n {
			t.Errorf("%s: %s lists %d, the watch list says %d", page, notReported, got, n)
		}
		all := strings.Replace(notReported, "not_reported", "dormant", 1)
		b := doc(t, mustGet(t, all+"&per_page=100", http.StatusOK))
		if got := total(t, b); got != 10 {
			t.Errorf("%s: %s lists %d, the watch list says 10", page, all, got)
		}
		listed := rowIDs(b)
		for _, id := range ids {
			if !slices.Contains(listed, id) {
				t.Errorf("%s: %s is on the watch list but not on %s", page, id, all)
			}
		}
	}
}
