// Analyze File on Disk: stream the file with the data layer's bounded-memory aggregates (any size,
// progress in bytes, cancel between chunks) and shape the AnalysisResult. Streamed results keep no
// source positions (see RowTable); per-row losses of the primary model are kept, 8 bytes a row.
// Large CSV/TSV files are read in two parts on two threads (parallelStream.ts).
import { open } from 'node:fs/promises';
import { analyzeTable } from './analyzeTable';
import { countsEntropy } from '../core';
import { decodeAs, readColumnarTableFile, readTable, sniffFile, writtenRowSumTolerance } from '../data';
import type { Table } from '../data';
import type { AggregateResult, AggregateSpec } from './streamAggregates';
import { ANALYSIS_SCHEMA_VERSION, NO_APPLIED_LOSS } from '../protocol/analysis';
import type { AnalysisProblem, AnalysisResult, ColumnChoice, MappingInfo, ModelResult } from '../protocol/analysis';
import type { AnalysisOptions, AnalyzeRequest } from '../protocol/worker';
import { targetClassNames } from './documentTruth';
import { userMappingInfo } from './columnChoice';
import { startStreamParts } from './parallelStream';
import type { PartsOptions } from './parallelStream';
import { fileProblem, fromDataProblem } from './problems';
import { labelEntropySummary, modelRowLoss, settingsFields } from './resultAssembly';
import { AnalysisCancelled } from './workContext';
import type { WorkContext } from './workContext';

/** Problems of the head's analysis that are about choices the whole file's analysis inherits. */
const HEAD_DECISIONS = new Set(['ambiguous-columns', 'class-order-uncertain', 'class-order-unknown', 'class-order-mismatch']);

/** How much of the file's head is read to detect the columns and class orders. */
const HEAD_BYTES = 256 * 1024;
/** The same for a binary (columnar) file, in rows: about what 256 KiB of a CSV export holds. */
const HEAD_ROWS = 5000;

type DiskRequest = AnalyzeRequest & { source: { kind: 'disk' } };

/**
 * The file's head as a table (for role inference on a sample): the first rows of a Parquet,
 * Arrow or NumPy file, else the first complete lines of text (readHeadText).
 */
export async function readHead(path: string, fileName: string): Promise<Table> {
  const sniff = await sniffFile(path);
  // A Parquet, Arrow or NumPy file: its first rows, read by its own reader.
  if (!sniff.ok && sniff.columnar !== undefined) return readColumnarTableFile(path, sniff.columnar, { rowLimit: HEAD_ROWS, maxProblems: 100 });
  return readTable(await readHeadText(path, sniff), { fileName });
}

/**
 * The first complete lines of a text file, decoded as the stream decodes it (UTF-8, or UTF-16/32
 * by the BOM). Empty for what the stream refuses (not a regular file, binary, unreadable: opening
 * a FIFO would block here), so the stream alone names it.
 */
async function readHeadText(path: string, sniff: Awaited<ReturnType<typeof sniffFile>>): Promise<string> {
  if (!sniff.ok) return '';
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, sniff.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = decodeAs(buffer.subarray(0, bytesRead), sniff.encoding);
    if (bytesRead < HEAD_BYTES) return text;
    const lastBreak = text.lastIndexOf('\n');
    return lastBreak > 0 ? text.slice(0, lastBreak + 1) : text;
  } finally {
    await handle.close();
  }
}

/** How a caller other than the editor streams a file: the CLI's flags over the detection, and no per-row arrays. */
export interface DiskOptions extends Pick<PartsOptions, 'splitMinBytes' | 'partScript'> {
  /** Roles set over the detection (the CLI's --label, --prob, …), as analyzeTable's `overrides`. */
  overrides?: ColumnChoice;
  /**
   * 'none': only the sums, in memory bounded whatever the file's length (the CLI's analyze);
   * the result's per-row arrays are then empty and rowLoss is null. Default 'float64'.
   */
  perRowLoss?: 'float64' | 'none';
  /**
   * 'loss': of the per-row arrays only the losses, as the stream returns them (no copy, no
   * p(true), predicted class, status or ranking: the CLI prints the losses and nothing else per
   * row). Default 'all', what the panel and the hover need.
   */
  rowArrays?: 'all' | 'loss';
  /** Top-k accuracies to count for models against a label (the CLI's --top-k). */
  topK?: readonly number[];
}

