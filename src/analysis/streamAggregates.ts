// The streaming aggregates: the record batches of streamRecords fed to the core's accumulators (one
// LossAccumulator per model, the divergence sums for KL) in one bounded-memory pass, or one byte
// range of the file (merged by aggregateParts.ts), and their finished result with its problems.
import { DEFAULT_MAX_PROBLEMS, formatMessageNumber, ProblemCollector, quoteValue } from '../data/problems';
import type { Problem } from '../data/types';
import type { AggregatePart } from './aggregateParts';
import {
  addDivergencePair,
  addDivergenceTerms,
  addEntropyWeight,
  addRowDivergences,
  addRowEntropies,
  binaryTargets,
  columnBatch,
  DEFAULT_EPSILON,
  emptyDivergenceSums,
  emptyDivergenceTermSums,
  emptyEntropySums,
  emptyLossSums,
  emptyRowDivergenceSums,
  emptyRowEntropySums,
  finishDivergenceSums,
  labelledClassLosses,
  labelledConfusion,
  labelledTopK,
  labelledTotals,
  leftOutLabels,
  LossAccumulator,
  mapColumnsToClasses,
  ROW_SUM_TOLERANCE,
  rowDivergences,
  rowEntropies,
  rowRejection,
  sameLabel,
  sortClasses,
  targetTotals,
} from '../core';
import type { DivergenceTermSums, EntropySums, LossTotals, Matrix, PredictionBatch, RejectRow, RowDivergenceSums, RowEntropySums, WeightNormalizer } from '../core';
import { componentName, componentNames } from '../data/componentNames';
import { didYouMean } from '../data/validate';
import { labelMatcher } from './labelSet';
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
  /**
   * Columns each taken as one distribution over the rows: their entropy sums (the CLI's `entropy
   * --column`, and the first pass of `kl` over two columns). Infinite and negative values are the
   * reader's problems at their cells, and leave the row out of that column's sums.
   */
  distributions?: readonly string[];
  /** The second pass of `kl` over two columns: each row's divergence terms, normalised by the first pass's totals. */
  divergenceTerms?: { p: string; q: string; normalizerP: WeightNormalizer; normalizerQ: WeightNormalizer };
  /** A probability group (columns, or one vector column) whose rows' entropies are scored (the CLI's `entropy --dist`). */
  rowEntropy?: readonly string[];
  /** Two probability groups scored row by row: D(P‖Q), D(Q‖P), JS of each row (the CLI's `kl` over column groups). */
  rowDivergence?: { p: readonly string[]; q: readonly string[] };
  /** Probability clipping; default the core's default ε; `'none'` gives +∞ losses. */
  epsilon?: number | 'none';
  /** Normalise probability rows first instead of reporting rows that do not sum to 1. */
  normalize?: boolean;
  /**
   * |Σp − 1| a row may be off by and still be used as given; default 1e-6. Callers pass the
   * rounding of the numbers as written (six decimals over three columns: 1.5e-6).
   */
  rowSumTolerance?: number;
  /** Top-k accuracies to count (class rows; the rank of each row's candidate columns). */
  topK?: readonly number[];
  /** Keep per-row losses of each model (8 or 4 bytes a row). Default `'none'`. */
  perRowLoss?: 'float64' | 'float32' | 'none';
  /**
   * A label value whose rows are in no score, class count or class mapping, only counted
   * (PyTorch's ignore_index; a number matches however it is written).
   */
  ignoreLabel?: string;
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
  /** Against a label column: confusion (rows true, columns predicted), per-class rows and mean loss, top-k, in the model's class order. */
  classification?: { confusion: number[][]; support: number[]; meanLossNats: number[]; topKAccuracy: Record<string, number> };
}

/** Streamed aggregates; every number in nats. */
export interface AggregateResult extends StreamSummary {
  classes: string[];
  /** Label counts in `classes` order (entropy of the label column). */
  counts: number[];
  models: StreamModelResult[];
  /** With `ignoreLabel`: the rows that carried it. */
  ignoredRows?: number;
  kl?: {
    sumP: number;
    sumQ: number;
    /** D(P‖Q) and D(Q‖P) of the normalised columns, +∞ where P>0 and Q=0 (counted). */
    pqNats: number;
    qpNats: number;
    infinitePq: number;
    infiniteQp: number;
  };
  /** With `distributions`: each column's entropy sums, in their order (finished by the core: distributionEntropyOfSums, divergenceFirstPass). */
  distributions?: EntropySums[];
  /** With `divergenceTerms`: the second pass's sums (the core's divergenceOfSums finishes them). */
  divergenceTerms?: DivergenceTermSums;
  /** With `rowEntropy` / `rowDivergence`: the sums of the rows scored (their means); the rows themselves went to `onRows`. */
  rowEntropy?: RowEntropySums;
  rowDivergence?: RowDivergenceSums;
}

