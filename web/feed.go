package web

import (
	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
)

// serveFeed answers {page}.atom: an Atom feed of what happened under the records
// the filter selects (new agreements, activities, lifecycle events), newest first.
func (h *handler) serveFeed(c echo.Context, title string, f store.ActivityFilter) error {
	return notFound()
}
