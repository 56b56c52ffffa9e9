package seed

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func files(m map[string]string) fstest.MapFS {
	fs := fstest.MapFS{}
	for k, v := range m {
		fs[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fs
}

const goodGovernments = "slug,name,name_local,country,region,parent\n" +
	"burnaby-ca,Burnaby,,CA,British Columbia,\n" +
	"hwaseong-kr,Hwaseong,화성시,KR,Gyeonggi,\n"

func TestReadAcceptsValidFiles(t *testing.T) {
	ds, err := Read(files(map[string]string{
		"governments.csv": goodGovernments,
		"agreements.csv":  "id,government_a,government_b,kind,signed,status,source_url\nburnaby-ca--hwaseong-kr,burnaby-ca,hwaseong-kr,sister,2010,active,https://a.example/x | https://b.example/y\n",
		"activities.csv":  "id,agreement,date,category,from,title\nkc-act-12,burnaby-ca--hwaseong-kr,2020-07-20,health_humanitarian,hwaseong-kr,Masks\n",
	}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Governments) != 2 || ds.Governments[1].NameLocal != "화성시" {
		t.Errorf("governments = %+v", ds.Governments)
	}
	if got := ds.Agreements[0].Sources; len(got) != 2 || got[1] != "https://b.example/y" {
		t.Errorf("sources = %q", got)
	}
	if len(ds.Countries) != 2 || ds.Countries[1].NameKO != "대한민국" {
		t.Errorf("countries = %+v", ds.Countries)
	}
}

// Every problem is reported as file:line:column, and nothing is returned.
func TestReadRejectsWithPositions(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"unknown column", map[string]string{"governments.csv": "slug,name,country,colour\n"}, `governments.csv:1:19: unknown column "colour"`},
		{"bad country", map[string]string{"governments.csv": "slug,name,country\nx-zz,X,ZZ\n"}, `governments.csv:2:8: country: "ZZ" is not an ISO 3166-1 alpha-2 country code`},
		{"bad date", map[string]string{"governments.csv": goodGovernments,
			"agreements.csv": "id,government_a,government_b,signed\na--b,burnaby-ca,hwaseong-kr,2010-13\n"}, `agreements.csv:2:29: signed: "2010-13" is not a date`},
		{"dangling reference", map[string]string{"governments.csv": goodGovernments,
			"agreements.csv": "id,government_a,government_b\na--b,burnaby-ca,nowhere-kr\n"}, `agreements.csv:2:17: government_b: unknown government "nowhere-kr"`},
		{"script URL", map[string]string{"governments.csv": "slug,name,country,source_url\nx-ca,X,CA,javascript:alert(1)\n"}, `governments.csv:2:11: source_url: "javascript:alert(1)" is not an http or https URL`},
		{"from not a party", map[string]string{"governments.csv": goodGovernments + "paju-kr,Paju,,KR,,\n",
			"agreements.csv": "id,government_a,government_b\na--b,burnaby-ca,hwaseong-kr\n",
			"activities.csv": "id,agreement,from,title\nx1,a--b,paju-kr,Visit\n"}, `activities.csv:2:9: from: "paju-kr" is neither party`},
		{"cost without currency", map[string]string{"governments.csv": goodGovernments,
			"agreements.csv": "id,government_a,government_b\na--b,burnaby-ca,hwaseong-kr\n",
			"activities.csv": "id,agreement,title,cost_amount\nx1,a--b,Visit,12500\n"}, `activities.csv:2:15: cost_currency: an amount needs its currency`},
		{"cost with a comma", map[string]string{"governments.csv": goodGovernments,
			"agreements.csv": "id,government_a,government_b\na--b,burnaby-ca,hwaseong-kr\n",
			"activities.csv": "id,agreement,title,cost_amount,cost_currency\nx1,a--b,Visit,\"12,500\",CAD\n"}, `activities.csv:2:15: cost_amount: write the amount as digits`},
		{"won with cents", map[string]string{"governments.csv": goodGovernments,
			"agreements.csv": "id,government_a,government_b\na--b,burnaby-ca,hwaseong-kr\n",
			"activities.csv": "id,agreement,title,cost_amount,cost_currency\nx1,a--b,Visit,3000.50,KRW\n"}, `activities.csv:2:15: cost_amount: a KRW amount has no decimal places`},
		{"unknown currency", map[string]string{"governments.csv": goodGovernments,
			"agreements.csv": "id,government_a,government_b\na--b,burnaby-ca,hwaseong-kr\n",
			"activities.csv": "id,agreement,title,cost_amount,cost_currency\nx1,a--b,Visit,30,DOL\n"}, `activities.csv:2:18: cost_currency: "DOL" is not a currency code known here`},
		{"payer not a party", map[string]string{"governments.csv": goodGovernments + "paju-kr,Paju,,KR,,\n",
			"agreements.csv": "id,government_a,government_b\na--b,burnaby-ca,hwaseong-kr\n",
			"activities.csv": "id,agreement,title,paid_by\nx1,a--b,Visit,paju-kr\n"}, `activities.csv:2:15: paid_by: "paju-kr" is neither party`},
		{"broken quoting", map[string]string{"governments.csv": "slug,name,country\n\"x-ca,X,CA\n"}, `governments.csv:2:`},
		{"invalid UTF-8", map[string]string{"governments.csv": "slug,name,country\nx-ca,\xff\xfe,CA\n"}, `governments.csv:2:6: name: not valid UTF-8`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := Read(files(c.files), nil)
			if err == nil {
				t.Fatalf("accepted: %+v", ds)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, c.want)
			}
			if len(ds.Governments)+len(ds.Agreements)+len(ds.Activities) != 0 {
				t.Errorf("a rejected import returned records")
			}
		})
	}
}

func TestValidDate(t *testing.T) {
	for d, want := range map[string]bool{"2010": true, "1996-09": true, "2020-07-20": true, "2020-02-30": false,
		"20": false, "2010-1": false, "0999": false, "abcd": false, "": false} {
		if got := ValidDate(d); got != want {
			t.Errorf("ValidDate(%q) = %v, want %v", d, got, want)
		}
	}
}

// A cost is read into its recorded form: the currency in capitals, the amount with
// exactly the currency's decimal places; the payer and outputs as written.
func TestReadCosts(t *testing.T) {
	ds, err := Read(files(map[string]string{
		"governments.csv": goodGovernments,
		"agreements.csv":  "id,government_a,government_b\na--b,burnaby-ca,hwaseong-kr\n",
		"activities.csv": "id,agreement,title,cost_amount,cost_currency,paid_by,outputs\n" +
			"x1,a--b,Visit,12500,cad,burnaby-ca,Two trainees hired\n" +
			"x2,a--b,Masks,003000000,KRW,shared,\n" +
			"x3,a--b,Unknown cost,,,hwaseong-kr,\n" +
			"x4,a--b,Free,0.5,EUR,,\n",
	}), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := [][4]string{}
	for _, a := range ds.Activities {
		got = append(got, [4]string{a.CostAmount, a.CostCurrency, a.PaidBy, a.Outputs})
	}
	want := [][4]string{{"12500.00", "CAD", "burnaby-ca", "Two trainees hired"}, {"3000000", "KRW", "shared", ""},
		{"", "", "hwaseong-kr", ""}, {"0.50", "EUR", "", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("costs read as %q, want %q", got, want)
	}
}
