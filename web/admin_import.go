package web

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// Limits of an admin upload. The whole request is refused before it is read when it
// announces more than maxImportBytes (and cut off there when it does not announce its
// length); each file may have at most maxImportLines lines, so a file of millions of
// tiny rows cannot be parsed into millions of records.
const (
	maxImportBytes  = 20 << 20
	maxImportSize   = "20 MB"
	maxImportLines  = 100000
	maxImportErrors = 50
	maxImportReason = 1000
	maxImportLinks  = 30
)

// importRoutes are the admin import's route paths, one per language.
var importRoutes = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range views.Langs {
		m[views.LangPrefix(l)+"/admin/import"] = true
	}
	return m
}()

// isImportUpload tells the global body limit to leave admin uploads to their own,
// larger limit (guardImportUpload and importBodyLimit).
func isImportUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && importRoutes[c.Path()]
}

// guardImportUpload runs before any route middleware on the import routes, so before
// the CSRF check parses the form: an upload that announces more than the limit gets a
// clear 413 page without a byte of it read, anyone but a signed-in admin gets a 403
// just as early, and an admin's upload of unannounced length is read up to the limit
// and refused past it.
func (h *handler) guardImportUpload(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if !isImportUpload(c) {
			return next(c)
		}
		if req.ContentLength > maxImportBytes {
			return h.uploadTooLarge(c)
		}
		if h.readOnly {
			return h.refuseOnReplica(c) // before reading a byte of the upload
		}
		if a, ok := account(c); !ok || a.Role != "admin" {
			return echo.NewHTTPError(http.StatusForbidden)
		}
		if req.ContentLength < 0 {
			body, err := io.ReadAll(io.LimitReader(req.Body, maxImportBytes+1))
			if err != nil {
				return badRequest(loc(c).T("import.err.form"))
			}
			if len(body) > maxImportBytes {
				return h.uploadTooLarge(c)
			}
			req.Body = io.NopCloser(bytes.NewReader(body))
			req.ContentLength = int64(len(body))
		}
		return next(c)
	}
}

// importBodyLimit bounds admin uploads on the route itself: more than the limit
// announced is refused unread, and the body is cut off at the limit whatever it
// announces. (guardImportUpload applies the same limit earlier, with a clearer page.)
func importBodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.ContentLength > maxImportBytes {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		req.Body = http.MaxBytesReader(c.Response(), req.Body, maxImportBytes)
		return next(c)
	}
}

// uploadTooLarge is the 413 page of an oversized upload. The connection is closed
// rather than drained, so the rest of the body is never read.
func (h *handler) uploadTooLarge(c echo.Context) error {
	l := loc(c)
	c.Response().Header().Set(echo.HeaderConnection, "close")
	p := views.ErrorPage{
		Page:    views.Page{L: l, Title: l.T("import.too_large.title"), Path: "/admin/import", BaseURL: h.baseURL},
		Status:  http.StatusRequestEntityTooLarge,
		Heading: l.T("import.too_large.title"),
		Message: l.F("import.too_large.text", "size", maxImportSize),
	}
	return render(c, http.StatusRequestEntityTooLarge, views.Error(p))
}

// mustAdmin returns a 403 unless an admin is signed in.
func mustAdmin(c echo.Context) (store.Account, error) {
	a, ok := account(c)
	if !ok || a.Role != "admin" {
		return a, echo.NewHTTPError(http.StatusForbidden)
	}
	return a, nil
}

func (h *handler) importPage(c echo.Context) views.ImportPage {
	l := loc(c)
	return views.ImportPage{
		Page:      h.page(c, l.T("import.title")),
		CSRF:      csrfToken(c),
		MaxSize:   maxImportSize,
		MaxLines:  maxImportLines,
		FileNames: seed.FileNames,
	}
}

// showImport is the upload form.
func (h *handler) showImport(c echo.Context) error {
	if _, err := mustAdmin(c); err != nil {
		return err
	}
	return render(c, http.StatusOK, views.Import(h.importPage(c)))
}

