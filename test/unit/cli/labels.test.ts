// Label and probability columns in the CLI: labels read as codes (no string per row) and still
// ordered by the core's one rule — numeric order when every label is a number (numpy.unique), else
// code-point order; a clean group of adjacent probability columns scored in place, with the same
// numbers as a copied one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli';
import { TableInput } from '../../../src/cli/tableInput';
import { readTable } from '../../../src/data';

const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-cli-labels-'));
let files = 0;

/** A CSV file with `text`, in a fresh temporary directory. */
function csv(text: string): string {
  const path = join(dir, `labels-${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

async function runJson(...argv: string[]): Promise<Record<string, unknown>> {
  let stdout = '';
  let stderr = '';
  const status = await runCli([...argv, '--json'], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  expect(stderr).toBe('');
  expect(status).toBe(0);
  return JSON.parse(stdout) as Record<string, unknown>;
}

type ModelJson = { mean: number; classes: unknown[]; classMapping: string };

/** Relative tolerance: sums of three logs, near machine precision. */
const REL = 1e-15;

describe('CLI label columns', () => {
  it('reads a label column as distinct texts and one code per row', () => {
    const input = new TableInput(readTable('y\n10\n2\n10\n01\n1\n', { format: 'csv' }));
    const labels = input.labels('y');
    expect(labels.distinct).toEqual(['10', '2', '01', '1']);
    expect(Array.from(labels.codes)).toEqual([0, 1, 0, 2, 3]);
    expect(labels.counts).toEqual([2, 1, 1, 1]);
  });

  it('maps columns to labels 1, 2, 10 in numeric order, not as text (1, 10, 2)', async () => {
    const file = csv('y,a,b,c\n10,0.1,0.2,0.7\n2,0.2,0.5,0.3\n1,0.6,0.3,0.1\n');
    const json = await runJson('cross-entropy', file, '--label', 'y', '--prob', 'a,b,c');
    const model = (json['models'] as ModelJson[])[0]!;
    expect(model.classes).toEqual([1, 2, 10]);
    expect(model.classMapping).toBe('in numeric label order');
    const expected = -(Math.log(0.7) + Math.log(0.5) + Math.log(0.6)) / 3;
    expect(Math.abs(model.mean - expected)).toBeLessThanOrEqual(REL * expected);
  });

  it('counts "01" and "1" as one class: entropy of [01, 1, 2] is scipy.stats.entropy([2, 1]) = 0.636514 nats', async () => {
    const json = await runJson('entropy', csv('y\n01\n1\n2\n'), '--label', 'y');
    expect(json['classes']).toEqual([1, 2]);
    expect(json['counts']).toEqual([2, 1]);
    expect(Math.abs((json['entropy'] as number) - 0.6365141682948128)).toBeLessThanOrEqual(1e-15);
  });

  it('orders text labels by code point when one label is not a number', async () => {
    const json = await runJson('entropy', csv('y\nb\n10\na\n9\n10\n'), '--label', 'y');
    expect(json['classes']).toEqual(['10', '9', 'a', 'b']);
    expect(json['counts']).toEqual([2, 1, 1, 1]);
  });

  it('fits labels 1, 2, 10 as three classes in numeric order', async () => {
    const file = csv('y,x\n1,0.1\n2,0.5\n10,0.9\n1,0.2\n2,0.4\n10,1.1\n');
    const json = await runJson('fit', file, '--label', 'y', '--features', 'x');
    expect(json['model']).toBe('softmax');
    expect(json['classes']).toEqual([1, 2, 10]);
  });
});

describe('probability groups', () => {
  const rows = [
    [0, 0.7, 0.2, 0.1],
    [2, 0.1, 0.3, 0.6],
    [1, 0.25, 0.5, 0.25],
    [2, 0.5, 0.5, 0],
  ];
  it('scores adjacent columns in place with exactly the numbers of the same columns in another order', async () => {
    const adjacent = csv(`label,p0,p1,p2\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const shuffled = csv(`p2,label,p1,p0\n${rows.map(([y, a, b, c]) => [c, y, b, a].join(',')).join('\n')}\n`);
    const args = ['--label', 'label', '--prob', 'p0,p1,p2'];
    const inPlace = await runJson('cross-entropy', adjacent, ...args);
    const copied = await runJson('cross-entropy', shuffled, ...args);
    expect(inPlace['models']).toEqual(copied['models']);
    // The last row gives its true class p = 0, clipped at ε = 2.22e-16: scikit-learn's
    // log_loss([0, 2, 1, 2], P, eps=np.finfo(float).eps) = 9.401075284345456.
    const model = (inPlace['models'] as { mean: number; clipped: number }[])[0]!;
    expect(model.clipped).toBe(1);
    expect(Math.abs(model.mean - 9.401075284345456)).toBeLessThanOrEqual(1e-14);
  });

  it('hands the core a view of the table for a clean adjacent group, a checked copy otherwise', () => {
    const input = new TableInput(readTable('label,p0,p1,x\n0,0.5,0.5,3\n1,0.25,0.75,4\n', { format: 'csv' }));
    expect(input.probabilityRows(['p0', 'p1'], false)).toMatchObject({ rows: 2, cols: 2, stride: 4, offset: 1 });
    expect(input.probabilityRows(['p1', 'p0'], false)).toEqual({ data: Float64Array.of(0.5, 0.5, 0.75, 0.25), rows: 2, cols: 2 });
    expect(input.warnings).toEqual([]);
  });

  it('still names a bad cell of adjacent columns', async () => {
    let stderr = '';
    const status = await runCli(['cross-entropy', csv('label,p0,p1\n0,0.5,0.5\n1,0.5,0.4\n'), '--label', 'label', '--prob', 'p0,p1'], { stdout: () => undefined, stderr: (text) => (stderr += text) });
    expect(status).toBe(2);
    expect(stderr).toMatch(/:3:3: Row sums to 0.9, not 1/);
  });
});
