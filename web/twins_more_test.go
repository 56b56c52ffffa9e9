package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// The reporting overview, the corrections log and every public history have .csv and
// .json twins with the page's rows; JSON twins carry source, licence, as-of and
// release; a CSV twin's Link header names its JSON twin.
func TestTwinsOfReportingCorrectionsAndHistory(t *testing.T) {
	for _, c := range []struct {
		path   string
		header string
		want   string
	}{
		{"/agreements/burnaby-ca--hwaseong-kr/history", "at,actor,actor_government,record_type,record,action,reason,field,before,after", ""},
		{"/governments/dangjin-kr/history", "at,actor,", ""}, // the default data's records have no changes of their own
		{"/reporting", "government,government_name,country,region,year,declared_complete,declared_on,note", ""},
		{"/corrections", "id,record_type,record,government_a,government_b,text,source_url,status,", ""},
		{"/fr/corrections?status=pending", "id,record_type,", ""},
	} {
		rec := request(t, http.MethodGet, strings.Replace(c.path, "?", ".csv?", 1)+map[bool]string{true: "", false: ".csv"}[strings.Contains(c.path, "?")])
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.HasPrefix(body, c.header) || !strings.Contains(body, c.want) {
			t.Errorf("%s CSV: %d\n%s", c.path, rec.Code, truncate(body, 400))
			continue
		}
		if link := rec.Header().Get("Link"); !strings.Contains(link, `rel="describedby"; type="application/json"`) || !strings.Contains(link, ".json") {
			t.Errorf("%s CSV: Link %q", c.path, link)
		}
		jsonPath := strings.Replace(c.path, "?", ".json?", 1)
		if !strings.Contains(c.path, "?") {
			jsonPath = c.path + ".json"
		}
		var twin map[string]any
		if err := json.Unmarshal([]byte(mustGet(t, jsonPath, http.StatusOK)), &twin); err != nil {
			t.Fatalf("%s: %v", jsonPath, err)
		}
		if _, ok := twin["release"]; !ok || twin["source"] == nil || twin["licence"] == nil || twin["as_of"] != "2026-11-27" || twin["fields"] == nil {
			t.Errorf("%s: envelope %v", jsonPath, twin)
		}
		if links := doc(t, mustGet(t, c.path, http.StatusOK)).Find(`p.data-links a[type="text/csv"]`); links.Length() != 1 {
			t.Errorf("%s: %d CSV twin links on the page", c.path, links.Length())
		}
	}
}
