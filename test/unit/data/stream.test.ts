// The streaming reader: the same records and problems as the in-memory reader whatever the chunk
// boundaries, aggregates equal to the core on the in-memory table, progress and cancellation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  binaryBrierScore,
  binaryCrossEntropy,
  binaryCrossEntropyFromLogits,
  binaryErrorRate,
  binaryErrorRateFromLogits,
  binaryTargets,
  brierScore,
  crossEntropy,
  crossEntropyFromLogits,
  divergence,
  encodeLabels,
  errorRate,
  mapColumnsToClasses,
  sigmoid,
  softmaxInto,
} from '../../../src/core';
import { readTable, streamRecords } from '../../../src/data';
import { streamAggregates } from '../../../src/analysis/streamAggregates';
import type { RecordBatch } from '../../../src/data';
import { probabilityTriple, seededRandom } from '../seededData';

const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-stream-'));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** A deterministic 3-class predictions file with a few bad rows. */
function predictions(rows: number): string {
  const classes = ['cat', 'dog', 'horse'];
  const random = seededRandom(7);
  const lines = ['label,p_cat,p_dog,p_horse,pos,w_p,w_q'];
  for (let i = 0; i < rows; i++) {
    const [a, b, c] = probabilityTriple(random);
    const label = classes[Math.floor(random() * 3)]!;
    lines.push(`${label},${a},${b},${c},${random().toFixed(6)},${(random() + 0.01).toFixed(4)},${(random() + 0.01).toFixed(4)}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Chunks of a text's UTF-8 bytes, cut at awkward places (inside CRLF and multi-byte characters). */
async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('streamRecords', () => {
  it('delivers the same rows, values, lines and problems as the in-memory reader at any chunk size', async () => {
    const text = 'é,label,p\n1,"a\nb",0.5\n2,c,NA\n\n3,"d ""q""",0.25\r\n4,e\n5,f,0.75,9\n';
    const table = readTable(text, { format: 'csv' });
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
      const rows: { label: string; p: number; line: number; start: number }[] = [];
      const summary = await streamRecords(
        chunks(text, size),
        { numbers: ['p'], labels: ['label'] },
        (batch: RecordBatch) => {
          for (let i = 0; i < batch.rowCount; i++) {
            rows.push({ label: batch.labels.get('label')![i]!, p: batch.numbers.get('p')![i]!, line: batch.lines[i]!, start: batch.startOffsets[i]! });
          }
        },
        { format: 'csv' },
      );
      expect(summary.columns).toEqual(['é', 'label', 'p']);
      expect(rows.map((r) => r.label)).toEqual(table.labels('label').values);
      expect(rows.map((r) => r.p)).toEqual([...table.numbers('p').values]);
      expect(rows.map((r) => r.line)).toEqual(rows.map((_, i) => table.index.rowRange(i).start.line));
      expect(rows.map((r) => r.start)).toEqual(rows.map((_, i) => table.index.rowStartOffset(i)));
      const expected = [...table.problems, ...table.numbers('p').problems].sort((a, b) => a.offset - b.offset);
      expect(summary.problems).toEqual(expected);
      expect(summary.bytesRead).toBe(Buffer.byteLength(text));
    }
  });

  it('reads JSON Lines with dotted paths and vectors', async () => {
    const path = write('a.jsonl', '{"y": "cat", "pred": {"p": 0.25}, "v": [1, 2]}\n\n{"y": "dog", "pred": {"p": 0.5}, "v": [3, 4]}\n[1]\n');
    const seen: number[] = [];
    const summary = await streamRecords(path, { numbers: ['pred.p', 'v'], labels: ['y'] }, (batch) => {
      seen.push(...batch.numbers.get('pred.p')!.subarray(0, batch.rowCount), ...batch.vectors.get('v')!.values.subarray(0, batch.rowCount * 2));
    });
    expect(summary.format).toBe('jsonl');
    expect(seen).toEqual([0.25, 0.5, 1, 2, 3, 4]);
    expect(summary.problems).toMatchObject([{ code: 'not-an-object', line: 3 }]);
  });

  it('never rejects: a missing file is a read-error problem', async () => {
    const summary = await streamRecords(join(dir, 'nope.csv'), {}, () => undefined);
    expect(summary.problems.map((p) => p.code)).toEqual(['read-error']);
  });

  it('reports progress in bytes and stops when the signal aborts', async () => {
    const path = write('big.csv', predictions(20000));
    const progress: number[] = [];
    const controller = new AbortController();
    const summary = await streamRecords(path, { numbers: ['pos'] }, () => undefined, {
      chunkBytes: 64 * 1024,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.bytesRead);
        expect(p.totalBytes).toBeGreaterThan(1e6);
        if (progress.length === 3) controller.abort();
      },
    });
    expect(summary.cancelled).toBe(true);
    expect(progress).toEqual([65536, 131072, 196608]);
    expect(summary.rowCount).toBeLessThan(20000);
    expect(summary.rowCount).toBeGreaterThan(0);
  });
});

describe('streamAggregates', () => {
  it('equals the core on the in-memory table (3 classes, binary, KL) across batches and chunks', async () => {
    const text = predictions(70000);
    const path = write('preds.csv', text);
    const result = await streamAggregates(
      path,
      {
        label: 'label',
        models: [
          { name: 'three', kind: 'probabilities', columns: ['p_cat', 'p_dog', 'p_horse'] },
          { name: 'binary', kind: 'probabilities', columns: ['pos'] },
        ],
        kl: { p: 'w_p', q: 'w_q' },
        positiveLabel: 'dog',
      },
      { chunkBytes: 100_000 },
    );
    const table = readTable(text, { format: 'csv' });
    const labels = table.labels('label').values;
    const matrix = table.matrix(['p_cat', 'p_dog', 'p_horse']);
    const mapping = mapColumnsToClasses(['p_cat', 'p_dog', 'p_horse'], labels);
    const encoded = encodeLabels(labels, mapping.classes);
    const m = { data: matrix.values, rows: matrix.rowCount, cols: 3 };
    const ce = crossEntropy(encoded.indices, m);
    const three = result.models[0]!;
    expect(result.rowCount).toBe(70000);
    expect(result.classes).toEqual(['cat', 'dog', 'horse']);
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(70000);
    expect(three.n).toBe(70000);
    expect(three.sumNats).toBeCloseTo(ce.sumNats, 6);
    expect(Math.abs(three.meanNats - ce.meanNats) / ce.meanNats).toBeLessThan(1e-12);
    expect(Math.abs(three.brier - brierScore(encoded.indices, m).mean)).toBeLessThan(1e-12);
    expect(three.errorRate).toBe(errorRate(encoded.indices, m).errorRate);
    const targets = binaryTargets(labels, 'dog');
    const binary = binaryCrossEntropy(targets.y, table.numbers('pos').values);
    expect(Math.abs(result.models[1]!.meanNats - binary.meanNats) / binary.meanNats).toBeLessThan(1e-12);
    const kl = divergence(table.numbers('w_p').values, table.numbers('w_q').values);
    expect(Math.abs(result.kl!.pqNats - kl.klPQNats)).toBeLessThan(1e-12);
    expect(Math.abs(result.kl!.qpNats - kl.klQPNats)).toBeLessThan(1e-12);
    expect(result.problems).toEqual([]);
  });

  it('gives the worked examples: 3-class models via one-hot targets, and the KL sample', async () => {
    const samples = join(__dirname, '../../../samples');
    const models = await streamAggregates(join(samples, 'three-class-models.csv'), {
      targets: ['target_0', 'target_1', 'target_2'],
      models: [
        { kind: 'probabilities', columns: ['m1_p0', 'm1_p1', 'm1_p2'] },
        { kind: 'probabilities', columns: ['m2_p0', 'm2_p1', 'm2_p2'] },
      ],
      perRowLoss: 'float64',
    });
    expect(models.models.map((m) => m.meanNats / Math.LN2)).toEqual([expect.closeTo(1.988595, 6), expect.closeTo(0.922037, 6)]);
    expect(models.models.map((m) => m.brier)).toEqual([expect.closeTo(0.8067, 4), expect.closeTo(0.34, 12)]);
    expect(models.models.map((m) => m.errorRate)).toEqual([1 / 3, 1 / 3]);
    expect(models.models[0]!.perRowLoss).toHaveLength(3);
    const kl = await streamAggregates(join(samples, 'kl-distributions.csv'), { kl: { p: 'p', q: 'q' } });
    expect(kl.kl!.pqNats / Math.LN2).toBeCloseTo(0.188722, 6);
    expect(kl.kl!.qpNats / Math.LN2).toBeCloseTo(0.207519, 6);
  });

  it('leaves out and reports rows that are missing, out of range or do not sum to 1', async () => {
    const path = write('bad.csv', 'label,p_a,p_b\na,0.5,0.5\nb,NA,0.5\na,1.2,-0.2\nb,0.3,0.3\n,0.5,0.5\nb,0.1,0.9\n');
    const result = await streamAggregates(path, { label: 'label', models: [{ kind: 'probabilities', columns: ['p_a', 'p_b'] }] });
    expect(result.models[0]!.n).toBe(2);
    expect(result.problems.map((p) => [p.code, p.line])).toEqual([
      ['missing-value', 2],
      ['probability-out-of-range', 3],
      ['row-sum', 4],
      ['missing-value', 5],
    ]);
    expect(result.models[0]!.meanNats).toBeCloseTo((-Math.log(0.5) - Math.log(0.9)) / 2, 14);
  });

  it('stops with a problem, never a rejection, when ε is outside [0, 0.5)', async () => {
    const path = write('eps.csv', 'label,p_a,p_b\na,0.5,0.5\nb,0.2,0.8\n');
    const result = await streamAggregates(path, { label: 'label', epsilon: 0.7, models: [{ kind: 'probabilities', columns: ['p_a', 'p_b'] }] });
    expect(result.problems.map((p) => [p.code, p.message])).toEqual([['read-error', "Cannot read the file: eps must be in [0, 0.5) or 'none', got 0.7"]]);
    expect(result.models[0]!.n).toBe(0);
  });

  it('--normalize takes rows on any non-negative scale (percentages), as the in-memory table does, and names a negative value', async () => {
    const text = 'y,a,b,c\n2,20,30,50\n1,10,60,30\n0,-5,55,50\n0,70,20,10\n';
    const path = write('percent.csv', text);
    const result = await streamAggregates(path, { label: 'y', models: [{ name: 'm', kind: 'probabilities', columns: ['a', 'b', 'c'] }], normalize: true });
    expect(result.problems.map((p) => [p.line, p.code, p.message])).toEqual([[3, 'probability-out-of-range', 'a = -5 is negative']]);
    const model = result.models[0]!;
    expect(model.n).toBe(3);
    expect(model.sumNats).toBe(-Math.log(0.5) - Math.log(0.6) - Math.log(0.7));
    const table = readTable(
      text
        .split('\n')
        .filter((line) => !line.includes('-5'))
        .join('\n'),
      { format: 'csv' },
    );
    const matrix = table.matrix(['a', 'b', 'c']);
    const scored = crossEntropy(encodeLabels(table.labels('y').values, ['0', '1', '2']).indices, { data: matrix.values, rows: matrix.rowCount, cols: 3 }, { normalize: true });
    expect(model.sumNats).toBe(scored.sumNats);
  });

  it('writes per-row losses when the class order is given', async () => {
    const path = write('rows.jsonl', '{"y": "dog", "probs": [0.2, 0.7, 0.1]}\n{"y": "cat", "probs": [0.5, 0.25, 0.25]}\n');
    const result = await streamAggregates(path, { label: 'y', classes: ['cat', 'dog', 'horse'], perRowLoss: 'float32', models: [{ kind: 'probabilities', columns: ['probs'] }] });
    expect([...result.models[0]!.perRowLoss!]).toEqual([Math.fround(-Math.log(0.7)), Math.fround(-Math.log(0.5))]);
  });
});

describe('class order given up front', () => {
  it('scores each row once and matches the per-label accumulation exactly enough', async () => {
    const path = write('known.csv', predictions(3000));
    const models = [
      { kind: 'probabilities' as const, columns: ['p_cat', 'p_dog', 'p_horse'] },
      { kind: 'probabilities' as const, columns: ['pos'] },
    ];
    const late = await streamAggregates(path, { label: 'label', models: models.slice(0, 1) });
    const early = await streamAggregates(path, { label: 'label', models: models.slice(0, 1), classes: ['cat', 'dog', 'horse'], perRowLoss: 'float64' });
    for (const key of ['sumNats', 'brier'] as const) {
      expect(Math.abs(early.models[0]![key] - late.models[0]![key]) / late.models[0]![key]).toBeLessThan(1e-12);
    }
    expect(early.models[0]!.errorRate).toBe(late.models[0]!.errorRate);
    expect([...early.models[0]!.perRowLoss!].reduce((a, b) => a + b, 0)).toBeCloseTo(early.models[0]!.sumNats, 9);
    const binaryLate = await streamAggregates(path, { label: 'label', models: models.slice(1), positiveLabel: 'dog' });
    expect(binaryLate.models[0]!.perRowLoss).toBeUndefined();
    const binaryEarly = await streamAggregates(path, { label: 'label', models: models.slice(1), positiveLabel: 'dog', perRowLoss: 'float64' });
    expect(Math.abs(binaryEarly.models[0]!.sumNats - binaryLate.models[0]!.sumNats)).toBeLessThan(1e-9);
    expect(binaryEarly.models[0]!.errorRate).toBe(binaryLate.models[0]!.errorRate);
  });
});

describe('bounded memory', () => {
  it('stops at a record longer than maxRecordBytes (an unclosed quote) instead of holding the file', async () => {
    const path = write('unclosed.csv', `a,b\n1,"never closed\n${'x,y\n'.repeat(1 << 20)}`);
    const summary = await streamRecords(path, { numbers: ['a'] }, () => undefined, { chunkBytes: 64 << 10, maxRecordBytes: 1 << 20 });
    expect(summary.rowCount).toBe(0);
    expect(summary.problems).toMatchObject([
      { code: 'unterminated-quote', line: 1, offset: 4, message: 'A record is longer than 1048576 bytes, most likely a quote that is never closed; reading stopped there' },
    ]);
    expect(summary.bytesRead).toBeLessThan(2 << 20);
  });
});