/** How to stream the aggregates: the reader's options, and where per-row values go. */
export interface AggregateOptions extends StreamOptions {
  /**
   * Each batch's per-row values, in row order, while no row has been refused: `rowEntropy`'s [H],
   * `rowDivergence`'s [D(P‖Q), D(Q‖P), JS] (new arrays, so they may be kept or moved). Bounded
   * memory: the caller writes them on (the CLI to a temporary file), nothing here holds them.
   */
  onRows?: (values: Float64Array[]) => void;
}

/**
 * Streams a file once and computes, with bounded memory: label counts (entropy of the label
 * column), and per model the sum and mean cross-entropy, Brier score, error rate, clipped and
 * infinite rows (all in nats), plus KL sums for two columns taken as distributions over rows.
 *
 * Each model's batches go to the core's LossAccumulator, the road the in-memory table takes too,
 * so the numbers are the same to the bit. When the class order (and so each row's true column) is
 * given up front, each row is scored against its class; when it is only known once every label
 * has been seen, the sums are kept per label value and candidate column, and at the end the core's
 * mapping rule (mapColumnsToClasses, binaryTargets) picks the column of each label. Memory:
 * O(labels × classes) plus, when asked, one float per row for per-row losses (available when the
 * mapping is known up front: `classes` given for several columns, `positiveLabel` for one column,
 * or `targets`).
 * KL: D(P‖Q) = (1/ΣP)·Σ P ln(P/Q) − ln ΣP + ln ΣQ over rows, +∞ when some P > 0 has Q = 0.
 * The CLI's entropy and kl: the core's EntropySums of `distributions` columns, the second pass of
 * `divergenceTerms`, and the per-row scores of `rowEntropy` / `rowDivergence` (core rowEntropies
 * and rowDivergences a batch at a time, their rows handed to `onRows`, their sums kept).
 * Rows with a missing or invalid value are left out of that model and reported as problems (rows
 * whose probabilities do not sum to 1 too, unless `normalize`, which also takes rows on any
 * non-negative scale such as percentages). Never rejects.
 * Example: samples/three-class-models.csv with `targets: ['target_0', 'target_1', 'target_2']` and
 * models m1_p0..2 and m2_p0..2 gives meanNats 1.3783889 and 0.6391076 (1.988595 and 0.922037 bits),
 * the same as the core's softCrossEntropy on the whole file.
 */
export async function streamAggregates(source: StreamSource, spec: AggregateSpec, options: AggregateOptions = {}): Promise<AggregateResult> {
  return finishAggregates(await streamAggregatePart(source, spec, options), spec, options);
}

/**
 * The first half of `streamAggregates`: one pass over the source (or `options.range` of it) that
 * keeps the sums per label value, before the class mapping is resolved. Parts of consecutive
 * ranges merge with `mergeAggregateParts`; `finishAggregates` turns a part into the result.
 */
