// Helpers of the large-document suites: a CSV of about 45 MB (just under what VS Code hands to
// extensions) written by a child process, and a watch on the extension host's event loop.
import { execFileSync } from 'node:child_process';

/**
 * Writes `header` and then rows until the file reaches 45 MB; `row` is a JavaScript expression of
 * the row number `n` giving the row's text. Written by a child process: millions of strings made
 * in the extension host would leave garbage whose collection pauses it during a measurement,
 * blaming the extension. Returns the number of rows.
 */
export function writeLargeCsv(path: string, header: string, row: string): number {
  const generator = `
const fs = require('node:fs');
const out = fs.openSync(process.argv[1], 'w');
let size = 0, n = 0, batch = [${JSON.stringify(header)}];
while (size < 45e6) {
  const row = ${row};
  batch.push(row); size += row.length + 1; n++;
  if (batch.length === 100000) { fs.writeSync(out, batch.join('\\n') + '\\n'); batch = []; }
}
if (batch.length > 0) fs.writeSync(out, batch.join('\\n') + '\\n');
fs.closeSync(out);
console.log(n);
`;
  return Number(execFileSync(process.execPath, ['-e', generator, path], { encoding: 'utf8' }).trim());
}

/**
 * Watches the extension host's event loop (2 ms timer) and its garbage collector while `work`
 * runs: the longest gap, the time it took, and the gaps and GC pauses over 30 ms with their start
 * offsets, so a stall can be told apart from a collection of VS Code's own heap (the document's lines).
 */
export async function watchHost<T>(work: () => Promise<T>): Promise<{ result: T; longest: number; totalMs: number; report: string }> {
  const started = performance.now();
  let last = started;
  let longest = 0;
  const gaps: string[] = [];
  const pauses: string[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.duration > 30) pauses.push(`${entry.duration.toFixed(0)} ms at ${(entry.startTime - started).toFixed(0)}`);
  });
  observer.observe({ entryTypes: ['gc'] });
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > 30) gaps.push(`${(now - last).toFixed(0)} ms at ${(last - started).toFixed(0)}`);
    longest = Math.max(longest, now - last);
    last = now;
  }, 2);
  try {
    const result = await work();
    const total = performance.now() - started;
    return {
      result,
      longest: Math.max(longest, performance.now() - last),
      totalMs: total,
      report: `gaps > 30 ms: [${gaps.join(', ')}]; GC pauses > 30 ms: [${pauses.join(', ')}]; ${total.toFixed(0)} ms in all`,
    };
  } finally {
    clearInterval(timer);
    observer.disconnect();
  }
}
