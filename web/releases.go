package web

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// The list of releases (/releases), each release's page (/releases/{id}) and its
// files, and the administrator's forms to cut and delete releases. The release's
// pages themselves are served by its own app (release_serve.go).

// ReleaseNoteMax bounds a release's note and a deletion's reason, in characters,
// on the form and on the command line.
const ReleaseNoteMax = 500

func (h *handler) showReleases(c echo.Context) error {
	ctx := c.Request().Context()
	l := loc(c)
	if len(c.QueryParams()) > 0 {
		return badRequest(l.T("release.error.params"))
	}
	all, err := h.db.Releases(ctx)
	if err != nil {
		return err
	}
	items := releaseItems(l, all)
	if ext := formatOf(c); ext != "html" {
		return h.serveTwin(c, ext, h.releaseTable(l, all, items), "")
	}
	p := views.ReleasesPage{Page: h.page(c, l.T("release.list_title")), Releases: items}
	p.Admin, p.CSRF = h.releaseAdmin(c)
	if p.Admin {
		running, failed := h.cuts.state()
		if !running.IsZero() {
			p.Cutting = running.Format(time.RFC3339)
		}
		p.CutFailed = failed
	}
	return render(c, http.StatusOK, views.Releases(p))
}

// releaseAdmin reports whether the reader may cut and delete releases, and the
// token their forms send.
func (h *handler) releaseAdmin(c echo.Context) (bool, string) {
	a, ok := account(c)
	if !ok || a.Role != "admin" {
		return false, ""
	}
	s := h.session(c)
	if s == nil {
		return true, ""
	}
	return true, s.CSRF
}

// releaseItems are the releases as pages show them, each with its counts and their
// change since the release before it that was not deleted (all: newest first).
func releaseItems(l *views.Loc, all []store.Release) []views.ReleaseItem {
	items := make([]views.ReleaseItem, len(all))
	for i, r := range all {
		it := views.ReleaseItem{ID: r.ID, CutAt: r.CutAt, CutBy: r.CutBy, Note: r.Note, AsOf: r.AsOf,
			URL: l.URL("/releases/" + r.ID), Deleted: r.Deleted(), DeletedAt: r.DeletedAt, DeletedBy: r.DeletedBy, Reason: r.DeletedReason}
		var prev *store.Release
		for j := i + 1; j < len(all); j++ {
			if !all[j].Deleted() {
				prev = &all[j]
				break
			}
		}
		if prev != nil {
			it.Previous = prev.ID
		}
		for _, k := range releaseCountKinds {
			rc := views.ReleaseCount{Key: k.key, N: k.of(r.Counts)}
			if prev != nil {
				rc.Delta, rc.HasDelta = rc.N-k.of(prev.Counts), true
			}
			it.Counts = append(it.Counts, rc)
		}
		items[i] = it
	}
	return items
}

// releaseCountKinds are the kinds of record a release counts, in the pages' order.
var releaseCountKinds = []struct {
	key string
	of  func(store.ReleaseCounts) int
}{
	{"countries", func(c store.ReleaseCounts) int { return c.Countries }},
	{"governments", func(c store.ReleaseCounts) int { return c.Governments }},
	{"agreements", func(c store.ReleaseCounts) int { return c.Agreements }},
	{"events", func(c store.ReleaseCounts) int { return c.Events }},
	{"activities", func(c store.ReleaseCounts) int { return c.Activities }},
	{"sources", func(c store.ReleaseCounts) int { return c.Sources }},
	{"corrections", func(c store.ReleaseCounts) int { return c.Corrections }},
}

// citeReleaseIfRecorded keeps a record page's link to the newest release only if
// the release holds the record: one added since would be a 404 there.
func (h *handler) citeReleaseIfRecorded(ctx context.Context, p *views.Page, recordType, id string) error {
	if p.LatestRelease == nil {
		return nil
	}
	first, err := h.db.FirstChange(ctx, recordType, id)
	if err != nil {
		return err
	}
	if first > p.LatestRelease.Version {
		p.LatestRelease = nil
	}
	return nil
}

