package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

func TestCorrectionLifecycle(t *testing.T) {
	db := mustOpen(t)
	mustImport(t, db, sample())
	ctx := context.Background()
	c, err := db.SuggestCorrection(ctx, store.Correction{RecordType: "agreement", RecordID: "gyeonggi-kr--burnaby-ca",
		Text: "  This agreement was signed in 2012.  ", SourceURL: "https://example.org/news"})
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.Government != "gyeonggi-kr" || c.Status != "pending" || c.Text != "This agreement was signed in 2012." {
		t.Errorf("suggested = %+v", c)
	}
	if n := changeRows(t, db, "correction", "1"); n != 1 {
		t.Errorf("%d change rows after suggesting, want 1", n)
	}
	if _, err := db.SuggestCorrection(ctx, store.Correction{RecordType: "government", RecordID: "nowhere-xx", Text: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown record: %v", err)
	}

	// Both parties' officials see it; so does the province of a party; others do not.
	for _, tc := range []struct {
		govs []string
		n    int
	}{{[]string{"gyeonggi-kr"}, 1}, {[]string{"burnaby-ca"}, 1}, {[]string{"british-columbia-ca"}, 1}, {[]string{"hwaseong-kr"}, 0}, {nil, 0}} {
		got, err := db.PendingCorrections(ctx, tc.govs)
		if err != nil || len(got) != tc.n {
			t.Errorf("PendingCorrections(%v) = %d, %v; want %d", tc.govs, len(got), err, tc.n)
		}
	}
	all, err := db.PendingCorrectionsFor(ctx, store.Account{Role: "admin", Government: "hwaseong-kr"})
	if err != nil || len(all) != 1 {
		t.Errorf("admin sees %d, %v", len(all), err)
	}
	if got, _ := db.PendingCorrections(ctx, []string{"burnaby-ca"}); len(got) == 1 && (got[0].A.Slug != "gyeonggi-kr" || got[0].B.Slug != "burnaby-ca") {
		t.Errorf("parties = %q, %q", got[0].A.Slug, got[0].B.Slug)
	}

	if _, err := db.DecideCorrection(ctx, "official:burnaby-ca", c.ID, "accept", "  "); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("no reason: %v", err)
	}
	if _, err := db.DecideCorrection(ctx, "official:burnaby-ca", c.ID, "maybe", "why"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("bad decision: %v", err)
	}
	d, err := db.DecideCorrection(ctx, "official:burnaby-ca", c.ID, "accept", "Confirmed by the council minutes.")
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != "accepted" || d.DecidedBy != "official:burnaby-ca" || d.DecidedAt == "" || d.Reason != "Confirmed by the council minutes." {
		t.Errorf("decided = %+v", d)
	}
	if _, err := db.DecideCorrection(ctx, "official:gyeonggi-kr", c.ID, "reject", "no"); !errors.Is(err, store.ErrDecided) {
		t.Errorf("deciding twice: %v", err)
	}
	if n := changeRows(t, db, "correction", "1"); n != 2 {
		t.Errorf("%d change rows after deciding, want 2", n)
	}
	got, err := db.CorrectionByID(ctx, c.ID)
	if err != nil || got.Status != "accepted" {
		t.Errorf("CorrectionByID = %+v, %v", got, err)
	}
	list, total, err := db.Corrections(ctx, "accepted", 10, 0)
	if err != nil || total != 1 || len(list) != 1 {
		t.Errorf("Corrections(accepted) = %d/%d, %v", len(list), total, err)
	}
	if _, total, _ := db.Corrections(ctx, "pending", 10, 0); total != 0 {
		t.Errorf("%d pending after the decision", total)
	}
	// The agreement's public history shows both steps.
	h, err := db.AgreementHistory(ctx, "gyeonggi-kr--burnaby-ca")
	if err != nil || len(h) < 2 || h[0].Action != "accept" || h[0].Actor != "official:burnaby-ca" {
		t.Errorf("history = %+v, %v", h, err)
	}
}

func TestCorrectionNamesItsDecider(t *testing.T) {
	db := mustOpen(t)
	mustImport(t, db, sample())
	ctx := context.Background()
	c, err := db.SuggestCorrection(ctx, store.Correction{RecordType: "government", RecordID: "burnaby-ca", Text: "The mayor changed."})
	if err != nil {
		t.Fatal(err)
	}
	if c.Government != "burnaby-ca" {
		t.Errorf("government = %q", c.Government)
	}
	if _, err := db.DecideCorrection(ctx, "official:british-columbia-ca", c.ID, "reject", "Not a record field."); err != nil {
		t.Fatal(err)
	}
	got, err := db.CorrectionByID(ctx, c.ID)
	if err != nil || got.Decider.Slug != "british-columbia-ca" || got.Decider.NameFR != "Colombie-Britannique" || got.A.Slug != "burnaby-ca" || got.B.Slug != "" {
		t.Errorf("CorrectionByID = %+v, %v", got, err)
	}
	if g, err := db.LookupGovRef(ctx, "hwaseong-kr"); err != nil || g.NameLocal != "화성시" {
		t.Errorf("LookupGovRef = %+v, %v", g, err)
	}
}
