package web_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestHistoryShowsTheDefaultDataImport(t *testing.T) {
	for path, want := range map[string][]string{
		"/agreements/burnaby-ca--hwaseong-kr/history": {"History of changes: Burnaby – Hwaseong",
			"Loaded from the default data on 27 November 2026.", `href="/agreements/burnaby-ca--hwaseong-kr"`},
		"/governments/burnaby-ca/history":                {"History of changes: Burnaby", "Loaded from the default data on 27 November 2026."},
		"/fr/agreements/burnaby-ca--hwaseong-kr/history": {"Chargé à partir des données par défaut le 27 novembre 2026."},
		"/ko/governments/hwaseong-kr/history":            {"변경 이력: 화성시", "2026년 11월 27일에 기본 데이터에서 불러왔습니다."},
	} {
		rec := get(t, path)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d", path, rec.Code)
			continue
		}
		body := rec.Body.String()
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: missing %q", path, w)
			}
		}
	}
	// Record pages link to their history.
	for path, link := range map[string]string{
		"/agreements/burnaby-ca--hwaseong-kr": `href="/agreements/burnaby-ca--hwaseong-kr/history"`,
		"/fr/governments/burnaby-ca":          `href="/fr/governments/burnaby-ca/history"`,
	} {
		if body := get(t, path).Body.String(); !strings.Contains(body, link) {
			t.Errorf("GET %s: no link %s", path, link)
		}
	}
}

func TestHistoryOfUnknownRecordsIsNotFound(t *testing.T) {
	for _, path := range []string{
		"/governments/nowhere-xx/history",
		"/agreements/nowhere-xx--nothing-yy/history",
		"/ko/agreements/nope/history",
		"/agreements/burnaby-ca--hwaseong-kr.csv/history", // a history's twin is history.csv, not this
		"/agreements/nowhere-xx--nothing-yy/history.json",
		"/governments/nowhere-xx/history.csv",
	} {
		if rec := get(t, path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, rec.Code)
		}
	}
}
