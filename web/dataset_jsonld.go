package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// Findable data: the same dataset described for dataset search engines (schema.org
// Dataset JSON-LD in the /data page) and for open-data catalogues (a DCAT-AP catalogue,
// /data/catalog.jsonld). Both take their words from dataset_meta.go.

// datasetFacts are what both descriptions say about the data as it is now.
type datasetFacts struct {
	asOf        string // YYYY-MM-DD, '' before any record
	version     int64
	first, last int // years the records speak of; 0 when none is dated
}

func (h *handler) datasetFacts(ctx context.Context) (datasetFacts, error) {
	v, err := h.db.CurrentVersion(ctx)
	if err != nil {
		return datasetFacts{}, err
	}
	first, last, err := h.db.DataYears(ctx)
	return datasetFacts{asOf: v.AsOf, version: v.ID, first: first, last: last}, err
}

// downloadsOf are the two bulk downloads with their media types.
// content is the media type of what an archive holds, format its EU file type
// (DCAT-AP's dct:format), pack the archive's own file type ("" when not one).
// In a release they are the release's files.
func (h *handler) downloadsOf() []struct{ url, mediaType, content, format, pack, title string } {
	zip, sqlite := h.baseURL+zipPath, h.baseURL+sqlitePath
	sqliteTitle := "The public tables as one SQLite database"
	if h.release != nil {
		zip, sqlite = h.baseURL+h.releaseBase()+"/"+releaseZip, h.baseURL+h.releaseBase()+"/"+store.ReleaseDB
		sqliteTitle = "The release's database: the public tables and what the portal computed from them (SQLite)"
	}
	return []struct{ url, mediaType, content, format, pack, title string }{
		{zip, "application/zip", "text/csv", "CSV", "ZIP", "Every record as CSV in the import format, with datapackage.json (zip)"},
		{sqlite, "application/vnd.sqlite3", "application/vnd.sqlite3", "SQLITE", "", sqliteTitle},
	}
}

// datasetHome is the dataset's landing page: /data, or a release's page.
func (h *handler) datasetHome() string {
	if h.release != nil {
		return h.baseURL + h.releaseBase()
	}
	return h.baseURL + "/data"
}

// releaseDataset is release r as a schema.org Dataset, for its page on the live
// portal: a version of the portal's dataset.
func (h *handler) releaseDataset(r store.Release) map[string]any {
	rh := &handler{baseURL: h.baseURL, release: &views.ReleaseRef{ID: r.ID, AsOf: r.AsOf, CutAt: r.CutAt}}
	return rh.schemaOrgDataset(datasetFacts{asOf: r.AsOf, version: r.Version, first: r.Counts.FirstYear, last: r.Counts.LastYear})
}

// schemaOrgDataset is the schema.org Dataset on /data (dataset search engines read it).
func (h *handler) schemaOrgDataset(f datasetFacts) map[string]any {
	var licences []string
	for _, l := range datasetLicences {
		licences = append(licences, l.Path)
	}
	d := map[string]any{
		"@context": "https://schema.org", "@type": "Dataset", "@id": h.datasetHome() + "#dataset",
		"name": datasetTitle["en"], "alternateName": datasetTitle["fr"], "description": datasetDescription["en"],
		"url": h.datasetHome(), "inLanguage": []string{"en", "fr", "ko"}, "isAccessibleForFree": true,
		"license": licences, "keywords": datasetKeywords,
		"creator":         map[string]any{"@type": "Organization", "name": "Twinning Tracker", "url": h.baseURL + "/"},
		"publisher":       map[string]any{"@type": "Organization", "name": "Twinning Tracker", "url": h.baseURL + "/"},
		"spatialCoverage": map[string]any{"@type": "Place", "name": "World"},
		"version":         strconv.FormatInt(f.version, 10),
		"citation":        "Twinning Tracker, " + h.datasetHome(),
	}
	if h.release != nil {
		// A release is a fixed version of the live dataset.
		d["name"] = datasetTitle["en"] + ", release " + h.release.ID
		d["version"] = h.release.ID
		d["isPartOf"] = map[string]any{"@id": h.baseURL + "/data#dataset"}
		d["datePublished"] = rfcDay(h.release.CutAt)
	}
	if f.asOf != "" {
		d["dateModified"] = f.asOf
	}
	if f.first > 0 {
		d["temporalCoverage"] = strconv.Itoa(f.first) + "/" + strconv.Itoa(f.last)
	}
	var dist []map[string]any
	for _, dl := range h.downloadsOf() {
		dist = append(dist, map[string]any{"@type": "DataDownload", "name": dl.title, "encodingFormat": dl.mediaType, "contentUrl": dl.url})
	}
	d["distribution"] = dist
	return d
}

