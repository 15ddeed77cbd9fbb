// Writes the benchmark's synthetic CSV files (deterministic, seeded) into a temporary directory and
// reuses them while their recorded spec matches, so repeated runs skip the generation. The one real
// data set, scikit-learn's digits, is written by Python (the caller passes the writer).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Prng } from './prng';

/** Bumped whenever the generator's output changes, so cached files are regenerated. */
const GENERATOR_VERSION = 3;

/** Sizes of every data set; `--quick` shrinks all of them. */
export interface DataSizes {
  binarySmallRows: number;
  binaryLargeRows: number;
  multiRows: number;
  predictionRows: number;
  documentBytes: number;
  bigBytes: number;
}

export const FULL_SIZES: DataSizes = {
  binarySmallRows: 100_000,
  binaryLargeRows: 1_000_000,
  multiRows: 100_000,
  predictionRows: 1_000_000,
  documentBytes: 50 * 1024 * 1024,
  bigBytes: 1024 * 1024 * 1024,
};

export const QUICK_SIZES: DataSizes = {
  binarySmallRows: 5_000,
  binaryLargeRows: 20_000,
  multiRows: 5_000,
  predictionRows: 50_000,
  documentBytes: 2 * 1024 * 1024,
  bigBytes: 64 * 1024 * 1024,
};

export const FEATURE_COUNT = 20;
export const MULTI_CLASSES = 10;
/** The predictions file holds a label plus this many probability columns: 1 + 20 = 21 columns. */
export const PREDICTION_CLASSES = 20;
/** The hover document and the streaming file: a label plus 10 probability columns. */
export const DOCUMENT_CLASSES = 10;

/** One generated file and what it holds. */
export interface DataFile {
  path: string;
  bytes: number;
  rows: number;
  columns: string[];
  description: string;
}

export interface DataSets {
  dir: string;
  binarySmall: DataFile;
  binaryLarge: DataFile;
  multi: DataFile;
  predictions: DataFile;
  document: DataFile;
  big: DataFile | undefined;
  /** scikit-learn's load_digits, 1797 × 64, 10 classes; undefined without Python. */
  digits: DataFile | undefined;
}

/** The digits file's name: the same at every size, so quick and full runs fit the same problem. */
export const DIGITS_FILE = 'digits_1797x64.csv';

/**
 * Raw feature scales 10^-2 … 10^4 (cycling), so features differ by six orders of magnitude as in
 * real tables; the means are offset too. This is what makes unscaled lbfgs stop early.
 */
function featureScale(j: number): number {
  return 10 ** ((j % 7) - 2);
}
function featureMean(j: number): number {
  return featureScale(j) * ((j % 3) - 1) * 0.5;
}

/** Six significant digits keeps files near the 200 bytes a row of issue 3. */
function formatFeature(x: number): string {
  return x.toPrecision(6);
}

/** Buffered line writer: lines are joined in blocks and written with one syscall per block. */
class LineWriter {
  private readonly fd: number;
  private lines: string[] = [];
  bytes = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  push(line: string): void {
    this.lines.push(line);
    this.bytes += line.length + 1; // ASCII only: characters are bytes
    if (this.lines.length >= 8192) this.flush();
  }
  flush(): void {
    if (this.lines.length === 0) return;
    writeSync(this.fd, this.lines.join('\n') + '\n');
    this.lines = [];
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function featureHeader(): string[] {
  return Array.from({ length: FEATURE_COUNT }, (_, j) => `x${j + 1}`);
}

/**
 * Binary data from a true logistic model on standardised features with coefficients N(0, 0.8²)
 * (logit sd ≈ 3.6) and labels drawn as Bernoulli(σ(logit)): overlapping classes, never separable.
 */
function writeBinary(path: string, rows: number, seed: number): DataFile {
  const rng = new Prng(seed);
  const beta = Array.from({ length: FEATURE_COUNT }, () => 0.8 * rng.normal());
  const intercept = 0.3;
  const columns = ['label', ...featureHeader()];
  const out = new LineWriter(path);
  out.push(columns.join(','));
  const cells: string[] = new Array(FEATURE_COUNT + 1);
  for (let i = 0; i < rows; i++) {
    let logit = intercept;
    for (let j = 0; j < FEATURE_COUNT; j++) {
      const z = rng.normal();
      logit += (beta[j] as number) * z;
      cells[j + 1] = formatFeature(featureMean(j) + featureScale(j) * z);
    }
    cells[0] = rng.uniform() < 1 / (1 + Math.exp(-logit)) ? '1' : '0';
    out.push(cells.join(','));
  }
  out.close();
  return { path, bytes: out.bytes, rows, columns, description: `binary ${rows}×${FEATURE_COUNT} features, raw scales 1e-2…1e4, true logistic model` };
}

/** Ten classes from a true softmax model (coefficients N(0, 0.5²)), labels drawn from it. */
function writeMulti(path: string, rows: number, seed: number): DataFile {
  const rng = new Prng(seed);
  const K = MULTI_CLASSES;
  const beta = Array.from({ length: K * FEATURE_COUNT }, () => 0.5 * rng.normal());
  const columns = ['label', ...featureHeader()];
  const out = new LineWriter(path);
  out.push(columns.join(','));
  const cells: string[] = new Array(FEATURE_COUNT + 1);
  const z = new Float64Array(FEATURE_COUNT);
  const logits = new Float64Array(K);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < FEATURE_COUNT; j++) {
      z[j] = rng.normal();
      cells[j + 1] = formatFeature(featureMean(j) + featureScale(j) * (z[j] as number));
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < FEATURE_COUNT; j++) s += (beta[k * FEATURE_COUNT + j] as number) * (z[j] as number);
      logits[k] = s;
      if (s > max) max = s;
    }
    let total = 0;
    for (let k = 0; k < K; k++) total += Math.exp((logits[k] as number) - max);
    let u = rng.uniform() * total;
    let label = K - 1;
    for (let k = 0; k < K; k++) {
      u -= Math.exp((logits[k] as number) - max);
      if (u <= 0) {
        label = k;
        break;
      }
    }
    cells[0] = String(label);
    out.push(cells.join(','));
  }
  out.close();
  return { path, bytes: out.bytes, rows, columns, description: `${K}-class ${rows}×${FEATURE_COUNT} features, true softmax model` };
}

