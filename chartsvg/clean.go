package chartsvg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Clean rewrites an SVG drawn by ECharts for a page whose Content-Security-Policy
// allows no inline styles, and keeps nothing that could run:
//
//   - Only drawing elements and presentation attributes pass (an allow-list); a
//     <style> (ECharts' hover colours), <script>, <foreignObject>, event handlers,
//     links and every url() but a reference to an id in the same SVG are dropped.
//   - style="font-size:12px;…" becomes font-size="12px" and so on: a browser drops a
//     style attribute under style-src 'self', and text then came out 16 px and cut.
//   - ECharts numbers its class names and ids per runtime and drawing (zr3-cls-717,
//     zr3-c0): two charts could clash on one page and one chart never drew the same
//     bytes twice, so they are renamed after the chart, numbered in order (id-0, id-1).
//   - ECharts' ssr metadata (ecmeta_series_index, ecmeta_data_index) becomes data-s
//     and data-i, which static/js/charts.js reads for tooltips.
//   - The root gets role="img", the label as aria-label and a <title>: ECharts' aria
//     component writes nothing without a browser page.
//
// The text of labels is decoded and escaped again, so a label can never close the
// SVG or open markup.
func Clean(raw, id, label string) (string, error) {
	if !idPattern.MatchString(id) {
		return "", fmt.Errorf("chartsvg: bad chart id %q", id)
	}
	dec := xml.NewDecoder(strings.NewReader(raw))
	dec.Strict = true
	var out bytes.Buffer
	out.Grow(len(raw))
	skip := 0     // depth inside a dropped element
	depth := 0    // depth inside the root
	open := false // a start tag written without its closing ">"
	root := true
	names := renamer{id: id, seen: map[string]string{}}
	closeOpen := func() {
		if open {
			out.WriteByte('>')
			open = false
		}
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("chartsvg: clean %s: %w", id, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !root && depth == 0 {
				return "", fmt.Errorf("chartsvg: clean %s: more than one root element", id)
			}
			if skip > 0 || !allowedElements[t.Name.Local] || (root && t.Name.Local != "svg") {
				if root {
					return "", fmt.Errorf("chartsvg: clean %s: the root is <%s>, not <svg>", id, t.Name.Local)
				}
				skip++
				continue
			}
			depth++
			closeOpen()
			out.WriteString("<" + t.Name.Local)
			if root {
				out.WriteString(` xmlns="http://www.w3.org/2000/svg"`)
			}
			for _, a := range t.Attr {
				writeAttrs(&out, a, &names)
			}
			if root {
				out.WriteString(` role="img" aria-label="`)
				escapeAttr(&out, label)
				out.WriteString(`"><title>`)
				xml.EscapeText(&out, []byte(label))
				out.WriteString("</title>")
				root = false
				continue
			}
			open = true
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			depth--
			if open {
				out.WriteString("/>")
				open = false
				continue
			}
			out.WriteString("</" + t.Name.Local + ">")
		case xml.CharData:
			if skip > 0 {
				continue
			}
			if len(bytes.TrimSpace(t)) == 0 {
				continue // the newlines between elements
			}
			closeOpen()
			xml.EscapeText(&out, t)
		}
	}
	if root || depth != 0 {
		return "", fmt.Errorf("chartsvg: clean %s: no complete <svg> element", id)
	}
	return out.String(), nil
}

var idPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// zrName is a class name or id as ZRender numbers them, per runtime and per drawing
// (zr3-cls-717, zr3-c0).
var zrName = regexp.MustCompile(`\bzr\d+-[A-Za-z0-9-]+`)

// renamer names the class names and ids of one chart after it, numbered in the order
// they appear, so the same chart draws to the same bytes on any runtime.
type renamer struct {
	id   string
	seen map[string]string
}

func (r *renamer) rename(v string) string {
	return zrName.ReplaceAllStringFunc(v, func(name string) string {
		if n, ok := r.seen[name]; ok {
			return n
		}
		n := fmt.Sprintf("%s-%d", r.id, len(r.seen))
		r.seen[name] = n
		return n
	})
}

var allowedElements = set("svg", "g", "path", "rect", "circle", "ellipse", "line",
	"polyline", "polygon", "text", "tspan", "defs", "clipPath", "linearGradient",
	"radialGradient", "stop", "title", "desc")

var allowedAttrs = set("width", "height", "viewBox", "x", "y", "x1", "y1", "x2", "y2",
	"cx", "cy", "r", "rx", "ry", "d", "points", "transform", "offset",
	"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
	"stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
	"stroke-dashoffset", "opacity", "paint-order", "clip-path", "clip-rule",
	"dominant-baseline", "text-anchor", "font-size", "font-family", "font-weight",
	"font-style", "letter-spacing", "id", "class", "stop-color", "stop-opacity",
	"gradientUnits", "gradientTransform")

// writeAttrs writes one attribute of the drawing, or the presentation attributes a
// style attribute stands for, or nothing.
func writeAttrs(out *bytes.Buffer, a xml.Attr, names *renamer) {
	name := a.Name.Local
	switch {
	case a.Name.Space == "http://www.w3.org/XML/1998/namespace" && name == "space":
		writeAttr(out, "xml:space", a.Value)
		return
	case a.Name.Space != "":
		return // xmlns:xlink, xlink:href and friends
	case name == "style":
		for _, decl := range strings.Split(a.Value, ";") {
			prop, val, ok := strings.Cut(decl, ":")
			prop, val = strings.TrimSpace(prop), strings.TrimSpace(val)
			if ok && allowedAttrs[prop] && prop != "id" && prop != "class" && safeValue(val) {
				writeAttr(out, prop, val)
			}
		}
		return
	case name == "ecmeta_series_index":
		writeAttr(out, "data-s", a.Value)
		return
	case name == "ecmeta_data_index":
		writeAttr(out, "data-i", a.Value)
		return
	case !allowedAttrs[name] || !safeValue(a.Value):
		return
	}
	writeAttr(out, name, names.rename(a.Value))
}

// safeValue refuses a value that could reach outside the SVG: a url() other than a
// same-document reference, or anything naming a script scheme.
func safeValue(v string) bool {
	l := strings.ToLower(v)
	if strings.Contains(l, "javascript:") || strings.Contains(l, "expression(") {
		return false
	}
	for rest := l; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return true
		}
		rest = strings.TrimLeft(rest[i+4:], ` '"`)
		if !strings.HasPrefix(rest, "#") {
			return false
		}
	}
}

func writeAttr(out *bytes.Buffer, name, val string) {
	out.WriteString(" " + name + `="`)
	escapeAttr(out, val)
	out.WriteByte('"')
}

func escapeAttr(out *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			out.WriteString("&amp;")
		case '<':
			out.WriteString("&lt;")
		case '>':
			out.WriteString("&gt;")
		case '"':
			out.WriteString("&quot;")
		case '\n', '\r', '\t':
			out.WriteByte(' ')
		default:
			out.WriteRune(r)
		}
	}
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