// datasetKeywords describe the data in the three languages.
var datasetKeywords = []string{"twinning", "sister cities", "friendship cities", "subnational diplomacy", "jumelage",
	"villes jumelles", "자매결연", "우호도시"}

// dcatCatalog is the portal's DCAT-AP 2 catalogue: one dataset, its two distributions,
// titles and descriptions in English and French. Its context is inline, so a reader
// needs no network to expand it.
func (h *handler) dcatCatalog(f datasetFacts) map[string]any {
	both := func(m map[string]string) []map[string]string {
		return []map[string]string{{"@value": m["en"], "@language": "en"}, {"@value": m["fr"], "@language": "fr"}}
	}
	date := func(s string) map[string]string { return map[string]string{"@value": s, "@type": "xsd:date"} }
	id := func(s string) map[string]string { return map[string]string{"@id": s} }
	publisher := map[string]any{"@type": "foaf:Agent", "foaf:name": "Twinning Tracker", "foaf:homepage": id(h.baseURL + "/")}
	var languages []map[string]string
	for _, code := range []string{"ENG", "FRA", "KOR"} {
		languages = append(languages, id("http://publications.europa.eu/resource/authority/language/"+code))
	}
	var dists []map[string]any
	for _, dl := range h.downloadsOf() {
		d := map[string]any{
			"@id": dl.url, "@type": "dcat:Distribution", "dct:title": dl.title,
			"dcat:accessURL": id(h.baseURL + "/data"), "dcat:downloadURL": id(dl.url),
			"dcat:mediaType": id(ianaMediaType + dl.content), "dct:format": id(euFileType + dl.format),
			"dct:license": id(datasetLicences[0].Path),
			"dct:rights": map[string]any{"@type": "dct:RightsStatement",
				"rdfs:label": "Rows from Wikipedia's lists: CC BY-SA 4.0; coordinates: ODbL 1.0; other rows cite their sources (LICENSE.txt in the zip)."},
		}
		if dl.pack != "" {
			d["dcat:packageFormat"] = id(ianaMediaType + dl.mediaType)
		}
		dists = append(dists, d)
	}
	dataset := map[string]any{
		"@id": h.baseURL + "/data#dataset", "@type": "dcat:Dataset",
		"dct:title": both(datasetTitle), "dct:description": both(datasetDescription),
		"dct:identifier": h.baseURL + "/data", "dcat:landingPage": id(h.baseURL + "/data"),
		"dcat:keyword": datasetKeywords, "dct:language": languages, "dct:publisher": publisher,
		"dct:accrualPeriodicity": id("http://publications.europa.eu/resource/authority/frequency/CONT"),
		"dcat:distribution":      dists,
	}
	if f.asOf != "" {
		dataset["dct:modified"] = date(f.asOf)
	}
	if f.first > 0 {
		dataset["dct:temporal"] = map[string]any{"@type": "dct:PeriodOfTime",
			"dcat:startDate": date(strconv.Itoa(f.first) + "-01-01"), "dcat:endDate": date(strconv.Itoa(f.last) + "-12-31")}
	}
	c := map[string]any{
		"@context": map[string]string{
			"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
			"xsd": "http://www.w3.org/2001/XMLSchema#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
		},
		"@id": h.baseURL + catalogPath, "@type": "dcat:Catalog",
		"dct:title": both(map[string]string{"en": "Twinning Tracker data catalogue", "fr": "Catalogue de données de Twinning Tracker"}),
		"dct:description": both(map[string]string{"en": "The open data of Twinning Tracker, the public record of twinning.",
			"fr": "Les données ouvertes de Twinning Tracker, le registre public des jumelages."}),
		"dct:publisher": publisher, "foaf:homepage": id(h.baseURL + "/"), "dct:language": languages,
		"dct:license": id(datasetLicences[0].Path), "dcat:dataset": []map[string]any{dataset},
	}
	if f.asOf != "" {
		c["dct:modified"] = date(f.asOf)
	}
	return c
}

const catalogPath = "/data/catalog.jsonld"

// The vocabularies DCAT-AP names for media types and file types.
const (
	ianaMediaType = "http://www.iana.org/assignments/media-types/"
	euFileType    = "http://publications.europa.eu/resource/authority/file-type/"
)

// showCatalog is the DCAT-AP catalogue, once at the root (it holds both languages).
func (h *handler) showCatalog(c echo.Context) error {
	f, err := h.datasetFacts(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/ld+json")
	return c.JSONPretty(http.StatusOK, h.dcatCatalog(f), " ")
}
