// Label columns in the CLI: read as codes (no string per row) and still ordered by the core's one
// rule — numeric order when every label is a number (numpy.unique), else code-point order.
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
    expect(model.classMapping).toBe('in sorted label order');
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
