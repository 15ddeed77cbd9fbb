// Analyze File on Disk: stream the file with the data layer's bounded-memory aggregates (any size,
// progress in bytes, cancel between chunks) and shape the AnalysisResult. Streamed results keep no
// source positions (see RowTable); per-row losses of the primary model are kept, 8 bytes a row.
// Large CSV/TSV files are read in two parts on two threads (parallelStream.ts).
import { open } from 'node:fs/promises';
import { decodeAs, inferRoles, readTable, sniffFile } from '../data';
import type { AggregateResult, AggregateSpec, Table } from '../data';
import { ANALYSIS_SCHEMA_VERSION } from '../protocol/analysis';
import type { AnalysisProblem, AnalysisResult, ColumnChoice, MappingInfo, ModelResult } from '../protocol/analysis';
import type { AnalyzeRequest } from '../protocol/worker';
import { targetClassNames } from './analyzeTable';
import { choiceFromRoles, userMappingInfo } from './columnChoice';
import { streamAggregatesInParts } from './parallelStream';
import type { PartsOptions } from './parallelStream';
import { fileProblem, fromDataProblem } from './problems';
import { rankLosses } from './ranking';
import { AnalysisCancelled } from './workContext';
import type { WorkContext } from './workContext';

/** How much of the file's head is read to detect the columns when none were chosen. */
const HEAD_BYTES = 256 * 1024;

type DiskRequest = AnalyzeRequest & { source: { kind: 'disk' } };

/**
 * The first complete lines of a file (for role inference on a sample), decoded as the stream
 * decodes it (UTF-8, or UTF-16/32 by the BOM). Empty for what the stream refuses (not a regular
 * file, binary, unreadable: opening a FIFO would block here), so the stream alone names it.
 */
async function readHead(path: string): Promise<string> {
  const sniff = await sniffFile(path);
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

/** `parts` adjusts the split (tests force it on small files and name the part-worker script). */
export async function analyzeDisk(request: DiskRequest, context: WorkContext, parts: Pick<PartsOptions, 'splitMinBytes' | 'partScript'> = {}): Promise<AnalysisResult> {
  const { source, options } = request;
  const started = performance.now();
  let columns: ColumnChoice;
  let mapping: MappingInfo;
  const head = readTable(await readHead(source.path), { fileName: source.fileName });
  if (request.columns) {
    columns = request.columns;
    mapping = userMappingInfo('user');
  } else {
    ({ columns, info: mapping } = choiceFromRoles(inferRoles(head)));
  }
  const notes: AnalysisProblem[] = [];
  columns = streamableTruth(columns, head, notes);
  const spec: AggregateSpec = {
    ...(columns.label !== undefined ? { label: columns.label } : {}),
    ...(columns.classes ? { classes: columns.classes } : {}),
    ...(columns.positiveLabel !== undefined ? { positiveLabel: columns.positiveLabel } : {}),
    ...(columns.models ? { models: columns.models.map((m) => ({ name: m.name, kind: m.kind, columns: m.columns })) } : {}),
    ...(columns.targets ? { targets: columns.targets } : {}),
    ...(columns.p?.length === 1 && columns.q?.length === 1 ? { kl: { p: columns.p[0] as string, q: columns.q[0] as string } } : {}),
    epsilon: options.epsilon === null ? 'none' : options.epsilon,
    normalize: options.normalizeRows,
    perRowLoss: 'float64',
  };
  const controller = new AbortController();
  const poll = setInterval(() => {
    if (context.isCancelled()) controller.abort();
  }, 20);
  let aggregate: AggregateResult;
  try {
    ({ result: aggregate } = await streamAggregatesInParts(source.path, spec, {
      ...parts,
      fileName: source.fileName,
      signal: controller.signal,
      maxProblems: options.maxProblems,
      onProgress: (progress) => {
        if (context.isCancelled()) controller.abort();
        context.progress('reading', progress.bytesRead, progress.totalBytes ?? null);
      },
    }));
  } finally {
    clearInterval(poll);
  }
  if (aggregate.cancelled || context.isCancelled()) throw new AnalysisCancelled();
  const result = diskResult(request, aggregate, columns, mapping, performance.now() - started);
  result.problems.unshift(...notes);
  result.problemCount += notes.length;
  return result;
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

function diskResult(request: DiskRequest, aggregate: AggregateResult, columns: ColumnChoice, mapping: MappingInfo, elapsedMs: number): AnalysisResult {
  const n = aggregate.rowCount;
  const models: ModelResult[] = aggregate.models.map((model, k) => {
    const perRow = model.perRowLoss ? Float64Array.from(model.perRowLoss) : new Float64Array(n).fill(Number.NaN);
    return {
      columns: columns.models?.[k] ?? { name: model.name, kind: 'probabilities', columns: model.columns },
      lossNats: perRow,
      trueClassProbability: new Float64Array(n).fill(Number.NaN),
      predictedClass: new Int32Array(n).fill(-1),
      meanLossNats: model.meanNats,
      sumLossNats: model.sumNats,
      brier: model.brier,
      errorRate: model.errorRate,
      n: model.n,
      clippedRows: model.clipped,
      infiniteRows: model.infinite,
    };
  });
  const problems = aggregate.problems.map((problem) => fromDataProblem(problem));
  if (n === 0 && problems.length === 0) problems.push(fileProblem('empty-file', 'No data rows were read.'));
  const totalCount = aggregate.counts.reduce((a, b) => a + b, 0);
  const entropyNats = aggregate.counts.reduce((h, c) => (c > 0 ? h - (c / totalCount) * Math.log(c / totalCount) : h), 0);
  const kl = aggregate.kl;
  return {
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    kind: request.kind,
    source: 'disk',
    uri: request.source.uri,
    documentVersion: -1,
    selection: null,
    unit: request.options.unit,
    epsilon: request.options.epsilon,
    normalizedRows: request.options.normalizeRows,
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
      status: new Uint8Array(n),
      labels: [],
      labelCodes: new Int32Array(0),
      labelValues: [],
      classes: [...aggregate.classes],
      trueClass: new Int32Array(0),
    },
    models,
    entropy:
      totalCount > 0
        ? { entropyNats, maxEntropyNats: Math.log(aggregate.classes.length), classes: [...aggregate.classes], counts: [...aggregate.counts], n: totalCount }
        : null,
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
    rowLoss: models[0] ? rankLosses(`cross-entropy (${models[0].columns.name})`, models[0].lossNats) : null,
    problems: problems.slice(0, request.options.maxProblems),
    problemCount: aggregate.problemCount,
    timing: { parseMs: elapsedMs, computeMs: 0 },
    size: aggregate.bytesRead,
  };
}
