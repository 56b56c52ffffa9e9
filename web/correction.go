package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// Public corrections: anyone may suggest a correction to a government's or an
// agreement's record (no account; rate-limited per client address; a honeypot field
// catches robots). Suggestions are published at once in the corrections log and
// queued for the record's government, whose officials accept or reject them with a
// reason on their desk. Accepting does not edit the record: the officials correct it
// through the usual forms, and that change has its own history.

const (
	// correctionsPerHour is how many suggestions one client address may post in
	// an hour (honeypot catches included; forms sent back with errors are not).
	correctionsPerHour = 5
	correctionsPerPage = 50
)

// correctionPosts counts suggestions per client address. It lives here rather than
// on the handler so this feature keeps to its own file; the throttle guards itself
// with its mutex. The address comes from Echo's IP extractor, which takes the socket
// address: a forged X-Forwarded-For changes nothing.
var correctionPosts = newAttempts(time.Hour)

// takeCorrectionSlot counts a suggestion from key, or reports false when key has
// used up its suggestions for the hour.
func takeCorrectionSlot(key string) bool {
	_, ok := correctionPosts.reserve(attemptKey{key, correctionsPerHour})
	return ok
}

// correctionRecord is a record a correction is about.
type correctionRecord struct {
	Type, ID string
	A, B     store.GovRef // the government, or the agreement's parties
}

func (r correctionRecord) param() string { return r.Type + ":" + r.ID }

// parseRecordParam reads "government:SLUG" or "agreement:ID"; ok is false for
// anything else.
func parseRecordParam(v string) (typ, id string, ok bool) {
	typ, id, found := strings.Cut(v, ":")
	if !found || (typ != "government" && typ != "agreement") || id == "" || len(id) > 300 ||
		!utf8.ValidString(id) || strings.ContainsFunc(id, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "", "", false
	}
	return typ, id, true
}

// record resolves a record parameter: a 400 when malformed, a 404 when unknown.
func (h *handler) record(c echo.Context, v string) (correctionRecord, error) {
	l := loc(c)
	typ, id, ok := parseRecordParam(v)
	if !ok {
		return correctionRecord{}, badRequest(l.F("corrections.error.record", "value", truncateValue(v)))
	}
	ctx := c.Request().Context()
	r := correctionRecord{Type: typ, ID: id}
	var err error
	if typ == "government" {
		r.A, err = h.db.LookupGovRef(ctx, id)
	} else {
		var ag *store.Agreement
		if ag, err = h.db.AgreementByID(ctx, id); err == nil {
			if r.A, err = h.db.LookupGovRef(ctx, ag.GovernmentA); err == nil {
				r.B, err = h.db.LookupGovRef(ctx, ag.GovernmentB)
			}
		}
	}
	return r, err
}

func (r correctionRecord) item() views.CorrectionItem {
	return views.CorrectionItem{RecordType: r.Type, RecordID: r.ID, A: gov(r.A), B: gov(r.B)}
}

func (h *handler) showCorrectionForm(c echo.Context) error {
	l := loc(c)
	if len(c.QueryParams()["record"]) > 1 {
		return badRequest(l.F("corrections.error.record", "value", ""))
	}
	r, err := h.record(c, c.QueryParam("record"))
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.CorrectionForm(h.correctionFormPage(c, r, map[string]string{}, views.FormErrors{})))
}

func (h *handler) correctionFormPage(c echo.Context, r correctionRecord, values map[string]string, errs views.FormErrors) views.CorrectionFormPage {
	l := loc(c)
	item := r.item()
	p := views.CorrectionFormPage{Page: h.page(c, l.T("corrections.new_title")+" · "+item.RecordName(l)),
		CSRF: csrfToken(c), Record: r.param(), Item: item, Values: values, Errors: errs}
	p.Path, p.Query = "/corrections/new", "record="+strings.ReplaceAll(url.QueryEscape(r.param()), "%3A", ":")
	return p
}

