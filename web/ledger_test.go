package web_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/seed"
	"github.com/twinningtracker/twinning/store"
	"github.com/twinningtracker/twinning/views"
	"github.com/twinningtracker/twinning/web"
)

// ledgerApp is a portal on a small dataset of its own: Burnaby's agreements with
// Hwaseong and Paju, one activity with no cost.
func ledgerApp(t *testing.T) (*echo.Echo, *store.DB) {
	t.Helper()
	ctx := context.Background()
	db, _, err := store.Open(ctx, filepath.Join(t.TempDir(), "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ds := store.Dataset{
		Countries: seed.Countries([]string{"CA", "KR"}),
		Governments: []store.Government{
			{Slug: "burnaby-ca", Name: "Burnaby", Level: "municipality", Country: "CA", Region: "British Columbia"},
			{Slug: "hwaseong-kr", Name: "Hwaseong", NameLocal: "화성시", Level: "municipality", Country: "KR", Region: "Gyeonggi"},
			{Slug: "paju-kr", Name: "Paju", NameLocal: "파주시", Level: "municipality", Country: "KR", Region: "Gyeonggi"},
		},
		Agreements: []store.Agreement{
			{ID: "burnaby-ca--hwaseong-kr", GovernmentA: "burnaby-ca", GovernmentB: "hwaseong-kr", Kind: "sister", Signed: "2010", Status: "active"},
			{ID: "burnaby-ca--paju-kr", GovernmentA: "burnaby-ca", GovernmentB: "paju-kr", Kind: "friendship", Signed: "2015", Status: "active"},
			{ID: "hwaseong-kr--paju-kr", GovernmentA: "hwaseong-kr", GovernmentB: "paju-kr", Kind: "friendship", Signed: "2018", Status: "active"},
		},
		Activities: []store.Activity{{ID: "masks", Agreement: "burnaby-ca--hwaseong-kr", Date: "2020-07-20",
			Category: "health_humanitarian", From: "hwaseong-kr", Title: "Masks"}},
	}
	if _, err := db.Import(ctx, ds, "test", "2026-11-27T10:00:00Z", "test"); err != nil {
		t.Fatal(err)
	}
	return web.New(web.Config{DB: db, BaseURL: "http://portal.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}), db
}

// costTotals reads a page's totals table: currency → the cells of its row.
func costTotals(t *testing.T, body string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	doc(t, body).Find("#costs table").First().Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var cells []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, strings.TrimSpace(td.Text())) })
		out[cells[0]] = cells[1:]
	})
	return out
}

