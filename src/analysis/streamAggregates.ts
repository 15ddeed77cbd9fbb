// The streaming aggregates: per model, mergeable compensated sums of losses, Brier terms, errors and
// divergences over the record batches of streamRecords, in one bounded-memory pass (or one byte
// range of the file, merged by aggregateParts.ts), and their finished result.
import { DEFAULT_MAX_PROBLEMS, formatMessageNumber, ProblemCollector, quoteValue } from '../data/problems';
import type { Problem } from '../data/types';
import type { AggregatePart, ModelSums } from './aggregateParts';
import {
  addDivergencePair,
  addCompensatedAt,
  argmaxRows,
  binaryProbabilityLoss,
  binaryTargets,
  clipProbability,
  DEFAULT_EPSILON,
  emptyDivergenceSums,
  errorRate,
  finishDivergenceSums,
  mapColumnsToClasses,
  negativeLogSoftmax,
  pairTotal,
  probabilityLoss,
  ROW_SUM_TOLERANCE,
  sameLabel,
  sigmoid,
  softplus,
  softBrierScore,
  softCrossEntropy,
  softCrossEntropyFromLogits,
  softmaxInto,
  sortClasses,
} from '../core';
import type { Matrix } from '../core';
import { componentName, componentNames } from '../data/componentNames';
import { didYouMean } from '../data/validate';
import { streamRecords } from '../data/streamRecords';
import type { RecordBatch, StreamOptions, StreamSource, StreamSummary } from '../data/streamRecords';

export interface StreamModelSpec {
  name?: string;
  kind: 'probabilities' | 'logits';
  columns: readonly string[];
}

/** What to aggregate in one pass. */
export interface AggregateSpec {
  /** Label column: class counts (entropy) and the truth for cross-entropy. */
  label?: string;
  /** Class order; default: the core's rule (sorted labels), or by column name (p_cow ↔ cow). */
  classes?: readonly string[];
  /** Binary: the positive label (default: the greater label in the core's order). */
  positiveLabel?: string;
  models?: readonly StreamModelSpec[];
  /** One-hot or soft target columns instead of a label column. */
  targets?: readonly string[];
  /** Two columns taken as distributions over rows, for D(P‖Q) and D(Q‖P). */
  kl?: { p: string; q: string };
  /** Probability clipping; default the core's default ε; `'none'` gives +∞ losses. */
  epsilon?: number | 'none';
  /** Normalise probability rows first instead of reporting rows that do not sum to 1. */
  normalize?: boolean;
  /**
   * |Σp − 1| a row may be off by and still be used as given; default 1e-6. Callers pass the
   * rounding of the numbers as written (six decimals over three columns: 1.5e-6).
   */
  rowSumTolerance?: number;
  /** Keep per-row losses of each model (8 or 4 bytes a row). Default `'none'`. */
  perRowLoss?: 'float64' | 'float32' | 'none';
}

/** One model's streamed scores, in nats. */
export interface StreamModelResult {
  name: string;
  columns: string[];
  n: number;
  sumNats: number;
  meanNats: number;
  brier: number;
  errorRate: number;
  clipped: number;
  infinite: number;
  perRowLoss?: Float64Array | Float32Array;
}

/** Streamed aggregates; every number in nats. */
export interface AggregateResult extends StreamSummary {
  classes: string[];
  /** Label counts in `classes` order (entropy of the label column). */
  counts: number[];
  models: StreamModelResult[];
  kl?: {
    sumP: number;
    sumQ: number;
    /** D(P‖Q) and D(Q‖P) of the normalised columns, +∞ where P>0 and Q=0 (counted). */
    pqNats: number;
    qpNats: number;
    infinitePq: number;
    infiniteQp: number;
  };
}

/**
 * Per-label sums for one model while the class mapping may still be unknown. Flat typed arrays
 * indexed `label id × candidates + k`, grown by doubling, so a row's updates touch one cache line
 * run and a batch allocates nothing.
 */
