package seed

import (
	"errors"
	"reflect"
	"testing"

	"github.com/twinningtracker/twinning/store"
)

// FuzzReadFiles: whatever the bytes of the five import files, ReadFiles never
// panics and either returns a dataset (which Write and Read give back unchanged) or
// seed.Errors, each located as file:line:column in one of the files given.
func FuzzReadFiles(f *testing.F) {
	goodAgreements := "id,government_a,government_b,kind,signed,status,note,source_url\n" +
		"burnaby-ca--hwaseong-kr,burnaby-ca,hwaseong-kr,sister,2010,active,\"a \"\"quoted\"\", note\",https://a.example/x | https://b.example/y\n"
	goodEvents := "agreement,date,event,note\nburnaby-ca--hwaseong-kr,2010-10,sister_signed,signed\n"
	goodActivities := "id,agreement,date,category,from,title,description,participants\n" +
		"kc-act-12,burnaby-ca--hwaseong-kr,2020-07-20,health_humanitarian,hwaseong-kr,Masks,\"two\nlines\",20\n"
	goodSources := "url,title,publisher,accessed\nhttps://a.example/x,A,Pub,2024-01-02\n"
	seeds := [][5]string{
		{goodGovernments, goodAgreements, goodEvents, goodActivities, goodSources},
		{goodGovernments, "", "", "", ""},
		{"", "", "", "", ""},
		{"\ufeffslug,name,country\r\nnew-place-ca,New Place,CA\r\n", "", "", "", ""},
		{"slug,name,country\n", "id,government_a,government_b\n", "agreement,event\n", "id,agreement,title\n", "url\n"},
		{"slug,name,country,colour\n", "", "", "", ""},
		{"slug,name,country\nx-zz,X,ZZ\n", "", "", "", ""},
		{"slug,name,country\n\"x-ca,X,CA\n", "", "", "", ""},
		{"slug,name,country\nx-ca,\xff\xfe,CA\n", "", "", "", ""},
		{"slug,name,country\nx-ca,X\x00,CA\n", "", "", "", ""},
		{"slug;name;country\nx-ca;X;CA\n", "", "", "", ""},
		{"slug,name,country\nx-ca,X,CA,extra\ny-ca,Y\n", "", "", "", ""},
		{"slug,slug,name,country\n", "", "", "", ""},
		{"slug,name,country,lat,lon\nx-ca,X,CA,1e309,NaN\n", "", "", "", ""},
		{"slug,name,country,parent\nx-ca,X,CA,x-ca\n", "", "", "", ""},
		{"slug,name,country,source_url,website\nx-ca,X,CA,javascript:alert(1),\" jAvAsCrIpT:alert(1)\"\n", "", "", "", ""},
		{goodGovernments, "id,government_a,government_b,signed\na--b,burnaby-ca,hwaseong-kr,2010-13\n", "", "", ""},
		{goodGovernments, "id,government_a,government_b\na--b,burnaby-ca,burnaby-ca\na--b,burnaby-ca,hwaseong-kr\n", "", "", ""},
		{goodGovernments, goodAgreements, "", "id,agreement,from,title\nx1,burnaby-ca--hwaseong-kr,paju-kr,=HYPERLINK(\"http://x\",\"y\")\n", ""},
		{goodGovernments, goodAgreements, "agreement,date,event\nburnaby-ca--hwaseong-kr,0999,renewed\n", "", ""},
		{"slug,name,country\nx-ca,<script>alert(1)</script>,CA\n", "", "", "", "url,title\nhttps://a.example/,\"'><img src=x onerror=alert(1)>\n"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	f.Fuzz(func(t *testing.T, gov, agr, ev, act, src string) {
		files := map[string][]byte{}
		for i, content := range []string{gov, agr, ev, act, src} {
			if content != "" {
				files[FileNames[i]] = []byte(content)
			}
		}
		known := func(kind, id string) bool { return id == "known-kr" || id == "known-ca--known-kr" }
		ds, err := ReadFiles(files, known)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error is not seed.Errors: %T %v", err, err)
			}
			if len(es) > maxErrors {
				t.Errorf("%d errors, more than the cap of %d", len(es), maxErrors)
			}
			for _, e := range es {
				if files[e.File] == nil || e.Line < 1 || e.Column < 1 || e.Msg == "" {
					t.Fatalf("error not located in a given file: %q", e.Error())
				}
				if e.Line > Lines(files[e.File])+1 {
					t.Fatalf("error past the end of the file (%d lines): %q", Lines(files[e.File]), e.Error())
				}
			}
			if !reflect.DeepEqual(ds, store.Dataset{}) {
				t.Fatalf("a rejected import returned records: %+v", ds)
			}
			return
		}
		for _, g := range ds.Governments {
			if g.Slug == "" || g.Name == "" || g.Country == "" {
				t.Fatalf("accepted a government without slug, name or country: %+v", g)
			}
		}
		for _, u := range urlsOf(ds) {
			if !ValidURL(u) {
				t.Fatalf("accepted source URL %q", u)
			}
		}
		// What was accepted writes and reads back unchanged.
		again, err := Read(writeFS(t, ds), known)
		if err != nil {
			t.Fatalf("accepted dataset does not read back: %v", err)
		}
		if !reflect.DeepEqual(again, ds) {
			t.Fatalf("round trip changed the data:\n got %+v\nwant %+v", again, ds)
		}
	})
}

func urlsOf(ds store.Dataset) []string {
	var out []string
	for _, g := range ds.Governments {
		out = append(out, g.Sources...)
	}
	for _, a := range ds.Agreements {
		out = append(out, a.Sources...)
	}
	for _, e := range ds.Events {
		out = append(out, e.Sources...)
	}
	for _, a := range ds.Activities {
		out = append(out, a.Sources...)
	}
	for _, s := range ds.Sources {
		out = append(out, s.URL)
	}
	return out
}
