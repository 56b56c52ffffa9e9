// Package static holds the portal's embedded assets: its stylesheet, the one small
// script (tooltips and PNG downloads for the charts the server drew) and the icon.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
)

// FS holds every asset, served under /static/.
//
//go:embed css js img favicon.svg
var FS embed.FS

// hashLen is how many hex digits of an asset's SHA-256 go into its hashed name.
const hashLen = 12

var (
	hashed   = map[string]string{} // css/site.css → css/site.0123456789ab.css
	unhashed = map[string]string{} // and back
)

func init() {
	_ = fs.WalkDir(FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(FS, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		h := HashedName(name, hex.EncodeToString(sum[:])[:hashLen])
		hashed[name], unhashed[h] = h, name
		return nil
	})
}

// HashedName puts hash before the name's extension: css/site.css → css/site.HASH.css.
func HashedName(name, hash string) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hash + ext
}

// URL is the root-relative URL of the asset name (e.g. "css/site.css") with its
// content hash in the file name, so it can be cached forever: a changed asset gets a
// new URL. An unknown name gets its plain URL.
func URL(name string) string {
	if h, ok := hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

// URLs maps every asset name to its URL.
func URLs() map[string]string {
	m := make(map[string]string, len(hashed))
	for name := range hashed {
		m[name] = URL(name)
	}
	return m
}

// Resolve maps a requested path under /static/ to the embedded file's name, and says
// whether the request named the file's current hash (so the answer is immutable).
func Resolve(p string) (name string, immutable bool) {
	if n, ok := unhashed[p]; ok {
		return n, true
	}
	if _, ok := hashed[p]; ok {
		return p, false
	}
	// An older hash (a page cached before a deploy): the current file, not immutable.
	ext := path.Ext(p)
	base := strings.TrimSuffix(p, ext)
	if i := strings.LastIndexByte(base, '.'); i >= 0 && isHex(base[i+1:]) && len(base)-i-1 == hashLen {
		if n := base[:i] + ext; hashed[n] != "" {
			return n, false
		}
	}
	return p, false
}

func isHex(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return s != ""
}
