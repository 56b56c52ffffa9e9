#!/bin/sh
# Builds chartsvg/echarts/echarts-ssr.js, the Apache ECharts the portal runs on the
# server (in modernc.org/quickjs) to draw every chart to SVG: only the bar, scatter and
# lines charts, grid and SVG renderer (ssr.js says why), and static/img/world-land.svg,
# the world outline of the partner maps (world.mjs). The output is committed and embedded in the
# binary: the portal needs no npm or Node to build, run or test.
# Needs node and npm (the npm registry); versions are pinned in package.json and
# package-lock.json. Run from anywhere: scripts/echarts/build.sh
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
ECHARTS=$(node -p 'require("echarts/package.json").version')
DIR=../../chartsvg/echarts
OUT=$DIR/echarts-ssr.js
./node_modules/.bin/esbuild ssr.js \
	--bundle --minify --format=iife --global-name=echartsSSR --target=es2020 \
	--define:process.env.NODE_ENV='"production"' \
	--legal-comments=eof \
	--banner:js="/*! Apache ECharts $ECHARTS, custom server-side build (bar, scatter and lines charts, grid, SVG renderer) for Twinning Tracker; Apache-2.0 (ZRender: BSD-3-Clause), see LICENSE, NOTICE, LICENSE-zrender and LICENSE-d3 beside this file; built by scripts/echarts/build.sh */" \
	--outfile="$OUT"
# The licences that go with the file: ECharts' own (Apache-2.0, with its NOTICE and
# the d3 code it embeds) and ZRender's (BSD-3-Clause), which the bundle includes.
cp node_modules/echarts/LICENSE node_modules/echarts/NOTICE "$DIR/"
cp node_modules/echarts/licenses/LICENSE-d3 "$DIR/LICENSE-d3"
cp node_modules/zrender/LICENSE "$DIR/LICENSE-zrender"
echo "Apache ECharts $ECHARTS (npm echarts, zrender $(node -p 'require("zrender/package.json").version')), built by scripts/echarts/build.sh from ssr.js with esbuild $(node -p 'require("esbuild/package.json").version')" > "$DIR/VERSION"
ls -l "$OUT"
# The world outline the partner maps are drawn on (Natural Earth via world-atlas).
node world.mjs