export async function streamAggregatePart(source: StreamSource, spec: AggregateSpec, options: AggregateOptions = {}): Promise<AggregatePart> {
  const eps = spec.epsilon ?? DEFAULT_EPSILON;
  const epsValue = eps === 'none' ? 0 : eps;
  // Made at the first batch, after the check of ε (a bad ε stops the stream as a read error).
  let models: ModelScorer[] | undefined;
  const numbers = new Set<string>();
  for (const model of spec.models ?? []) for (const c of model.columns) numbers.add(c);
  for (const c of spec.targets ?? []) numbers.add(c);
  if (spec.kl !== undefined) {
    numbers.add(spec.kl.p);
    numbers.add(spec.kl.q);
  }
  const distributionColumns = [...(spec.distributions ?? []), ...(spec.divergenceTerms ? [spec.divergenceTerms.p, spec.divergenceTerms.q] : [])];
  for (const c of distributionColumns) numbers.add(c);
  for (const c of [...(spec.rowEntropy ?? []), ...(spec.rowDivergence?.p ?? []), ...(spec.rowDivergence?.q ?? [])]) numbers.add(c);
  const distributions = (spec.distributions ?? []).map(() => emptyEntropySums());
  const divergenceTerms = emptyDivergenceTermSums();
  const rowEntropy = emptyRowEntropySums();
  const rowDivergence = emptyRowDivergenceSums();
  // Once a row is refused the command prints no rows: they are no longer scored, only checked.
  let rowsRefused = false;
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
    // The core's own check of ε: thrown, the stream stops with it as a read-error problem.
    if ((spec.models ?? []).length > 0 && !(epsValue >= 0 && epsValue < 0.5)) throw new Error(`eps must be in [0, 0.5) or 'none', got ${epsValue}`);
    models ??= (spec.models ?? []).map((model) => modelScorer(model, spec, epsValue));
    for (const model of models) {
      const predictions = predictionBatch(model.spec, batch);
      const reject = rejectionReporter(model.spec, predictions.columns === undefined, spec.normalize ?? false, batch, rowProblem);
      if (spec.targets !== undefined) {
        const targets = columnBatch(
          spec.targets.map((c) => batch.numbers.get(c)!),
          n,
        );
        model.accumulator.addTargets(predictions, targets, labelOf, batch.firstRow, reject);
      } else if (labelOf !== undefined) {
        const labels = batch.labelCodes.get(spec.label!)!.texts;
        const trueColumnOf = model.known(predictions.width) ? (id: number): number => knownCandidate(predictions.width, labels[id]!, spec) : undefined;
        model.accumulator.addLabelled(predictions, labelOf, trueColumnOf, batch.firstRow, reject);
      }
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
    (spec.distributions ?? []).forEach((name, d) => {
      const w = batch.numbers.get(name)!;
      const sums = distributions[d]!;
      // NaN, ±Infinity and negative values are the reader's problems (at their cells).
      for (let i = 0; i < n; i++) if (w[i]! >= 0 && w[i]! !== Infinity) addEntropyWeight(sums, w[i]!);
    });
    if (spec.divergenceTerms !== undefined) {
      const { p: pName, q: qName, normalizerP, normalizerQ } = spec.divergenceTerms;
      const p = batch.numbers.get(pName)!;
      const q = batch.numbers.get(qName)!;
      for (let i = 0; i < n; i++) {
        const a = p[i]!;
        const b = q[i]!;
        if (a >= 0 && a !== Infinity && b >= 0 && b !== Infinity) addDivergenceTerms(divergenceTerms, a, b, normalizerP, normalizerQ);
      }
    }
    if (spec.rowEntropy !== undefined) {
      const group = checkedGroup(spec.rowEntropy, spec, batch, rowProblem);
      rowsRefused ||= group === undefined;
      if (!rowsRefused && group !== undefined) {
        const h = rowEntropies(group, { normalize: spec.normalize ?? false, rowSumTolerance: spec.rowSumTolerance ?? ROW_SUM_TOLERANCE });
        addRowEntropies(rowEntropy, h);
        options.onRows?.([h.rowEntropyNats]);
      }
    }
    if (spec.rowDivergence !== undefined) {
      const p = checkedGroup(spec.rowDivergence.p, spec, batch, rowProblem);
      const q = checkedGroup(spec.rowDivergence.q, spec, batch, rowProblem);
      if (p !== undefined && q !== undefined && p.cols !== q.cols) rowProblem(batch, 0, 'vector-length', `P has ${p.cols} values a row here but Q ${q.cols}: they must match`);
      rowsRefused ||= p === undefined || q === undefined || p.cols !== q.cols;
      if (!rowsRefused && p !== undefined && q !== undefined) {
        const d = rowDivergences(p, q, { normalize: spec.normalize ?? false, rowSumTolerance: spec.rowSumTolerance ?? ROW_SUM_TOLERANCE });
        addRowDivergences(rowDivergence, d);
        options.onRows?.([d.rowKlPQNats, d.rowKlQPNats, d.rowJsNats]);
      }
    }
  };

  const summary = await streamRecords(source, { numbers: [...numbers], distributions: distributionColumns, labelCodes: spec.label === undefined ? [] : [spec.label] }, onBatch, options);
  return {
    summary,
    labels: labelTexts.slice(0, labelCounts.length),
    labelFirstLine,
    labelFirstCharacter,
    labelFirstOffset,
    labelCounts,
    models: models?.map((model) => model.accumulator.sums()) ?? (spec.models ?? []).map(() => emptyLossSums()),
    kl,
    distributions,
    divergenceTerms,
    rowEntropy,
    rowDivergence,
    rowProblems: extra.problems,
    rowProblemCount: extra.count,
  };
}

