package store_test

import (
	"context"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

func TestFeed(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	ds := sample()
	ds.Activities = append(ds.Activities,
		store.Activity{ID: "undated", Agreement: "burnaby-ca--hwaseong-kr", Title: "Undated visit"},
		store.Activity{ID: "bc-1", Agreement: "british-columbia-ca--gyeonggi-kr", Date: "2019-10", Category: "youth_education", From: "gyeonggi-kr", Title: "Students"})
	mustImport(t, db, ds)
	kinds := func(items []store.FeedItem) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.Type+":"+it.Agreement+":"+it.Key+":"+it.Date)
		}
		return out
	}
	check := func(name string, f store.ActivityFilter, limit int, want ...string) {
		t.Helper()
		items, err := db.Feed(ctx, f, limit)
		if err != nil {
			t.Fatal(err)
		}
		got := kinds(items)
		if len(got) != len(want) {
			t.Fatalf("%s: %q, want %q", name, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: item %d = %q, want %q", name, i, got[i], want[i])
			}
		}
	}
	// Burnaby's 2010 signing is told by its lifecycle event, not twice; the undated
	// activity and the agreement with no signing date have no place in a feed.
	check("burnaby", store.ActivityFilter{Government: "burnaby-ca"}, 50,
		"activity:burnaby-ca--hwaseong-kr:kc-act-12:2020-07-20", "event:burnaby-ca--hwaseong-kr:sister_signed:2010")
	check("ca-kr", store.ActivityFilter{Country: "CA", Partner: "KR"}, 50,
		"activity:burnaby-ca--hwaseong-kr:kc-act-12:2020-07-20", "activity:british-columbia-ca--gyeonggi-kr:bc-1:2019-10",
		"event:burnaby-ca--hwaseong-kr:sister_signed:2010", "signed:british-columbia-ca--gyeonggi-kr::2008-05-19")
	check("limit", store.ActivityFilter{Country: "KR"}, 1, "activity:burnaby-ca--hwaseong-kr:kc-act-12:2020-07-20")
	check("agreement", store.ActivityFilter{Agreement: "british-columbia-ca--gyeonggi-kr"}, 50,
		"activity:british-columbia-ca--gyeonggi-kr:bc-1:2019-10", "signed:british-columbia-ca--gyeonggi-kr::2008-05-19")
	check("category", store.ActivityFilter{Country: "CA", Category: "youth_education"}, 50,
		"activity:british-columbia-ca--gyeonggi-kr:bc-1:2019-10")
	check("nowhere", store.ActivityFilter{Government: "nowhere-zz"}, 50)

	items, _ := db.Feed(ctx, store.ActivityFilter{Agreement: "burnaby-ca--hwaseong-kr"}, 50)
	if it := items[0]; it.What != "health_humanitarian" || it.From != "hwaseong-kr" || it.Title == "" || it.A.Slug != "burnaby-ca" || it.B.NameLocal != "화성시" {
		t.Errorf("activity item = %+v", it)
	}
	if it := items[1]; it.What != "sister_signed" || it.From != "" {
		t.Errorf("event item = %+v", it)
	}
}
