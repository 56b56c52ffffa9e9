package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// handleError is the one place errors become responses. Users see a short page in
// their language with a message meant for them; internal errors are logged and shown
// only as "something went wrong" — never SQL, paths or stacks.
func (h *handler) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	// A client that went away is not a failure of the portal: nothing to answer, and
	// the request log shows 499 (nginx's "client closed request"), not 500.
	if errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil {
		c.Response().Status = statusClientClosed
		return
	}
	status := http.StatusInternalServerError
	msg := ""
	var he *echo.HTTPError
	switch {
	case errors.Is(err, store.ErrNotFound): // a record the address names is not recorded
		status = http.StatusNotFound
	case errors.As(err, &he):
		status = he.Code
		if s, ok := he.Message.(string); ok && status == http.StatusBadRequest {
			msg = s // our own badRequest messages are written for users
		}
	}
	gone, _ := errorMessage(he).(releaseGoneMessage)
	missing, isMissing := errorMessage(he).(releaseMissingMessage)
	replica, onReplica := errorMessage(he).(replicaMessage)
	// A full disk, or a database another writer held locked past the busy timeout:
	// the transaction was rolled back, so say that nothing was saved, with a 503
	// the client may retry, not "something went wrong".
	full, busy := store.IsFull(err), store.IsBusy(err)
	if full || busy {
		status = http.StatusServiceUnavailable
		c.Response().Header().Set("Retry-After", "10")
	}
	if status >= 500 && status != http.StatusNotImplemented { // 501: a format the client asked for that we do not make
		h.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	l := loc(c)
	key := "error." + statusKey(status)
	switch {
	case full:
		msg = l.T("error.full.text")
	case busy && c.Request().Method == http.MethodPost:
		msg = l.T("error.busy.text")
	}
	switch r := gone.release; {
	case onReplica && replica.primary != "":
		msg = l.F("replica.refused", "primary", replica.primary+l.LiveURL("/login"))
	case onReplica:
		msg = l.T("replica.refused_nowhere")
	case isMissing:
		msg = l.F("release.missing", "id", missing.release.ID)
	case r.Deleted():
		msg = l.F("release.gone", "id", r.ID, "date", l.Date(rfcDay(r.DeletedAt)), "by", r.DeletedBy, "reason", r.DeletedReason)
	case status == http.StatusNotFound && l.Release != nil:
		msg = l.F("release.not_found", "id", l.Release.ID)
	}
	if msg == "" {
		msg = l.T(key + ".text")
	}
	path := "/"
	if l.Release != nil { // the banner's "today's version" leads to this address on the live portal
		path = strings.TrimPrefix(c.Request().URL.Path, l.Prefix())
	}
	p := views.ErrorPage{
		Page:    views.Page{L: l, Title: l.T(key + ".title"), Path: path, BaseURL: h.baseURL},
		Status:  status,
		Heading: l.T(key + ".title"),
		Message: msg,
	}
	// A shared cache in front may keep an error page a second (a spike on a
	// mistyped link), never longer: no purge names it. A failure is not kept at all.
	if c.Response().Header().Get("Cache-Control") == "" {
		_, signedIn := account(c)
		switch {
		case status >= 500:
			c.Response().Header().Set("Cache-Control", "no-store")
		case signedIn:
			c.Response().Header().Set("Cache-Control", "private, no-cache")
		default:
			c.Response().Header().Set("Cache-Control", publicCacheControl)
		}
	}
	if isMissing {
		c.Response().Header().Set("Retry-After", "3600")
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	if err := render(c, status, views.Error(p)); err != nil {
		h.log.Error("error page failed", "err", err)
		c.String(status, http.StatusText(status))
	}
}

// errorMessage is an HTTP error's message, nil for other errors.
func errorMessage(he *echo.HTTPError) any {
	if he == nil {
		return nil
	}
	return he.Message
}

// statusClientClosed is logged for requests whose client left before the answer.
const statusClientClosed = 499

func statusKey(status int) string {
	switch status {
	case http.StatusNotFound, http.StatusGone, http.StatusBadRequest, http.StatusMethodNotAllowed, http.StatusForbidden, http.StatusConflict,
		http.StatusRequestEntityTooLarge, http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusNotImplemented:
		return itoa(status)
	}
	if status >= 400 && status < 500 {
		return "400"
	}
	return "500"
}
