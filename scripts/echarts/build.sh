#!/bin/sh
# Builds static/vendor/echarts/echarts.bar.min.js, the portal's Apache ECharts with
# only the bar chart, grid, tooltip, legend, aria and the canvas renderer (entry.js).
# The output is committed: the portal embeds static/ and needs no npm to run or test.
# Needs node and npm (the npm registry); versions are pinned in package.json and
# package-lock.json. Run from anywhere: scripts/echarts/build.sh
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
ECHARTS=$(node -p 'require("echarts/package.json").version')
OUT=../../static/vendor/echarts/echarts.bar.min.js
./node_modules/.bin/esbuild entry.js \
	--bundle --minify --format=iife --global-name=echarts --target=es2018 \
	--define:process.env.NODE_ENV='"production"' \
	--legal-comments=eof \
	--banner:js="/*! Apache ECharts $ECHARTS, custom build (bar chart, grid, tooltip, legend, aria, canvas renderer) for Twinning Tracker; Apache-2.0 (ZRender: BSD-3-Clause), see LICENSE, NOTICE, LICENSE-zrender and LICENSE-d3 beside this file; built by scripts/echarts/build.sh */" \
	--outfile="$OUT"
# The licences that go with the file: ECharts' own (Apache-2.0, with its NOTICE and
# the d3 code it embeds) and ZRender's (BSD-3-Clause), which the bundle includes.
DIR=../../static/vendor/echarts
cp node_modules/echarts/LICENSE node_modules/echarts/NOTICE "$DIR/"
cp node_modules/echarts/licenses/LICENSE-d3 "$DIR/LICENSE-d3"
cp node_modules/zrender/LICENSE "$DIR/LICENSE-zrender"
ls -l "$OUT"
