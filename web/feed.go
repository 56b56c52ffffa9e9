package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// feedLimit is the number of entries in a feed.
const feedLimit = 50

// Atom 1.0 (RFC 4287), as much of it as the feeds use.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle"`
	Updated  string      `xml:"updated"`
	Author   atomPerson  `xml:"author"`
	Links    []atomLink  `xml:"link"`
	Logo     string      `xml:"logo,omitempty"`
	Rights   string      `xml:"rights"`
	Entries  []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr,omitempty"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
	Href     string `xml:"href,attr"`
}

type atomEntry struct {
	ID       string        `xml:"id"`
	Title    string        `xml:"title"`
	Updated  string        `xml:"updated"`
	Links    []atomLink    `xml:"link"`
	Category *atomCategory `xml:"category"`
	Summary  atomText      `xml:"summary"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// serveFeed answers {page}.atom: an Atom feed of what happened under the records
// the filter selects (new agreements, activities, lifecycle events), newest first.
// Entry ids are the language-neutral URL of the record on its agreement's page, so
// the same entry in the English, French and Korean feeds has the same id. logo is
// the root-relative URL of the scope's chart picture (its <logo>); each entry links
// its agreement's activity chart as an enclosure, a picture feed readers can show.
func (h *handler) serveFeed(c echo.Context, title string, f store.ActivityFilter, logo string) error {
	ctx := c.Request().Context()
	items, err := h.db.Feed(ctx, f, feedLimit)
	if err != nil {
		return err
	}
	asOf, err := h.db.AsOf(ctx)
	if err != nil {
		return err
	}
	l := loc(c)
	self := h.baseURL + c.Request().URL.Path
	page := strings.TrimSuffix(self, ".atom")
	feed := atomFeed{
		Lang:     string(l.Lang),
		ID:       page,
		Title:    title + " · " + l.T("site.name"),
		Subtitle: l.T("feed.subtitle"),
		Author:   atomPerson{Name: "Twinning Tracker", URI: h.baseURL + home(l)},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", HrefLang: string(l.Lang), Href: page},
		},
		Rights: twinLicence,
	}
	if logo != "" {
		feed.Logo = h.baseURL + logo
	}
	var newest time.Time
	for _, it := range items {
		when, ok := feedTime(it.Date)
		if !ok {
			continue // a malformed date cannot be placed; the record page still shows it
		}
		if when.After(newest) {
			newest = when
		}
		feed.Entries = append(feed.Entries, h.feedEntry(l, it, when))
	}
	// The feed changed when the data last did, which is never before its newest entry.
	updated := newest
	if t, ok := feedTime(asOf); ok && t.After(updated) {
		updated = t
	}
	if updated.IsZero() {
		updated = time.Now().UTC().Truncate(24 * time.Hour)
	}
	feed.Updated = updated.Format(time.RFC3339)

	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(feed); err != nil {
		return err
	}
	buf.WriteString("\n")
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", buf.Bytes())
}

// feedEntry describes one item in the feed's language.
func (h *handler) feedEntry(l *views.Loc, it store.FeedItem, when time.Time) atomEntry {
	a, b := gov(it.A), gov(it.B)
	parties := l.GovName(a) + " – " + l.GovName(b)
	page := "/agreements/" + url.PathEscape(it.Agreement)
	e := atomEntry{Updated: when.Format(time.RFC3339), Summary: atomText{Type: "text"}}
	var fragment string
	var summary []string
	switch it.Type {
	case "activity":
		fragment = "activity-" + it.Key
		e.Title = it.Title
		e.Category = &atomCategory{Term: orUnknown(it.What), Label: l.Term("category", it.What)}
		summary = append(summary, parties, l.Date(it.Date), l.Term("category", it.What), direction(l, it.From, a, b))
	case "event":
		fragment = "event-" + it.Date + "-" + it.Key
		e.Title = l.F("feed.event", "a", l.GovName(a), "b", l.GovName(b), "event", l.Term("event", it.What))
		e.Category = &atomCategory{Term: it.What, Label: l.Term("event", it.What)}
		summary = append(summary, parties, l.Date(it.Date), l.Term("event", it.What))
	default: // signed
		fragment = "signed"
		e.Title = l.F("feed.signed", "a", l.GovName(a), "b", l.GovName(b))
		e.Category = &atomCategory{Term: "signed", Label: l.T("feed.signed_label")}
		summary = append(summary, parties, l.Date(it.Date), l.F("feed.kind", "kind", l.Term("kind", it.What)))
	}
	e.ID = h.baseURL + page + "#" + url.PathEscape(fragment)
	link := h.baseURL + l.URL(page)
	if it.Type == "activity" {
		link += "#" + url.PathEscape(fragment) // the timeline item's anchor
	}
	e.Links = []atomLink{{Rel: "alternate", Type: "text/html", HrefLang: string(l.Lang), Href: link},
		{Rel: "enclosure", Type: "image/svg+xml", Href: h.baseURL + chartPicture(l, "activities-by-year", chartParams{Agreement: it.Agreement})}}
	e.Summary.Body = strings.Join(summary, " · ")
	if it.Text != "" && it.Text != it.Title {
		e.Summary.Body += "\n\n" + it.Text
	}
	return e
}

// feedTime reads a date at any precision as the first moment it covers: 2010 is
// 2010-01-01, 2020-07 is 2020-07-01 (UTC).
func feedTime(d string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(d) == len(layout) {
			t, err := time.Parse(layout, d)
			return t, err == nil
		}
	}
	return time.Time{}, false
}

// direction says who travelled or gave, as the timeline does.
func direction(l *views.Loc, from string, a, b views.Gov) string {
	switch from {
	case "joint":
		return l.T("direction.joint")
	case a.Slug:
		return l.F("direction.from", "side", l.GovName(a))
	case b.Slug:
		return l.F("direction.from", "side", l.GovName(b))
	}
	return l.T("direction.unknown")
}

// home is the home page's path in the language: /, /fr, /ko.
func home(l *views.Loc) string {
	if p := l.Prefix(); p != "" {
		return p
	}
	return "/"
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