class ModelAccumulator implements ModelSums {
  width = -1;
  /** Candidate true columns per label (binary: 0 = label negative, 1 = label positive). */
  candidates = 0;
  /** Per label id, per candidate true column k: sums of losses, Brier scores, clipped and infinite rows. */
  loss = new Float64Array(0);
  brier = new Float64Array(0);
  /** The compensations of loss and brier (Neumaier): hi + lo is each sum to ~n·ε², whatever the grouping. */
  lossLo = new Float64Array(0);
  brierLo = new Float64Array(0);
  clipped = new Float64Array(0);
  infinite = new Float64Array(0);
  /** Per label id, rows whose prediction is column k (binary: [negative, positive]). */
  predicted = new Float64Array(0);
  readonly count: number[] = [];
  /** Per label id: its column when the class order is given up front, else -1 (cached). */
  readonly known: number[] = [];
  /** Scratch rows (raw values, and exponentials or prefix sums of squares), reused across batches. */
  row = new Float64Array(0);
  aux = new Float64Array(0);
  /** Targets mode: the loss and Brier sums as compensated pairs ([loss, Brier] and their corrections). */
  targetHi = new Float64Array(2);
  targetLo = new Float64Array(2);
  errors = 0;
  clippedRows = 0;
  infiniteRows = 0;
  n = 0;
  perRow: Float64Array | Float32Array | undefined;

  constructor(
    readonly spec: StreamModelSpec,
    private readonly perRowKind: 'float64' | 'float32' | 'none',
  ) {}

  setWidth(width: number): void {
    this.width = width;
    this.candidates = width === 1 ? 2 : width;
    this.row = new Float64Array(width);
    this.aux = new Float64Array(width);
  }

  /** Makes room for label id `label`. */
  slot(label: number): void {
    if (label < this.count.length) return;
    const need = (label + 1) * this.candidates;
    if (need > this.loss.length) {
      const size = Math.max(need, this.loss.length * 2, 16 * this.candidates);
      const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
        const next = new Float64Array(size);
        next.set(a);
        return next;
      };
      this.loss = grow(this.loss);
      this.brier = grow(this.brier);
      this.lossLo = grow(this.lossLo);
      this.brierLo = grow(this.brierLo);
      this.clipped = grow(this.clipped);
      this.infinite = grow(this.infinite);
      this.predicted = grow(this.predicted);
    }
    while (this.count.length <= label) this.count.push(0);
  }

  /** The sums as plain data (for a part posted from another thread). */
  sums(): ModelSums {
    const { width, candidates, loss, brier, lossLo, brierLo, clipped, infinite, predicted, count, targetHi, targetLo, errors, clippedRows, infiniteRows, n, perRow } = this;
    return { width, candidates, loss, brier, lossLo, brierLo, clipped, infinite, predicted, count, targetHi, targetLo, errors, clippedRows, infiniteRows, n, perRow };
  }

  storeRow(row: number, value: number): void {
    if (this.perRowKind === 'none') return;
    if (this.perRow === undefined || row >= this.perRow.length) {
      const size = Math.max(1024, (this.perRow?.length ?? 0) * 2, row + 1);
      const next = this.perRowKind === 'float32' ? new Float32Array(size) : new Float64Array(size);
      next.fill(NaN);
      if (this.perRow !== undefined) next.set(this.perRow);
      this.perRow = next;
    }
    this.perRow[row] = value;
  }
}

