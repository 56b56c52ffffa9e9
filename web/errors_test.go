package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// A client that left before its answer (its request's context is cancelled, and a
// query or write failed with that) is logged as 499 and gets no error page; it is
// not a failed request with status 500.
func TestClientThatLeftIsLoggedAs499(t *testing.T) {
	var logs bytes.Buffer
	h := &handler{log: slog.New(slog.NewTextHandler(&logs, nil))}
	e := echo.New()
	e.HTTPErrorHandler = h.handleError
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodPost, "/governments/burnaby-ca/activities", nil).WithContext(ctx), rec)
	h.logRequests(func(echo.Context) error {
		return fmt.Errorf("store: report an activity: %w", context.Canceled)
	})(c)
	if strings.Contains(logs.String(), "request failed") || !strings.Contains(logs.String(), "status=499") || rec.Body.Len() > 0 {
		t.Errorf("a client that left: body %q, log\n%s", rec.Body.String(), logs.String())
	}
	// The same error while the client is still there is a real failure.
	logs.Reset()
	rec = httptest.NewRecorder()
	c = e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)
	h.logRequests(func(echo.Context) error { return fmt.Errorf("store: %w", context.Canceled) })(c)
	if !strings.Contains(logs.String(), "request failed") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("a cancelled query with the client still there: log\n%s", logs.String())
	}
}
