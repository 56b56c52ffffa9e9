package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// /data describes the dataset in schema.org terms with what dataset search requires
// (name, a description of 50 to 5,000 characters, licence, dates, downloads that
// answer), in every language.
func TestDataPageDescribesTheDataset(t *testing.T) {
	for _, path := range []string{"/data", "/fr/data", "/ko/data"} {
		d := doc(t, mustGet(t, path, http.StatusOK))
		scripts := d.Find(`script[type="application/ld+json"]`)
		if scripts.Length() != 1 {
			t.Fatalf("%s: %d JSON-LD scripts", path, scripts.Length())
		}
		var ds map[string]any
		if err := json.Unmarshal([]byte(scripts.Text()), &ds); err != nil {
			t.Fatalf("%s: JSON-LD: %v", path, err)
		}
		desc, _ := ds["description"].(string)
		if ds["@context"] != "https://schema.org" || ds["@type"] != "Dataset" || ds["name"] == "" || len(desc) < 50 || len(desc) > 5000 {
			t.Errorf("%s: dataset %v", path, ds)
		}
		if licences, _ := ds["license"].([]any); len(licences) != 2 || licences[0] != "https://creativecommons.org/licenses/by-sa/4.0/" || ds["dateModified"] != "2026-11-27" ||
			!regexp.MustCompile(`^[0-9]{4}/[0-9]{4}$`).MatchString(ds["temporalCoverage"].(string)) {
			t.Errorf("%s: licence %v, modified %v, temporal coverage %v", path, ds["license"], ds["dateModified"], ds["temporalCoverage"])
		}
		dists, _ := ds["distribution"].([]any)
		if len(dists) != 2 {
			t.Fatalf("%s: %d distributions", path, len(dists))
		}
		for _, x := range dists {
			dl := x.(map[string]any)
			checkDownload(t, dl["contentUrl"].(string), dl["encodingFormat"].(string))
		}
	}
}

// checkDownload fetches an absolute download address of the portal and checks its
// media type.
func checkDownload(t *testing.T, address, mediaType string) {
	t.Helper()
	u, err := url.Parse(address)
	if err != nil || u.Scheme != "http" || u.Host != "portal.test" {
		t.Fatalf("download address %q", address)
	}
	rec := request(t, http.MethodHead, u.Path)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), mediaType) {
		t.Errorf("%s: %d %s, want %s", u.Path, rec.Code, rec.Header().Get("Content-Type"), mediaType)
	}
}

// The DCAT-AP catalogue has the mandatory properties of DCAT-AP 2 (catalogue: title,
// description, publisher, dataset; dataset: title, description; distribution: access
// URL), titles and descriptions in English and French, every prefixed term declared
// in its context, and downloads that answer.
func TestDCATCatalogue(t *testing.T) {
	rec := request(t, http.MethodGet, "/data/catalog.jsonld")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/ld+json") {
		t.Fatalf("catalogue: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	var cat map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &cat); err != nil {
		t.Fatal(err)
	}
	context := cat["@context"].(map[string]any)
	var undeclared []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if prefix, _, ok := strings.Cut(k, ":"); ok && !strings.HasPrefix(k, "@") && context[prefix] == nil {
					undeclared = append(undeclared, k)
				}
				if k == "@type" {
					if s, ok := x.(string); ok {
						if prefix, _, ok := strings.Cut(s, ":"); ok && context[prefix] == nil {
							undeclared = append(undeclared, s)
						}
					}
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(cat)
	if len(undeclared) > 0 {
		t.Errorf("terms whose prefix the context does not declare: %v", undeclared)
	}
	languages := func(v any) string {
		var ls []string
		for _, x := range v.([]any) {
			ls = append(ls, x.(map[string]any)["@language"].(string))
		}
		return strings.Join(ls, " ")
	}
	if cat["@type"] != "dcat:Catalog" || languages(cat["dct:title"]) != "en fr" || languages(cat["dct:description"]) != "en fr" ||
		cat["dct:publisher"] == nil {
		t.Errorf("catalogue: %v", cat)
	}
	datasets := cat["dcat:dataset"].([]any)
	if len(datasets) != 1 {
		t.Fatalf("%d datasets", len(datasets))
	}
	ds := datasets[0].(map[string]any)
	if ds["@type"] != "dcat:Dataset" || languages(ds["dct:title"]) != "en fr" || languages(ds["dct:description"]) != "en fr" ||
		ds["dct:temporal"] == nil || ds["dct:modified"].(map[string]any)["@value"] != "2026-11-27" {
		t.Errorf("dataset: %v", ds)
	}
	for _, x := range ds["dcat:distribution"].([]any) {
		dist := x.(map[string]any)
		if dist["@type"] != "dcat:Distribution" || dist["dcat:accessURL"] == nil || dist["dct:license"] == nil {
			t.Errorf("distribution: %v", dist)
		}
		media := dist["dcat:mediaType"].(map[string]any)["@id"].(string)
		if pack, ok := dist["dcat:packageFormat"].(map[string]any); ok {
			media = pack["@id"].(string) // an archive: the media type is what it holds
		}
		if !strings.HasPrefix(dist["dct:format"].(map[string]any)["@id"].(string), "http://publications.europa.eu/resource/authority/file-type/") {
			t.Errorf("distribution format: %v", dist["dct:format"])
		}
		checkDownload(t, dist["dcat:downloadURL"].(map[string]any)["@id"].(string), strings.TrimPrefix(media, "http://www.iana.org/assignments/media-types/"))
	}
}
