package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// A read replica (Config.ReadOnly) serves the public pages from a copy of the
// primary's database that replication keeps current. It takes no writes and signs
// nobody in: a form page leads to the same page on the primary, and a form sent to
// the replica is refused with a page that says where changes are made. Behind a
// proxy that sends sign-in and writes to the primary, neither happens; they are for
// a link or a bookmark that reaches a replica anyway.

// refuseOnReplica answers a form page or a write on a replica.
func (h *handler) refuseOnReplica(c echo.Context) error {
	read := c.Request().Method == http.MethodGet || c.Request().Method == http.MethodHead
	if read && h.primaryURL != "" {
		// The primary is the operator's own address: a redirect to it is not open.
		return c.Redirect(http.StatusSeeOther, h.primaryURL+c.Request().URL.RequestURI())
	}
	return &echo.HTTPError{Code: http.StatusForbidden, Message: replicaMessage{primary: h.primaryURL}}
}

// replicaMessage tells the error page to say that this server is read-only and
// where the primary is.
type replicaMessage struct{ primary string }