// An official reports costs through the form; the agreement, government and
// country-pair pages show them by payer and currency with the share costed, never
// adding one currency to another; the twin and the edit form carry them back.
func TestCostsReportedThroughTheForm(t *testing.T) {
	app, db := ledgerApp(t)
	c := signIn(t, app, db, "costs@burnaby.example", "burnaby-ca", "official")
	report := func(agreement, date, amount, currency, paidBy, outputs string) *http.Response {
		t.Helper()
		token := c.form("/governments/burnaby-ca/activities/new")
		rec := c.post("/governments/burnaby-ca/activities", token, url.Values{"agreement": {agreement}, "date": {date},
			"title": {"Activity of " + date}, "cost_amount": {amount}, "cost_currency": {currency}, "paid_by": {paidBy},
			"outputs": {outputs}})
		return rec.Result()
	}
	// Refused whole, with what was typed kept and nothing written.
	before := changeCount(t, db)
	for _, bad := range []struct{ amount, currency, paidBy, want string }{
		{"12,500", "CAD", "", "no spaces, commas or currency signs"},
		{"3000.5", "KRW", "", "A KRW amount has no decimal places: write whole units"},
		{"100", "", "", "Give the currency of the amount."},
		{"100", "DOL", "", "is not a currency code known here"},
		{"100", "CAD", "paju-kr", "two parties, shared, or not said."},
	} {
		token := c.form("/governments/burnaby-ca/activities/new")
		rec := c.post("/governments/burnaby-ca/activities", token, url.Values{"agreement": {"burnaby-ca--hwaseong-kr"},
			"title": {"Bad cost"}, "cost_amount": {bad.amount}, "cost_currency": {bad.currency}, "paid_by": {bad.paidBy}})
		body := rec.Body.String()
		if rec.Code != http.StatusBadRequest || !strings.Contains(body, bad.want) || !strings.Contains(body, `value="`+bad.amount+`"`) {
			t.Errorf("cost %q %q paid by %q: %d, want 400 saying %q with the amount kept", bad.amount, bad.currency, bad.paidBy, rec.Code, bad.want)
		}
	}
	if after := changeCount(t, db); after != before {
		t.Fatalf("refused costs wrote %d changes", after-before)
	}

	for _, r := range []struct{ agreement, date, amount, currency, paidBy, outputs string }{
		{"burnaby-ca--hwaseong-kr", "2025-05-01", "12500", "cad", "burnaby-ca", "Two trainees hired"},
		{"burnaby-ca--hwaseong-kr", "2025-09-10", "3000000", "KRW", "hwaseong-kr", ""},
		{"burnaby-ca--hwaseong-kr", "2026-03-02", "1000.5", "CAD", "shared", ""},
		{"burnaby-ca--hwaseong-kr", "2026-04-02", "250", "CAD", "", ""},
		{"burnaby-ca--paju-kr", "2026-05-02", "", "", "paju-kr", ""}, // payer known, amount not
	} {
		if res := report(r.agreement, r.date, r.amount, r.currency, r.paidBy, r.outputs); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("report %+v: %d", r, res.StatusCode)
		}
	}

	page := mustGetFrom(t, app, "/agreements/burnaby-ca--hwaseong-kr", http.StatusOK)
	containsAll(t, "agreement", page, "Costs are recorded for 4 of 5 activities (80%)", "never converted",
		"Paid by Burnaby", "Paid by Hwaseong", "Cost: CAD 12,500.00, paid by Burnaby", "Outputs: Two trainees hired",
		"Cost: KRW 3,000,000, paid by Hwaseong", "Cost: CAD 1,000.50, shared by the parties", "Cost: CAD 250.00")
	totals := costTotals(t, page)
	// Columns: paid by Burnaby, by Hwaseong, shared, payer not said, total.
	if got := totals["CAD"]; strings.Join(got, " | ") != "CAD 12,500.00 | — | CAD 1,000.50 | CAD 250.00 | CAD 13,750.50" {
		t.Errorf("CAD totals %q", got)
	}
	if got := totals["KRW"]; strings.Join(got, " | ") != "— | KRW 3,000,000 | — | — | KRW 3,000,000" {
		t.Errorf("KRW totals %q", got)
	}
	byYear := doc(t, page).Find("#costs table").Last().Text()
	for _, want := range []string{"2026", "2025", "2020", "0 of 1", "No cost recorded"} {
		if !strings.Contains(byYear, want) {
			t.Errorf("the by-year table lacks %q:\n%s", want, byYear)
		}
	}

	gov := mustGetFrom(t, app, "/governments/burnaby-ca", http.StatusOK)
	containsAll(t, "government", gov, "Costs are recorded for 4 of 6 activities", "Paid by Burnaby", "Paid by partners",
		"By relationship", ">Hwaseong</a>", ">Paju</a>", "Cost not recorded; paid by Paju")
	if got := costTotals(t, gov)["KRW"]; strings.Join(got, " | ") != "— | KRW 3,000,000 | — | — | KRW 3,000,000" {
		t.Errorf("government KRW totals %q", got)
	}

	pair := mustGetFrom(t, app, "/countries/ca/kr", http.StatusOK)
	containsAll(t, "pair", pair, "Paid by Canada", "Paid by South Korea", "Burnaby – Hwaseong")
	if got := costTotals(t, pair)["CAD"]; strings.Join(got, " | ") != "CAD 12,500.00 | — | CAD 1,000.50 | CAD 250.00 | CAD 13,750.50" {
		t.Errorf("pair CAD totals %q", got)
	}

	// In French and Korean, the digits follow the language; the code stays.
	fr := costTotals(t, mustGetFrom(t, app, "/fr/agreements/burnaby-ca--hwaseong-kr", http.StatusOK))["CAD"]
	if len(fr) != 5 || !strings.HasPrefix(fr[4], "CAD 13") || !strings.HasSuffix(fr[4], "750,50") {
		t.Errorf("French CAD total %q", fr)
	}
	containsAll(t, "ko", mustGetFrom(t, app, "/ko/agreements/burnaby-ca--hwaseong-kr", http.StatusOK), "활동 5건 중 4건에 비용이 기록되어 있습니다", "화성시 부담")

	// The council brief prints the share and the totals.
	brief := doc(t, mustGetFrom(t, app, "/agreements/burnaby-ca--hwaseong-kr/brief", http.StatusOK)).Find("article.brief").Text()
	for _, want := range []string{"Costs are recorded for 4 of 5 activities", "CAD 13,750.50", "KRW 3,000,000"} {
		if !strings.Contains(brief, want) {
			t.Errorf("the brief lacks %q", want)
		}
	}

	// The twin carries each activity's cost as recorded.
	csv := mustGetFrom(t, app, "/agreements/burnaby-ca--hwaseong-kr.csv", http.StatusOK)
	containsAll(t, "twin", csv, "sources,cost_amount,cost_currency,paid_by,outputs", "12500.00,CAD,burnaby-ca,Two trainees hired", "3000000,KRW,hwaseong-kr")

	// The bulk download (the import format) carries it: a round trip form → export.
	zipped := mustGetFrom(t, app, "/data/twinning-csv.zip", http.StatusOK)
	zr, err := zip.NewReader(strings.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var activitiesCSV string
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "activities.csv") {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			activitiesCSV = string(b)
		}
	}
	containsAll(t, "activities.csv of the download", activitiesCSV, "cost_amount,cost_currency,paid_by,outputs,source_url",
		",12500.00,CAD,burnaby-ca,Two trainees hired,", ",1000.50,CAD,shared,,")

	// The edit form shows the recorded cost, and the history names the fields.
	id := strings.TrimPrefix(doc(t, page).Find(`li[id^="activity-act-"]`).First().AttrOr("id", ""), "activity-")
	edit := c.do(http.MethodGet, "/activities/"+id+"/edit", nil).Body.String()
	if !strings.Contains(edit, `name="cost_amount" value="`) || !strings.Contains(edit, `name="cost_currency" value="CAD"`) {
		t.Errorf("the edit form of %s does not show its cost", id)
	}
	containsAll(t, "history", mustGetFrom(t, app, "/agreements/burnaby-ca--hwaseong-kr/history", http.StatusOK), "cost_amount", "paid_by")
	// Its twin: a row per changed field, the official's government named, the value after.
	containsAll(t, "history twin", mustGetFrom(t, app, "/agreements/burnaby-ca--hwaseong-kr/history.csv", http.StatusOK),
		",official,burnaby-ca,activity,", ",create,", ",cost_amount,,12500.00\n", ",outputs,,Two trainees hired\n")
}

