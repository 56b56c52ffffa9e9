package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// A reader who types a country's name, or a year range the wrong way round, stays on
// the chart: the refused filter is marked beside its field with the reason and what
// was typed, the chart of the other filters is drawn, and the answer is a 400. A
// chart that needs the refused filter shows the form alone. Twins still refuse.
func TestChartFiltersRefusedOnThePage(t *testing.T) {
	rec := request(t, http.MethodGet, "/charts/agreements-by-year?country=Korea")
	d := doc(t, rec.Body.String())
	if rec.Code != http.StatusBadRequest || d.Find("figure .chart-svg svg").Length() == 0 {
		t.Fatalf("a country typed as a name: %d, %d drawings", rec.Code, d.Find("figure .chart-svg svg").Length())
	}
	if msg := d.Find("#err-country").Text(); !strings.Contains(msg, "“Korea”") || d.Find(`select[name="country"][aria-invalid="true"] option[selected]`).AttrOr("value", "") != "Korea" {
		t.Errorf("the country field: message %q, selected %q", msg, d.Find(`select[name="country"] option[selected]`).AttrOr("value", ""))
	}
	if !strings.Contains(d.Find("p.form-error").Text(), "Some filters could not be used") {
		t.Error("no word that the chart leaves a filter out")
	}

	rec = request(t, http.MethodGet, "/fr/charts/agreements-by-year?country=kr&from=2010&to=2000")
	d = doc(t, rec.Body.String())
	if rec.Code != http.StatusBadRequest || !strings.Contains(d.Find("h1").Text(), "Corée du Sud") || d.Find("#err-to").Length() != 1 ||
		d.Find(`input[name="from"]`).AttrOr("value", "") != "2010" || d.Find(`input[name="to"]`).AttrOr("value", "") != "2000" {
		t.Errorf("a year range the wrong way round: %d, h1 %q, to's message %q, from %q, to %q", rec.Code, d.Find("h1").Text(),
			d.Find("#err-to").Text(), d.Find(`input[name="from"]`).AttrOr("value", ""), d.Find(`input[name="to"]`).AttrOr("value", ""))
	}

	rec = request(t, http.MethodGet, "/charts/activeness-by-region?country=Korea")
	d = doc(t, rec.Body.String())
	if rec.Code != http.StatusBadRequest || d.Find("figure").Length() != 0 || d.Find("#err-country").Length() != 1 || d.Find("form.filters").Length() != 1 {
		t.Errorf("a chart that needs the refused country: %d, %d figures", rec.Code, d.Find("figure").Length())
	}
	// A year that is not one is refused alone: the other year still filters.
	d = doc(t, request(t, http.MethodGet, "/charts/agreements-by-year?country=kr&from=2000&to=20x0").Body.String())
	if !strings.Contains(d.Find("#permalink").AttrOr("value", ""), "from=2000&to=any") || d.Find("#err-to").Length() != 1 {
		t.Errorf("a bad 'to' with a good 'from': permanent link %q", d.Find("#permalink").AttrOr("value", ""))
	}
	// The form alone keeps every filter as typed, so correcting one keeps the others.
	d = doc(t, request(t, http.MethodGet, "/charts/activeness-by-region?country=Korea&partner=ca").Body.String())
	if d.Find(`select[name="partner"] option[selected]`).AttrOr("value", "") != "ca" {
		t.Errorf("the partner was lost: %q", d.Find(`select[name="partner"] option[selected]`).AttrOr("value", ""))
	}
	mustGet(t, "/charts/agreements-by-year.csv?country=Korea", http.StatusBadRequest)
	mustGet(t, "/embed/charts/agreements-by-year?country=Korea", http.StatusBadRequest)
}

// Countries are chosen by name in the page's language (a list that works without
// JavaScript); a full name in any of the three languages is taken for its code, and
// the permanent link spells the code.
func TestChartCountryPickers(t *testing.T) {
	d := doc(t, mustGet(t, "/ko/charts/agreements-by-year?country=kr", http.StatusOK))
	if got := d.Find(`select[name="country"] option[selected]`); got.AttrOr("value", "") != "kr" || got.Text() != "대한민국" {
		t.Errorf("Korean picker: %q %q", got.AttrOr("value", ""), got.Text())
	}
	if d.Find(`select[name="kind"] option[value="sister"]`).Length() != 1 || d.Find(`input[type="number"][name="from"]`).Length() != 1 {
		t.Error("the kind list or the year field is missing")
	}
	for _, path := range []string{"/charts/agreements-by-year?country=South%20Korea", "/fr/charts/agreements-by-year?country=Cor%C3%A9e%20du%20Sud",
		"/charts/agreements-by-year?country=%EB%8C%80%ED%95%9C%EB%AF%BC%EA%B5%AD"} {
		d := doc(t, mustGet(t, path, http.StatusOK))
		if link := d.Find("#permalink").AttrOr("value", ""); !strings.Contains(link, "country=kr&") {
			t.Errorf("%s: permanent link %q", path, link)
		}
	}
}
