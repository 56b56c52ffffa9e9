// Package static holds the portal's embedded assets: its stylesheet, the one script
// that draws charts, and the vendored Apache ECharts (see vendor/echarts/VERSION).
package static

import "embed"

// FS holds every asset, served under /static/.
//
//go:embed css js vendor favicon.svg
var FS embed.FS