/**
 * Streams a file once and computes, with bounded memory: label counts (entropy of the label
 * column), and per model the sum and mean cross-entropy, Brier score, error rate, clipped and
 * infinite rows (all in nats), plus KL sums for two columns taken as distributions over rows.
 *
 * The losses follow the core's formulas term by term (binaryCrossEntropy, crossEntropy,
 * crossEntropyFromLogits, the Brier and error-rate functions; softCrossEntropy batch by batch for
 * targets) in one fused O(classes) pass per row that also validates the row. When the class order
 * (and so each row's true column) is given up front, each row is scored against its class; when it
 * is only known once every label has been seen, the sums are kept per label value and candidate
 * column, and at the end the core's mapping rule (mapColumnsToClasses, binaryTargets) picks the
 * column of each label. Memory: O(labels × classes) plus, when asked, one float per row for per-row losses
 * (available when the mapping is known up front: `classes` given for several columns,
 * `positiveLabel` for one column, or `targets`).
 * KL: D(P‖Q) = (1/ΣP)·Σ P ln(P/Q) − ln ΣP + ln ΣQ over rows, +∞ when some P > 0 has Q = 0.
 * Rows with a missing or invalid value are left out of that model and reported as problems (rows
 * whose probabilities do not sum to 1 too, unless `normalize`). Never rejects.
 * Example: samples/three-class-models.csv with `targets: ['target_0', 'target_1', 'target_2']` and
 * models m1_p0..2 and m2_p0..2 gives meanNats 1.3783889 and 0.6391076 (1.988595 and 0.922037 bits),
 * the same as the core's softCrossEntropy on the whole file.
 */
export async function streamAggregates(source: StreamSource, spec: AggregateSpec, options: StreamOptions = {}): Promise<AggregateResult> {
  return finishAggregates(await streamAggregatePart(source, spec, options), spec, options);
}

/**
 * The first half of `streamAggregates`: one pass over the source (or `options.range` of it) that
 * keeps the sums per label value, before the class mapping is resolved. Parts of consecutive
 * ranges merge with `mergeAggregateParts`; `finishAggregates` turns a part into the result.
 */
export async function streamAggregatePart(source: StreamSource, spec: AggregateSpec, options: StreamOptions = {}): Promise<AggregatePart> {
  const models = (spec.models ?? []).map((model) => new ModelAccumulator(model, spec.perRowLoss ?? 'none'));
  const eps = spec.epsilon ?? DEFAULT_EPSILON;
  const epsValue = eps === 'none' ? 0 : eps;
  const numbers = new Set<string>();
  for (const model of spec.models ?? []) for (const c of model.columns) numbers.add(c);
  for (const c of spec.targets ?? []) numbers.add(c);
  if (spec.kl !== undefined) {
    numbers.add(spec.kl.p);
    numbers.add(spec.kl.q);
  }
  let labelTexts: readonly string[] = [];
  const labelFirstLine: number[] = [];
  const labelFirstCharacter: number[] = [];
  const labelFirstOffset: number[] = [];
  const labelCounts: number[] = [];
  const kl = emptyDivergenceSums();
  const extra = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  const rowProblem = (batch: RecordBatch, i: number, code: Problem['code'], message: string, column?: string): void =>
    extra.report(() => ({
      code,
      severity: 'error',
      message,
      line: batch.lines[i]!,
      character: 0,
      offset: batch.startOffsets[i]!,
      endOffset: batch.endOffsets[i]!,
      row: batch.firstRow + i,
      ...(column === undefined ? {} : { column }),
      raw: '',
    }));

  const onBatch = (batch: RecordBatch): void => {
    const n = batch.rowCount;
    let labelOf: Int32Array | undefined;
    if (spec.label !== undefined) {
      const column = batch.labelCodes.get(spec.label)!;
      labelOf = column.codes;
      labelTexts = column.texts;
      for (let i = 0; i < n; i++) {
        const id = labelOf[i]!;
        if (id < 0) continue;
        // Ids are handed out in row order, so a new one is always the next.
        if (id === labelCounts.length) {
          const at = column.firstAt[id];
          labelFirstLine.push(at?.line ?? batch.lines[i]!);
          labelFirstCharacter.push(at?.character ?? 0);
          labelFirstOffset.push(at?.offset ?? batch.startOffsets[i]!);
          labelCounts.push(0);
        }
        labelCounts[id]!++;
      }
    }
    // The core's own check of ε (the targets path still calls the core): thrown, the stream stops
    // with it as a read-error problem, as when every path went through the core.
    if (models.length > 0 && !(epsValue >= 0 && epsValue < 0.5)) throw new Error(`eps must be in [0, 0.5) or 'none', got ${epsValue}`);
    for (const model of models) {
      if (spec.targets !== undefined) scoreTargetsBatch(model, batch, labelOf, spec, rowProblem);
      else if (labelOf !== undefined) scoreLabelledBatch(model, batch, labelOf, spec, epsValue, rowProblem);
    }
    if (spec.kl !== undefined) {
      const p = batch.numbers.get(spec.kl.p)!;
      const q = batch.numbers.get(spec.kl.q)!;
      for (let i = 0; i < n; i++) {
        const a = p[i]!;
        const b = q[i]!;
        if (a !== a || b !== b) continue;
        if (a < 0 || b < 0 || a === Infinity || b === Infinity) {
          rowProblem(batch, i, 'not-a-number', `A distribution needs finite non-negative values (${spec.kl.p} = ${a}, ${spec.kl.q} = ${b})`);
          continue;
        }
        addDivergencePair(kl, a, b);
      }
    }
  };

  const summary = await streamRecords(source, { numbers: [...numbers], labelCodes: spec.label === undefined ? [] : [spec.label] }, onBatch, options);
  return {
    summary,
    labels: labelTexts.slice(0, labelCounts.length),
    labelFirstLine,
    labelFirstCharacter,
    labelFirstOffset,
    labelCounts,
    models: models.map((model) => model.sums()),
    kl,
    rowProblems: extra.problems,
    rowProblemCount: extra.count,
  };
}

