package web

import (
	"net/url"
	"strings"
)

// localTarget returns target if it is a path on this site, re-encoded as this site
// would write it, and "" otherwise. A prefix check is not enough: browsers drop TAB,
// CR and LF anywhere in a URL and read "\" as "/", so "/\t/evil.example" and
// "/\evil.example" both lead to another host. So the target is refused if it holds a
// control character or a backslash (raw or percent-encoded), then parsed, and kept
// only as a path that starts with one slash, plus its query.
func localTarget(target string) string {
	if !strings.HasPrefix(target, "/") || len(target) > 2000 || strings.ContainsRune(target, '\\') {
		return ""
	}
	for _, r := range target {
		if r < 0x20 || r == 0x7f {
			return ""
		}
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.ContainsAny(u.Path, "\\\t\r\n") {
		return ""
	}
	local := (&url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery}).RequestURI()
	if strings.HasPrefix(local, "//") || strings.HasPrefix(local, "/\\") {
		return ""
	}
	return local
}