/** Four classes with logits (some far apart), unnormalised probabilities, and binary columns reaching 0 and 1. */
function scores(rows: number): string {
  const classes = ['a', 'b', 'c', 'd'];
  let seed = 11;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const lines = ['label,l_a,l_b,l_c,l_d,q_a,q_b,q_c,q_d,s,p,answer'];
  for (let i = 0; i < rows; i++) {
    const label = classes[Math.floor(random() * 4)]!;
    const spread = i % 97 === 0 ? 800 : 6;
    const logits = classes.map(() => ((random() - 0.5) * spread).toFixed(4));
    const q = classes.map(() => (i % 5 === 0 ? random() : random() * 0.5).toFixed(6));
    const p = i % 53 === 0 ? (i % 2 === 0 ? '0' : '1') : random().toFixed(6);
    lines.push([label, ...logits, ...q, ((random() - 0.5) * 20).toFixed(4), p, label < 'c' ? 'no' : 'yes'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('one fused pass per row, class order known or not', () => {
  const text = scores(20000);
  const path = write('scores.csv', text);
  const table = readTable(text, { format: 'csv' });
  const labels = table.labels('label').values;
  const matrixOf = (names: string[]): { data: Float64Array; rows: number; cols: number } => ({ data: table.matrix(names).values, rows: table.rowCount, cols: names.length });
  const logitNames = ['l_a', 'l_b', 'l_c', 'l_d'];
  const probabilityNames = ['q_a', 'q_b', 'q_c', 'q_d'];
  const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

  for (const known of [false, true]) {
    it(`equals the core for logits, normalised probabilities and binary columns (class order ${known ? 'given' : 'resolved at the end'})`, async () => {
      const result = await streamAggregates(
        path,
        {
          label: 'label',
          models: [
            { name: 'logits', kind: 'logits', columns: logitNames },
            { name: 'normalised', kind: 'probabilities', columns: probabilityNames },
          ],
          normalize: true,
          ...(known ? { classes: ['a', 'b', 'c', 'd'] } : {}),
        },
        { chunkBytes: 50_000 },
      );
      expect(result.problems).toEqual([]);
      const encoded = encodeLabels(labels, mapColumnsToClasses(logitNames, labels).classes).indices;
      const logits = matrixOf(logitNames);
      const probabilities = matrixOf(probabilityNames);
      const softmaxRows = { ...logits, data: new Float64Array(logits.data.length) };
      for (let r = 0; r < logits.rows; r++) softmaxInto(logits.data, r * 4, 4, softmaxRows.data, r * 4);
      const [fromLogits, normalised] = result.models;
      const ceLogits = crossEntropyFromLogits(encoded, logits);
      expect(fromLogits!.n).toBe(20000);
      expect(relative(fromLogits!.sumNats, ceLogits.sumNats)).toBeLessThan(1e-12);
      expect(relative(fromLogits!.brier, brierScore(encoded, softmaxRows).mean)).toBeLessThan(1e-12);
      expect(fromLogits!.errorRate).toBe(errorRate(encoded, logits).errorRate);
      const ce = crossEntropy(encoded, probabilities, { normalize: true });
      expect(ce.normalizedRows).toBeGreaterThan(1000);
      expect(normalised!.n).toBe(20000);
      expect(relative(normalised!.sumNats, ce.sumNats)).toBeLessThan(1e-12);
      expect(relative(normalised!.brier, brierScore(encoded, probabilities, { normalize: true }).mean)).toBeLessThan(1e-12);
      expect(normalised!.errorRate).toBe(errorRate(encoded, probabilities).errorRate);
    });

    it(`equals the core for one probability or logit column (positive label ${known ? 'given' : 'by the core rule, the greater label'})`, async () => {
      const result = await streamAggregates(path, {
        label: 'answer',
        models: [
          { kind: 'probabilities', columns: ['p'] },
          { kind: 'logits', columns: ['s'] },
        ],
        ...(known ? { positiveLabel: 'yes' } : {}),
      });
      expect(result.problems).toEqual([]);
      const y = binaryTargets(table.labels('answer').values).y;
      const p = table.numbers('p').values;
      const s = table.numbers('s').values;
      const [probability, logit] = result.models;
      const ce = binaryCrossEntropy(y, p);
      expect(relative(probability!.sumNats, ce.sumNats)).toBeLessThan(1e-12);
      expect(probability!.clipped).toBe(ce.clippedRows);
      expect(relative(probability!.brier, binaryBrierScore(y, p).mean)).toBeLessThan(1e-12);
      expect(probability!.errorRate).toBe(binaryErrorRate(y, p).errorRate);
      expect(relative(logit!.sumNats, binaryCrossEntropyFromLogits(y, s).sumNats)).toBeLessThan(1e-12);
      expect(relative(logit!.brier, binaryBrierScore(y, Float64Array.from(s, sigmoid)).mean)).toBeLessThan(1e-12);
      expect(logit!.errorRate).toBe(binaryErrorRateFromLogits(y, s).errorRate);
    });
  }
});

describe('streamAggregates on JSON Lines nested too deeply', () => {
  it('names the line nested more than 1000 levels deep and streams the other lines (no stack overflow)', async () => {
    const deep = `{"label": 1, "p": 0.5, "x": ${'{"a": '.repeat(5000)}1${'}'.repeat(5000)}}`;
    const path = write('deep.jsonl', `{"label": 1, "p": 0.8}\n${deep}\n{"label": 0, "p": 0.3}\n`);
    const result = await streamAggregates(path, { label: 'label', models: [{ kind: 'probabilities', columns: ['p'] }] });
    expect(result.problems.map((p) => [p.code, p.line])).toEqual([['json-syntax', 1]]);
    expect(result.problems[0]!.message).toContain('nested more than 1000 levels deep');
    expect(result.models[0]!.n).toBe(2);
  });
});