// runImport validates every uploaded file with the same reader as `twinning import`
// and writes them in one transaction, or lists every problem and writes nothing.
func (h *handler) runImport(c echo.Context) error {
	a, err := mustAdmin(c)
	if err != nil {
		return err
	}
	l := loc(c)
	p := h.importPage(c)
	refuse := func(problem string, errs []views.ImportError, more int) error {
		p.Problem, p.Errors, p.More = problem, errs, more
		return render(c, http.StatusUnprocessableEntity, views.Import(p))
	}
	form, err := c.MultipartForm()
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return h.uploadTooLarge(c)
	case err != nil:
		return refuse(l.T("import.err.form"), nil, 0)
	}
	reason := strings.TrimSpace(strings.ToValidUTF8(first(form.Value["reason"]), "\uFFFD"))
	p.Reason = reason
	files, problem := readUploads(l, form.File["files"])
	var errs []views.ImportError
	for _, name := range seed.FileNames {
		if data, ok := files[name]; ok && seed.Lines(data) > maxImportLines {
			errs = append(errs, views.ImportError{File: name, Line: maxImportLines + 1, Column: 1,
				Msg: l.F("import.err.lines", "n", l.N(maxImportLines))})
		}
	}
	switch {
	case problem != "":
	case len(files) == 0:
		problem = l.T("import.err.no_files")
	case reason == "":
		problem = l.T("import.err.reason")
	case utf8.RuneCountInString(reason) > maxImportReason:
		problem = l.F("import.err.reason_long", "n", l.N(maxImportReason))
	}
	if problem != "" || len(errs) > 0 {
		return refuse(problem, errs, 0)
	}
	ctx := c.Request().Context()
	known, lookupFailed := h.db.Known(ctx)
	ds, err := seed.ReadFiles(files, known)
	if lerr := lookupFailed(); lerr != nil {
		return lerr // the files were judged against a database that did not answer
	}
	var problems seed.Errors
	if errors.As(err, &problems) {
		listed, more := importErrors(problems)
		return refuse("", listed, more)
	}
	if err != nil {
		return err
	}
	sum, err := h.db.Import(ctx, ds, a.Actor(), time.Now().UTC().Format(time.RFC3339), reason)
	if errors.Is(err, store.ErrInvalid) {
		detail := strings.TrimPrefix(strings.TrimPrefix(err.Error(), store.ErrInvalid.Error()), ": ")
		return refuse(l.F("import.err.rejected", "detail", clip(detail, 300)), nil, 0)
	}
	if err != nil {
		h.log.Error("admin import failed", "actor", a.Actor(), "err", err)
		return refuse(l.T("import.err.failed"), nil, 0)
	}
	p.Reason = ""
	p.Done = importDone(l, ds, sum)
	return render(c, http.StatusOK, views.Import(p))
}

// readUploads reads the uploaded files by name; problem is the first problem with the
// files as such (a name that is not an import file, a name given twice).
func readUploads(l *views.Loc, fhs []*multipart.FileHeader) (map[string][]byte, string) {
	files := map[string][]byte{}
	for _, fh := range fhs {
		// Browsers send the base name; some old ones sent a Windows path.
		name := path.Base(strings.ReplaceAll(fh.Filename, `\`, "/"))
		if fh.Filename == "" && fh.Size == 0 {
			continue // the empty part of a form submitted with no file chosen
		}
		if !seed.IsFileName(name) {
			return nil, l.F("import.err.name", "name", clip(strings.ToValidUTF8(name, "\uFFFD"), 100)) + " (" + strings.Join(seed.FileNames, ", ") + ")"
		}
		if _, dup := files[name]; dup {
			return nil, l.F("import.err.twice", "name", name)
		}
		f, err := fh.Open()
		if err != nil {
			return nil, l.T("import.err.form")
		}
		data, err := io.ReadAll(io.LimitReader(f, maxImportBytes+1))
		f.Close()
		if err != nil {
			return nil, l.T("import.err.form")
		}
		files[name] = data
	}
	return files, ""
}

// importErrors lists at most maxImportErrors problems, each message clipped, and
// counts the rest.
func importErrors(es seed.Errors) ([]views.ImportError, int) {
	more := 0
	if len(es) > maxImportErrors {
		more = len(es) - maxImportErrors
	}
	es = slices.Clone(es)
	slices.SortStableFunc(es, func(a, b *seed.FieldError) int {
		return cmp.Or(slices.Index(seed.FileNames, a.File)-slices.Index(seed.FileNames, b.File),
			cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	es = es[:min(len(es), maxImportErrors)]
	out := make([]views.ImportError, len(es))
	for i, e := range es {
		out[i] = views.ImportError{File: e.File, Line: e.Line, Column: e.Column, Msg: clip(strings.ToValidUTF8(e.Msg, "\uFFFD"), 300)}
	}
	return out, more
}

// importDone summarises an accepted import with links to what it wrote.
func importDone(l *views.Loc, ds store.Dataset, sum store.ImportSummary) *views.ImportDone {
	d := &views.ImportDone{Governments: sum.Governments, Agreements: sum.Agreements, Events: sum.Events,
		Activities: sum.Activities, Sources: sum.Sources}
	add := func(k views.ImportLink) {
		if len(d.Links) < maxImportLinks {
			d.Links = append(d.Links, k)
		} else {
			d.More++
		}
	}
	for _, g := range ds.Governments {
		u := l.URL("/governments/" + g.Slug)
		add(views.ImportLink{Kind: "government", Label: g.Name, URL: u, HistoryURL: u + "/history"})
	}
	for _, a := range ds.Agreements {
		u := l.URL("/agreements/" + a.ID)
		add(views.ImportLink{Kind: "agreement", Label: a.ID, URL: u, HistoryURL: u + "/history"})
	}
	for _, a := range ds.Activities {
		u := l.URL("/agreements/" + a.Agreement)
		add(views.ImportLink{Kind: "activity", Label: a.Title, URL: u + "#activity-" + a.ID, HistoryURL: u + "/history"})
	}
	return d
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// clip shortens s to at most n characters, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