/** Model `i`'s display name. */
function modelName(spec: AggregateSpec, i: number): string {
  return spec.models?.[i]?.name ?? `model ${i + 1}`;
}

/**
 * The second half of `streamAggregates`: resolves the class mapping now that every label has been
 * seen (the core's sortClasses, mapColumnsToClasses, binaryTargets), picks each label's column of
 * the per-label sums, and lists the reader's and the scoring problems in file order.
 */
export function finishAggregates(part: AggregatePart, spec: AggregateSpec, options: Pick<StreamOptions, 'maxProblems'> = {}): AggregateResult {
  const { summary, labelFirstLine, labelFirstCharacter, labelFirstOffset, labelCounts, kl } = part;
  const extra = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  extra.problems.push(...part.rowProblems);
  extra.count = part.rowProblemCount;
  const distinct = part.labels;
  const result: AggregateResult = { ...summary, classes: [], counts: [], models: [] };
  if (distinct.length > 0) {
    try {
      const sorted = sortClasses(distinct);
      result.classes = sorted.classes.map(String);
      result.counts = sorted.classes.map(() => 0);
      distinct.forEach((label, id) => {
        const k = sorted.classes.findIndex((c) => sameLabel(c, label));
        result.counts[k] = (result.counts[k] ?? 0) + (labelCounts[id] ?? 0);
      });
    } catch (error) {
      extra.add(coreProblem(error));
    }
  }
  for (const [i, model] of part.models.entries()) {
    const modelSpec = spec.models![i]!;
    const name = modelName(spec, i);
    const columns = [...modelSpec.columns];
    const out: StreamModelResult = { name, columns, n: 0, sumNats: 0, meanNats: NaN, brier: NaN, errorRate: NaN, clipped: 0, infinite: 0 };
    if (spec.targets !== undefined) {
      const sumNats = pairTotal([model.targetHi[0]!], [model.targetLo[0]!]);
      const brier = pairTotal([model.targetHi[1]!], [model.targetLo[1]!]) / model.n;
      Object.assign(out, { n: model.n, sumNats, brier, errorRate: model.errors / model.n, clipped: model.clippedRows, infinite: model.infiniteRows });
    } else if (model.width > 0 && distinct.length > 0) {
      try {
        const candidate = candidateOf(model.width, modelSpec.columns, distinct, spec);
        let errors = 0;
        const lossParts: number[] = [];
        const lossCorrections: number[] = [];
        const brierParts: number[] = [];
        const brierCorrections: number[] = [];
        distinct.forEach((label, id) => {
          const k = candidate[id]!;
          const count = model.count[id] ?? 0;
          if (count === 0) return;
          if (k < 0) {
            const rows = `${count} row${count === 1 ? '' : 's'} left out`;
            const classes = spec.classes ?? [];
            const known = classes.length > 0 ? ` (${classes.join(', ')})` : '';
            extra.add({
              code: 'unknown-label',
              severity: 'error',
              message: `Label ${quoteValue(label)} is not among the classes of ${name}${known}${didYouMean(label, classes)} (${rows})`,
              line: labelFirstLine[id]!,
              character: labelFirstCharacter[id] ?? 0,
              offset: labelFirstOffset[id] ?? 0,
              raw: label,
              column: spec.label!,
            });
            return;
          }
          out.n += count;
          const at = id * model.candidates;
          lossParts.push(model.loss[at + k]!);
          lossCorrections.push(model.lossLo[at + k]!);
          brierParts.push(model.brier[at + k]!);
          brierCorrections.push(model.brierLo[at + k]!);
          out.clipped += model.clipped[at + k]!;
          out.infinite += model.infinite[at + k]!;
          errors += model.width === 1 ? (k === 1 ? count - model.predicted[at + 1]! : model.predicted[at + 1]!) : count - model.predicted[at + k]!;
        });
        out.sumNats = pairTotal(lossParts, lossCorrections);
        out.brier = pairTotal(brierParts, brierCorrections) / out.n;
        out.errorRate = errors / out.n;
      } catch (error) {
        extra.add(coreProblem(error));
      }
    }
    out.meanNats = out.sumNats / out.n;
    if (model.perRow !== undefined) out.perRowLoss = model.perRow.subarray(0, summary.rowCount);
    result.models.push(out);
  }
  if (spec.kl !== undefined) {
    const d = finishDivergenceSums(kl);
    result.kl = { sumP: d.totalP, sumQ: d.totalQ, pqNats: d.klPQNats, qpNats: d.klQPNats, infinitePq: d.infinitePQ, infiniteQp: d.infiniteQP };
  }
  const merged = [...summary.problems, ...extra.problems].sort((a, b) => a.offset - b.offset);
  result.problems = merged.slice(0, options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  result.problemCount = summary.problemCount + extra.count;
  return result;
}

/** The true column of each label id under the core's rules. */
function candidateOf(width: number, columns: readonly string[], distinct: readonly string[], spec: AggregateSpec): number[] {
  if (width === 1) {
    const targets = binaryTargets(distinct, spec.positiveLabel);
    return distinct.map((label) => (sameLabel(label, targets.positive) ? 1 : 0));
  }
  const names = componentNames(columns, width);
  const mapping = mapColumnsToClasses(names, distinct, spec.classes);
  return distinct.map((label) => mapping.classes.findIndex((c) => sameLabel(c, label)));
}

/** Candidate column for a label when the mapping is known up front (per-row losses), else -1. */
function knownCandidate(model: ModelAccumulator, label: string, spec: AggregateSpec): number {
  if (model.width === 1) return spec.positiveLabel === undefined ? -1 : sameLabel(label, spec.positiveLabel) ? 1 : 0;
  if (spec.classes === undefined) return -1;
  return spec.classes.findIndex((c) => sameLabel(c, label));
}

/** Scores one batch for one model against target columns (soft or one-hot), through the core. */
/** Reports a row problem for the batch's row `i` (set up by streamAggregates). */
type RowProblemReporter = (batch: RecordBatch, i: number, code: Problem['code'], message: string, column?: string) => void;

/**
 * Whether prediction value `v` (column `k` of a group) can be scored; when not — NaN is already a
 * missing-value problem, ±∞ is not finite, a probability outside [0, 1] — reports why and says no.
 */
function usablePrediction(
  v: number,
  k: number,
  batch: RecordBatch,
  i: number,
  columns: readonly string[],
  vector: boolean,
  probabilities: boolean,
  rowProblem: RowProblemReporter,
): boolean {
  if (!(v - v === 0)) {
    if (v === v) rowProblem(batch, i, probabilities ? 'probability-out-of-range' : 'not-a-number', `${columns.join(', ')}: ${v} is not a finite number`, columns[0]);
    return false;
  }
  if (probabilities && (v < 0 || v > 1)) {
    rowProblem(batch, i, 'probability-out-of-range', `${componentName(columns, k, vector)} = ${formatMessageNumber(v)} is outside [0, 1]`, columns[0]);
    return false;
  }
  return true;
}

/**
 * A model's prediction columns in a batch — one vector column (row-major) or one array per scalar
 * column — with its width, which the model takes on first sight (later batches are checked
 * against it by the caller).
 */
function predictionColumns(
  model: ModelAccumulator,
  batch: RecordBatch,
): { columns: readonly string[]; vector: { width: number; values: Float64Array } | undefined; width: number; sources: Float64Array[] | undefined } {
  const columns = model.spec.columns;
  const vector = columns.length === 1 ? batch.vectors.get(columns[0]!) : undefined;
  const width = vector !== undefined ? vector.width : columns.length;
  if (model.width < 0) model.setWidth(width);
  return { columns, vector, width, sources: vector === undefined ? columns.map((c) => batch.numbers.get(c)!) : undefined };
}

function scoreTargetsBatch(
  model: ModelAccumulator,
  batch: RecordBatch,
  labelOf: Int32Array | undefined,
  spec: AggregateSpec,
  rowProblem: RowProblemReporter,
): void {
  const { columns, vector, width, sources } = predictionColumns(model, batch);
  const probabilities = model.spec.kind === 'probabilities';
  const value = (i: number, k: number): number => (vector !== undefined ? vector.values[i * width + k]! : sources![k]![i]!);
  const targets = spec.targets!.map((c) => batch.numbers.get(c)!);
  const rows: number[] = [];
  for (let i = 0; i < batch.rowCount; i++) {
    if (labelOf !== undefined && labelOf[i]! < 0) continue;
    let ok = true;
    let sum = 0;
    for (let k = 0; k < width; k++) {
      const v = value(i, k);
      if (!usablePrediction(v, k, batch, i, columns, vector !== undefined, probabilities, rowProblem)) {
        ok = false;
        break;
      }
      sum += v;
    }
    if (ok && targets.some((t) => !Number.isFinite(t[i]!))) ok = false;
    if (ok && probabilities && width > 1 && !spec.normalize && Math.abs(sum - 1) > (spec.rowSumTolerance ?? ROW_SUM_TOLERANCE)) {
      rowProblem(batch, i, 'row-sum', `Row sums to ${formatMessageNumber(sum)}, not 1 (${columns.join(' + ')})`, columns[0]);
      ok = false;
    }
    if (ok) rows.push(i);
  }
  const n = rows.length;
  if (n === 0) return;
  const data = new Float64Array(n * width);
  for (let r = 0; r < n; r++) for (let k = 0; k < width; k++) data[r * width + k] = value(rows[r]!, k);
  const matrix = { data, rows: n, cols: width };
  const options = { eps: spec.epsilon ?? DEFAULT_EPSILON, normalize: spec.normalize ?? false, rowSumTolerance: spec.rowSumTolerance ?? ROW_SUM_TOLERANCE };
  const asProbabilities = (): Matrix => {
    if (probabilities) return matrix;
    const out = new Float64Array(n * width);
    for (let r = 0; r < n; r++) softmaxInto(data, r * width, width, out, r * width);
    return { data: out, rows: n, cols: width };
  };
  const t = new Float64Array(n * width);
  for (let r = 0; r < n; r++) for (let k = 0; k < width; k++) t[r * width + k] = targets[k]![rows[r]!]!;
  const tm = { data: t, rows: n, cols: width };
  const ce = probabilities ? softCrossEntropy(tm, matrix, options) : softCrossEntropyFromLogits(tm, matrix);
  const brier = softBrierScore(tm, asProbabilities(), { normalize: options.normalize, rowSumTolerance: options.rowSumTolerance });
  // Row by row into the compensated pairs, as the label mode's sums: grouping changes nothing.
  for (let r = 0; r < n; r++) {
    addCompensatedAt(model.targetHi, model.targetLo, 0, ce.rowLossNats[r]!);
    addCompensatedAt(model.targetHi, model.targetLo, 1, brier.rowBrier[r]!);
  }
  model.n += n;
  model.clippedRows += ce.clippedRows;
  model.infiniteRows += ce.infiniteRows;
  model.errors += errorRate(argmaxRows(tm), matrix).errors;
  for (let r = 0; r < n; r++) model.storeRow(batch.firstRow + rows[r]!, ce.rowLossNats[r]!);
}

/**
 * Scores one batch for one model against a label column in one fused pass per row, O(width): the
 * range check, row sum, normalisation, argmax and losses happen in the same loop over the batch's
 * column arrays, with no per-batch copy. With the class order known (`classes`, or `positiveLabel`
 * for one column) each row is scored against its own class, the core's formulas term by term
 * (−ln clip(p_y), log-sum-exp − s_y, Σ_k (1[k = y] − p_k)²). Otherwise every candidate column k is
 * accumulated per label value: −ln clip(p_k) for each k (width logs), and the Brier score of each
 * candidate as Σ_{j<k} p_j² + Σ_{j>k} p_j² + (1 − p_k)² from prefix and suffix sums of squares (no
 * cancellation, unlike Σ p² − 2p_k + 1 when p_k ≈ 1); the end picks the column of each label.
 */
function scoreLabelledBatch(
  model: ModelAccumulator,
  batch: RecordBatch,
  labelOf: Int32Array,
  spec: AggregateSpec,
  eps: number,
  rowProblem: RowProblemReporter,
): void {
  const { columns, vector, width, sources } = predictionColumns(model, batch);
  if (width !== model.width) return;
  const probabilities = model.spec.kind === 'probabilities';
  const normalize = spec.normalize ?? false;
  const vectorValues = vector?.values;
  const labels = batch.labelCodes.get(spec.label!)!.texts;
  const known = width === 1 ? spec.positiveLabel !== undefined : spec.classes !== undefined;
  const c = model.candidates;
  const hi = 1 - eps;
  const row = model.row;
  const aux = model.aux;
  const keepRows = known && spec.perRowLoss !== undefined && spec.perRowLoss !== 'none';
  const fuseBrier = known && probabilities && width > 1;
  // Room for every label id of the batch up front, so the sums can be held in locals.
  let maxId = -1;
  for (let i = 0; i < batch.rowCount; i++) if (labelOf[i]! > maxId) maxId = labelOf[i]!;
  if (maxId < 0) return;
  model.slot(maxId);
  const { loss: lossSums, brier: brierSums, lossLo, brierLo, clipped, infinite, predicted, count } = model;
  for (let i = 0; i < batch.rowCount; i++) {
    const id = labelOf[i]!;
    if (id < 0) continue;
    // Gather and validate the row (first bad value reported), with the argmax of the raw values
    // (first index wins ties, as the core's argmaxRows).
    let sum = 0;
    let best = 0;
    let max = -Infinity;
    let ok = true;
    // With the row's class known, its Brier term over the raw values comes with the gather (the
    // same terms in the same order as the pass below, which it replaces unless the row is rescaled).
    const own = fuseBrier ? knownOf(model, id, labels[id]!, spec) : -1;
    let ownBrier = 0;
    for (let k = 0; k < width; k++) {
      const v = sources !== undefined ? sources[k]![i]! : vectorValues![i * width + k]!;
      if (!usablePrediction(v, k, batch, i, columns, vector !== undefined, probabilities, rowProblem)) {
        ok = false;
        break;
      }
      row[k] = v;
      sum += v;
      if (own >= 0) {
        const d = (k === own ? 1 : 0) - v;
        ownBrier += d * d;
      }
      if (k === 0 || v > max) {
        max = v;
        best = k;
      }
    }
    if (!ok) continue;
    // Rows off by more than the tolerance are reported, or divided by their sum (the core's
    // prepareProbabilityRows); rows within it are used exactly as given.
    let scale = false;
    if (probabilities && width > 1 && Math.abs(sum - 1) > (spec.rowSumTolerance ?? ROW_SUM_TOLERANCE)) {
      if (!normalize || sum === 0) {
        rowProblem(batch, i, 'row-sum', normalize ? `Row sums to 0 and cannot be normalised (${columns.join(' + ')})` : `Row sums to ${formatMessageNumber(sum)}, not 1 (${columns.join(' + ')})`, columns[0]);
        continue;
      }
      scale = true;
    }
    count[id]!++;
    const base = id * c;
    if (width === 1) {
      const v = row[0]!;
      const pPositive = probabilities ? v : sigmoid(v);
      const clippedRow = probabilities && clipProbability(v, eps, hi) !== v;
      predicted[base + ((probabilities ? v > 0.5 : v > 0) ? 1 : 0)]!++;
      const k0 = known ? knownOf(model, id, labels[id]!, spec) : 0;
      const k1 = known ? k0 : 1;
      for (let y = k0; y <= k1; y++) {
        let loss: number;
        if (probabilities) {
          loss = binaryProbabilityLoss(v, y === 1, eps, hi);
        } else loss = softplus(y === 1 ? -v : v);
        const d = y - pPositive;
        addCompensatedAt(lossSums, lossLo, base + y, loss);
        addCompensatedAt(brierSums, brierLo, base + y, d * d);
        if (clippedRow) clipped[base + y]!++;
        if (loss === Infinity) infinite[base + y]!++;
        if (keepRows) model.storeRow(batch.firstRow + i, loss);
      }
      continue;
    }
    // The row's probabilities p: the row as given, divided by the sum into aux, or the softmax of
    // the logits into aux (the core's softmaxInto).
    let p = aux;
    if (probabilities) {
      if (scale) for (let k = 0; k < width; k++) aux[k] = row[k]! / sum;
      else p = row;
    } else softmaxInto(row, 0, width, aux, 0);
    predicted[base + best]!++;
    let k = known ? knownOf(model, id, labels[id]!, spec) : width - 1;
    if (k < 0) continue;
    const last = known ? k : 0;
    // Known: only the row's class. Unknown: every column, backwards so the running sum of squares
    // after k is at hand; the sum before k is added in a second, forward pass.
    let suffix = 0;
    for (; k >= last; k--) {
      const pk = p[k]!;
      let loss: number;
      if (probabilities) {
        loss = probabilityLoss(pk, eps, hi);
        // The clipped flag as before: the column's value, after normalising when asked, against ε.
        const v = normalize ? row[k]! / sum : row[k]!;
        if (clipProbability(v, eps, hi) !== v) clipped[base + k]!++;
      } else loss = negativeLogSoftmax(row, 0, width, k);
      addCompensatedAt(lossSums, lossLo, base + k, loss);
      if (loss === Infinity) infinite[base + k]!++;
      if (known) {
        let brier = ownBrier;
        if (p !== row) {
          brier = 0;
          for (let j = 0; j < width; j++) {
            const d = (j === k ? 1 : 0) - p[j]!;
            brier += d * d;
          }
        }
        addCompensatedAt(brierSums, brierLo, base + k, brier);
        if (keepRows) model.storeRow(batch.firstRow + i, loss);
      } else {
        const d = 1 - pk;
        addCompensatedAt(brierSums, brierLo, base + k, suffix + d * d);
        suffix += pk * pk;
      }
    }
    if (known) continue;
    let prefix = 0;
    for (let j = 0; j < width; j++) {
      addCompensatedAt(brierSums, brierLo, base + j, prefix);
      prefix += p[j]! * p[j]!;
    }
  }
}

/** The true column of a label id when the class order is given up front (cached: the core's label comparison is not free). */
function knownOf(model: ModelAccumulator, id: number, label: string, spec: AggregateSpec): number {
  let k = model.known[id];
  if (k === undefined) {
    k = knownCandidate(model, label, spec);
    model.known[id] = k;
  }
  return k;
}

function coreProblem(error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'unknown-label', severity: 'error', message, line: 0, character: 0, offset: 0, raw: '' };
}
