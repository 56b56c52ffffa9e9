package web

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzLocalTarget: whatever next= holds, the redirect after sign-in is "" (the
// desk) or a path of this site: one leading slash, no backslash or control
// character anywhere (browsers drop or reinterpret those), and no host once parsed.
func FuzzLocalTarget(f *testing.F) {
	for _, s := range []string{"/desk", "/\t/evil.example", "/\\evil.example", "//evil.example", "/%2F/evil", "/%5Cevil",
		"https://evil.example", "https:evil", "/a?next=//b", "/\u3000/x", "/\x00", "/%00", "/..//evil", "/./\\evil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := localTarget(next)
		if got == "" {
			return
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\") {
			t.Fatalf("localTarget(%q) = %q", next, got)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f {
				t.Fatalf("localTarget(%q) = %q holds a control character", next, got)
			}
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" || strings.HasPrefix(u.Path, "//") {
			t.Fatalf("localTarget(%q) = %q parses to host %q scheme %q path %q (%v)", next, got, u.Host, u.Scheme, u.Path, err)
		}
	})
}