/**
 * A batch's rows of a probability group as a row-major matrix, or undefined when some row cannot
 * be scored: a missing value (the reader's problem) or one the core's row rule refuses (rowRejection:
 * outside [0, 1], not finite, a sum off 1 by more than the tolerance), each reported at its row.
 */
function checkedGroup(columns: readonly string[], spec: AggregateSpec, batch: RecordBatch, rowProblem: RowProblemReporter): Matrix | undefined {
  const model: StreamModelSpec = { kind: 'probabilities', columns };
  const predictions = predictionBatch(model, batch);
  const normalize = spec.normalize ?? false;
  const rule = { kind: 'probabilities' as const, normalize, rowSumTolerance: spec.rowSumTolerance ?? ROW_SUM_TOLERANCE };
  const reject = rejectionReporter(model, predictions.columns === undefined, normalize, batch, rowProblem);
  let clean = true;
  for (let i = 0; i < predictions.rows; i++) {
    const rejection = rowRejection(predictions, i, rule);
    if (rejection === undefined) continue;
    clean = false;
    reject(i, rejection);
  }
  if (!clean) return undefined;
  const { rows, width } = predictions;
  const data = new Float64Array(rows * width);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < width; k++) data[i * width + k] = predictions.columns !== undefined ? predictions.columns[k]![i]! : predictions.store![predictions.offset + i * predictions.stride + k]!;
  }
  return { data, rows, cols: width };
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
  const all = part.labels;
  const result: AggregateResult = { ...summary, classes: [], counts: [], models: [] };
  // The ignored label's ids are in no class: they map to no column (their sums are left out).
  const isIgnored = ignoredLabelTest(spec);
  const ignoredIds = all.map((label) => isIgnored(label));
  const distinct = all.filter((_, id) => !ignoredIds[id]);
  if (spec.ignoreLabel !== undefined) result.ignoredRows = all.reduce((sum, _, id) => sum + (ignoredIds[id] ? (labelCounts[id] ?? 0) : 0), 0);
  if (distinct.length > 0) {
    try {
      const sorted = sortClasses(distinct);
      result.classes = sorted.classes.map(String);
      result.counts = sorted.classes.map(() => 0);
      all.forEach((label, id) => {
        if (ignoredIds[id]) return;
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
    const take = (totals: LossTotals): void => {
      Object.assign(out, { n: totals.n, sumNats: totals.sumNats, brier: totals.brier, errorRate: totals.errorRate, clipped: totals.clippedRows, infinite: totals.infiniteRows });
    };
    if (spec.targets !== undefined) take(targetTotals(model));
    else if (model.width > 0 && distinct.length > 0) {
      try {
        const kept = candidateOf(model.width, modelSpec.columns, distinct, spec);
        // Back to every label id: an ignored one has no column.
        let next = 0;
        const candidate = all.map((_, id) => (ignoredIds[id] ? -1 : (kept[next++] as number)));
        for (const { id, count } of leftOutLabels(model, candidate)) {
          if (ignoredIds[id]) continue;
          const label = all[id]!;
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
        }
        take(labelledTotals(model, candidate));
        const losses = labelledClassLosses(model, candidate);
        out.classification = {
          confusion: labelledConfusion(model, candidate),
          support: losses.support,
          meanLossNats: losses.meanNats,
          topKAccuracy: Object.fromEntries((spec.topK ?? []).map((k) => [String(k), labelledTopK(model, candidate, k)])),
        };
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
  if (spec.distributions !== undefined) result.distributions = part.distributions;
  if (spec.divergenceTerms !== undefined) result.divergenceTerms = part.divergenceTerms;
  if (spec.rowEntropy !== undefined) result.rowEntropy = part.rowEntropy;
  if (spec.rowDivergence !== undefined) result.rowDivergence = part.rowDivergence;
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

const ignoredLabelTests = new WeakMap<AggregateSpec, (label: string) => boolean>();

/** Whether a label is the spec's ignored one (the matcher made once per spec: it runs per batch). */
function ignoredLabelTest(spec: AggregateSpec): (label: string) => boolean {
  let test = ignoredLabelTests.get(spec);
  if (!test) {
    test = spec.ignoreLabel === undefined ? () => false : labelMatcher(spec.ignoreLabel);
    ignoredLabelTests.set(spec, test);
  }
  return test;
}

/** Candidate column for a label when the mapping is known up front (per-row losses), else -1. */
function knownCandidate(width: number, label: string, spec: AggregateSpec): number {
  if (spec.ignoreLabel !== undefined && ignoredLabelTest(spec)(label)) return -1;
  if (width === 1) return spec.positiveLabel === undefined ? -1 : sameLabel(label, spec.positiveLabel) ? 1 : 0;
  if (spec.classes === undefined) return -1;
  return spec.classes.findIndex((c) => sameLabel(c, label));
}

/** One model's accumulator, and whether its class mapping is known before the first row. */
interface ModelScorer {
  spec: StreamModelSpec;
  accumulator: LossAccumulator;
  known(width: number): boolean;
}

function modelScorer(model: StreamModelSpec, spec: AggregateSpec, eps: number): ModelScorer {
  const accumulator = new LossAccumulator({
    kind: model.kind,
    eps,
    normalize: spec.normalize ?? false,
    rowSumTolerance: spec.rowSumTolerance ?? ROW_SUM_TOLERANCE,
    perRowLoss: spec.perRowLoss ?? 'none',
    ranks: (spec.topK ?? []).length > 0,
  });
  return { spec: model, accumulator, known: (width) => (width === 1 ? spec.positiveLabel !== undefined : spec.classes !== undefined) };
}

/** A model's columns in a batch: one vector column (row-major) or one array per scalar column. */
function predictionBatch(model: StreamModelSpec, batch: RecordBatch): PredictionBatch {
  const columns = model.columns;
  const vector = columns.length === 1 ? batch.vectors.get(columns[0]!) : undefined;
  if (vector !== undefined) return { rows: batch.rowCount, width: vector.width, columns: undefined, store: vector.values, stride: vector.width, offset: 0 };
  return columnBatch(
    columns.map((c) => batch.numbers.get(c)!),
    batch.rowCount,
  );
}

/** Reports a row problem for the batch's row `i` (set up by streamAggregates). */
type RowProblemReporter = (batch: RecordBatch, i: number, code: Problem['code'], message: string, column?: string) => void;

/**
 * The accumulator's reasons for leaving a row out, as positioned problems. A NaN (missing value or
 * target) is already the reader's problem at its cell, so it is not reported twice.
 */
function rejectionReporter(model: StreamModelSpec, vector: boolean, normalize: boolean, batch: RecordBatch, rowProblem: RowProblemReporter): RejectRow {
  const columns = model.columns;
  const probabilities = model.kind === 'probabilities';
  const all = columns.join(' + ');
  return (i, rejection) => {
    switch (rejection.reason) {
      case 'missing':
      case 'missing-target':
        return;
      case 'not-finite':
        rowProblem(batch, i, probabilities ? 'probability-out-of-range' : 'not-a-number', `${columns.join(', ')}: ${rejection.value} is not a finite number`, columns[0]);
        return;
      case 'out-of-range':
        rowProblem(
          batch,
          i,
          'probability-out-of-range',
          `${componentName(columns, rejection.column, vector)} = ${formatMessageNumber(rejection.value)} ${normalize && rejection.value < 0 ? 'is negative' : 'is outside [0, 1]'}`,
          columns[0],
        );
        return;
      case 'row-sum':
        rowProblem(batch, i, 'row-sum', `Row sums to ${formatMessageNumber(rejection.sum)}, not 1 (${all})`, columns[0]);
        return;
      case 'zero-sum':
        rowProblem(batch, i, 'row-sum', `Row sums to 0 and cannot be normalised (${all})`, columns[0]);
        return;
    }
  };
}

function coreProblem(error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'unknown-label', severity: 'error', message, line: 0, character: 0, offset: 0, raw: '' };
}