// releaseTable is the list of releases as a twin: one row per release.
func (h *handler) releaseTable(l *views.Loc, all []store.Release, items []views.ReleaseItem) Table {
	t := Table{Title: l.T("release.list_title"), Columns: []string{"release", "cut_at", "cut_by", "note", "as_of", "version"}}
	for _, k := range releaseCountKinds {
		t.Columns = append(t.Columns, k.key)
	}
	t.Columns = append(t.Columns, "previous_release", "url", "sqlite_sha256", "zip_sha256", "deleted_at", "deleted_by", "deleted_reason")
	for i, r := range all {
		row := []any{r.ID, r.CutAt, r.CutBy, r.Note, orNil(r.AsOf), r.Version}
		for _, k := range releaseCountKinds {
			row = append(row, k.of(r.Counts))
		}
		sums := map[string]string{}
		for _, f := range r.Files {
			sums[f.Name] = f.SHA256
		}
		row = append(row, orNil(items[i].Previous), h.baseURL+items[i].URL, orNil(sums[store.ReleaseDB]), orNil(sums[releaseZip]),
			orNil(r.DeletedAt), orNil(r.DeletedBy), orNil(r.DeletedReason))
		t.Rows = append(t.Rows, row)
	}
	return t
}

// release reads the release an address names; an id that cannot be one is a 404
// before any lookup.
func (h *handler) releaseParam(c echo.Context) (store.Release, error) {
	id := c.Param("id")
	if !store.ValidReleaseID(id) {
		return store.Release{}, notFound()
	}
	return h.db.Release(c.Request().Context(), id)
}

func (h *handler) showRelease(c echo.Context) error {
	l := loc(c)
	id := c.Param("id")
	all, err := h.db.Releases(c.Request().Context())
	if err != nil {
		return err
	}
	at := slices.IndexFunc(all, func(r store.Release) bool { return r.ID == id })
	if at < 0 {
		return notFound()
	}
	r, item := all[at], releaseItems(l, all)[at]
	p := views.ReleasePage{Page: h.page(c, l.F("release.title", "id", r.ID)), Release: item}
	p.Description = l.F("release.description", "id", r.ID, "date", l.Date(r.AsOf))
	if !r.Deleted() {
		for _, f := range releaseFiles(r) {
			p.Files = append(p.Files, views.ReleaseFileLink{Name: f.Name, URL: "/releases/" + r.ID + "/" + f.Name, SHA256: f.SHA256, Size: f.Size})
		}
		p.Dataset = h.releaseDataset(r)
	}
	p.Admin, p.CSRF = h.releaseAdmin(c)
	return render(c, http.StatusOK, views.Release(p))
}

// releaseFiles are a release's files as listed, with SHA256SUMS itself after them.
func releaseFiles(r store.Release) []store.ReleaseFile {
	return append(append([]store.ReleaseFile(nil), r.Files...), store.ReleaseFile{Name: store.ReleaseSums, Size: int64(len(r.SumsText()))})
}

// releaseFileTypes are the content types of a release's files.
var releaseFileTypes = map[string]string{store.ReleaseDB: "application/vnd.sqlite3", releaseZip: "application/zip",
	store.ReleaseSums: "text/plain; charset=utf-8"}

// releaseFileName is the name a release's file is saved under: the release's id
// after the file's own name (twinning-csv-2026-12-07.zip).
func releaseFileName(name, id string) string {
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext) + "-" + id + ext
}

