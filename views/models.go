package views

// Gov names a government wherever it appears.
type Gov struct {
	Slug, Name, NameLocal, NameFR, NameKO, Country, Region, Level string
}

// AgreementItem is one agreement in a list, seen from side Self.
type AgreementItem struct {
	ID, Kind, Signed, Status string
	Self, Partner            Gov
	Activities               int
	LastActivity             string
	Activeness               Activeness
	Standing                 string // where it stood on the page's date (store.Standings), "" when not asked
}

// YearKind is a number of agreements of one kind signed in one year (” = unknown).
type YearKind struct {
	Year, Kind string
	N          int
}

// CountryCount is a number of agreements with one country.
type CountryCount struct {
	Code string
	N    int
}

// Source is a cited document.
type Source struct {
	URL, Title, Publisher, Accessed string
}

// Activeness says whether a relationship lives (see store.Assess for the rule).
type Activeness struct {
	State       string // active, dormant, not_reported, unverified, planned, ended
	ActiveYears []int
	Rate        float64 // 0..1
	LastYear    int     // 0 if no dated activity
	Covered     string  // the window's years a party's record is complete for ("2021–2022"), "" when none
	Partial     bool    // dormant on a record complete for only part of the window's full years
}

// FullYears is how many of the window's full years had activity.
func (a Activeness) FullYears(w Window) int {
	n := 0
	for _, y := range a.ActiveYears {
		if y < w.AsOfYear {
			n++
		}
	}
	return n
}

// ActiveIn reports whether year had activity.
func (a Activeness) ActiveIn(year int) bool {
	for _, y := range a.ActiveYears {
		if y == year {
			return true
		}
	}
	return false
}

// Window is the span of years activeness is judged on: the full years From..AsOfYear-1
// and the as-of year so far (To = AsOfYear).
type Window struct{ From, To, AsOfYear int }

// YearCategory is a number of activities of one category in one year (” = unknown).
type YearCategory struct {
	Year, Category string
	N              int
}

// Flow is a number of activities of one category from one side: Side indexes the
// chart's side labels (the two parties, then joint, then unknown).
type Flow struct {
	Category string
	Side     int
	N        int
}

// RegionActiveness summarises the relationships of one region.
type RegionActiveness struct {
	Region   string
	Total    int
	States   map[string]int
	MeanRate float64
}

// WatchList is what a page asks readers to look at: confirmed relationships with no
// activity in the window, most recently active first, and upcoming round
// anniversaries, soonest first. Only the first few of each are listed (a country can
// have thousands); the totals say how many there are in all.
type WatchList struct {
	Window             Window
	Dormant            []AgreementItem
	DormantTotal       int
	DormantAll         string // a browse page listing every dormant one, when there is one
	NotReportedTotal   int    // confirmed relationships with no activity and no complete record
	NotReportedAll     string // a browse page listing them, when there is one
	Anniversaries      []Anniversary
	AnniversariesTotal int
	ShowSelf           bool // name the page's own side (a country page; not a government's)
}

// Anniversary is an upcoming round anniversary of a signing.
type Anniversary struct {
	Agreement AgreementItem
	Years     int
	Date      string // the anniversary, at the signing date's precision
}
