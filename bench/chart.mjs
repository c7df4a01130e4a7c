#!/usr/bin/env node
// Draws bench/chart.svg from a run's results: for each case with all three figures, Envelope,
// @aws-crypto/client-node and raw node:crypto as bars scaled to the case's largest figure (cases
// have different units), each labelled with its figure. Plain SVG text, no dependency.
// `node bench/chart.mjs [results.json]` (default bench/results/latest.json); bench/run.mjs calls it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERIES = [
  { key: 'envelope', name: 'Envelope', color: '#2b6cb0' },
  { key: 'esdk', name: '@aws-crypto/client-node', color: '#dd6b20' },
  { key: 'raw', name: 'raw node:crypto', color: '#718096' },
];
const LABEL_W = 330;
const BAR_W = 380;
const BAR_H = 12;
const GAP = 14;
const escapeXml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const figure = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));

/** The cases that have a figure for every series (concurrency rows compare with one-thread ESDK and raw: left out). */
export function chartCases(results) {
  return results.cases.filter((c) => SERIES.every((s) => typeof c[s.key] === 'number' && c[s.key] > 0) && !/concurrency/.test(c.name));
}

function caseGroup(c, y) {
  const max = Math.max(...SERIES.map((s) => c[s.key]));
  const parts = [`<text x="${LABEL_W - 10}" y="${y + BAR_H * 1.5 + 4}" text-anchor="end">${escapeXml(c.name)}</text>`];
  SERIES.forEach((s, i) => {
    const w = Math.max(1, (c[s.key] / max) * BAR_W);
    const by = y + i * BAR_H;
    parts.push(`<rect x="${LABEL_W}" y="${by}" width="${w.toFixed(1)}" height="${BAR_H - 2}" fill="${s.color}"><title>${escapeXml(`${s.name}: ${figure(c[s.key])} ${c.unit}`)}</title></rect>`);
    parts.push(`<text x="${(LABEL_W + w + 4).toFixed(1)}" y="${by + BAR_H - 3}" class="v">${figure(c[s.key])} ${escapeXml(c.unit)}</text>`);
  });
  return parts.join('\n');
}

/** The SVG text for `results` ({ date, machine, cases: [{ name, unit, envelope, esdk, raw }] }). */
export function renderChart(results) {
  const cases = chartCases(results);
  const top = 56;
  const height = top + cases.length * (SERIES.length * BAR_H + GAP) + 10;
  const width = LABEL_W + BAR_W + 110;
  const legend = SERIES.map((s, i) => `<rect x="${LABEL_W + i * 150}" y="30" width="10" height="10" fill="${s.color}"/><text x="${LABEL_W + i * 150 + 14}" y="39">${escapeXml(s.name)}</text>`).join('\n');
  const groups = cases.map((c, i) => caseGroup(c, top + i * (SERIES.length * BAR_H + GAP))).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">
<style>.v { fill: #333; font-size: 10px; }</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="18" font-size="13" font-weight="bold">${escapeXml(`npm run bench, ${results.date.slice(0, 10)}: ${results.machine} (longer bar = faster)`)}</text>
${legend}
${groups}
</svg>
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? path.join(here, 'results', 'latest.json');
  writeFileSync(path.join(here, 'chart.svg'), renderChart(JSON.parse(readFileSync(file, 'utf8'))));
  console.log(`bench/chart.svg drawn from ${path.relative(process.cwd(), file)}`);
}
