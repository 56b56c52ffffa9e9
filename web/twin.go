package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// Every list, chart and record page has .csv and .json twins at the same path plus
// the extension, holding exactly the data the page shows.

// Table is the data behind a page, for its twins. Values are strings, numbers
// (int, float64) or nil (unknown).
type Table struct {
	Title   string
	Columns []string
	Rows    [][]any
}

// format splits a trailing .csv, .json or .atom off a path parameter:
// "burnaby-ca.csv" → ("burnaby-ca", "csv"); otherwise format is "html".
func format(param string) (base, format string) {
	for _, ext := range []string{"csv", "json", "atom"} {
		if strings.HasSuffix(param, "."+ext) {
			return strings.TrimSuffix(param, "."+ext), ext
		}
	}
	return param, "html"
}

// twinLicence is stated in every twin, since most rows derive from Wikipedia.
const twinLicence = "CC BY-SA 4.0 (Wikipedia contributors) for Wikipedia-derived rows; other rows cite their sources; see /about"

// twinSource says where a twin's data comes from.
func twinSource(baseURL string) string {
	return "Twinning Tracker (" + baseURL + "/), compiled from Wikipedia's lists, government and press pages and officials' reports; each record cites its sources: " + baseURL + "/about"
}

// serveTwin answers a .csv or .json request with the table.
func (h *handler) serveTwin(c echo.Context, ext string, t Table, asOf string) error {
	htmlPath := strings.TrimSuffix(c.Request().URL.Path, "."+ext)
	if q := c.QueryString(); q != "" {
		htmlPath += "?" + q
	}
	links := fmt.Sprintf("<%s%s>; rel=\"canonical\"", h.baseURL, htmlPath)
	if ext == "csv" {
		// The CSV has no room for its metadata (title, source, licence, as-of): the
		// JSON twin of the same data carries it.
		jsonPath := strings.TrimSuffix(c.Request().URL.Path, ".csv") + ".json"
		if q := c.QueryString(); q != "" {
			jsonPath += "?" + q
		}
		links += fmt.Sprintf(", <%s%s>; rel=\"describedby\"; type=\"application/json\"", h.baseURL, jsonPath)
	}
	c.Response().Header().Set("Link", links)
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	switch ext {
	case "csv":
		var buf bytes.Buffer
		writeCSVRecord(&buf, t.Columns)
		rec := make([]string, len(t.Columns))
		for _, r := range t.Rows {
			rec = rec[:0]
			for _, v := range r {
				rec = append(rec, csvCell(v))
			}
			writeCSVRecord(&buf, rec)
		}
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	default:
		rows := make([]map[string]any, len(t.Rows))
		for i, r := range t.Rows {
			m := make(map[string]any, len(r))
			for j, v := range r {
				m[t.Columns[j]] = v
			}
			rows[i] = m
		}
		// release is null for the live record, which changes with every write (the
		// dataset's version number is on /data); in a release it is the release's id,
		// and the twin never changes.
		body := struct {
			Title   string           `json:"title"`
			URL     string           `json:"url"`
			Source  string           `json:"source"`
			AsOf    string           `json:"as_of"`
			Release *string          `json:"release"`
			Licence string           `json:"licence"`
			Fields  []string         `json:"fields"`
			Data    []map[string]any `json:"data"`
		}{t.Title, h.baseURL + htmlPath, twinSource(h.baseURL), asOf, nil, twinLicence, t.Columns, rows}
		if h.release != nil {
			body.Release = &h.release.ID
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", " ")
		if err := enc.Encode(body); err != nil {
			return err
		}
		return c.Blob(http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
	}
}

// writeCSVRecord writes one CSV line (RFC 4180, LF endings). It quotes more than
// encoding/csv does: also a field holding ";" or a tab, because spreadsheets set to
// a locale whose list separator is ";" (or pasting tab-separated text) split such
// a field unquoted, and "x;=1+1" would give a cell "=1+1" that evaluates. Quoted,
// it stays one cell whose first character is "x".
func writeCSVRecord(buf *bytes.Buffer, fields []string) {
	for i, f := range fields {
		if i > 0 {
			buf.WriteByte(',')
		}
		if !needsQuotes(f) {
			buf.WriteString(f)
			continue
		}
		buf.WriteByte('"')
		buf.WriteString(strings.ReplaceAll(f, `"`, `""`))
		buf.WriteByte('"')
	}
	buf.WriteByte('\n')
}

// needsQuotes: a separator, quote or line break anywhere, a space of any kind at
// either end (spreadsheets trim those unquoted: NBSP, the ideographic space), or
// the PostgreSQL end-of-data marker \. (as encoding/csv quotes it).
func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(f)
	last, _ := utf8.DecodeLastRuneInString(f)
	return strings.ContainsAny(f, ",;\t\"\r\n") || unicode.IsSpace(first) || unicode.IsSpace(last) || f == `\.`
}

// csvCell formats a value for CSV. A text cell that a spreadsheet would read as a
// formula (starting with = + - @, tab or carriage return) gets a leading apostrophe.
func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if x != "" && strings.ContainsRune("=+-@\t\r", rune(x[0])) {
			return "'" + x
		}
		return x
	case float64:
		return fmt.Sprintf("%g", x)
	default:
		return fmt.Sprint(x)
	}
}

// orNil turns an empty string into nil, so unknown values are null in JSON.
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
