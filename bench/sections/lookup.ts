// Hover lookup: position → record (and cell) on the 50 MB document through the data layer's row
// index, timed call by call; the first call is reported apart because it may build lazy tables.
import { readFileSync } from 'node:fs';
import type { Context } from '../context';
import { readStructure } from '../ours';
import { Prng } from '../prng';
import { fixed, seconds } from '../report';
import { quantileSorted, summarize, timeRuns } from '../stats';

function lineStarts(text: string): Int32Array {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return Int32Array.from(starts);
}

export function runLookup(context: Context): void {
  const file = context.data.document;
  context.log(`lookup: ${file.path}`);
  const text = readFileSync(file.path, 'utf8');
  const parse = timeRuns(() => readStructure(text), { runs: Math.min(3, context.options.runs), budgetSeconds: context.options.budgetSeconds });
  const table = parse.result;
  const index = table.index;
  const starts = lineStarts(text);
  const lineCount = starts.length - 1; // the text ends with a newline
  const rng = new Prng(7);
  const samples = context.options.quick ? 20_000 : 200_000;
  const lines = new Int32Array(samples);
  const characters = new Int32Array(samples);
  for (let s = 0; s < samples; s++) {
    const line = Math.floor(rng.uniform() * lineCount);
    lines[s] = line;
    characters[s] = Math.floor(rng.uniform() * ((starts[line + 1] as number) - (starts[line] as number)));
  }

  const measure = (call: (line: number, character: number) => unknown): { first: number; sorted: Float64Array; wrong: number } => {
    const t0 = process.hrtime.bigint();
    call(lines[0] as number, characters[0] as number);
    const first = Number(process.hrtime.bigint() - t0) / 1e9;
    const times = new Float64Array(samples);
    let wrong = 0;
    for (let s = 0; s < samples; s++) {
      const line = lines[s] as number;
      const character = characters[s] as number;
      const started = process.hrtime.bigint();
      const found = call(line, character);
      times[s] = Number(process.hrtime.bigint() - started) / 1e9;
      // One record a line here: line L ≥ 1 is row L − 1; the header line is no record.
      const expected = line === 0 ? -1 : line - 1;
      const row = typeof found === 'number' ? found : ((found as { row: number } | undefined)?.row ?? -1);
      if (row !== expected) wrong++;
    }
    times.sort();
    return { first, sorted: times, wrong };
  };
  const record = measure((line, character) => index.recordAt(line, character));
  const cell = measure((line, character) => index.cellAt(line, character));
  const row = (name: string, m: ReturnType<typeof measure>): string[] => [
    name,
    seconds(m.first),
    seconds(quantileSorted(m.sorted, 0.5)),
    seconds(quantileSorted(m.sorted, 0.99)),
    seconds(m.sorted[m.sorted.length - 1] ?? NaN),
    String(samples),
    String(m.wrong),
  ];
  const p99 = Math.max(quantileSorted(record.sorted, 0.99), quantileSorted(cell.sorted, 0.99));
  const parseSummary = summarize(parse.seconds);
  context.tables.push({
    title: `Hover lookup: position → row on a ${fixed(file.bytes / 1e6, 1)} MB document (${file.rows} rows × ${file.columns.length} columns)`,
    intro: `Random (seeded) positions over every line, each call timed alone with process.hrtime. readTable of the document: ${seconds(parseSummary.median)} (median of ${parseSummary.runs}); index ${fixed(index.byteLength / 1e6, 1)} MB.`,
    headers: ['lookup', 'first call', 'p50', 'p99', 'max', 'calls', 'wrong answers'],
    rows: [row('RowIndex.recordAt(line, character)', record), row('RowIndex.cellAt(line, character)', cell)],
    notes: ['"first call" includes anything the index builds lazily on first use (e.g. its line-start table); a hover pays it once per analysis.'],
  });
  context.targets.push({
    target: 'Hover lookup p99 ≤ 5 ms on the 50 MB document — data layer (RowIndex.recordAt / cellAt)',
    measured: `recordAt p99 ${seconds(quantileSorted(record.sorted, 0.99))}, cellAt p99 ${seconds(quantileSorted(cell.sorted, 0.99))}; first call ${seconds(Math.max(record.first, cell.first))}${context.options.quick ? ' [quick sizes]' : ''}`,
    met: p99 <= 5e-3 && record.wrong === 0 && cell.wrong === 0,
  });
}
