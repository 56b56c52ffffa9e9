package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// An official of Hwaseong enters an agreement with Kushiro and an activity "from"
// Kushiro: on Kushiro's pages both say "not yet confirmed by Kushiro", never as fact,
// until Kushiro's official confirms the agreement and disputes the activity, with
// the dispute and its reason on the public record. Hwaseong cannot confirm its own.
func TestTheOtherSideConfirmsOrDisputes(t *testing.T) {
	app, db := accountApp(t)
	hwaseong := signIn(t, app, db, "confirm@hwaseong.example", "hwaseong-kr", "official")
	kushiro := signIn(t, app, db, "confirm@kushiro.example", "kushiro-jp", "official")
	public := anonymous(t, app)

	token := hwaseong.form("/governments/hwaseong-kr/agreements/new")
	rec := hwaseong.post("/governments/hwaseong-kr/agreements", token, url.Values{"government_b": {"kushiro-jp"}, "kind": {"friendship"},
		"status": {"active"}, "signed": {"2019-05-01"}, "reason": {"our records"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("Hwaseong creates the agreement: %d\n%s", rec.Code, truncate(rec.Body.String(), 800))
	}
	const agreement = "hwaseong-kr--kushiro-jp"
	token = hwaseong.form("/governments/hwaseong-kr/activities/new?agreement=" + agreement)
	rec = hwaseong.post("/governments/hwaseong-kr/activities", token, url.Values{"agreement": {agreement}, "date": {"2025-08-01"},
		"category": {"culture_arts"}, "from": {"kushiro-jp"}, "title": {"Kushiro dancers perform in Hwaseong"}, "reason": {"our records"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("Hwaseong reports the activity: %d\n%s", rec.Code, truncate(rec.Body.String(), 800))
	}
	activity := regexp.MustCompile(`#activity-(act-[0-9a-f-]+)`).FindStringSubmatch(rec.Header().Get("Location"))[1]

	for _, path := range []string{"/governments/kushiro-jp", "/agreements/" + agreement} {
		page := public.do(http.MethodGet, path, nil).Body.String()
		if !strings.Contains(page, "Reported by Hwaseong; not yet confirmed by Kushiro.") {
			t.Errorf("%s does not say the other side has not confirmed", path)
		}
		if strings.Contains(page, `action="/confirmations/`) {
			t.Errorf("%s offers the public the confirmation forms", path)
		}
	}
	// Hwaseong's official cannot confirm what Hwaseong reported.
	if rec := hwaseong.post("/confirmations/activity/"+activity, hwaseong.form("/desk"), url.Values{"decision": {"confirm"}}); rec.Code != http.StatusForbidden {
		t.Errorf("the reporting side confirms its own record: %d, want 403", rec.Code)
	}
	// Kushiro's desk lists both, with the forms.
	desk := kushiro.do(http.MethodGet, "/desk", nil).Body.String()
	if !strings.Contains(desk, "Kushiro dancers perform in Hwaseong") || !strings.Contains(desk, `action="/confirmations/agreement/`+agreement+`"`) {
		t.Fatal("Kushiro's desk does not list what awaits its confirmation")
	}
	token = csrfInput.FindStringSubmatch(desk)[1]
	if rec := kushiro.post("/confirmations/activity/"+activity, token, url.Values{"decision": {"dispute"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("a dispute without a reason: %d, want 400", rec.Code)
	}
	if rec := kushiro.post("/confirmations/activity/"+activity, token, url.Values{"decision": {"dispute"},
		"reason": {"Our dancers did not travel in 2025."}, "back": {"/agreements/" + agreement}}); rec.Code != http.StatusSeeOther ||
		rec.Header().Get("Location") != "/agreements/"+agreement {
		t.Fatalf("Kushiro disputes the activity: %d → %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := kushiro.post("/confirmations/agreement/"+agreement, token, url.Values{"decision": {"confirm"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("Kushiro confirms the agreement: %d", rec.Code)
	}
	page := public.do(http.MethodGet, "/agreements/"+agreement, nil).Body.String()
	for _, want := range []string{"Reported by Hwaseong, confirmed by Kushiro on", "Reported by Hwaseong; disputed by Kushiro on",
		"Our dancers did not travel in 2025."} {
		if !strings.Contains(page, want) {
			t.Errorf("the agreement page lacks %q", want)
		}
	}
	// Hwaseong edits the confirmed agreement: what Kushiro confirmed is not what it
	// says any more, so it awaits Kushiro again.
	ag, err := db.AgreementByID(context.Background(), agreement)
	if err != nil {
		t.Fatal(err)
	}
	ag.Note = "Renewed with a new programme."
	if _, err := db.SaveAgreement(context.Background(), "official:hwaseong-kr", *ag, "renewal"); err != nil {
		t.Fatal(err)
	}
	if page := public.do(http.MethodGet, "/agreements/"+agreement, nil).Body.String(); !strings.Contains(page,
		"Reported by Hwaseong; not yet confirmed by Kushiro.") {
		t.Error("an agreement edited after its confirmation still shows as confirmed")
	}
	// An administrator's desk lists what awaits anyone.
	admin := signIn(t, app, db, "confirm-admin@burnaby.example", "burnaby-ca", "admin")
	if desk := admin.do(http.MethodGet, "/desk", nil).Body.String(); !strings.Contains(desk, `action="/confirmations/agreement/`+agreement+`"`) {
		t.Error("the administrator's desk does not list the agreement awaiting Kushiro")
	}
	history := public.do(http.MethodGet, "/agreements/"+agreement+"/history", nil).Body.String()
	for _, want := range []string{"disputed", "confirmed", "Our dancers did not travel in 2025.", "official of Kushiro"} {
		if !strings.Contains(history, want) {
			t.Errorf("the public history lacks %q", want)
		}
	}
	if desk := kushiro.do(http.MethodGet, "/desk", nil).Body.String(); strings.Contains(desk, "Kushiro dancers perform in Hwaseong") {
		t.Error("a decided record still awaits Kushiro on its desk")
	}
}
