package views

// GovName is a government's name in the page's language: the French name in French
// where one is recorded; in Korean, a Korean government's own name or another's
// Korean name where one is recorded; otherwise the English or romanised name.
func (l *Loc) GovName(g Gov) string {
	switch {
	case l.Lang == French && g.NameFR != "":
		return g.NameFR
	case l.Lang == Korean && g.NameLocal != "" && g.Country == "KR":
		return g.NameLocal
	case l.Lang == Korean && g.NameKO != "":
		return g.NameKO
	}
	return g.Name
}

// GovAltName is the other name shown beside the main one (the own-script name, or
// the romanised one where the own-script name leads), or "".
func (l *Loc) GovAltName(g Gov) string {
	main := l.GovName(g)
	switch {
	case g.NameLocal != "" && g.NameLocal != main:
		return g.NameLocal
	case g.Name != main:
		return g.Name
	}
	return ""
}

// RegionName is a region, or "unknown region".
func (l *Loc) RegionName(r string) string {
	if r == "" {
		return l.T("region.unknown")
	}
	return r
}
