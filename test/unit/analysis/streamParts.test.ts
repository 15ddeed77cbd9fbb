// Streaming a file in two byte ranges and merging the parts gives what one pass gives: counts,
// classes, problems (rows, lines, offsets, order, cap, count), per-row losses and every float sum
// exactly (compensated pairs merged pair to pair: a different grouping of the same terms rounds to
// the same double), whatever the cut: inside a quoted line break, after non-ASCII text, in a CRLF file.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planStreamSplit } from '../../../src/data';
import type { StreamHeader } from '../../../src/data';
import { mergeAggregateParts } from '../../../src/analysis/aggregateParts';
import { finishAggregates, streamAggregatePart, streamAggregates } from '../../../src/analysis/streamAggregates';
import type { AggregateResult, AggregateSpec } from '../../../src/analysis/streamAggregates';
import { probabilityTriple, seededRandom } from '../seededData';

const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-parts-'));
let files = 0;
const write = (text: string, extension = 'csv'): string => {
  const path = join(dir, `f${files++}.${extension}`);
  writeFileSync(path, text);
  return path;
};

/**
 * A deterministic predictions file: label (with a non-ASCII one), three probabilities, a logit, a
 * binary probability, soft targets, KL columns, and bad rows every `badEvery` rows.
 */
function predictions(rows: number, options: { badEvery?: number; newline?: string; labels?: string[] } = {}): string {
  const labels = options.labels ?? ['cat', 'dög', 'horse'];
  const random = seededRandom(11);
  const lines = ['label,p_cat,p_dög,p_horse,z,pos,t0,t1,t2,w_p,w_q'];
  for (let i = 0; i < rows; i++) {
    const [a, b, c] = probabilityTriple(random);
    const k = Math.floor(random() * labels.length);
    const label = labels[k]!;
    const t = [0, 1, 2].map((j) => (j === k % 3 ? 1 : 0));
    let line = `${label},${a},${b},${c},${(random() * 8 - 4).toFixed(5)},${random().toFixed(6)},${t.join(',')},${(random() + 0.01).toFixed(4)},${(random() + 0.01).toFixed(4)}`;
    const bad = options.badEvery !== undefined && i % options.badEvery === options.badEvery - 1 ? Math.floor(i / options.badEvery) % 5 : -1;
    if (bad === 0) line = line.replace(/^[^,]*/, '');
    if (bad === 1) line = line.replace(`,${a},`, ',abc,');
    if (bad === 2) line = line.replace(`,${a},`, `,${a + 0.5},`);
    if (bad === 3) line = `${label},0.5`;
    if (bad === 4) line = line.replace(`,${a},`, ',-0.25,');
    lines.push(line);
  }
  const newline = options.newline ?? '\n';
  return `${lines.join(newline)}${newline}`;
}

/** The byte just after the line feed ending line `line` (0-based) of `text`. */
function cutAfterLine(text: string, line: number): number {
  let at = -1;
  for (let i = 0; i <= line; i++) at = text.indexOf('\n', at + 1);
  return Buffer.byteLength(text.slice(0, at + 1), 'utf8');
}

async function inTwoParts(path: string, spec: AggregateSpec, cut: number, header: StreamHeader, maxProblems = 1000): Promise<{ result: AggregateResult; extended: boolean }> {
  const size = statSync(path).size;
  const first = await streamAggregatePart(path, spec, { range: { start: 0, end: cut, extendPastEnd: true }, maxProblems, chunkBytes: 4096 });
  const second = await streamAggregatePart(path, spec, { range: { start: cut, end: size, header }, maxProblems, chunkBytes: 4096 });
  return { result: finishAggregates(mergeAggregateParts(first, second, maxProblems), spec, { maxProblems }), extended: first.summary.rangeExtended };
}

