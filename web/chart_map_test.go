package web_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
)

// A resident opens their city's page and sees where its partners are; the map's
// picture stands alone (outline inlined) for a story; its twin lists every partner,
// those without coordinates too.
func TestPartnersMap(t *testing.T) {
	d := doc(t, mustGet(t, "/governments/dangjin-kr", http.StatusOK))
	fig := d.Find("figure#fig-partners_map")
	if fig.Length() != 1 {
		t.Fatal("Dangjin's page has no map of its partners")
	}
	summary := fig.Find(".summary").Text()
	if !strings.Contains(summary, "11 partners") || !strings.Contains(summary, "no recorded coordinates") {
		t.Errorf("map summary %q: does not count the partners, or hides those without coordinates", summary)
	}
	if n := fig.Find(".chart-svg.map svg [data-i]").Length(); n == 0 {
		t.Error("the map draws no dots or routes")
	}
	if fig.Find(".chart-svg.narrow").Length() != 0 {
		t.Error("a map is drawn twice")
	}
	if img, _ := d.Find(`meta[property="og:image"]`).Attr("content"); !strings.Contains(img, "/charts/partners-map.svg?government=dangjin-kr") {
		t.Errorf("link preview image %q is not the map", img)
	}
	if rows := fig.Find("tbody tr").Length(); rows != 11 {
		t.Errorf("map table: %d rows, want one per agreement (11)", rows)
	}

	rec := get(t, "/charts/partners-map.svg?government=burnaby-ca")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `viewBox="0 60 3600 1420"`) {
		t.Errorf("standalone map: %d, outline inlined: %v", rec.Code, strings.Contains(rec.Body.String(), "3600"))
	}
	page := mustGet(t, "/governments/burnaby-ca", http.StatusOK)
	if strings.Contains(page, "3600 1420") {
		t.Error("the page inlines the world outline: every page would carry it")
	}

	r := csv.NewReader(strings.NewReader(mustGet(t, "/charts/partners-map.csv?government=dangjin-kr", http.StatusOK)))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(rows[0], ",")
	if head != "agreement,partner,partner_name,partner_country,kind,signed,status,lat,lon" {
		t.Errorf("map twin columns: %s", head)
	}
	blank := 0
	for _, row := range rows[1:] {
		if len(row) == 9 && row[7] == "" {
			blank++
		}
	}
	if len(rows)-1 != 11 || blank == 0 {
		t.Errorf("map twin: %d rows (want 11), %d without coordinates (want some, as empty cells)", len(rows)-1, blank)
	}
	mustGet(t, "/charts/partners-map", http.StatusBadRequest)
	mustGet(t, "/charts/partners-map?government=no-such-place", http.StatusBadRequest) // as every chart filter
	mustGet(t, "/fr/embed/charts/partners-map?government=burnaby-ca", http.StatusOK)
}

// Alberta's map chart has nothing to place: its figure is the table with a sentence,
// and there is no picture to link.
func TestPartnersMapChartWithoutCoordinates(t *testing.T) {
	d := doc(t, mustGet(t, "/charts/partners-map?government=alberta-ca", http.StatusOK))
	if d.Find("figure.chart svg[role=img]").Length() != 0 || !strings.Contains(d.Find("figure.chart .summary").Text(), "No map") {
		t.Error("an empty world map, or no word on why there is none")
	}
	mustGet(t, "/charts/partners-map.svg?government=alberta-ca", http.StatusNotFound)
	if strings.Contains(mustGet(t, "/governments/alberta-ca.atom", http.StatusOK), "<logo>") {
		t.Error("Alberta's feed has an empty map for a logo")
	}
}

// No place of Alberta's relationships has coordinates: no empty world, a sentence.
func TestNoMapWithoutCoordinates(t *testing.T) {
	d := doc(t, mustGet(t, "/governments/alberta-ca", http.StatusOK))
	if d.Find("figure#fig-partners_map").Length() != 0 {
		t.Error("a map with nothing on it")
	}
	if !strings.Contains(d.Text(), "No map: neither Alberta nor its partners have recorded coordinates.") {
		t.Error("the page does not say why there is no map")
	}
}
