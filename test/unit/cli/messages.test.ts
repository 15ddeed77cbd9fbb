// What `entropy-lens` prints when it refuses (issue 12, item 5): the real cause first, one
// FILE:LINE:COLUMN line per problem, 1-based rows, the raw value, no internal names — for
// missing, non-regular, binary, empty and oddly encoded files, unknown columns and deep or wide input.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli';

const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-cli-messages-'));
const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

async function run(...argv: string[]): Promise<{ status: number; stdout: string; lines: string[] }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { status, stdout, lines: stderr.trimEnd().split('\n') };
}

/** The stderr lines of a refused run, with the file's path shortened to its name. */
async function refused(path: string, ...flags: string[]): Promise<string[]> {
  const [subcommand, ...rest] = flags;
  const result = await run(subcommand ?? 'cross-entropy', path, ...rest);
  expect(result.status).toBe(2);
  return result.lines.map((line) => line.replace(`${dir}/`, ''));
}

const CE = ['cross-entropy', '--label', 'label', '--prob', 'p_cat,p_dog'];

describe('the real cause first', () => {
  it('a missing file, not a class mapping of no labels', async () => {
    expect(await refused(join(dir, 'nope.csv'), ...CE)).toEqual(['nope.csv:1:1: The file does not exist: check the path']);
  });

  it('a header without rows', async () => {
    expect(await refused(file('header.csv', 'label,p_cat,p_dog\n'), ...CE)).toEqual(['header.csv:1:1: The file has a header row but no data rows']);
  });

  it('an empty file', async () => {
    expect(await refused(file('empty.csv', ''), ...CE)).toEqual(['empty.csv:1:1: The file has no header row and no data: a header row naming the columns is required']);
  });

  it('an unknown column, with the columns the file has and a near name', async () => {
    const path = file('cats.csv', 'label,p_cat,p_dog\ncat,0.2,0.8\n');
    expect(await refused(path, 'cross-entropy', '--label', 'Label', '--prob', 'p_cat,p_dgo')).toEqual([
      'cats.csv:1:1: Unknown column "Label": the file\'s columns are "label", "p_cat", "p_dog"; did you mean "label"?',
      'cats.csv:1:1: Unknown column "p_dgo": the file\'s columns are "label", "p_cat", "p_dog"',
    ]);
  });

  it("the data's own problems before a core refusal they lead to", async () => {
    const path = file('mix.csv', 'label,p_cat,p_dog\ncat,0.5,0.5\n,0.2,0.8\n');
    expect(await refused(path, 'cross-entropy', '--label', 'label', '--prob', 'p_cat,p_dog', '--classes', 'cat,dog,x')).toEqual([
      'mix.csv:3:1: Missing value in column "label"',
      'mix.csv:1:1: 3 classes are listed for 2 columns (p_cat, p_dog): list one class per column',
    ]);
  });
});