/** Everything equal, every sum to the bit (compensated sums, merged pair to pair). */
function expectSame(split: AggregateResult, single: AggregateResult): void {
  expect(split.rowCount).toBe(single.rowCount);
  expect(split.bytesRead).toBe(single.bytesRead);
  expect(split.columns).toEqual(single.columns);
  expect(split.delimiter).toBe(single.delimiter);
  expect(split.classes).toEqual(single.classes);
  expect(split.counts).toEqual(single.counts);
  expect(split.problems).toEqual(single.problems);
  expect(split.problemCount).toBe(single.problemCount);
  expect(split.lineCount).toBe(single.lineCount);
  expect(split.characterCount).toBe(single.characterCount);
  expect(split.models.length).toBe(single.models.length);
  split.models.forEach((model, m) => {
    const one = single.models[m]!;
    expect([model.name, model.n, model.clipped, model.infinite]).toEqual([one.name, one.n, one.clipped, one.infinite]);
    // The sums are compensated pairs merged pair to pair (labels and soft targets): one pass's bits.
    const same = (actual: number, expected: number): void => expect(actual).toBe(expected);
    same(model.sumNats, one.sumNats);
    same(model.meanNats, one.meanNats);
    same(model.brier, one.brier);
    same(model.errorRate, one.errorRate);
    if (one.perRowLoss === undefined) expect(model.perRowLoss).toBeUndefined();
    else expect([...model.perRowLoss!]).toEqual([...one.perRowLoss]);
  });
  if (single.kl === undefined) expect(split.kl).toBeUndefined();
  else {
    expect([split.kl!.infinitePq, split.kl!.infiniteQp]).toEqual([single.kl.infinitePq, single.kl.infiniteQp]);
    for (const key of ['sumP', 'sumQ', 'pqNats', 'qpNats'] as const) expect(split.kl![key]).toBe(single.kl[key]);
  }
}

const THREE = ['p_cat', 'p_dög', 'p_horse'];

