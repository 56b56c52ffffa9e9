package views

import (
	"slices"
	"strings"
)

// BrowsePage is a faceted list: /governments, /agreements or /activities. The
// handler fills the links (every state of the page is a permalink); the view names
// parameters and values in the page's language.
type BrowsePage struct {
	Page
	List     string // "governments", "agreements" or "activities"
	Total    int    // rows matching the filters
	From, To int    // the rows of this page, counted from 1 (0, 0 when none)
	Filters  []BrowseFilter
	ClearURL string // every filter removed ("" when none is set)
	Facets   []BrowseFacet
	Sorts    []BrowseOption
	PerPage  []BrowseOption
	Pager    Pager
	CSV      string // the twins of this page state
	JSON     string
	Window   Window // the activeness window (agreements)

	Governments []GovCount
	Agreements  []AgreementItem
	Activities  []ActivityItem
}

// BrowseFilter is a filter in force, with the link that removes it.
type BrowseFilter struct {
	Param, Value string
	Gov          *Gov // the government a government filter names
	RemoveURL    string
}

// BrowseFacet is one filter's values with their counts under the other filters.
type BrowseFacet struct {
	Param  string
	Values []BrowseFacetValue
	More   int // values left out of the list (the least frequent)
}

// BrowseFacetValue links to the list with this value selected.
type BrowseFacetValue struct {
	Value  string
	N      int
	URL    string
	Active bool
}

// BrowseOption is a sort order or page length, with the link that selects it.
type BrowseOption struct {
	Value  string
	URL    string
	Active bool
}

// BrowseLabel names a browse parameter's value: a country, a vocabulary term, a
// decade ("1990s"), "unknown"…
func (l *Loc) BrowseLabel(param, value string) string {
	switch param {
	case "country", "partner":
		return l.Country(strings.ToUpper(value))
	case "direction":
		switch value {
		case "joint":
			return l.T("direction.joint")
		case "unknown":
			return l.T("direction.unknown")
		}
		return l.F("direction.from", "side", l.Country(strings.ToUpper(value)))
	case "kind", "status", "activeness", "level", "category":
		return l.Term(param, value)
	case "decade":
		if value == "unknown" {
			return l.T("browse.date_unknown")
		}
		return l.F("browse.decade", "decade", value)
	case "year":
		if value == "unknown" {
			return l.T("browse.date_unknown")
		}
		return value
	case "has":
		return l.T("browse.has." + value)
	}
	return value
}

// BrowseParam names a browse parameter.
func (l *Loc) BrowseParam(list, param string) string {
	if list == "agreements" && param == "decade" {
		return l.T("browse.param.signed_decade")
	}
	return l.T("browse.param." + param)
}

// filterLabel names a filter in force: "Kind: sister".
func filterLabel(l *Loc, list string, f BrowseFilter) string {
	v := l.BrowseLabel(f.Param, f.Value)
	if f.Gov != nil {
		v = l.GovName(*f.Gov)
	}
	return l.F("browse.filter", "param", l.BrowseParam(list, f.Param), "value", v)
}

// sortLabel names a sort order: "-signed" is "browse.sort.signed_desc".
func sortLabel(l *Loc, s string) string {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		return l.T("browse.sort." + rest + "_desc")
	}
	return l.T("browse.sort." + s)
}

// facetHeadLength is how many values a facet shows before "show more".
const facetHeadLength = 10

// splitFacet divides a facet's values into those shown at once and those behind
// "show more": all of a short facet; the first facetHeadLength of a long one, the
// selected value among them.
func splitFacet(values []BrowseFacetValue) (head, tail []BrowseFacetValue) {
	if len(values) <= facetHeadLength+2 {
		return values, nil
	}
	head, tail = values[:facetHeadLength], values[facetHeadLength:]
	if i := slices.IndexFunc(tail, func(v BrowseFacetValue) bool { return v.Active }); i >= 0 {
		// The selected value takes the last place shown; the one it displaces heads the rest.
		moved := head[facetHeadLength-1]
		head = append(slices.Clone(head[:facetHeadLength-1]), tail[i])
		tail = append([]BrowseFacetValue{moved}, slices.Delete(slices.Clone(tail), i, i+1)...)
	}
	return head, tail
}

// browseTitle is the heading of a browse list.
func browseTitle(l *Loc, list string) string { return l.T("browse." + list + ".title") }
