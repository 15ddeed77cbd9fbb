// Format detection: from a file name's extension, else from the first non-blank character and
// the delimiter counts of the first lines.
import type { Delimiter, TextFormat } from './types';

/**
 * The format a file name implies, or undefined when the extension says nothing.
 * `.csv` → csv, `.tsv`/`.tab` → tsv, `.json` → json, `.jsonl`/`.ndjson` → jsonl (case-insensitive).
 * Example: `formatFromFileName('/data/preds.NDJSON')` is `'jsonl'`.
 */
export function formatFromFileName(fileName: string): TextFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0 || dot < fileName.lastIndexOf('/') || dot < fileName.lastIndexOf('\\')) return undefined;
  switch (fileName.slice(dot + 1).toLowerCase()) {
    case 'csv':
      return 'csv';
    case 'tsv':
    case 'tab':
      return 'tsv';
    case 'json':
      return 'json';
    case 'jsonl':
    case 'ndjson':
      return 'jsonl';
    default:
      return undefined;
  }
}

/** How far into the text content sniffing looks (characters). */
const SNIFF_LENGTH = 64 * 1024;

/**
 * The format of `text` when the name does not decide it: JSON when the first non-blank character
 * is `[`, JSON Lines when it is `{` and the first line is a complete object (else JSON), otherwise
 * CSV (TSV when the detected delimiter is a tab). O(first 64 KiB).
 * Example: `detectFormat('{"y": 1}\n{"y": 0}\n')` is `'jsonl'`; `detectFormat('a\tb\n1\t2\n')` is `'tsv'`.
 */
export function detectFormat(text: string, fileName?: string): TextFormat {
  const byName = fileName === undefined ? undefined : formatFromFileName(fileName);
  if (byName !== undefined) return byName;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  const first = text.charCodeAt(i);
  if (first === 0x5b /* [ */) return 'json';
  if (first === 0x7b /* { */) {
    // JSON Lines when the first line parses on its own; a pretty-printed object spans lines.
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    try {
      JSON.parse(text.slice(i, end));
      return 'jsonl';
    } catch {
      return 'json';
    }
  }
  return detectDelimiter(text) === '\t' ? 'tsv' : 'csv';
}

const CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|'];

/**
 * Chooses the CSV delimiter among `,` `;` tab `|`: the one that occurs (outside quotes) the same
 * non-zero number of times on the most of the first lines, ties broken by the count on the
 * header line and then by the order listed. Falls back to `,`. Looks at the first 20 lines.
 * Example: `detectDelimiter('a;b;c\n1,5;2;3\n')` is `';'` (the comma is a decimal comma there).
 */
export function detectDelimiter(text: string): Delimiter {
  const limit = Math.min(text.length, SNIFF_LENGTH);
  const lines: number[][] = [];
  let counts = [0, 0, 0, 0];
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < limit && lines.length < 20; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 0x0a || c === 0x0d) {
      if (counts.some((n) => n > 0)) lines.push(counts);
      counts = [0, 0, 0, 0];
    } else if (c === 0x2c) counts[0]!++;
    else if (c === 0x3b) counts[1]!++;
    else if (c === 0x09) counts[2]!++;
    else if (c === 0x7c) counts[3]!++;
  }
  if (counts.some((n) => n > 0)) lines.push(counts);
  const header = lines[0];
  if (header === undefined) return ',';
  let best = 0;
  let bestScore = -1;
  for (let d = 0; d < CANDIDATES.length; d++) {
    const n = header[d]!;
    if (n === 0) continue;
    let consistent = 0;
    for (const line of lines) if (line[d] === n) consistent++;
    const score = consistent * 1e6 + n;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return CANDIDATES[best]!;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
