#!/usr/bin/env node
// Writes large prediction files for checking that the CLI streams them in bounded memory (never
// committed; README "Limits" quotes what they measured):
//   node scripts/bigFiles.mjs csv FILE BYTES     label + 10 probability columns, 7 decimals
//   node scripts/bigFiles.mjs jsonl FILE BYTES   {"label": "c3", "probs": [10 numbers]} per line
// then e.g. /usr/bin/time -v node dist/cli.js cross-entropy FILE --label label --prob p0,…,p9
// Rows are seeded (the same file every time); each row sums to 1 within its 7-decimal rounding.
import { createWriteStream } from 'node:fs';

const [format, file, bytesText] = process.argv.slice(2);
const target = Number(bytesText);
if ((format !== 'csv' && format !== 'jsonl') || !file || !(target > 0)) {
  console.error('usage: node scripts/bigFiles.mjs csv|jsonl FILE BYTES');
  process.exit(2);
}
const K = 10;
let seed = 20261202;
const random = () => {
  // xorshift32: fast, deterministic, good enough for test data.
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};

function row() {
  const weights = Array.from({ length: K }, () => random() ** 3);
  const label = Math.floor(random() * K);
  weights[label] += 2 * random();
  const total = weights.reduce((a, b) => a + b, 0);
  const p = weights.map((w) => (w / total).toFixed(7));
  return format === 'csv' ? `c${label},${p.join(',')}\n` : `${JSON.stringify({ label: `c${label}`, probs: p.map(Number) })}\n`;
}

const out = createWriteStream(file);
let written = 0;
let rows = 0;
if (format === 'csv') {
  const header = `label,${Array.from({ length: K }, (_, k) => `p_c${k}`).join(',')}\n`;
  out.write(header);
  written += header.length;
}
function more() {
  while (written < target) {
    let chunk = '';
    for (let i = 0; i < 4096 && written + chunk.length < target; i++, rows++) chunk += row();
    written += chunk.length;
    if (!out.write(chunk)) return out.once('drain', more);
  }
  out.end(() => console.log(`${file}: ${rows.toLocaleString('en-US')} rows, ${(written / 1e9).toFixed(2)} GB`));
}
more();
