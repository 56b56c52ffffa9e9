package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/cache"
	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// The /data page documents the bulk downloads, the .csv/.json twins and the import
// format; the two downloads are served here too.

const (
	zipPath    = "/data/twinning-csv.zip"
	sqlitePath = "/data/twinning.sqlite"
)

func (h *handler) showData(c echo.Context) error {
	l := loc(c)
	v, err := h.db.CurrentVersion(c.Request().Context())
	if err != nil {
		return err
	}
	// The sizes shown depend on which downloads are built: a build bumps this scope.
	cache.Note(c.Request().Context(), scopeDownloads)
	p := views.DataPage{Page: h.page(c, l.T("data.title")), Catalog: catalogPath}
	facts, err := h.datasetFacts(c.Request().Context())
	if err != nil {
		return err
	}
	p.Dataset = h.schemaOrgDataset(facts)
	if h.release == nil {
		p.Downloads = []views.Download{
			{Key: "zip", URL: zipPath, FileName: downloadName("twinning-csv", ".zip", v), Size: h.downloadSize("zip", v.ID)},
			{Key: "sqlite", URL: sqlitePath, FileName: downloadName("twinning", ".sqlite", v), Size: h.downloadSize("sqlite", v.ID)},
		}
	} else { // the release's own files, made when it was cut
		for _, f := range h.files {
			key := map[string]string{releaseZip: "zip", store.ReleaseDB: "sqlite"}[f.Name]
			p.Downloads = append(p.Downloads, views.Download{Key: key, URL: h.releaseBase() + "/" + f.Name,
				FileName: releaseFileName(f.Name, h.release.ID), Size: f.Size})
		}
	}
	p.Twins = twinDocs()
	p.Import = importDocs()
	return render(c, http.StatusOK, views.Data(p))
}

// twinDocs lists each twin table with the pages that serve it. The columns come from
// the table builders themselves, so the documentation cannot drift from the data.
func twinDocs() []views.TwinDoc {
	return []views.TwinDoc{
		{Key: "relationships", Columns: relationshipTable(nil, "", nil).Columns, Paths: []views.TwinPath{
			{Pattern: "/governments/{slug}", Example: "/governments/burnaby-ca"},
			{Pattern: "/countries/{cc}/{cc2}", Example: "/countries/ca/kr"},
			{Pattern: "/agreements?…", Example: "/agreements?country=ca&partner=kr"},
		}},
		{Key: "timeline", Columns: timelineTable("", nil, nil).Columns, Paths: []views.TwinPath{
			{Pattern: "/agreements/{id}", Example: "/agreements/burnaby-ca--hwaseong-kr"},
		}},
		{Key: "governments", Columns: governmentTable(nil, "", nil).Columns, Paths: []views.TwinPath{
			{Pattern: "/countries/{cc}", Example: "/countries/kr"},
			{Pattern: "/governments?…", Example: "/governments?country=kr&level=province"},
		}},
		{Key: "search", Columns: searchColumns, Paths: []views.TwinPath{
			{Pattern: "/search?q=", Example: "/search?q=burnaby"},
		}},
		{Key: "activities", Columns: activityListColumns, Paths: []views.TwinPath{
			{Pattern: "/activities?…", Example: "/activities?government=dangjin-kr"},
		}},
		{Key: "countries", Columns: countryTable("", nil).Columns, Paths: []views.TwinPath{
			{Pattern: "/countries", Example: "/countries"},
		}},
		{Key: "reporting", Columns: reportingColumns, Paths: []views.TwinPath{
			{Pattern: "/reporting?…", Example: "/reporting?country=kr"},
		}},
		{Key: "corrections", Columns: correctionColumns, Paths: []views.TwinPath{
			{Pattern: "/corrections?…", Example: "/corrections?status=pending"},
		}},
		{Key: "history", Columns: historyColumns, Paths: []views.TwinPath{
			{Pattern: "/governments/{slug}/history", Example: "/governments/burnaby-ca/history"},
			{Pattern: "/agreements/{id}/history", Example: "/agreements/burnaby-ca--hwaseong-kr/history"},
		}},
	}
}

