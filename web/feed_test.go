package web_test

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"
)

type testFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []testEntry `xml:"entry"`
}

type testEntry struct {
	ID      string `xml:"id"`
	Title   string `xml:"title"`
	Updated string `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Summary string `xml:"summary"`
}

// alternate is the entry's link to its page.
func (e testEntry) alternate() string {
	for _, l := range e.Links {
		if l.Rel == "alternate" {
			return l.Href
		}
	}
	return ""
}

// getFeed fetches and parses a feed, checking what every Atom feed must have.
func getFeed(t *testing.T, path string) testFeed {
	t.Helper()
	rec := get(t, path)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	var f testFeed
	if err := xml.Unmarshal(rec.Body.Bytes(), &f); err != nil {
		t.Fatalf("%s: not an Atom document: %v", path, err)
	}
	page := "http://portal.test" + strings.TrimSuffix(path, ".atom")
	if f.ID != page || f.Title == "" || f.Author.Name != "Twinning Tracker" {
		t.Errorf("%s: id %q, title %q, author %q", path, f.ID, f.Title, f.Author.Name)
	}
	rels := map[string]string{}
	for _, l := range f.Links {
		rels[l.Rel] = l.Href
	}
	if rels["self"] != "http://portal.test"+path || rels["alternate"] != page {
		t.Errorf("%s: links %v", path, rels)
	}
	updated, err := time.Parse(time.RFC3339, f.Updated)
	if err != nil {
		t.Errorf("%s: feed updated %q: %v", path, f.Updated, err)
	}
	if len(f.Entries) > 50 {
		t.Errorf("%s: %d entries, want at most 50", path, len(f.Entries))
	}
	seen := map[string]bool{}
	var prev time.Time
	for i, e := range f.Entries {
		when, err := time.Parse(time.RFC3339, e.Updated)
		if err != nil {
			t.Errorf("%s: entry %q updated %q: %v", path, e.ID, e.Updated, err)
		}
		if i > 0 && when.After(prev) {
			t.Errorf("%s: entry %q (%s) after an older one: not newest first", path, e.ID, e.Updated)
		}
		prev = when
		if e.ID == "" || seen[e.ID] || e.Title == "" || !strings.HasPrefix(e.alternate(), "http://portal.test/") {
			t.Errorf("%s: entry %+v lacks a unique id, a title or an absolute link", path, e)
		}
		seen[e.ID] = true
		if when.After(updated) {
			t.Errorf("%s: feed updated %s before its entry %s", path, f.Updated, e.Updated)
		}
	}
	return f
}

func TestGovernmentFeed(t *testing.T) {
	f := getFeed(t, "/governments/burnaby-ca.atom")
	entry := func(suffix string) (string, string) {
		for _, e := range f.Entries {
			if strings.HasSuffix(e.ID, suffix) {
				return e.Updated, e.alternate()
			}
		}
		t.Errorf("Burnaby's feed has no entry %s", suffix)
		return "", ""
	}
	if updated, link := entry("/agreements/burnaby-ca--hwaseong-kr#activity-kc-act-12"); updated != "2020-07-20T00:00:00Z" ||
		link != "http://portal.test/agreements/burnaby-ca--hwaseong-kr#activity-kc-act-12" {
		t.Errorf("mask donation entry: updated %q, link %q", updated, link)
	}
	// The signing is known to the year: the entry is dated the year's first day.
	if updated, link := entry("/agreements/burnaby-ca--hwaseong-kr#event-2010-sister_signed"); updated != "2010-01-01T00:00:00Z" ||
		link != "http://portal.test/agreements/burnaby-ca--hwaseong-kr" {
		t.Errorf("2010 signing entry: updated %q, link %q", updated, link)
	}
	if f.Updated != "2026-11-27T00:00:00Z" {
		t.Errorf("feed updated %q, want the data's as-of date", f.Updated)
	}
	// The same entries in French, with the same ids and French titles and links.
	fr := getFeed(t, "/fr/governments/burnaby-ca.atom")
	if len(fr.Entries) != len(f.Entries) {
		t.Fatalf("French feed has %d entries, English %d", len(fr.Entries), len(f.Entries))
	}
	for i := range f.Entries {
		if fr.Entries[i].ID != f.Entries[i].ID || !strings.HasPrefix(fr.Entries[i].alternate(), "http://portal.test/fr/agreements/") {
			t.Errorf("French entry %d: id %q link %q, English id %q", i, fr.Entries[i].ID, fr.Entries[i].alternate(), f.Entries[i].ID)
		}
	}
}

func TestFeedsOfEveryRecordPage(t *testing.T) {
	for _, c := range []struct {
		path string
		min  int
	}{
		{"/agreements/burnaby-ca--hwaseong-kr", 4}, {"/countries/ca", 10}, {"/countries/kr", 50},
		{"/countries/ca/kr", 10}, {"/ko/countries/ca/kr", 10}, {"/fr/countries/kr", 50},
	} {
		f := getFeed(t, c.path+".atom")
		if len(f.Entries) < c.min {
			t.Errorf("%s.atom: %d entries, want at least %d", c.path, len(f.Entries), c.min)
		}
		// The page announces its feed.
		d := doc(t, mustGet(t, c.path, http.StatusOK))
		if href, _ := d.Find(`head link[rel=alternate][type="application/atom+xml"]`).Attr("href"); href != c.path+".atom" {
			t.Errorf("%s: feed link %q, want %s.atom", c.path, href, c.path)
		}
	}
	for _, path := range []string{"/governments/nowhere-zz.atom", "/fr/governments/nowhere-zz.atom", "/agreements/nope.atom",
		"/countries/zz.atom", "/countries/ca/zz.atom"} {
		mustGet(t, path, http.StatusNotFound)
	}
	// Pages without a feed do not announce one.
	if d := doc(t, mustGet(t, "/about", http.StatusOK)); d.Find(`link[type="application/atom+xml"]`).Length() != 0 {
		t.Error("/about announces a feed")
	}
}
