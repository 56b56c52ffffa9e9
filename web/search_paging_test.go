package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Every group of results pages on, the others staying where they are; a place's
// name finds the exchanges of its relationships though their titles do not name it.
func TestSearchPagesAndFindsExchangesByParty(t *testing.T) {
	d := doc(t, mustGet(t, "/search?q=dangjin", http.StatusOK))
	count := regexp.MustCompile(`\(([0-9,]+)\)`).FindStringSubmatch(d.Find("#activities h3").Text())
	if n, _ := strconv.Atoi(strings.ReplaceAll(count[len(count)-1], ",", "")); len(count) < 2 || n < 100 {
		t.Errorf("Dangjin's exchanges found: %q", d.Find("#activities h3").Text())
	}
	if !strings.Contains(d.Find("#activities .pager").Text(), "Matches 1–30 of") {
		t.Errorf("the exchanges' pager: %q", d.Find("#activities .pager").Text())
	}
	next := d.Find(`#activities .pager a[rel="next"]`).AttrOr("href", "")
	if !strings.Contains(next, "page_activities=2") || !strings.HasSuffix(next, "#activities") {
		t.Fatalf("next page link %q", next)
	}
	first := d.Find("#activities li a").First().Text()
	d2 := doc(t, mustGet(t, strings.TrimSuffix(next, "#activities"), http.StatusOK))
	if !strings.Contains(d2.Find("#activities .pager").Text(), "Matches 31–60 of") || d2.Find("#activities li a").First().Text() == first ||
		!strings.Contains(d2.Find(`#activities .pager a[rel="prev"]`).AttrOr("href", ""), "/search?q=dangjin#activities") {
		t.Errorf("the second page: %q, prev %q", d2.Find("#activities .pager").Text(), d2.Find(`#activities .pager a[rel="prev"]`).AttrOr("href", ""))
	}
	for _, bad := range []string{"/search?q=dangjin&page_activities=0", "/search?q=dangjin&page_places=x", "/search?q=dangjin&page_agreements=101"} {
		mustGet(t, bad, http.StatusBadRequest)
	}
	mustGet(t, "/search?q=dangjin&page_agreements=2", http.StatusNotFound) // 11 agreements: one page
}

// The place a reader most likely means comes first: the name typed, then names that
// begin with it, the best connected first.
func TestSearchRanksThePlaceMeant(t *testing.T) {
	for q, want := range map[string]string{"saint": "saint-petersburg-ru", "seoul": "seoul-kr", "Burnaby": "burnaby-ca", "화성": "hwaseong-kr"} {
		body := mustGet(t, "/search.csv?q="+url.QueryEscape(q), http.StatusOK)
		var first string
		for _, line := range strings.Split(body, "\n") {
			if strings.HasPrefix(line, "government,") {
				first = strings.Split(line, ",")[1]
				break
			}
		}
		if first != want {
			t.Errorf("%q: first place %q, want %q", q, first, want)
		}
	}
}

// What the index cannot find is offered after its matches: a name a letter off
// ("Hwasong"), a Korean or Japanese name with the query inside.
func TestSearchFindsCloseSpellingsAndInnerCJK(t *testing.T) {
	for _, c := range []struct{ q, want string }{{"Hwasong", "hwaseong-kr"}, {"성시", "hwaseong-kr"}, {"路市", "kushiro-jp"}} {
		d := doc(t, mustGet(t, "/search?q="+url.QueryEscape(c.q), http.StatusOK))
		if d.Find(`#places ul.near a[href="/governments/`+c.want+`"]`).Length() != 1 {
			t.Errorf("%q: %s not among the close places:\n%s", c.q, c.want, d.Find("#places").Text())
		}
	}
	if !strings.Contains(mustGet(t, "/search.csv?q=Hwasong", http.StatusOK), "government_near,hwaseong-kr,") {
		t.Error("the twin lacks the close place")
	}
}

// A Japanese or Korean name's beginning finds the place among the index's matches:
// 釧路 is Kushiro (釧路市), 화성 Hwaseong (화성시), in every language's search.
func TestSearchFindsCJKNames(t *testing.T) {
	for _, c := range []struct{ path, q, want string }{{"", "釧路", "/governments/kushiro-jp"},
		{"/ko", "화성", "/ko/governments/hwaseong-kr"}, {"/fr", "釧路市", "/fr/governments/kushiro-jp"}} {
		d := doc(t, mustGet(t, c.path+"/search?q="+url.QueryEscape(c.q), http.StatusOK))
		if d.Find(`#places ul:not(.near) a[href="`+c.want+`"]`).Length() == 0 {
			t.Errorf("%s %q: %s not among the places:\n%s", c.path, c.q, c.want, d.Find("#places").Text())
		}
	}
}

// Names compare folded: "Quebec" is Québec (the province's exact name), ahead of
// Quebec City, whose name only begins with it.
func TestSearchRanksFoldedNames(t *testing.T) {
	body := mustGet(t, "/search.csv?q=Quebec", http.StatusOK)
	i, j := strings.Index(body, "government,quebec-ca,"), strings.Index(body, "government,quebec-city-ca,")
	if i < 0 || j >= 0 && j < i {
		t.Errorf("Québec should lead:\n%s", truncate(body, 600))
	}
}
