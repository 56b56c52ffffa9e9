package static

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"strings"
	"testing"
)

func TestURLHashesContent(t *testing.T) {
	body, err := fs.ReadFile(FS, "css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	want := "/static/css/site." + hex.EncodeToString(sum[:])[:hashLen] + ".css"
	if got := URL("css/site.css"); got != want {
		t.Fatalf("URL = %q, want %q", got, want)
	}
	if name, immutable := Resolve(strings.TrimPrefix(want, "/static/")); name != "css/site.css" || !immutable {
		t.Errorf("Resolve(hashed) = %q, %v", name, immutable)
	}
	if name, immutable := Resolve("css/site.css"); name != "css/site.css" || immutable {
		t.Errorf("Resolve(plain) = %q, %v", name, immutable)
	}
	if name, immutable := Resolve("js/charts.0123456789ab.js"); name != "js/charts.js" || immutable {
		t.Errorf("Resolve(old hash) = %q, %v", name, immutable)
	}
	if URL("nope.css") != "/static/nope.css" {
		t.Error("unknown name")
	}
	if len(URLs()) < 3 {
		t.Errorf("URLs: %v", URLs())
	}
}