/** `parts` adjusts the split (tests force it on small files and name the part-worker script). */
export async function analyzeDisk(request: DiskRequest, context: WorkContext, parts: DiskOptions = {}): Promise<AnalysisResult> {
  const { source, options } = request;
  const { overrides, perRowLoss = 'float64', rowArrays = 'all', topK = [], ...split } = parts;
  const started = performance.now();
  const controller = new AbortController();
  // The part worker is started first, so that its thread loads while this one analyses the head.
  const streamParts = await startStreamParts(source.path, {
    ...split,
    fileName: source.fileName,
    signal: controller.signal,
    maxProblems: options.maxProblems,
    onProgress: (progress) => {
      if (context.isCancelled()) controller.abort();
      context.progress('reading', progress.bytesRead, progress.totalBytes ?? null);
    },
  });
  let decided: HeadDecisions;
  let aggregate: AggregateResult;
  try {
    decided = await decideOnHead(request, context, { overrides, perRowLoss, topK });
    const poll = setInterval(() => {
      if (context.isCancelled()) controller.abort();
    }, 20);
    try {
      ({ result: aggregate } = await streamParts.run(decided.spec));
    } finally {
      clearInterval(poll);
    }
  } finally {
    await streamParts.stop();
  }
  if (aggregate.cancelled || context.isCancelled()) throw new AnalysisCancelled();
  const { spec, columns, mapping, headModels, notes } = decided;
  const result = diskResult(request, aggregate, spec, rowArrays, columns, mapping, headModels, performance.now() - started);
  result.problems.unshift(...notes);
  result.problemCount += notes.length;
  return result;
}

/** What the file's head decided for the whole file's stream. */
interface HeadDecisions {
  spec: AggregateSpec;
  columns: ColumnChoice;
  mapping: MappingInfo;
  headModels: readonly ModelResult[];
  /** The head's warnings about those choices, for the result. */
  notes: AnalysisProblem[];
}

/**
 * The head of the file decides what the whole file cannot be read for: the columns (when not
 * chosen), each model's class order (checked against the head's rows) and the rounding of the
 * numbers as written. Its warnings about those choices come with the result.
 */
async function decideOnHead(request: DiskRequest, context: WorkContext, parts: Pick<DiskOptions, 'overrides' | 'perRowLoss' | 'topK'>): Promise<HeadDecisions> {
  const { source, options } = request;
  const { overrides, perRowLoss = 'float64', topK = [] } = parts;
  const head = await readHead(source.path, source.fileName);
  const headAnalysis = analyzeTable(
    head,
    { kind: 'entropy', decisionsOnly: true, options: { ...options, maxProblems: 100 }, ...(request.columns ? { columns: request.columns } : {}), ...(overrides ? { overrides } : {}) },
    context,
  );
  let columns: ColumnChoice = headAnalysis.columns;
  const mapping: MappingInfo = request.columns ? userMappingInfo('user') : headAnalysis.mapping;
  // A head with no rows decided nothing (the stream names why: a refused or empty file).
  const notes: AnalysisProblem[] = (head.rowCount === 0 ? [] : headAnalysis.problems)
    .filter((problem) => HEAD_DECISIONS.has(problem.code))
    .map((problem) => ({ ...problem, message: `${problem.message.replace(/\.$/, '')} (decided on the first ${head.rowCount.toLocaleString('en-US')} rows).`, range: null, row: null }));
  columns = streamableTruth(columns, head, notes);
  const primary = headAnalysis.models[0];
  const order = primary?.classOrder;
  const decided =
    order && columns.label !== undefined && !columns.targets
      ? primary.columns.columns.length === 1 && order.classes.length === 2 && head.column(primary.columns.columns[0] as string)?.shape !== 'vector'
        ? { positiveLabel: order.classes[1] as string }
        : { classes: order.classes }
      : {};
  const tolerances = (columns.models ?? []).map((model) => (model.kind === 'probabilities' ? writtenRowSumTolerance(head, model.columns) : 0));
  const spec: AggregateSpec = {
    ...(columns.label !== undefined ? { label: columns.label } : {}),
    ...(columns.classes ? { classes: columns.classes } : {}),
    ...(columns.positiveLabel !== undefined ? { positiveLabel: columns.positiveLabel } : {}),
    ...decided,
    ...(columns.models ? { models: columns.models.map((m) => ({ name: m.name, kind: m.kind, columns: m.columns })) } : {}),
    ...(columns.targets ? { targets: columns.targets } : {}),
    ...(columns.p?.length === 1 && columns.q?.length === 1 ? { kl: { p: columns.p[0] as string, q: columns.q[0] as string } } : {}),
    epsilon: options.epsilon === null ? 'none' : options.epsilon,
    normalize: options.normalizeRows,
    rowSumTolerance: Math.max(0, ...tolerances),
    perRowLoss,
    ...(topK.length > 0 ? { topK } : {}),
    ...(options.loss.ignoreLabel !== '' && columns.label !== undefined ? { ignoreLabel: options.loss.ignoreLabel } : {}),
  };
  return { spec, columns, mapping, headModels: headAnalysis.models, notes };
}