describe('files that are not text tables', () => {
  it('a directory, /dev/zero and a FIFO are refused at once', async () => {
    const folder = join(dir, 'folder.csv');
    mkdirSync(folder, { recursive: true });
    expect(await refused(folder, ...CE)).toEqual(['folder.csv:1:1: This is a directory, not a regular file: name a CSV, TSV, JSON or JSON Lines file inside it']);
    if (existsSync('/dev/zero')) expect(await refused('/dev/zero', ...CE)).toEqual(['/dev/zero:1:1: This is a device, not a regular file: save the data to a file and open that']);
    const fifo = join(dir, 'pipe.csv');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo here
    }
    expect(await refused(fifo, ...CE)).toEqual(['pipe.csv:1:1: This is a named pipe (FIFO), not a regular file: save the data to a file and open that']);
  });

  it('a damaged Parquet file and a ZIP archive are named, once, instead of thousands of CSV problems', async () => {
    // Known by its first bytes whatever its name, and read as Parquet: this one's footer is garbage.
    const parquet = Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0x04, 0x15, 0x10]), Buffer.alloc(20_000, 0x2c), Buffer.from('PAR1')]);
    expect(await refused(file('preds.csv', parquet), ...CE)).toEqual([
      'preds.csv: This Parquet file is cut short or corrupt (its footer could not be read): its footer claims 741,092,396 bytes in a file of 20,012; write or copy the file again',
    ]);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(22), Buffer.from([8, 0, 0, 0]), Buffer.from('data.csv'), Buffer.alloc(20_000, 0x2c)]);
    expect(await refused(file('preds.zip.csv', zip), ...CE)).toEqual([
      'preds.zip.csv:1:1: This is a ZIP archive, not text: Entropy Lens reads CSV, TSV, JSON and JSON Lines text, and Parquet, Arrow IPC / Feather v2 and NumPy .npy / .npz files; extract the data file first (unzip FILE)',
    ]);
  });

  it('a --json run lists the refusal of a binary file by row index (null: the file as a whole)', async () => {
    const result = await run('cross-entropy', file('p.csv', Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0])])), ...CE.slice(1), '--json');
    const out = JSON.parse(result.stdout) as { problems: { index: number | null; line?: number; why: string }[] };
    expect(out.problems.map(({ index, line, why }) => [index, line, why.slice(0, 33)])).toEqual([[null, undefined, 'This Parquet file is cut short or']]);
  });
  it('a --json run lists a text refusal with its raw bytes', async () => {
    const result = await run('cross-entropy', file('g.csv', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0])), ...CE.slice(1), '--json');
    const out = JSON.parse(result.stdout) as { problems: { line: number; column: number; raw: string }[] };
    expect(out.problems.map(({ line, column, raw }) => [line, column, raw])).toEqual([[1, 1, '\\x1f\\x8b\\x08\\x00\\x00\\x00']]);
  });
});

describe('encodings', () => {
  const csv = 'label,p_cat,p_dog\ncat,0.8,0.2\ndog,0.4,0.6\n';
  it('reads UTF-16 LE with a BOM, UTF-32 BE with a BOM and JSON with a UTF-8 BOM', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
    const utf32 = Buffer.alloc((csv.length + 1) * 4);
    [0xfeff, ...Array.from(csv, (c) => c.charCodeAt(0))].forEach((cp, i) => utf32.writeUInt32BE(cp, i * 4));
    const json = `\ufeff${JSON.stringify([
      { label: 'cat', p_cat: 0.8, p_dog: 0.2 },
      { label: 'dog', p_cat: 0.4, p_dog: 0.6 },
    ])}`;
    for (const path of [file('u16.csv', utf16), file('u32.csv', utf32), file('bom.json', json)]) {
      const result = await run(...CE.slice(0, 1), path, ...CE.slice(1), '--json');
      expect([path, result.status]).toEqual([path, 0]);
      expect((JSON.parse(result.stdout) as { models: { mean: number }[] }).models[0]!.mean).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 14);
    }
  });

  it('a Latin-1 export (not UTF-8) is said so once, at the first byte that is not UTF-8, instead of merging "café" and "cafè" silently', async () => {
    const latin1 = Buffer.from('label,p\ncaf\xe9,0.9\ncaf\xe8,0.2\ncaf\xe9,0.7\n', 'latin1');
    const result = await run('analyze', file('latin1.csv', latin1));
    const warnings = result.lines.filter((line) => line.includes('U+FFFD'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/latin1\.csv:2:4: warning: "\ufffd" \(U\+FFFD\) here and in 2 more places: bytes that were not valid UTF-8 .*Windows-1252 or Latin-1/);
  });

  it("the table's own warnings are printed once by analyze (they are also among its result's problems)", async () => {
    const result = await run('analyze', file('unnamed.csv', 'label,,p\n1,3,0.9\n0,4,0.2\n1,5,0.7\n'));
    expect(result.lines.filter((line) => line.includes('has no name in the header'))).toHaveLength(1);
  });
});

