package web_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/web"
)

// Behind a proxy (serve -behind-proxy) the client is the X-Real-IP the proxy names,
// believed only from a private or loopback address; otherwise the connection's.
func TestClientAddressBehindAProxy(t *testing.T) {
	for _, c := range []struct {
		behind bool
		remote string
		want   string
	}{
		{false, "127.0.0.1:4000", "ip=127.0.0.1"},
		{true, "127.0.0.1:4000", "ip=203.0.113.7"},
		{true, "10.0.0.5:4000", "ip=203.0.113.7"},
		{true, "198.51.100.1:4000", "ip=198.51.100.1"}, // a stranger cannot name another client
	} {
		var log bytes.Buffer
		a := web.New(web.Config{DB: appDB, BaseURL: "http://portal.test", Logger: slog.New(slog.NewTextHandler(&log, nil)), BehindProxy: c.behind})
		req := httptest.NewRequest(http.MethodGet, "/about", nil)
		req.RemoteAddr = c.remote
		req.Header.Set("X-Real-IP", "203.0.113.7")
		a.ServeHTTP(httptest.NewRecorder(), req)
		if !strings.Contains(log.String(), c.want) {
			t.Errorf("behind a proxy %v, from %s: log %q, want %s", c.behind, c.remote, log.String(), c.want)
		}
	}
}