func (h *handler) createCorrection(c echo.Context) error {
	l := loc(c)
	ipKey := "ip:" + addressKey(c.RealIP()) // an IPv6 subscriber holds a whole /64
	if correctionPosts.full(attemptKey{ipKey, correctionsPerHour}) {
		return echo.NewHTTPError(http.StatusTooManyRequests)
	}
	ctx := c.Request().Context()
	// A robot that fills the hidden field gets the answer a person gets, and
	// nothing is written.
	if c.FormValue("website") != "" {
		if !takeCorrectionSlot(ipKey) {
			return echo.NewHTTPError(http.StatusTooManyRequests)
		}
		latest, err := h.db.LatestCorrectionID(ctx)
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, thanksURL(l, latest+1))
	}
	r, err := h.record(c, c.FormValue("record"))
	if err != nil {
		return err
	}
	fr := newFormReader(c)
	text := fr.text("text", store.MaxCorrectionText, true)
	source := fr.text("source_url", store.MaxCorrectionSource, false)
	if source != "" && !seed.ValidURL(source) {
		fr.fail("source_url", "corrections.err_url")
	}
	if !fr.ok() {
		return render(c, http.StatusBadRequest, views.CorrectionForm(h.correctionFormPage(c, r, fr.values, fr.errs)))
	}
	if !takeCorrectionSlot(ipKey) {
		return echo.NewHTTPError(http.StatusTooManyRequests)
	}
	saved, err := h.db.SuggestCorrection(ctx, store.Correction{RecordType: r.Type, RecordID: r.ID, Text: text, SourceURL: source})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, thanksURL(l, saved.ID))
}

func thanksURL(l *views.Loc, id int64) string {
	return l.URL("/corrections") + "?thanks=1#correction-" + strconv.FormatInt(id, 10)
}

func (h *handler) showCorrections(c echo.Context) error {
	ctx := c.Request().Context()
	l := loc(c)
	q := c.QueryParams()
	for _, name := range []string{"status", "page"} {
		if len(q[name]) > 1 {
			return badRequest(l.F("reporting.error.repeated", "param", name))
		}
	}
	status := q.Get("status")
	if status != "" && !slices.Contains(store.CorrectionStatuses, status) {
		return badRequest(l.F("corrections.error.status", "value", truncateValue(status),
			"allowed", strings.Join(store.CorrectionStatuses, ", ")))
	}
	_, total, err := h.db.Corrections(ctx, status, 0, 0)
	if err != nil {
		return err
	}
	pages := max(1, (total+correctionsPerPage-1)/correctionsPerPage)
	page, err := pageParam(c, pages)
	if err != nil {
		return err
	}
	cs, total, err := h.db.Corrections(ctx, status, correctionsPerPage, (page-1)*correctionsPerPage)
	if err != nil {
		return err
	}
	p := views.CorrectionsPage{Page: h.page(c, l.T("corrections.title")), Status: status, Statuses: store.CorrectionStatuses,
		Total: total, Thanks: q.Get("thanks") == "1", Items: correctionItems(cs)}
	query := func(n int) string {
		var parts []string
		if status != "" {
			parts = append(parts, "status="+status)
		}
		if n > 1 {
			parts = append(parts, "page="+itoa(n))
		}
		return strings.Join(parts, "&")
	}
	p.Query = query(page) // without thanks=1, for the canonical and language links
	p.Pager = views.Pager{Page: page, Pages: pages}
	pageURL := func(n int) string {
		if q := query(n); q != "" {
			return l.URL("/corrections") + "?" + q
		}
		return l.URL("/corrections")
	}
	if page > 1 {
		p.Pager.Prev = pageURL(page - 1)
	}
	if page < pages {
		p.Pager.Next = pageURL(page + 1)
	}
	if ext := formatOf(c); ext != "html" {
		return h.serveTwin(c, ext, correctionTable(p.Title, p.Items), p.AsOf)
	}
	return render(c, http.StatusOK, views.Corrections(p))
}

