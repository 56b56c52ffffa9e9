package web

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

func itoa(n int) string { return strconv.Itoa(n) }

// pageParam reads ?page=, 1 when absent; anything but a whole number from 1 to max is
// a 400 with a message saying what is allowed.
func pageParam(c echo.Context, max int) (int, error) {
	v := c.QueryParam("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, badRequest(loc(c).F("error.page", "max", itoa(max)))
	}
	return n, nil
}

// countryParam reads a country code from the path: two ASCII letters. Upper case is
// redirected to the canonical lower-case URL by the caller (ok=false, canonical set).
func countryParam(c echo.Context, name string) (code string, lowerOK bool) {
	v, ext := format(c.Param(name))
	if ext != "html" {
		c.Set(formatKey, ext)
	}
	if len(v) != 2 || !isASCIILetters(v) {
		return "", false
	}
	return strings.ToUpper(v), v == strings.ToLower(v)
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i] | 0x20
		if b < 'a' || b > 'z' {
			return false
		}
	}
	return true
}

const formatKey = "format"

// formatOf is the twin format a route or path parameter asked for ("html" if none).
func formatOf(c echo.Context) string {
	if f, ok := c.Get(formatKey).(string); ok {
		return f
	}
	return "html"
}

// withFormat marks a route as a twin (/countries.csv, /search.json).
func withFormat(ext string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Set(formatKey, ext)
			return next(c)
		}
	}
}