/**
 * The streaming aggregates read scalar target columns only. A vector target (`"target": [0, 1, 0]`)
 * with a label column is turned into explicit classes instead: the label each one-hot position
 * co-occurs with in the file's head names that class, so the label alone gives the truth.
 */
function streamableTruth(columns: ColumnChoice, head: Table, notes: AnalysisProblem[]): ColumnChoice {
  const targets = columns.targets;
  if (!targets || targets.length !== 1 || head.column(targets[0] as string)?.shape !== 'vector') return columns;
  const { targets: _dropped, ...rest } = columns;
  if (columns.label === undefined) {
    notes.push(fileProblem('vector-targets-not-streamed', `The vector column "${targets[0]}" cannot be streamed as targets: choose a label column or scalar target columns.`));
    return rest;
  }
  const matrix = head.matrix(targets);
  const t = { data: matrix.values, rows: matrix.rowCount, cols: matrix.width };
  const classes = targetClassNames(targets, matrix.width, t, head.labels(columns.label).values);
  return { ...rest, classes };
}

/** The entropyLens.loss.* settings that are set, by name. */
function lossSettingsInUse(loss: AnalysisOptions['loss']): string[] {
  const set: string[] = [];
  if (loss.classWeight !== '') set.push('entropyLens.loss.classWeight');
  if (loss.positiveWeight !== null) set.push('entropyLens.loss.posWeight');
  if (loss.labelSmoothing !== 0) set.push('entropyLens.loss.labelSmoothing');
  return set;
}

