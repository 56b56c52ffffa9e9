// Reads Lighthouse JSON reports and prints the four scores, the bytes transferred and
// the main performance metrics per page; exits 1 when a score is under its target
// (issue 12: performance ≥ 98 and total blocking time ≤ 50 ms now that charts are drawn
// on the server; accessibility 100, best practices 100, SEO ≥ 95).
//
//   node lh-summary.mjs OUT_DIR/lh-*.json
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const TARGET = { performance: 98, accessibility: 100, "best-practices": 100, seo: 95 };
const MAX_TBT = 50; // ms, simulated, on chart and embed pages (issue 12); others print it
const tbtChecked = (name) => /^(chart|map|embed)/.test(name);
const files = process.argv.slice(2);
if (!files.length) {
  console.error("usage: node lh-summary.mjs REPORT.json...");
  process.exit(2);
}

const pad = (s, n) => String(s).padStart(n);
console.log(
  "page".padEnd(14), pad("perf", 5), pad("a11y", 5), pad("bp", 5), pad("seo", 5),
  pad("KB", 7), pad("FCP", 6), pad("LCP", 6), pad("TBT", 6), pad("CLS", 6), pad("JS KB", 6), pad("bench", 6), " url",
);
const misses = [];
for (const f of files) {
  const lhr = JSON.parse(readFileSync(f, "utf8"));
  const name = basename(f, ".json").replace(/^lh-/, "");
  if (lhr.runtimeError) {
    console.log(name.padEnd(14), `runtime error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    misses.push(`${name}: runtime error`);
    continue;
  }
  const score = (c) => (lhr.categories[c] && lhr.categories[c].score != null ? Math.round(lhr.categories[c].score * 100) : NaN);
  const num = (a) => (lhr.audits[a] ? lhr.audits[a].numericValue : NaN);
  const items = (lhr.audits["network-requests"]?.details?.items) || [];
  const js = items.filter((i) => i.resourceType === "Script").reduce((n, i) => n + (i.transferSize || 0), 0);
  const s = Object.fromEntries(Object.keys(TARGET).map((c) => [c, score(c)]));
  for (const [c, t] of Object.entries(TARGET)) {
    if (!(s[c] >= t)) {
      const failing = Object.values(lhr.categories[c]?.auditRefs || [])
        .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
        .map((r) => `${r.id}=${lhr.audits[r.id].displayValue || lhr.audits[r.id].score}`);
      misses.push(`${name}: ${c} ${s[c]} < ${t} (${failing.join(", ")})`);
    }
  }
  if (tbtChecked(name) && !(num("total-blocking-time") <= MAX_TBT)) misses.push(`${name}: total blocking time ${Math.round(num("total-blocking-time"))} ms > ${MAX_TBT}`);
  console.log(
    name.padEnd(14), pad(s.performance, 5), pad(s.accessibility, 5), pad(s["best-practices"], 5), pad(s.seo, 5),
    pad((num("total-byte-weight") / 1024).toFixed(1), 7),
    pad(Math.round(num("first-contentful-paint")), 6), pad(Math.round(num("largest-contentful-paint")), 6),
    pad(Math.round(num("total-blocking-time")), 6), pad(num("cumulative-layout-shift").toFixed(3), 6),
    pad((js / 1024).toFixed(1), 6), pad(Math.round(lhr.environment.benchmarkIndex), 6), " " + lhr.finalDisplayedUrl,
  );
}
console.log("(KB = total-byte-weight, transferred; FCP/LCP/TBT in ms, simulated mobile throttling; JS KB = scripts transferred;\n bench = Lighthouse benchmarkIndex of this machine during the run: lower means a busier or slower CPU and longer simulated TBT)");
console.log(`targets: ${Object.entries(TARGET).map(([c, t]) => `${c} ≥ ${t}`).join(", ")}, TBT ≤ ${MAX_TBT} ms on chart and embed pages`);
if (misses.length) {
  console.log("\nunder target:\n  " + misses.join("\n  "));
  process.exit(1);
}
console.log("all Lighthouse scores on target");
