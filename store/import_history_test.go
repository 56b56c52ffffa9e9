package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

func TestImportLogsWhatItChanged(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	// The first import into an empty database is one dataset row, nothing more.
	h, err := db.AgreementHistory(ctx, "burnaby-ca--hwaseong-kr")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 0 {
		t.Fatalf("first import logged per-record rows: %+v", h)
	}

	// A second import that changes one note, adds an activity and re-states the rest.
	ds := sample()
	ds.Agreements[0].Note = "renewed in 2020"
	ds.Activities = append(ds.Activities, store.Activity{ID: "kc-act-99", Agreement: "burnaby-ca--hwaseong-kr", Date: "2024", Title: "Youth visit", From: "burnaby-ca"})
	ds.Events[0].Note = "signed in Hwaseong"
	if _, err := db.Import(ctx, ds, "admin:burnaby-ca", "2026-12-01T10:00:00Z", "annual update"); err != nil {
		t.Fatal(err)
	}
	h, err = db.AgreementHistory(ctx, "burnaby-ca--hwaseong-kr")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]store.Change{}
	for _, c := range h {
		got[c.RecordType+" "+c.RecordID] = c
		if c.Actor != "admin:burnaby-ca" || c.Action != "import" || c.Why != "annual update" || c.At != "2026-12-01T10:00:00Z" {
			t.Errorf("change row %+v", c)
		}
	}
	if len(got) != 3 {
		t.Errorf("want the agreement, its lifecycle and the new activity, got %d rows: %+v", len(h), h)
	}
	ag := got["agreement burnaby-ca--hwaseong-kr"]
	if !strings.Contains(ag.Before, `"Note":""`) || !strings.Contains(ag.After, `"Note":"renewed in 2020"`) {
		t.Errorf("agreement change before %s after %s", ag.Before, ag.After)
	}
	if act := got["activity kc-act-99"]; act.Before != "" || !strings.Contains(act.After, "Youth visit") || act.Agreement != "burnaby-ca--hwaseong-kr" {
		t.Errorf("new activity change %+v", act)
	}
	if ev := got["event burnaby-ca--hwaseong-kr"]; !strings.Contains(ev.After, "signed in Hwaseong") || strings.Contains(ev.Before, "signed in Hwaseong") {
		t.Errorf("lifecycle change %+v", ev)
	}
	if _, ok := got["activity kc-act-12"]; ok {
		t.Error("an unchanged activity was logged")
	}

	// The same dataset again changes nothing and logs no record rows.
	if _, err := db.Import(ctx, ds, "admin:burnaby-ca", "2026-12-02T10:00:00Z", "again"); err != nil {
		t.Fatal(err)
	}
	if h2, _ := db.AgreementHistory(ctx, "burnaby-ca--hwaseong-kr"); len(h2) != len(h) {
		t.Errorf("an unchanged re-import logged %d rows", len(h2)-len(h))
	}
	if a, _ := db.Agreement(ctx, "burnaby-ca--hwaseong-kr"); len(a.Events) != 1 || len(a.Events[0].Sources) != 0 {
		t.Errorf("lifecycle after re-imports: %+v", a.Events)
	}
}

func TestImportRefusesASideThatIsNotAParty(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	before, _ := db.Stats(ctx)
	ds := store.Dataset{Activities: []store.Activity{{ID: "x-1", Agreement: "burnaby-ca--hwaseong-kr", Title: "Visit", From: "gyeonggi-kr"}}}
	if _, err := db.Import(ctx, ds, "test", "2026-12-01T00:00:00Z", "bad side"); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	if after, _ := db.Stats(ctx); after != before {
		t.Errorf("stats changed: %+v → %+v", before, after)
	}
}

func TestGovernmentHistoryHasItsReports(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	for _, q := range []string{
		`INSERT INTO change (at, actor, record_type, record_id, action) VALUES ('2026-12-01T00:00:00Z', 'official:burnaby-ca', 'report', 'burnaby-ca:2025', 'create')`,
		`INSERT INTO change (at, actor, record_type, record_id, action) VALUES ('2026-12-01T00:00:00Z', 'official:burnaby-ca-x', 'report', 'burnaby-ca-x:2025', 'create')`,
	} {
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	h, err := db.GovernmentHistory(ctx, "burnaby-ca")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].RecordID != "burnaby-ca:2025" {
		t.Errorf("history of burnaby-ca: %+v", h)
	}
}

// A new activity's change row is written from the dataset, not read back: it must say
// exactly what the store holds, which the next import's change row reads back as its
// "before" (sources once each, in the store's order, whatever order the file gave).
func TestImportLogsNewActivitiesAsStored(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	if _, err := db.Import(ctx, store.Dataset{}, "test", "2026-12-01T00:00:00Z", "start the trail"); err != nil {
		t.Fatal(err)
	}
	add := store.Activity{ID: "kc-act-98", Agreement: "burnaby-ca--hwaseong-kr", Date: "2025-05-02", Category: "culture_arts",
		From: "hwaseong-kr", Title: "Art exchange", Description: "Two painters", Participants: "2",
		Sources: []string{"https://reports.example/new", "https://www.burnaby.ca/Page27.aspx", "https://reports.example/new"}}
	if _, err := db.Import(ctx, store.Dataset{Activities: []store.Activity{add}}, "test", "2026-12-01T01:00:00Z", "add"); err != nil {
		t.Fatal(err)
	}
	add.Title = "Art exchange, renamed"
	if _, err := db.Import(ctx, store.Dataset{Activities: []store.Activity{add}}, "test", "2026-12-01T02:00:00Z", "rename"); err != nil {
		t.Fatal(err)
	}
	h, err := db.AgreementHistory(ctx, "burnaby-ca--hwaseong-kr")
	if err != nil {
		t.Fatal(err)
	}
	var rows []store.Change
	for _, c := range h {
		if c.RecordID == "kc-act-98" {
			rows = append(rows, c)
		}
	}
	if len(rows) != 2 {
		t.Fatalf("want two change rows for the activity, got %+v", rows)
	}
	created, renamed := rows[1], rows[0] // newest first
	if created.Before != "" || renamed.Before != created.After {
		t.Errorf("the created state as logged:\n%s\nis not what the store held before the rename:\n%s", created.After, renamed.Before)
	}
	if !strings.Contains(created.After, `"Sources":["https://www.burnaby.ca/Page27.aspx","https://reports.example/new"]`) {
		t.Errorf("sources as logged: %s", created.After)
	}
}

func TestImportRefusesASideThatIsNotAPartyOfAnImportedAgreement(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustImport(t, db, sample())
	ds := sample()
	ds.Activities = append(ds.Activities, store.Activity{ID: "x-2", Agreement: "burnaby-ca--hwaseong-kr", Title: "Visit", From: "gyeonggi-kr"})
	if _, err := db.Import(ctx, ds, "test", "2026-12-01T00:00:00Z", "bad side"); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
}
