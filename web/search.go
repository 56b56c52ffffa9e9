package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/views"
)

// searchLimit caps the result list; a longer one says to narrow the search.
const searchLimit = 50

// maxQueryRunes bounds the search text: longer input is a mistake or an attack.
const maxQueryRunes = 200

func (h *handler) showSearch(c echo.Context) error {
	l := loc(c)
	q := strings.TrimSpace(c.QueryParam("q"))
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > maxQueryRunes {
		return badRequest(l.T("search.too_long"))
	}
	p := views.SearchPage{Page: h.page(c, l.T("search.title")), Q: q}
	if q != "" {
		res, err := h.db.SearchGovernments(c.Request().Context(), q, searchLimit+1)
		if err != nil {
			return err
		}
		if len(res) > searchLimit {
			res, p.More = res[:searchLimit], true
		}
		for _, g := range res {
			p.Results = append(p.Results, views.GovCount{Gov: gov(g.GovRef), N: g.Agreements})
		}
	}
	if ext := formatOf(c); ext != "html" {
		return h.serveTwin(c, ext, governmentTable(p.Title, p.Results), p.AsOf)
	}
	return render(c, http.StatusOK, views.Search(p))
}