func correctionItems(cs []store.Correction) []views.CorrectionItem {
	out := make([]views.CorrectionItem, len(cs))
	for i, c := range cs {
		out[i] = correctionItem(c)
	}
	return out
}

func correctionItem(c store.Correction) views.CorrectionItem {
	it := views.CorrectionItem{ID: c.ID, RecordType: c.RecordType, RecordID: c.RecordID, A: gov(c.A), B: gov(c.B),
		Text: c.Text, SourceURL: c.SourceURL, Status: c.Status, Reason: c.Reason,
		CreatedAt: rfcDay(c.CreatedAt), DecidedAt: rfcDay(c.DecidedAt), Applied: c.AppliedChange != 0}
	if role, _, ok := strings.Cut(c.DecidedBy, ":"); ok && (role == "official" || role == "admin") && c.Decider.Slug != "" {
		d := gov(c.Decider)
		it.DecidedBy, it.DecidedGov = role, &d
	}
	return it
}

// mayDecide returns a 403 unless the signed-in account governs the correction's
// record: the government, or either party of the agreement.
func (h *handler) mayDecide(c echo.Context, cr store.Correction) (store.Account, error) {
	if cr.RecordType == "agreement" {
		ag, err := h.db.AgreementByID(c.Request().Context(), cr.RecordID)
		if errors.Is(err, store.ErrNotFound) {
			return store.Account{}, echo.NewHTTPError(http.StatusForbidden)
		}
		if err != nil {
			return store.Account{}, err
		}
		return h.mustGovernAgreement(c, ag)
	}
	return h.mustGovern(c, cr.RecordID)
}

func (h *handler) decideCorrection(c echo.Context) error {
	ctx := c.Request().Context()
	l := loc(c)
	v := c.Param("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || !isDigits(v) || id < 1 {
		return notFound()
	}
	cr, err := h.db.CorrectionByID(ctx, id)
	if err != nil {
		return err
	}
	acct, err := h.mayDecide(c, cr)
	if err != nil {
		return err
	}
	if cr.Status != "pending" {
		return badRequest(l.T("corrections.error.decided"))
	}
	fr := newFormReader(c)
	decision := fr.text("decision", 10, true)
	if decision != "" && decision != "accept" && decision != "reject" {
		fr.fail("decision", "corrections.err_decision")
	}
	reason := fr.text("reason", store.MaxDecisionReason, true)
	if !fr.ok() {
		p := views.CorrectionDecidePage{Page: h.page(c, l.F("corrections.decide_title", "id", strconv.FormatInt(id, 10))),
			Item: correctionItem(cr), Form: views.DecisionForm{ID: id, CSRF: csrfToken(c), Decision: decision, Reason: reason, Errors: fr.errs}}
		p.Path, p.Query = "/desk", "" // the form's home: this address only takes posts
		return render(c, http.StatusBadRequest, views.CorrectionDecide(p))
	}
	if _, err := h.db.DecideCorrection(ctx, acct.Actor(), id, decision, reason); errors.Is(err, store.ErrDecided) {
		return badRequest(l.T("corrections.error.decided"))
	} else if err != nil {
		return err
	}
	// Accepting a correction of an agreement opens its edit form with the
	// correction beside it: the official makes the change it asks for, and the
	// change is linked to it (a government's record is corrected by import).
	if decision == "accept" && cr.RecordType == "agreement" {
		return c.Redirect(http.StatusSeeOther, l.URL("/agreements/"+cr.RecordID+"/edit")+"?correction="+strconv.FormatInt(id, 10))
	}
	return c.Redirect(http.StatusSeeOther, l.URL("/corrections")+"#correction-"+strconv.FormatInt(id, 10))
}

// deskPendingCorrections are the corrections awaiting the account's decision, for
// the desk page (with views' pendingCorrections and csrfToken(c)).
func (h *handler) deskPendingCorrections(ctx context.Context, a store.Account) ([]views.CorrectionItem, error) {
	cs, err := h.db.PendingCorrectionsFor(ctx, a)
	if err != nil {
		return nil, err
	}
	return correctionItems(cs), nil
}
