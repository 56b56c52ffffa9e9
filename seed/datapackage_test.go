package seed

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func testPackage(t *testing.T) []byte {
	t.Helper()
	pkg, err := DataPackage(PackageInfo{Title: "Twinning Tracker", Description: "test", Homepage: "https://portal.example/data",
		AsOf: "2026-11-27", Version: "1", Keywords: []string{"twinning"}, Licenses: []PackageLicense{{Name: "CC-BY-SA-4.0", Path: "https://creativecommons.org/licenses/by-sa/4.0/", Title: "CC BY-SA 4.0"}},
		Sources: []PackageSource{{Title: "Wikipedia", Path: "https://en.wikipedia.org/"}}})
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

// datapackage.json is a valid Frictionless Tabular Data Package by the published JSON
// Schema, and checking it can fail: a resource without a schema is refused.
func TestDataPackageValidatesAgainstTheProfile(t *testing.T) {
	f, err := os.Open("testdata/frictionless/tabular-data-package.json")
	if err != nil {
		t.Fatal(err)
	}
	profile, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("tabular-data-package.json", profile); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("tabular-data-package.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(testPackage(t)))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("datapackage.json is not a tabular data package: %v", err)
	}
	broken := doc.(map[string]any)
	delete(broken["resources"].([]any)[0].(map[string]any), "schema")
	if err := schema.Validate(broken); err == nil {
		t.Error("the profile accepted a resource without a schema: the check cannot fail")
	}
}

// Every file's schema lists its columns in the order Write writes them, and every
// foreign key names a resource and fields that exist.
func TestDataPackageMatchesTheFiles(t *testing.T) {
	var p Package
	if err := json.Unmarshal(testPackage(t), &p); err != nil {
		t.Fatal(err)
	}
	fields := map[string][]string{}
	for _, r := range p.Resources {
		for _, f := range r.Schema.Fields {
			fields[r.Name] = append(fields[r.Name], f.Name)
		}
	}
	for i, f := range Files() {
		r := p.Resources[i]
		if r.Path != f.Name || !slices.Equal(fields[r.Name], f.Columns) {
			t.Errorf("%s: schema fields %v, columns %v", f.Name, fields[r.Name], f.Columns)
		}
		for _, fk := range r.Schema.ForeignKeys {
			target := fk.Reference.Resource
			if target == "" {
				target = r.Name
			}
			for _, k := range fk.Reference.Fields {
				if !slices.Contains(fields[target], k) {
					t.Errorf("%s: foreign key to %s.%s, which does not exist", f.Name, target, k)
				}
			}
		}
	}
}

// The embedded data meets its own schema: every value present matches its field's
// pattern, enum, bounds and type; required fields are filled; keys are unique and
// foreign keys resolve.
func TestEmbeddedDataMeetsItsSchema(t *testing.T) {
	var p Package
	if err := json.Unmarshal(testPackage(t), &p); err != nil {
		t.Fatal(err)
	}
	keys := map[string]map[string]bool{} // resource → its primary key values
	type pending struct{ file, value, target string }
	var refs []pending
	for _, r := range p.Resources {
		data, err := fs.ReadFile(Data(), r.Path)
		if err != nil {
			continue // a file the embedded data does not have
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		keys[r.Name] = map[string]bool{}
		for n, row := range rows[1:] {
			get := func(name string) (string, bool) {
				i, ok := col[name]
				if !ok || i >= len(row) {
					return "", false
				}
				return row[i], true
			}
			for _, f := range r.Schema.Fields {
				v, _ := get(f.Name)
				c := f.Constraints
				if v == "" {
					if c != nil && c.Required {
						t.Errorf("%s:%d: %s is required", r.Path, n+2, f.Name)
					}
					continue
				}
				if !valueFits(f, v) {
					t.Errorf("%s:%d: %s = %q does not fit %+v", r.Path, n+2, f.Name, v, f)
				}
			}
			if len(r.Schema.PrimaryKey) == 1 {
				k, _ := get(r.Schema.PrimaryKey[0])
				if keys[r.Name][k] {
					t.Errorf("%s:%d: key %q twice", r.Path, n+2, k)
				}
				keys[r.Name][k] = true
			}
			for _, fk := range r.Schema.ForeignKeys {
				if v, _ := get(fk.Fields[0]); v != "" {
					target := fk.Reference.Resource
					if target == "" {
						target = r.Name
					}
					refs = append(refs, pending{r.Path, v, target})
				}
			}
		}
	}
	for _, ref := range refs {
		if !keys[ref.target][ref.value] {
			t.Errorf("%s: %q is not a key of %s", ref.file, ref.value, ref.target)
		}
	}
}

// valueFits checks a present value against its field as a Table Schema validator
// would (patterns are anchored whole).
func valueFits(f Field, v string) bool {
	c := f.Constraints
	switch f.Type {
	case "number", "integer", "year":
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || f.Type != "number" && x != float64(int64(x)) {
			return false
		}
		if c != nil && (c.Minimum != nil && x < *c.Minimum || c.Maximum != nil && x > *c.Maximum) {
			return false
		}
		return true
	case "date":
		return regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`).MatchString(v)
	}
	if c == nil {
		return true
	}
	if c.Pattern != "" && !regexp.MustCompile(`^(?:`+c.Pattern+`)$`).MatchString(v) {
		return false
	}
	return len(c.Enum) == 0 || slices.Contains(c.Enum, v)
}