// A page with activities but no cost says the costs are unknown, not zero.
func TestNoCostIsUnknownNotZero(t *testing.T) {
	app, _ := ledgerApp(t)
	page := mustGetFrom(t, app, "/agreements/burnaby-ca--hwaseong-kr", http.StatusOK)
	containsAll(t, "agreement", page, "No cost is recorded for the 1 recorded activity: what it cost is unknown, not nothing.")
	if len(costTotals(t, page)) > 0 {
		t.Error("a page with no cost recorded shows a totals table")
	}
	containsAll(t, "paju", mustGetFrom(t, app, "/agreements/burnaby-ca--paju-kr", http.StatusOK), "No activities are recorded, so no costs are recorded either.")
}

// Every reason a cost is refused has its message in every language.
func TestCostRefusalsHaveMessages(t *testing.T) {
	for _, reason := range []string{store.CostAmountFormat, store.CostAmountScale, store.CostAmountTooLarge, store.CostCurrencyUnknown,
		store.CostCurrencyMissing, store.CostAmountMissing, store.CostPayerNotParty} {
		for _, lang := range []views.Lang{views.English, views.French, views.Korean} {
			key := "form.err_cost_" + reason
			if got := views.NewLoc(lang).T(key); got == key || got == "" {
				t.Errorf("%s has no %s message", lang, key)
			}
		}
	}
}

// Twins keep the recorded region (a key) and add its name in the twin's language.
func TestTwinsNameRegionsInTheirLanguage(t *testing.T) {
	app, _ := ledgerApp(t)
	var twin struct {
		Data []map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(mustGetFrom(t, app, "/ko/countries/ca/kr.json", http.StatusOK)), &twin); err != nil {
		t.Fatal(err)
	}
	if len(twin.Data) == 0 {
		t.Fatal("no rows")
	}
	row := twin.Data[0]
	if row["partner_region"] != "Gyeonggi" || row["partner_region_name"] != "경기도" ||
		row["government_region"] != "British Columbia" || row["government_region_name"] != "브리티시컬럼비아주" {
		t.Errorf("regions of the Korean twin: %v", row)
	}
	csv := mustGetFrom(t, app, "/fr/countries/ca/kr.csv", http.StatusOK)
	containsAll(t, "French twin", csv, ",Colombie-Britannique,Gyeonggi\n")
}

// Within one country the payer columns are the party named first and second in each
// relationship, not the country twice; a scope whose activities all have a cost
// says so without "the others".
func TestDomesticPairCosts(t *testing.T) {
	app, db := ledgerApp(t)
	for i, a := range []store.Activity{
		{Agreement: "hwaseong-kr--paju-kr", Date: "2025-05-01", Title: "Visit", CostAmount: "500000", CostCurrency: "KRW", PaidBy: "paju-kr"},
		{Agreement: "hwaseong-kr--paju-kr", Date: "2025-06-01", Title: "Return visit", CostAmount: "700000", CostCurrency: "KRW", PaidBy: "hwaseong-kr"},
	} {
		a.ID = fmt.Sprintf("domestic-%d", i)
		if _, err := db.SaveActivity(t.Context(), "test", a, "test"); err != nil {
			t.Fatal(err)
		}
	}
	page := mustGetFrom(t, app, "/countries/kr/kr", http.StatusOK)
	containsAll(t, "domestic pair", page, "Paid by the party named first", "Paid by the party named second",
		"Costs are recorded for all 2 recorded activities.")
	if strings.Contains(page, "the others") {
		t.Error("a fully costed scope speaks of the others")
	}
	if got := costTotals(t, page)["KRW"]; strings.Join(got, " | ") != "KRW 700,000 | KRW 500,000 | — | — | KRW 1,200,000" {
		t.Errorf("domestic KRW totals %q", got)
	}
}