describe('mergeAggregateParts', () => {
  const text = predictions(3000, { badEvery: 97 });
  const path = write(text);
  const header: StreamHeader = { format: 'csv', delimiter: ',', columns: text.slice(0, text.indexOf('\n')).split(',') };

  it('with the classes given: the same counts, scores, per-row losses and problems as one pass, wherever the cut', async () => {
    const spec: AggregateSpec = {
      label: 'label',
      classes: ['cat', 'dög', 'horse'],
      models: [
        { name: 'probs', kind: 'probabilities', columns: THREE },
        { name: 'logits', kind: 'logits', columns: THREE },
      ],
      perRowLoss: 'float64',
    };
    const single = await streamAggregates(path, spec);
    expect(single.problemCount).toBeGreaterThan(40);
    for (const line of [1, 700, 1500, 2999]) {
      const { result, extended } = await inTwoParts(path, spec, cutAfterLine(text, line), header);
      expect(extended).toBe(false);
      expectSame(result, single);
    }
  });

  it('discovers the classes after the merge, including a label first seen after the cut', async () => {
    const late = `${predictions(400, { labels: ['cat', 'dög'] })}${predictions(400, { labels: ['horse', 'cat'] })
      .split('\n')
      .slice(1)
      .join('\n')}`;
    const latePath = write(late);
    const spec: AggregateSpec = {
      label: 'label',
      models: [
        { kind: 'probabilities', columns: THREE },
        { kind: 'logits', columns: THREE },
      ],
    };
    const single = await streamAggregates(latePath, spec);
    expect(single.classes).toEqual(['cat', 'dög', 'horse']);
    const { result } = await inTwoParts(latePath, spec, cutAfterLine(late, 420), header);
    expectSame(result, single);
  });

  it('reports a label outside the given classes at the line of its first row after the cut', async () => {
    const spec: AggregateSpec = { label: 'label', classes: ['cat', 'dög', 'horse'], models: [{ kind: 'probabilities', columns: THREE }] };
    const odd = text.replace(/\nhorse,/g, (match, offset: number) => (offset > text.length / 2 ? '\nzebra,' : match));
    const oddPath = write(odd);
    const single = await streamAggregates(oddPath, spec);
    expect(single.problems.some((p) => p.code === 'unknown-label' && p.raw === 'zebra' && p.line > 1500)).toBe(true);
    const { result } = await inTwoParts(oddPath, spec, cutAfterLine(odd, 1200), header);
    expectSame(result, single);
  });

  it('binary one-column models (probability and logit, positive label given or chosen), targets and KL', async () => {
    const specs: AggregateSpec[] = [
      {
        label: 'label',
        positiveLabel: 'dög',
        models: [
          { kind: 'probabilities', columns: ['pos'] },
          { kind: 'logits', columns: ['z'] },
        ],
        perRowLoss: 'float32',
      },
      {
        label: 'label',
        models: [
          { kind: 'probabilities', columns: ['pos'] },
          { kind: 'logits', columns: ['z'] },
        ],
      },
      {
        targets: ['t0', 't1', 't2'],
        models: [
          { kind: 'probabilities', columns: THREE },
          { kind: 'logits', columns: THREE },
        ],
        perRowLoss: 'float64',
      },
      { kl: { p: 'w_p', q: 'w_q' } },
    ];
    for (const spec of specs) {
      const single = await streamAggregates(path, spec);
      const { result } = await inTwoParts(path, spec, cutAfterLine(text, 1811), header);
      expectSame(result, single);
    }
  });

  it('keeps the first problems up to the cap and sums the counts of both halves', async () => {
    const spec: AggregateSpec = { label: 'label', classes: ['cat', 'dög', 'horse'], models: [{ kind: 'probabilities', columns: THREE }] };
    for (const maxProblems of [3, 20, 40]) {
      const single = await streamAggregates(path, spec, { maxProblems });
      const { result } = await inTwoParts(path, spec, cutAfterLine(text, 1000), header, maxProblems);
      expect(result.problems.length).toBe(maxProblems);
      expectSame(result, single);
    }
  });

  it('a cut inside a quoted field with line breaks: the first part reads on to the end and the second is dropped', async () => {
    const lines = text.split('\n');
    lines[1500] = lines[1500]!.replace(/^([^,]*),/, '"$1\nstill\nthe label",');
    const quoted = lines.join('\n');
    const quotedPath = write(quoted);
    const spec: AggregateSpec = { label: 'label', models: [{ kind: 'probabilities', columns: THREE }] };
    const single = await streamAggregates(quotedPath, spec);
    // After the first line feed inside the quotes: the second part starts mid-record.
    const { result, extended } = await inTwoParts(quotedPath, spec, cutAfterLine(quoted, 1500), header);
    expect(extended).toBe(true);
    expectSame(result, single);
  });

  it('CRLF line ends and non-ASCII text before the cut: lines, characters and offsets of later problems', async () => {
    const crlf = predictions(2000, { badEvery: 50, newline: '\r\n' });
    const crlfPath = write(crlf);
    const spec: AggregateSpec = { label: 'label', classes: ['cat', 'dög', 'horse'], models: [{ kind: 'probabilities', columns: THREE }] };
    const single = await streamAggregates(crlfPath, spec);
    const { result } = await inTwoParts(crlfPath, spec, cutAfterLine(crlf, 999), header);
    // UTF-16 offsets differ from byte offsets once 'dög' has been seen.
    const late = result.problems.filter((p) => (p.row ?? 0) > 1000);
    expect(late.length).toBeGreaterThan(3);
    expect(late.every((p) => p.offset < Buffer.byteLength(crlf.slice(0, p.offset), 'utf8'))).toBe(true);
    expectSame(result, single);
  });

  it('planStreamSplit cuts after a line feed near the middle and reads the header as the stream does', async () => {
    const split = await planStreamSplit(path, 0);
    expect(split).toBeDefined();
    expect(split!.header).toEqual(header);
    expect(split!.cut).toBeGreaterThanOrEqual(Math.floor(split!.size / 2));
    expect(Buffer.from(text)[split!.cut - 1]).toBe(0x0a);
    expect(await planStreamSplit(path, split!.size + 1)).toBeUndefined();
    expect(await planStreamSplit(write('{"a": 1}\n{"a": 2}\n', 'jsonl'), 0)).toBeUndefined();
    const tsv = write('a\tb\n1\t2\n3\t4\n5\t6\n', 'tsv');
    expect((await planStreamSplit(tsv, 0))?.header).toEqual({ format: 'tsv', delimiter: '\t', columns: ['a', 'b'] });
  });
});