// importDocs lists the import format's files and columns, with the allowed codes of
// the vocabulary columns.
func importDocs() []views.ImportFile {
	vocab := map[string][]string{"level": store.Levels, "kind": store.Kinds, "status": store.Statuses,
		"event": store.EventTypes, "category": store.Categories}
	var out []views.ImportFile
	for _, f := range seed.Files() {
		doc := views.ImportFile{Key: strings.TrimSuffix(f.Name, ".csv"), Name: f.Name}
		for _, col := range f.Columns {
			doc.Columns = append(doc.Columns, views.ImportColumn{Name: col, Values: vocab[col]})
		}
		out = append(out, doc)
	}
	return out
}

// The two bulk downloads are built once and kept in the one cache, until a write
// publishes a change (any change: they hold every record). Concurrent requests wait
// for one build; while a rebuild runs after a write, others get the previous build.
type download struct {
	body    []byte
	version store.Version
}

const (
	// downloadCacheBytes holds both downloads at 100× the default data.
	downloadCacheBytes = 1 << 30
	// buildTimeout bounds a build, which runs on after the requesting client leaves
	// (others may be waiting for the same build).
	buildTimeout = 2 * time.Minute
)

func newDownloadCache(g *cache.Generations) *cache.Cache[download] {
	return cache.New(g, downloadCacheBytes, func(d download) int64 { return int64(len(d.body)) }, buildTimeout)
}

// downloadSize is a download's size if it is built for version id, 0 otherwise: the
// page shows sizes only when they cost nothing, and never waits for a build.
func (h *handler) downloadSize(key string, id int64) int64 {
	if d, ok := h.downloads.Peek(key); ok && d.version.ID >= id {
		return int64(len(d.body))
	}
	return 0
}

// scopeDownloads is what the /data page's sizes depend on: which downloads are built.
const scopeDownloads cache.Scope = "downloads"

// getDownload returns a download, building it if needed. When the request got a
// build that was not there before it asked (it built it, or waited for it),
// scopeDownloads is bumped, so the /data page shows the new size from then on; a
// request served what was already built runs no query and bumps nothing.
func (h *handler) getDownload(ctx context.Context, key string, build func(context.Context) (download, error)) (download, error) {
	before, had := h.downloads.Peek(key)
	d, err := h.downloads.Get(ctx, key, build)
	if err == nil && (!had || d.version.ID != before.version.ID) {
		h.db.Generations().Bump(scopeDownloads)
	}
	return d, err
}

func (h *handler) downloadCSVZip(c echo.Context) error {
	d, err := h.getDownload(c.Request().Context(), "zip", h.buildCSVZip)
	if err != nil {
		return err
	}
	body, v := d.body, d.version
	return serveDownload(c, body, v, downloadName("twinning-csv", ".zip", v), "application/zip", "zip")
}

func (h *handler) downloadSQLite(c echo.Context) error {
	d, err := h.getDownload(c.Request().Context(), "sqlite", func(ctx context.Context) (download, error) {
		var buf bytes.Buffer
		v, _, err := h.db.Snapshot(ctx, &buf)
		return download{buf.Bytes(), v}, err
	})
	if err != nil {
		return err
	}
	body, v := d.body, d.version
	return serveDownload(c, body, v, downloadName("twinning", ".sqlite", v), "application/vnd.sqlite3", "sqlite")
}

// downloadName puts the as-of date in a download's file name, so files saved on
// different days do not overwrite each other.
func downloadName(base, ext string, v store.Version) string {
	if v.AsOf == "" {
		return base + ext
	}
	return base + "-" + v.AsOf + ext
}