function diskResult(
  request: DiskRequest,
  aggregate: AggregateResult,
  spec: AggregateSpec,
  rowArrays: 'all' | 'loss',
  columns: ColumnChoice,
  mapping: MappingInfo,
  headModels: readonly ModelResult[],
  elapsedMs: number,
): AnalysisResult {
  const classOrder = spec.classes;
  const n = aggregate.rowCount;
  // Without per-row losses (the CLI's sums-only stream) no array is as long as the file.
  const rowLength = spec.perRowLoss === 'none' || rowArrays === 'loss' ? 0 : n;
  const models: ModelResult[] = aggregate.models.map((model, k) => {
    const perRow =
      model.perRowLoss === undefined
        ? new Float64Array(rowLength).fill(Number.NaN)
        : rowArrays === 'loss' && model.perRowLoss instanceof Float64Array
          ? model.perRowLoss
          : Float64Array.from(model.perRowLoss);
    return {
      columns: columns.models?.[k] ?? { name: model.name, kind: 'probabilities', columns: model.columns },
      lossNats: perRow,
      trueClassProbability: new Float64Array(rowLength).fill(Number.NaN),
      predictedClass: new Int32Array(rowLength).fill(-1),
      meanLossNats: model.meanNats,
      sumLossNats: model.sumNats,
      brier: model.brier,
      errorRate: model.errorRate,
      n: model.n,
      clippedRows: model.clipped,
      infiniteRows: model.infinite,
      normalizedRows: 0,
      roundedRows: 0,
      classOrder: headModels[k]?.classOrder ?? null,
      ...(model.classification ? { classification: { ...model.classification, rocAuc: null, averagePrecision: null } } : {}),
    };
  });
  const problems = aggregate.problems.map((problem) => fromDataProblem(problem));
  if (n === 0 && problems.length === 0) problems.push(fileProblem('empty-file', 'No data rows were read.'));
  const lossSettings = [...lossSettingsInUse(request.options.loss), ...(columns.sampleWeight !== undefined && models.length > 0 ? [`the sample weights in "${columns.sampleWeight}"`] : [])];
  if (lossSettings.length > 0) {
    problems.push(
      fileProblem(
        'loss-settings-not-streamed',
        `${lossSettings.join(', ')} ${lossSettings.length === 1 ? 'is' : 'are'} not applied by Analyze File on Disk yet: these numbers are unweighted over every row. Open the file as a document (or use the CLI's in-memory flags) for them.`,
        'warning',
      ),
    );
  }
  const totalCount = aggregate.counts.reduce((a, b) => a + b, 0);
  const entropyNats = countsEntropy(aggregate.counts);
  const kl = aggregate.kl;
  return {
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    kind: request.kind,
    source: 'disk',
    uri: request.source.uri,
    documentVersion: -1,
    selection: null,
    ...settingsFields(request.options),
    loss: spec.ignoreLabel !== undefined ? { ...NO_APPLIED_LOSS, ignoredLabel: { value: spec.ignoreLabel, rows: aggregate.ignoredRows ?? 0 } } : NO_APPLIED_LOSS,
    columns,
    mapping,
    table: {
      format: aggregate.format,
      delimiter: aggregate.delimiter ?? null,
      columns: aggregate.columns.map((name) => ({ name, shape: 'scalar', width: 1, numeric: true })),
    },
    rows: {
      count: n,
      firstLine: new Uint32Array(0),
      lastLine: new Uint32Array(0),
      startCharacter: new Uint32Array(0),
      endCharacter: new Uint32Array(0),
      status: new Uint8Array(rowLength),
      labels: [],
      labelCodes: new Int32Array(0),
      labelValues: [],
      // The models' class order when it was decided (the order their columns are in), else sorted.
      classes: [...(classOrder ?? aggregate.classes)],
      trueClass: new Int32Array(0),
      idColumn: null,
      ids: [],
    },
    models,
    entropy: totalCount > 0 ? labelEntropySummary(entropyNats, [...aggregate.classes], [...aggregate.counts], totalCount) : null,
    kl: kl
      ? {
          mode: 'overRows',
          pColumns: columns.p ?? [],
          qColumns: columns.q ?? [],
          pqNats: kl.pqNats,
          qpNats: kl.qpNats,
          jsNats: Number.NaN,
          entropyPNats: Number.NaN,
          crossEntropyNats: Number.NaN,
          infinitePq: kl.infinitePq,
          infiniteQp: kl.infiniteQp,
          p: null,
          q: null,
          pSum: kl.sumP,
          qSum: kl.sumQ,
          rowPqNats: new Float64Array(0),
          rowQpNats: new Float64Array(0),
          rowJsNats: null,
        }
      : null,
    fit: null,
    rowLoss: models[0] && rowLength > 0 ? modelRowLoss(models[0]) : null,
    problems: problems.slice(0, request.options.maxProblems),
    problemCount: aggregate.problemCount,
    timing: { parseMs: elapsedMs, computeMs: 0 },
    size: aggregate.bytesRead,
  };
}