const UNITS = 10_000_000; // probabilities are written with 7 decimals

/**
 * One row of a calibrated classifier's output: softmax of N(0, 1.5²) logits, written with seven
 * decimals such that the written decimals sum to exactly 1 (the rounding residual goes to the
 * largest entry, no entry rounds to 0), and the label drawn from those probabilities.
 */
function predictionRow(rng: Prng, K: number, units: Int32Array, cells: string[]): void {
  let max = -Infinity;
  const p = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    p[k] = 1.5 * rng.normal();
    if ((p[k] as number) > max) max = p[k] as number;
  }
  let total = 0;
  for (let k = 0; k < K; k++) {
    p[k] = Math.exp((p[k] as number) - max);
    total += p[k] as number;
  }
  let sumUnits = 0;
  let argmax = 0;
  for (let k = 0; k < K; k++) {
    const u = Math.max(1, Math.round(((p[k] as number) / total) * UNITS));
    units[k] = u;
    sumUnits += u;
    if (u > (units[argmax] as number)) argmax = k;
  }
  units[argmax] = (units[argmax] as number) + (UNITS - sumUnits);
  let draw = Math.floor(rng.uniform() * UNITS);
  let label = K - 1;
  for (let k = 0; k < K; k++) {
    draw -= units[k] as number;
    if (draw < 0) {
      label = k;
      break;
    }
  }
  cells[0] = String(label);
  for (let k = 0; k < K; k++) {
    const u = units[k] as number;
    cells[k + 1] = u >= UNITS ? '1' : '0.' + String(u).padStart(7, '0');
  }
}

function predictionColumns(K: number): string[] {
  return ['label', ...Array.from({ length: K }, (_, k) => `p${k}`)];
}

/** Predictions CSV with exactly `rows` rows, or (when `rows` is undefined) at least `bytes` bytes. */
function writePredictions(path: string, K: number, seed: number, limit: { rows?: number; bytes?: number }): DataFile {
  const rng = new Prng(seed);
  const columns = predictionColumns(K);
  const out = new LineWriter(path);
  out.push(columns.join(','));
  const units = new Int32Array(K);
  const cells: string[] = new Array(K + 1);
  let rows = 0;
  while (limit.rows !== undefined ? rows < limit.rows : out.bytes < (limit.bytes ?? 0)) {
    predictionRow(rng, K, units, cells);
    out.push(cells.join(','));
    rows++;
  }
  out.close();
  return { path, bytes: out.bytes, rows, columns, description: `predictions: label + ${K} probability columns (7 decimals, rows sum to 1), ${rows} rows` };
}

interface Manifest {
  version: number;
  files: Record<string, DataFile>;
}

/**
 * Generates (or reuses) every data set; `log` reports what is being written. `writeDigits` writes
 * the digits CSV (bench.py digits); without it (no Python) there is no digits file.
 */
export function prepareData(dir: string, sizes: DataSizes, big: boolean, log: (line: string) => void, writeDigits?: (path: string) => DataFile): DataSets {
  mkdirSync(dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  let manifest: Manifest = { version: GENERATOR_VERSION, files: {} };
  if (existsSync(manifestPath)) {
    const loaded = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (loaded.version === GENERATOR_VERSION) manifest = loaded;
  }
  const ensure = (name: string, make: (path: string) => DataFile): DataFile => {
    const path = join(dir, name);
    const known = manifest.files[name];
    if (known && existsSync(path) && statSync(path).size === known.bytes) return known;
    log(`generating ${name} …`);
    const started = performance.now();
    const file = make(path);
    log(`  ${(file.bytes / 1e6).toFixed(1)} MB, ${file.rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    manifest.files[name] = file;
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
    return file;
  };
  const binarySmall = ensure(`binary_${sizes.binarySmallRows}x20.csv`, (p) => writeBinary(p, sizes.binarySmallRows, 101));
  const binaryLarge = ensure(`binary_${sizes.binaryLargeRows}x20.csv`, (p) => writeBinary(p, sizes.binaryLargeRows, 102));
  const multi = ensure(`multi10_${sizes.multiRows}x20.csv`, (p) => writeMulti(p, sizes.multiRows, 103));
  const predictions = ensure(`predictions_${sizes.predictionRows}x21.csv`, (p) => writePredictions(p, PREDICTION_CLASSES, 104, { rows: sizes.predictionRows }));
  const document = ensure(`document_${sizes.documentBytes}B.csv`, (p) => writePredictions(p, DOCUMENT_CLASSES, 105, { bytes: sizes.documentBytes }));
  const bigFile = big ? ensure(`stream_${sizes.bigBytes}B.csv`, (p) => writePredictions(p, DOCUMENT_CLASSES, 106, { bytes: sizes.bigBytes })) : undefined;
  const digits = writeDigits ? ensure(DIGITS_FILE, writeDigits) : undefined;
  return { dir, binarySmall, binaryLarge, multi, predictions, document, big: bigFile, digits };
}
