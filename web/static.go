package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/twinningtracker/twinning/static"
)

// assetURLs maps every embedded asset to its hashed URL, for the page models.
var assetURLs = static.URLs()

// serveStatic serves the embedded assets. The file system is embedded, so the path
// cannot leave it; "." and ".." segments are refused outright anyway.
//
// /static/css/site.HASH.css (the URL pages link to, see static.URL) is cached for a
// year as immutable: a changed file gets a new hash. The plain /static/css/site.css
// keeps working for old links, cached for an hour. Every asset has an ETag (its
// content hash) and text assets are sent gzipped to clients that accept it,
// compressed once per process.
func (h *handler) serveStatic(c echo.Context) error {
	name := c.Param("*")
	if name == "" || strings.Contains(name, "..") || strings.HasPrefix(name, "/") || path.Clean(name) != name {
		return notFound()
	}
	name, immutable := static.Resolve(name)
	a, err := loadAsset(name)
	if err != nil {
		return notFound()
	}
	hd := c.Response().Header()
	if immutable {
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hd.Set("Cache-Control", "public, max-age=3600")
	}
	body, etag := a.body, a.etag
	if a.gzip != nil {
		hd.Add("Vary", "Accept-Encoding")
		if acceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
			body, etag = a.gzip, a.gzipETag
			hd.Set("Content-Encoding", "gzip")
		}
	}
	hd.Set("ETag", etag)
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && etagMatches(inm, a.etag, a.gzipETag) {
		hd.Del("Content-Encoding")
		return c.NoContent(http.StatusNotModified)
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	if c.Request().Method == http.MethodHead {
		hd.Set(echo.HeaderContentType, a.ctype)
		return c.NoContent(http.StatusOK)
	}
	return c.Blob(http.StatusOK, a.ctype, body)
}

// asset is an embedded file ready to send, with its compressed form for text.
type asset struct {
	body, gzip     []byte
	ctype          string
	etag, gzipETag string
}

var assets sync.Map // name → *asset

func loadAsset(name string) (*asset, error) {
	if a, ok := assets.Load(name); ok {
		return a.(*asset), nil
	}
	body, err := fs.ReadFile(static.FS, name)
	if err != nil {
		return nil, err
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:16])
	a := &asset{body: body, ctype: ctype, etag: `"` + tag + `"`}
	if compressible(ctype) && len(body) >= minGzip {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(body)
		_ = zw.Close()
		a.gzip, a.gzipETag = buf.Bytes(), `"`+tag+`-gz"`
	}
	v, _ := assets.LoadOrStore(name, a)
	return v.(*asset), nil
}

// serveFavicon answers the /favicon.ico that browsers and crawlers ask for with the
// site's SVG icon.
func (h *handler) serveFavicon(c echo.Context) error {
	body, err := fs.ReadFile(static.FS, "favicon.svg")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, "image/svg+xml", body)
}