// downloadReleaseFile serves a file of a release. Its ETag is its SHA-256: the
// file never changes; caches keep it a day, not longer, since a release may be
// deleted (a record published by mistake must not live on in caches for a year).
func (h *handler) downloadReleaseFile(c echo.Context) error {
	r, err := h.releaseParam(c)
	if err != nil {
		return err
	}
	name := c.Param("file")
	if !isReleaseFile(name) {
		return notFound()
	}
	if r.Deleted() {
		return releaseGone(r)
	}
	tag := ""
	for _, f := range r.Files {
		if f.Name == name {
			tag = f.SHA256
		}
	}
	f, err := os.Open(filepath.Join(h.db.ReleaseDir(r.ID), name))
	if errors.Is(err, os.ErrNotExist) {
		return releaseMissing(r, err)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, releaseFileTypes[name])
	if name != store.ReleaseSums {
		hd.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": releaseFileName(name, r.ID)}))
	}
	if tag == "" {
		tag = "sums-" + r.ID
	}
	hd.Set("ETag", `"`+tag+`"`)
	hd.Set("Cache-Control", "public, max-age=86400")
	hd.Set("Access-Control-Allow-Origin", "*")
	http.ServeContent(c.Response(), c.Request(), name, st.ModTime(), f)
	return nil
}

// cutRelease starts cutting a release (administrators only) and goes back to the
// list, which says a cut is running until the release is listed. The cut runs in
// the background: on world-scale data it takes minutes, longer than a request may.
func (h *handler) cutRelease(c echo.Context) error {
	l := loc(c)
	a, _ := account(c)
	if a.Role != "admin" {
		return echo.NewHTTPError(http.StatusForbidden)
	}
	note, err := releaseText(c, "note")
	if err != nil {
		return err
	}
	h.cuts.start(func() error {
		r, err := CutRelease(context.Background(), h.db, h.baseURL, a.Actor(), note)
		if err != nil {
			h.log.Error("cutting a release", "by", a.Actor(), "err", err)
			return err
		}
		h.log.Info("release cut", "release", r.ID, "by", a.Actor())
		return nil
	})
	return c.Redirect(http.StatusSeeOther, l.URL("/releases"))
}

// releaseText reads a release form's public text field: trimmed, at most
// ReleaseNoteMax characters of valid UTF-8.
func releaseText(c echo.Context, name string) (string, error) {
	v := strings.TrimSpace(c.FormValue(name))
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > ReleaseNoteMax {
		return "", badRequest(loc(c).F("release.error.note", "max", strconv.Itoa(ReleaseNoteMax)))
	}
	return v, nil
}

// releaseCuts is whether a cut started from the web is running, and how the last
// one ended, for the administrator's list of releases.
type releaseCuts struct {
	mu      sync.Mutex
	running time.Time // when the running cut started; zero when none runs
	failed  bool      // the last cut failed (the log says why)
}

// start runs cut in the background unless one is running already (a form sent
// twice cuts once).
func (s *releaseCuts) start(cut func() error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running.IsZero() {
		return
	}
	s.running, s.failed = time.Now().UTC(), false
	go func() {
		err := cut()
		s.mu.Lock()
		s.running, s.failed = time.Time{}, err != nil
		s.mu.Unlock()
	}()
}

// state is when the running cut started (zero if none) and whether the last failed.
func (s *releaseCuts) state() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running, s.failed
}

// deleteRelease deletes a release's files (administrators only); the list keeps
// it, with the reason.
func (h *handler) deleteRelease(c echo.Context) error {
	l := loc(c)
	a, _ := account(c)
	if a.Role != "admin" {
		return echo.NewHTTPError(http.StatusForbidden)
	}
	reason, err := releaseText(c, "reason")
	switch {
	case err != nil:
		return err
	case reason == "":
		return badRequest(l.T("release.error.reason"))
	}
	r, err := h.releaseParam(c)
	if err != nil {
		return err
	}
	// A release deleted already (the form sent twice): its page says by whom and why.
	if err := h.db.DeleteRelease(c.Request().Context(), r.ID, a.Actor(), reason); err != nil && !errors.Is(err, store.ErrReleaseDeleted) {
		return err
	}
	h.releases.forget(r.ID)
	h.log.Info("release deleted", "release", r.ID, "by", a.Actor())
	return c.Redirect(http.StatusSeeOther, l.URL("/releases/"+r.ID))
}