describe('deep, wide and odd input', () => {
  it('names JSON nested 200,000 deep at its position instead of a stack overflow', async () => {
    const path = file('deep.json', `[{"label": "cat", "p_cat": ${'['.repeat(200_000)}`);
    expect(await refused(path, ...CE)).toEqual([
      'deep.json:1:1026: JSON nested more than 1000 levels deep here (arrays and objects inside one another): Entropy Lens reads records nested at most 1000 levels deep',
    ]);
  });

  it('names a 2,000,000-column header at its position instead of "Invalid typed array length"', async () => {
    const path = file('wide.csv', `${'c,'.repeat(2_000_000)}\n1\n`);
    expect(await refused(path, ...CE)).toEqual([
      'wide.csv:1:200001: The header has 2,000,000 columns, more than the 100,000 Entropy Lens reads (this is column 100,001): keep only the columns to analyse, e.g. with pandas (usecols=) or csvcut -c',
    ]);
  });

  it('keeps a name with a line break on its line, escaped', async () => {
    const path = file('newline.csv', '"la\nbel",p\ncat,0.5\n');
    expect(await refused(path, 'cross-entropy', '--label', 'lab\nel', '--prob', 'p')).toEqual(['newline.csv:1:1: Unknown column "lab\\nel": the file\'s columns are "la\\nbel", "p"']);
  });

  it('names each weight a distribution cannot take at its cell, infinite and negative alike (as a streamed file does)', async () => {
    expect(await refused(file('neg.csv', 'w,y\n1,a\ninf,b\n-2,c\n'), 'entropy', '--column', 'w')).toEqual([
      'neg.csv:3:1: w = inf is infinite: the weights of a distribution must be finite numbers of 0 or more',
      'neg.csv:4:1: w = -2 is negative: the weights of a distribution must be finite numbers of 0 or more',
    ]);
  });

  it('refuses a --pos-label that is not one of the labels, naming the value and the labels', async () => {
    const path = file('binary.csv', 'y,p\n1,0.8\n0,0.3\n');
    expect(await refused(path, 'cross-entropy', '--label', 'y', '--prob', 'p', '--pos-label', '7')).toEqual(['binary.csv:1:1: The positive label "7" is not one of the labels (0, 1)']);
    expect((await run('cross-entropy', path, '--label', 'y', '--prob', 'p', '--pos-label', '1')).status).toBe(0);
  });
});

describe("analyze's tally of what it lists on stderr", () => {
  it('names each kind: a guessed role is a note, a bad cell an error, not "2 problems"', async () => {
    const guessed = await run('analyze', file('guess.csv', 'label,score\n1,0.9\n0,0.2\n1,1.7\n0,0.1\n'));
    expect(guessed.status).toBe(0);
    expect(guessed.stdout).toContain('\n1 note on stderr\n');
    const mixed = await run('analyze', file('mixed.csv', 'label,p\n1,0.9\n0,\n1,2.7\n0,0.1\n1,0.8\n'));
    expect(mixed.stdout).toMatch(/\n2 errors and 1 note on stderr; 2 rows with problems left out\n/);
  });
});

describe('a probability column with a stray value', () => {
  it('stays probabilities (not logits, which would score every other row wrongly); the row is an error at its cell and the note names it', async () => {
    const result = await run('analyze', file('stray.csv', 'label,p\n1,0.9\n0,0.2\n1,1.7\n0,0.1\n'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('p: probabilities p');
    expect(result.lines).toContain(`${dir}/stray.csv:4:3: p = 1.7 is outside [0, 1]`);
    expect(result.lines.some((line) => line.includes('"p" is read as probabilities although one value is outside [0, 1] (row 3: 1.7)'))).toBe(true);
    // Scored on the three good rows as probabilities: −(ln 0.9 + ln 0.8 + ln 0.9) / 3.
    expect(result.stdout).toMatch(new RegExp(`\\bp\\s+${(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.9)) / 3).toFixed(6)}\\b`));
  });
});
