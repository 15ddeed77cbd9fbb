// The start of a stream (Analyze File on Disk): a path that is not a regular file is refused
// before it is opened, a binary file is named from its head, UTF-16/UTF-32 with a BOM are decoded
// across chunk boundaries with progress in file bytes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamRecords } from '../../../src/data';
import { streamAggregates } from '../../../src/analysis/streamAggregates';
import type { StreamSummary } from '../../../src/data';

const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-stream-start-'));
const write = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

const CSV = 'label,p\nchat é,0.5\n😀,0.25\ndog,1\n';
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
function utf32be(text: string): Buffer {
  const points = [0xfeff, ...Array.from(text, (c) => c.codePointAt(0)!)];
  const bytes = Buffer.alloc(points.length * 4);
  points.forEach((cp, i) => bytes.writeUInt32BE(cp, i * 4));
  return bytes;
}

async function read(path: string, chunkBytes?: number): Promise<{ summary: StreamSummary; labels: string[]; values: number[] }> {
  const labels: string[] = [];
  const values: number[] = [];
  const summary = await streamRecords(
    path,
    { labels: ['label'], numbers: ['p'] },
    (batch) => {
      labels.push(...batch.labels.get('label')!.slice(0, batch.rowCount));
      values.push(...batch.numbers.get('p')!.subarray(0, batch.rowCount));
    },
    chunkBytes === undefined ? {} : { chunkBytes },
  );
  return { summary, labels, values };
}

describe('the start of a stream', () => {
  it('decodes UTF-16 LE and UTF-32 BE by their BOM, whatever the chunk size, counting file bytes', async () => {
    for (const [name, bytes] of [
      ['u16.csv', utf16le(CSV)],
      ['u32.csv', utf32be(CSV)],
    ] as const) {
      const path = write(name, bytes);
      for (const chunkBytes of [3, 7, undefined]) {
        const { summary, labels, values } = await read(path, chunkBytes);
        expect([name, chunkBytes, summary.problems, labels, values]).toEqual([name, chunkBytes, [], ['chat é', '😀', 'dog'], [0.5, 0.25, 1]]);
        expect([summary.bytesRead, summary.complete]).toEqual([bytes.byteLength, true]);
      }
    }
  });

  it('gives the same aggregates for a UTF-16 file as for its UTF-8 copy', async () => {
    const text = 'label,p_a,p_b\na,0.8,0.2\nb,0.3,0.7\na,0.6,0.4\n';
    const spec = { label: 'label', models: [{ kind: 'probabilities' as const, columns: ['p_a', 'p_b'] }] };
    const utf8 = await streamAggregates(write('agg8.csv', text), spec);
    const utf16 = await streamAggregates(write('agg16.csv', utf16le(text)), spec);
    expect([utf16.problems, utf16.rowCount, utf16.models[0]!.meanNats]).toEqual([[], 3, utf8.models[0]!.meanNats]);
  });

  it('hands a Parquet file to its reader (known from its head) instead of streaming it as CSV', async () => {
    const parquet = Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0x04]), Buffer.alloc(50_000, 0x2c), Buffer.from('PAR1')]);
    const { summary, labels } = await read(write('p.csv', parquet), 1000);
    expect(labels).toEqual([]);
    expect(summary.problems.map((p) => [p.code, p.line, p.character, p.message.slice(0, 40)])).toEqual([['read-error', 0, 0, 'This Parquet file is cut short or corrup']]);
    expect(summary.complete).toBe(false);
  });

  it('names binary text handed over as string chunks', async () => {
    async function* nul() {
      yield 'label,p\na,0.5\u0000\n';
    }
    expect((await streamRecords(nul(), { numbers: ['p'] }, () => undefined)).problems.map((p) => [p.line, p.character])).toEqual([[1, 5]]);
  });

  it('refuses a directory, /dev/zero and a FIFO before opening them', async () => {
    const folder = join(dir, 'folder.csv');
    mkdirSync(folder, { recursive: true });
    const paths = [folder, ...(existsSync('/dev/zero') ? ['/dev/zero'] : [])];
    const fifo = join(dir, 'pipe.csv');
    try {
      execFileSync('mkfifo', [fifo]);
      paths.push(fifo);
    } catch {
      // no mkfifo here
    }
    for (const path of paths) {
      const { summary } = await read(path);
      expect(summary.problems.map((p) => [p.code, p.message.replace(/^This is (a directory|a device|a named pipe \(FIFO\)), not a regular file: .*$/, 'not regular')])).toEqual([
        ['read-error', 'not regular'],
      ]);
      expect(summary.bytesRead).toBe(0);
    }
    expect((await read(join(dir, 'nope.csv'))).summary.problems.map((p) => p.message)).toEqual(['The file does not exist: check the path']);
  });
});
