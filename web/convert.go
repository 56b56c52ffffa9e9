package web

import (
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
)

// This file maps store records to views' page models, keeping views free of the
// database layer.

func gov(r store.GovRef) views.Gov {
	return views.Gov{Slug: r.Slug, Name: r.Name, NameLocal: r.NameLocal, NameFR: r.NameFR, NameKO: r.NameKO,
		Country: r.Country, Region: r.Region, Level: r.Level}
}

func agreementItems(rows []store.AgreementRow) []views.AgreementItem {
	out := make([]views.AgreementItem, len(rows))
	for i, r := range rows {
		out[i] = agreementItem(r)
	}
	return out
}

func agreementItem(r store.AgreementRow) views.AgreementItem {
	return views.AgreementItem{ID: r.ID, Kind: r.Kind, Signed: r.Signed, Status: r.Status,
		Self: gov(r.A), Partner: gov(r.B), Activities: r.Activities, LastActivity: r.LastActivity}
}

func yearKinds(cs []store.YearKindCount) []views.YearKind {
	out := make([]views.YearKind, len(cs))
	for i, c := range cs {
		out[i] = views.YearKind{Year: c.Year, Kind: c.Kind, N: c.N}
	}
	return out
}

func countryCounts(cs []store.CountryCount) []views.CountryCount {
	out := make([]views.CountryCount, len(cs))
	for i, c := range cs {
		out[i] = views.CountryCount{Code: c.Code, N: c.Agreements}
	}
	return out
}

func kindCounts(rows []store.AgreementRow) map[string]int {
	m := map[string]int{}
	for _, r := range rows {
		m[r.Kind]++
	}
	return m
}

func sources(ss []store.Source) []views.Source {
	out := make([]views.Source, len(ss))
	for i, s := range ss {
		out[i] = views.Source{URL: s.URL, Title: s.Title, Publisher: s.Publisher, Accessed: s.Accessed}
	}
	return out
}

func govs(rs []store.GovRef) []views.Gov {
	out := make([]views.Gov, len(rs))
	for i, r := range rs {
		out[i] = gov(r)
	}
	return out
}