// serveDownload sends a built download as an attachment. http.ServeContent answers
// HEAD, ranges (resumed downloads) and If-None-Match against the version's ETag.
func serveDownload(c echo.Context, body []byte, v store.Version, name, contentType, tag string) error {
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, contentType)
	hd.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("ETag", fmt.Sprintf(`"%s-%d"`, tag, v.ID))
	hd.Set("Cache-Control", "public, no-cache") // always revalidate: the ETag changes with the data
	hd.Set("Access-Control-Allow-Origin", "*")
	http.ServeContent(c.Response(), c.Request(), name, time.Time{}, bytes.NewReader(body))
	return nil
}

// buildCSVZip exports every record and writes the zip: the five import-format CSVs,
// README.txt and LICENSE.txt. Entries carry the as-of date as their time, so the
// same data always makes the same bytes.
func (h *handler) buildCSVZip(ctx context.Context) (download, error) {
	body, v, err := h.writeCSVZip(ctx)
	return download{body, v}, err
}

func (h *handler) writeCSVZip(ctx context.Context) ([]byte, store.Version, error) {
	ds, v, err := h.db.ExportVersion(ctx)
	if err != nil {
		return nil, store.Version{}, err
	}
	modified, err := time.Parse(time.DateOnly, v.AsOf)
	if err != nil {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // the earliest zip time: no data yet
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	create := func(name string) (io.Writer, error) {
		return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	}
	if err := seed.Write(create, ds); err != nil {
		return nil, store.Version{}, err
	}
	version := strconv.FormatInt(v.ID, 10)
	if h.release != nil {
		version = h.release.ID
	}
	pkg, err := seed.DataPackage(seed.PackageInfo{Title: datasetTitle["en"], Description: datasetDescription["en"],
		Homepage: h.datasetHome(), AsOf: v.AsOf, Version: version, Keywords: datasetKeywords,
		Licenses: datasetLicences, Sources: datasetSources})
	if err != nil {
		return nil, store.Version{}, err
	}
	w, err := create("datapackage.json")
	if err != nil {
		return nil, store.Version{}, err
	}
	if _, err := w.Write(pkg); err != nil {
		return nil, store.Version{}, err
	}
	info := zipInfo{AsOf: v.AsOf, BaseURL: h.baseURL, DownloadURL: h.baseURL + zipPath, Governments: len(ds.Governments), Agreements: len(ds.Agreements),
		Events: len(ds.Events), Activities: len(ds.Activities), Sources: len(ds.Sources)}
	if h.release != nil {
		info.Release, info.DownloadURL = h.release.ID, h.baseURL+h.releaseBase()+"/"+releaseZip
	}
	if info.AsOf == "" {
		info.AsOf = "unknown (no records yet)"
	}
	for _, f := range []struct {
		name string
		tmpl *template.Template
	}{{"README.txt", zipReadme}, {"LICENSE.txt", zipLicence}} {
		w, err := create(f.name)
		if err != nil {
			return nil, store.Version{}, err
		}
		var text bytes.Buffer
		if err := f.tmpl.Execute(&text, info); err != nil {
			return nil, store.Version{}, err
		}
		// CRLF, so that Notepad shows the lines too.
		if _, err := w.Write(bytes.ReplaceAll(text.Bytes(), []byte("\n"), []byte("\r\n"))); err != nil {
			return nil, store.Version{}, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, store.Version{}, err
	}
	return buf.Bytes(), v, nil
}

type zipInfo struct {
	AsOf, BaseURL, DownloadURL, Release                  string
	Governments, Agreements, Events, Activities, Sources int
}

var zipReadme = template.Must(template.New("README.txt").Parse(`Twinning Tracker: every record as CSV
====================================

Data as of:         {{.AsOf}} (the date of the latest change to the records)
{{if .Release}}Release:            {{.Release}}, which never changes: {{.BaseURL}}/releases/{{.Release}}
{{end}}Downloaded from:    {{.DownloadURL}}
Field definitions:  {{.BaseURL}}/data#import
Sources and method: {{.BaseURL}}/about

The files are in the portal's import format, the same one it imports: UTF-8 CSV
(RFC 4180) with one header row; an empty cell is unknown; dates are YYYY, YYYY-MM
or YYYY-MM-DD, where the form is the precision; several source URLs in one cell are
separated by " | ".

  governments.csv  {{.Governments}} sub-national governments: slug (stable id), names,
                   level, country (ISO 3166-1 alpha-2), region, parent, lat/lon,
                   Wikidata id, website, source_url
  agreements.csv   {{.Agreements}} agreements between two governments: id, government_a,
                   government_b, kind, signed, status, ended, note, source_url
  events.csv       {{.Events}} lifecycle events of agreements (signed, upgraded to
                   sister, renewed, suspended, ended): agreement, date, event, note,
                   source_url
  activities.csv   {{.Activities}} exchange activities under agreements: id, agreement,
                   date, date_end, category, from (the side that travelled or gave,
                   "joint", or empty), title, description, participants,
                   cost_amount (in cost_currency, an ISO 4217 code; never
                   converted; empty = not known, not zero), cost_currency,
                   paid_by (a party, "shared", or empty = not said), outputs,
                   source_url
  sources.csv      {{.Sources}} sources with a title, publisher or access date: url,
                   title, publisher, accessed
  coverage.csv     years for which a government's activity record is complete
  references.csv   published figures the portal's counts are set beside
  datapackage.json the files described for machines (Frictionless Tabular Data
                   Package): each column's type and constraints, keys, and how the
                   files refer to each other; frictionless, pandas and R read it

Every page of the portal also has .csv and .json twins holding the data it shows
(field meanings at {{.BaseURL}}/data#twins). A .csv twin's metadata (title, source,
licence, as-of date) is in its .json twin, which the CSV's Link header names
(rel="describedby").

Open with a CSV-aware tool. The cells are written raw, exactly as recorded, so that
the files can be imported again unchanged: they are NOT escaped for spreadsheets,
and a cell may start with = + - or @. Use a CSV library, a database or a
spreadsheet's import dialog rather than double-clicking a file.

Unknown stays unknown: no kind, date or direction has been guessed. Agreements known
only from Wikipedia's lists have kind "unknown", no date and status "unverified".

Licence (details in LICENSE.txt):
- rows derived from Wikipedia's lists of twin towns and sister cities (their
  source_url is a Wikipedia page): CC BY-SA 4.0, Wikipedia contributors;
- coordinates: Wikipedia and OpenStreetMap Nominatim, ODbL 1.0 (OpenStreetMap
  contributors);
- other rows cite their own sources in source_url.
More: {{.BaseURL}}/about
`))

var zipLicence = template.Must(template.New("LICENSE.txt").Parse(`Twinning Tracker data: licences
===============================

1. Rows derived from English Wikipedia's lists of twin towns and sister cities
   (their source_url is a wikipedia.org page) come from Wikipedia contributors and
   are licensed under Creative Commons Attribution-ShareAlike 4.0 International
   (CC BY-SA 4.0): https://creativecommons.org/licenses/by-sa/4.0/
   Legal code: https://creativecommons.org/licenses/by-sa/4.0/legalcode
   You may share and adapt them, for any purpose, if you credit "Wikipedia
   contributors" (with a link to the source page), say what you changed, and
   share what you make from them under the same licence.
   The pairs were scraped and geocoded by Hekman/twincities
   (https://github.com/Hekman/twincities).

2. Coordinates (lat, lon) come from the Wikipedia API and from OpenStreetMap
   Nominatim, (c) OpenStreetMap contributors, available under the Open Database
   License 1.0 (ODbL): https://opendatacommons.org/licenses/odbl/1-0/
   See https://www.openstreetmap.org/copyright

3. The other rows (among them the Canada-Korea relationships and activities, and
   Dangjin City's partners and exchanges) were compiled by the Twinning Tracker
   project from government and press pages; each row cites its sources in
   source_url. The Korean public-sector licence (KOGL) type of the Dangjin City
   website has not been verified.

Sources, method and licences: {{.BaseURL}}/about
`))
