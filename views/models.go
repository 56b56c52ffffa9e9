package views

// Gov names a government wherever it appears.
type Gov struct {
	Slug, Name, NameLocal, NameFR, Country, Region, Level string
}

// AgreementItem is one agreement in a list, seen from side Self.
type AgreementItem struct {
	ID, Kind, Signed, Status string
	Self, Partner            Gov
	Activities               int
	LastActivity             string
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
