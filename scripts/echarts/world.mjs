// Converts Natural Earth's 1:110m land (npm world-atlas, TopoJSON) into the world
// outline the partner maps are drawn on: static/img/world-land.svg, one path in the
// plate carrée projection the map charts use (views/chart_map.go), x = (lon + 180)
// × 10 and y = (90 − lat) × 10, cut to latitudes 84° N to 58° S. Every map shares this
// one file (a page carries only its own lines and dots); the standalone chart picture
// inlines it. Run by build.sh; the output is committed.
import { readFileSync, writeFileSync } from "node:fs";
import { feature } from "topojson-client";

const north = 84, south = -58; // keep in step with mapNorth and mapSouth in views/chart_map.go
const topo = JSON.parse(readFileSync(new URL("./node_modules/world-atlas/land-110m.json", import.meta.url)));
const land = feature(topo, topo.objects.land);

// path is one ring as an SVG subpath in tenths of a degree, relative moves.
function path(ring, off) {
  let s = "", px = null, py = null;
  for (const [lon, lat] of ring) {
    const x = Math.round((lon + off + 180) * 10), y = Math.round((90 - lat) * 10);
    if (px === null) s += "M" + x + " " + y;
    else if (x !== px || y !== py) s += "l" + (x - px) + (y - py < 0 ? "" : " ") + (y - py); // "l12-3": a minus needs no space
    else continue;
    px = x; py = y;
  }
  return s + "z";
}

let d = "";
for (const f of land.features) {
  const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const poly of polys) {
    for (const raw of poly) {
      if (Math.max(...raw.map((p) => p[1])) < south) continue; // Antarctica: below the map
      // A ring that crosses the antimeridian jumps from 180° to −180°: unwrap it into
      // one continuous ring (past ±180°) and draw it a second time a world away; the
      // viewBox cuts off what lies outside.
      const ring = [];
      let shift = 0;
      for (let i = 0; i < raw.length; i++) {
        if (i > 0) {
          const jump = raw[i][0] - raw[i - 1][0];
          if (jump > 180) shift -= 360;
          else if (jump < -180) shift += 360;
        }
        ring.push([raw[i][0] + shift, raw[i][1]]);
      }
      const lons = ring.map((p) => p[0]);
      const copies = [0];
      if (Math.max(...lons) > 180) copies.push(-360);
      if (Math.min(...lons) < -180) copies.push(360);
      for (const off of copies) d += path(ring, off);
    }
  }
}

const top = (90 - north) * 10, height = (north - south) * 10;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 ${top} 3600 ${height}" preserveAspectRatio="none">` +
  `<!-- Natural Earth 1:110m land (public domain), via world-atlas 2.0.2 (ISC); scripts/echarts/world.mjs -->` +
  `<path fill="#e4e8ed" stroke="#c3cad3" stroke-width="0.75" stroke-linejoin="round" vector-effect="non-scaling-stroke" d="${d}"/></svg>\n`;
const out = new URL("../../static/img/world-land.svg", import.meta.url);
writeFileSync(out, svg);
console.log("static/img/world-land.svg:", svg.length, "bytes");
