// The in-memory analysis: read the document with the data layer, choose columns, validate them
// (bad rows become problems and are left out; the other rows are still scored), run the core on
// the scored rows and assemble the AnalysisResult with per-row arrays over all rows.
import { readFileSync, statSync } from 'node:fs';
import {
  CoreError,
  divergence,
  isCoreError,
  mapColumnsToClasses,
  rowDivergences,
  rowEntropies,
} from '../core';
import type { ClassLabel, Matrix } from '../core';
import { decodeFileBytes, inferRoles, readTable, validateLabels, validateNumeric, validateProbabilities } from '../data';
import type { Problem, ProblemReport, Table } from '../data';
import { ANALYSIS_SCHEMA_VERSION, LABEL_TEXT_ROW_LIMIT, RowStatus } from '../protocol/analysis';
import type {
  AnalysisProblem,
  AnalysisResult,
  ColumnChoice,
  EntropySummary,
  FitSummary,
  KlSummary,
  MappingInfo,
  ModelColumns,
  ModelResult,
  RowLoss,
  RowTable,
  TableInfo,
} from '../protocol/analysis';
import type { AnalyzeRequest } from '../protocol/worker';
import { applyLogitOverride, choiceFromRoles, userMappingInfo } from './columnChoice';
import { fitRows } from './fitRows';
import { fileProblem, fromCoreError, fromDataProblem } from './problems';
import { binaryRows, classesOf, encodeRows, labelEntropyOf, rowLabels, subsetLabels } from '../analysis/labelSet';
import type { LabelSet } from '../analysis/labelSet';
import { rankLosses } from './ranking';
import { scoreModel } from '../analysis/scoreModel';
import type { Truth } from '../analysis/scoreModel';
import { gatherMatrix, relativeEntropy, scatter } from './subset';
import { matchesDocument } from './documentCheck';
import { AnalysisCancelled } from './workContext';
import type { WorkContext } from './workContext';

export { AnalysisCancelled } from './workContext';
export type { WorkContext } from './workContext';

/** Collects problems once each (two views of one cell report it once), up to the listing cap. */
class ProblemSink {
  readonly listed: AnalysisProblem[] = [];
  count = 0;
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}

  add(problem: AnalysisProblem): void {
    const key = `${problem.code}:${problem.range?.start.line}:${problem.range?.start.character}:${problem.column}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.count++;
    if (this.listed.length < this.max) this.listed.push(problem);
  }

  /** Counts problems the data layer did not list (beyond its own cap). */
  addUnlisted(extra: number): void {
    if (extra > 0) this.count += extra;
  }
}

type DocumentRequest = AnalyzeRequest & { source: { kind: 'document' } };

/**
 * Runs one analysis of a document's text (`streamedText`: the joined slices of a streamed source).
 * Throws AnalysisCancelled when cancelled, DocumentChanged when a file read for it is stale.
 */
export function analyzeDocument(request: DocumentRequest, context: WorkContext, streamedText?: string): AnalysisResult {
  const { source, options } = request;
  const started = performance.now();
  const text = documentText(source, streamedText);
  context.progress('parsing', 0, text.length);
  const table = readTable(text, {
    fileName: source.fileName,
    ...(request.selection ? { selection: request.selection } : {}),
    maxProblems: options.maxProblems,
  });
  const parseMs = performance.now() - started;
  context.progress('parsing', text.length, text.length);
  if (context.isCancelled()) throw new AnalysisCancelled();

  const problems = new ProblemSink(options.maxProblems);
  const n = table.rowCount;
  const status = new Uint8Array(n);
  const reportRowProblem = (problem: AnalysisProblem): void => {
    if (options.ignoreMissing && problem.code === 'missing-value' && problem.row !== null) {
      if (status[problem.row] === RowStatus.ok) status[problem.row] = RowStatus.ignored;
      return;
    }
    problems.add(problem);
    if (problem.severity === 'error' && problem.row !== null && status[problem.row] === RowStatus.ok) status[problem.row] = RowStatus.problem;
  };
  const addReport = (report: ProblemReport | { problems: readonly Problem[]; problemCount: number }, fixColumns?: readonly string[]): void => {
    for (const problem of report.problems) reportRowProblem(fromDataProblem(problem, fixColumns));
    problems.addUnlisted(report.problemCount - report.problems.length);
  };
  addReport({ problems: table.problems, problemCount: table.problemCount });

  // Columns: the caller's, else the data layer's proposal; drop references to missing columns.
  let columns: ColumnChoice;
  let mapping: MappingInfo;
  if (request.columns) {
    columns = request.columns;
    mapping = userMappingInfo('user');
  } else {
    ({ columns, info: mapping } = choiceFromRoles(inferRoles(table)));
    // Say when the detection had to guess (e.g. probability-named columns holding logits).
    if (mapping.ambiguity) problems.add(fileProblem('ambiguous-columns', `Column roles guessed: ${mapping.ambiguity}. Use Choose Columns… to decide.`, 'information'));
  }
  columns = keepKnownColumns(applyLogitOverride(columns, options.treatAsLogits), table, problems);

  const kind = request.kind;
  const wantModels = (kind === 'analyze' || kind === 'crossEntropy' || kind === 'entropy') && (columns.models?.length ?? 0) > 0;
  const wantKl = (kind === 'kl' || kind === 'analyze') && (columns.p?.length ?? 0) > 0 && (columns.q?.length ?? 0) > 0;
  const fitAsked = kind === 'fitLogistic' || kind === 'fitSoftmax';
  const wantFit =
    (fitAsked || (kind === 'analyze' && !wantModels)) && columns.label !== undefined && (columns.features?.length ?? 0) > 0;
  if (kind === 'crossEntropy' && !wantModels) problems.add(fileProblem('no-prediction-columns', 'No probability or logit columns found: use Choose Columns… to pick them.'));
  if (kind === 'crossEntropy' && wantModels && columns.label === undefined && !columns.targets) {
    problems.add(fileProblem('no-truth-column', 'No label or target columns found: use Choose Columns… to pick them.'));
  }
  if (kind === 'kl' && !wantKl) problems.add(fileProblem('no-distribution-columns', 'No P and Q columns: pick two columns of non-negative numbers.'));
  if (fitAsked && !wantFit) {
    problems.add(fileProblem('no-fit-columns', columns.label === undefined ? 'No label column to fit: use Choose Columns….' : 'No numeric feature columns to fit: use Choose Columns….'));
  }

  // Validate every column the analysis reads; error problems take their rows out of the scoring.
  // Codes, not a string per row: the core's label rules then run once per distinct label.
  const labelColumn = columns.label !== undefined ? table.labelCodes(columns.label) : undefined;
  if (labelColumn) addReport(labelColumn, columns.label ? [columns.label] : undefined);
  const needsTruth = wantModels || wantFit;
  const models = wantModels ? (columns.models ?? []) : [];
  const targets = columns.targets && needsTruth ? table.matrix(columns.targets) : undefined;
  if (columns.targets && targets) addReport(validateNumeric(table, columns.targets, options.maxProblems));
  const modelValues = models.map((model) => {
    const matrix = table.matrix(model.columns);
    const report =
      model.kind === 'probabilities'
        ? validateProbabilities(table, model.columns, { ...(options.normalizeRows ? { checkRowSums: false } : {}), maxProblems: options.maxProblems, matrix })
        : validateNumeric(table, model.columns, options.maxProblems);
    addReport(report, model.columns);
    return matrix;
  });
  const features = wantFit && columns.features ? table.matrix(columns.features) : undefined;
  if (features && columns.features) addReport(validateNumeric(table, columns.features, options.maxProblems));
  const pValues = wantKl && columns.p ? table.matrix(columns.p) : undefined;
  const qValues = wantKl && columns.q ? table.matrix(columns.q) : undefined;
  if (pValues && columns.p) addReport(validateNumeric(table, columns.p, options.maxProblems));
  if (qValues && columns.q) addReport(validateNumeric(table, columns.q, options.maxProblems));

  // A truth label must be a class of the primary multi-class model (e.g. a typo like "hrse").
  // Classes come from every present label, not only the rows scored, so one bad row cannot
  // change which column is which class.
  const primaryWidth = modelValues[0]?.width ?? 0;
  const targetsAreTruth = columns.targets !== undefined && targets !== undefined && targets.width === primaryWidth;
  let modelClasses: readonly ClassLabel[] | undefined;
  if (labelColumn && columns.label && models[0] && primaryWidth > 1 && !targetsAreTruth) {
    modelClasses = classesForModel(models[0], primaryWidth, labelColumn.distinct.filter((v) => v !== ''), columns.classes);
    if (modelClasses) addReport(validateLabels(table, columns.label, modelClasses.map(String), options.maxProblems, labelColumn));
  }
  if (context.isCancelled()) throw new AnalysisCancelled();
  context.progress('computing', 0, null);

  // Score; a core refusal naming rows takes those rows out and the scoring runs again.
  const computeStarted = performance.now();
  let computed: Computed | undefined;
  for (let attempt = 0; attempt < 3 && !computed; attempt++) {
    const rowIds = okRowIds(status);
    try {
      computed = compute({
        request, table, columns, rowIds, labelColumn, targets, models, modelValues, modelClasses,
        features, pValues, qValues, wantKl, wantFit, context, problems,
      });
    } catch (error) {
      if (error instanceof AnalysisCancelled) throw error;
      if (!isCoreError(error) || error.rows.length === 0) throw error;
      const names = error.code === 'labelNotInClasses' && columns.label ? [columns.label] : (models[0]?.columns ?? []);
      for (const problem of fromCoreError(error, table, names, rowIds)) reportRowProblem(problem);
    }
  }
  if (!computed) throw new CoreError('badOption', 'rows kept failing the checks of the numeric core');

  return {
    schemaVersion: ANALYSIS_SCHEMA_VERSION,
    kind,
    source: 'document',
    uri: source.uri,
    documentVersion: source.version,
    selection: request.selection ? { ...request.selection } : null,
    unit: options.unit,
    epsilon: options.epsilon,
    normalizedRows: options.normalizeRows,
    columns,
    mapping,
    table: tableInfo(table),
    rows: rowTable(table, text, status, labelColumn, computed.classes, computed.trueClass),
    models: computed.models,
    entropy: computed.entropy,
    kl: computed.kl,
    fit: computed.fit,
    rowLoss: computed.rowLoss,
    problems: problems.listed,
    problemCount: problems.count,
    timing: { parseMs, computeMs: performance.now() - computeStarted },
    size: text.length,
  };
}

/** Thrown when a file read for a `path` source is not the document's text (see DOCUMENT_CHANGED). */
export class DocumentChanged extends Error {
  constructor(path: string) {
    super(`${path} on disk differs from the open document`);
    this.name = 'DocumentChanged';
  }
}

/**
 * The document's text, however the host sent it (see DocumentSource): `streamedText` is the joined
 * slices of a `streamed` source; a `path` source is read here and checked against the document.
 */
function documentText(source: DocumentRequest['source'], streamedText: string | undefined): string {
  if ('text' in source) return source.text;
  if ('path' in source) {
    // Decoded as VS Code decodes documents (UTF-8, or UTF-16 by its BOM or VS Code's NUL-byte
    // guess) and without the byte-order mark VS Code drops, to keep offsets equal. Whatever is
    // not the document's text here (gone, not a regular file, binary) is DocumentChanged, and
    // the host sends the text itself, whose reading names the problem.
    let decoded: ReturnType<typeof decodeFileBytes>;
    try {
      if (!statSync(source.path).isFile()) throw new DocumentChanged(source.path);
      decoded = decodeFileBytes(readFileSync(source.path));
    } catch {
      throw new DocumentChanged(source.path);
    }
    if (!decoded.ok) throw new DocumentChanged(source.path);
    const raw = decoded.text;
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (!matchesDocument(text, source.check)) throw new DocumentChanged(source.path);
    return text;
  }
  return streamedText ?? '';
}

interface ComputeInput {
  request: DocumentRequest;
  table: Table;
  columns: ColumnChoice;
  rowIds: Int32Array;
  /** Every row's label (missing cells: the text ''). */
  labelColumn: LabelSet | undefined;
  targets: { values: Float64Array; width: number } | undefined;
  models: readonly ModelColumns[];
  modelValues: readonly { values: Float64Array; width: number }[];
  /** Class of each column of the primary model, decided from every present label. */
  modelClasses: readonly ClassLabel[] | undefined;
  features: { values: Float64Array; width: number } | undefined;
  pValues: { values: Float64Array; width: number } | undefined;
  qValues: { values: Float64Array; width: number } | undefined;
  wantKl: boolean;
  wantFit: boolean;
  context: WorkContext;
  problems: ProblemSink;
}

interface Computed {
  classes: string[];
  trueClass: Int32Array;
  models: ModelResult[];
  entropy: EntropySummary | null;
  kl: KlSummary | null;
  fit: FitSummary | null;
  rowLoss: RowLoss | null;
}

function compute(input: ComputeInput): Computed {
  const { table, columns, rowIds, labelColumn, models, modelValues, context, problems } = input;
  const { options, kind } = input.request;
  const n = table.rowCount;
  const m = rowIds.length;
  const set = labelColumn ? subsetLabels(labelColumn, rowIds) : undefined;
  const eps = options.epsilon === null ? 'none' : options.epsilon;

  // Classes and each scored row's truth, from the label column or the target columns.
  let classes: string[] = [];
  let truth: Truth | undefined;
  const primary = modelValues[0];
  // Target columns matching the model's width are the truth (one-hot or soft); else the label.
  const targetsFit = input.targets && columns.targets && (!primary || primary.width === input.targets.width || primary.width === 1);
  if (input.targets && columns.targets && targetsFit && (!set || (primary && primary.width > 1)) && m > 0) {
    const t = gatherMatrix(input.targets.values, input.targets.width, rowIds);
    classes = targetClassNames(columns.targets, input.targets.width, t, set ? rowLabels(set) : undefined);
    truth = { kind: 'soft', targets: t };
  } else if (set && m > 0) {
    try {
      if (primary && primary.width === 1) {
        const binary = binaryRows(set, columns.positiveLabel);
        const negative = binary.negative ?? binary.classes.find((c) => String(c) !== String(binary.positive)) ?? 'not ' + String(binary.positive);
        classes = [String(negative), String(binary.positive)];
        truth = { kind: 'binary', y: binary.y };
      } else if (primary && models[0]) {
        const mapped = input.modelClasses ?? classesOf(set);
        const encoded = encodeRows(set, mapped);
        classes = mapped.map(String);
        truth = { kind: 'indices', indices: encoded.indices };
      } else {
        const encoded = encodeRows(set);
        classes = encoded.classes.map(String);
        truth = { kind: 'indices', indices: encoded.indices };
      }
    } catch (error) {
      if (!isCoreError(error) || error.rows.length > 0) throw error;
      problems.add(fileProblem(`core-${error.code}`, error.message));
    }
  }

  const trueClass = new Int32Array(n).fill(-1);
  if (truth) {
    for (let k = 0; k < m; k++) trueClass[rowIds[k] as number] = truthIndex(truth, k);
  }

  // Models, side by side.
  const modelResults: ModelResult[] = [];
  if (truth && m > 0) {
    models.forEach((model, index) => {
      const values = modelValues[index];
      if (!values) return;
      if (context.isCancelled()) throw new AnalysisCancelled();
      const x = gatherMatrix(values.values, values.width, rowIds);
      try {
        const score = scoreModel(model.kind, x, truth, { eps, normalize: options.normalizeRows });
        modelResults.push({
          columns: model,
          lossNats: scatter(score.lossNats, rowIds, n),
          trueClassProbability: scatter(score.trueClassProbability, rowIds, n),
          predictedClass: scatterInt(score.predictedClass, rowIds, n),
          meanLossNats: score.meanLossNats,
          sumLossNats: score.sumLossNats,
          brier: score.brier,
          errorRate: score.errorRate,
          n: m,
          clippedRows: score.clippedRows,
          infiniteRows: score.infiniteRows,
        });
      } catch (error) {
        if (!isCoreError(error) || error.rows.length > 0) throw error;
        problems.add(fileProblem(`core-${error.code}`, `${model.name}: ${error.message}`));
      }
    });
  }

  // Label entropy (cheap, shown whenever there is a label).
  let entropy: EntropySummary | null = null;
  let surprisal: Float64Array | undefined;
  if (set && m > 0) {
    const h = labelEntropyOf(set);
    entropy = {
      entropyNats: h.entropyNats,
      maxEntropyNats: Math.log(h.classes.length),
      classes: h.classes.map(String),
      counts: [...h.counts],
      n: h.n,
    };
    if (kind === 'entropy') {
      // Each row's surprisal −ln(n_c/n): its mean over rows is exactly the label entropy.
      const s = new Float64Array(m);
      for (let k = 0; k < m; k++) s[k] = -Math.log((h.counts[h.indices[k] as number] as number) / h.n);
      surprisal = scatter(s, rowIds, n);
    }
  }

  // KL between P and Q.
  let kl: KlSummary | null = null;
  if (input.wantKl && input.pValues && input.qValues && columns.p && columns.q && m > 0) {
    kl = klSummary(columns.p, columns.q, input.pValues, input.qValues, rowIds, n, options.normalizeRows, problems);
  }

  // Fit.
  let fit: FitSummary | null = null;
  if (input.wantFit && input.features && set && columns.features && m > 0) {
    context.progress('fitting', 0, options.fit.maxIterations);
    const x = gatherMatrix(input.features.values, input.features.width, rowIds);
    const model = kind === 'fitLogistic' ? 'logistic' : kind === 'fitSoftmax' ? 'softmax' : classesOf(set).length <= 2 ? 'logistic' : 'softmax';
    try {
      const fitted = fitRows(model, x, set, columns.features, columns.positiveLabel, options.fit, context);
      fit = {
        ...fitted.summary,
        fittedTrueClassProbability: scatter(fitted.trueClassProbability, rowIds, n),
        margin: scatter(fitted.margin, rowIds, n),
        lossNats: scatter(fitted.lossNats, rowIds, n),
      };
      if (!truth || modelResults.length === 0) {
        classes = fitted.summary.classes;
        for (let k = 0; k < m; k++) trueClass[rowIds[k] as number] = fitted.truth[k] as number;
      }
    } catch (error) {
      if (error instanceof CoreError && error.code === 'cancelled') throw new AnalysisCancelled();
      if (!isCoreError(error) || error.rows.length > 0) throw error;
      problems.add(fileProblem(`core-${error.code}`, `Fit: ${error.message}`));
    }
  }

  // Per-row entropy of the prediction when entropy was asked and there is no label.
  let predictionEntropy: Float64Array | undefined;
  if (kind === 'entropy' && !surprisal && primary && models[0]?.kind === 'probabilities' && primary.width > 1 && m > 0) {
    const h = rowEntropies(gatherMatrix(primary.values, primary.width, rowIds), { normalize: options.normalizeRows });
    predictionEntropy = scatter(h.rowEntropyNats, rowIds, n);
  }

  const rowLoss = chooseRowLoss(kind, modelResults, fit, kl, surprisal, predictionEntropy);
  return { classes, trueClass, models: modelResults, entropy, kl, fit, rowLoss };
}

/** The per-row headline for the command that ran (see RowLoss). */
function chooseRowLoss(
  kind: AnalyzeRequest['kind'],
  models: ModelResult[],
  fit: FitSummary | null,
  kl: KlSummary | null,
  surprisal: Float64Array | undefined,
  predictionEntropy: Float64Array | undefined,
): RowLoss | null {
  const modelLoss = models[0] ? rankLosses(`cross-entropy (${models[0].columns.name})`, models[0].lossNats) : null;
  const fitLoss = fit ? rankLosses('fitted log loss', fit.lossNats) : null;
  const klLoss = kl ? rankLosses(kl.mode === 'perRow' ? 'KL(P‖Q)' : 'KL(P‖Q) term', kl.rowPqNats) : null;
  switch (kind) {
    case 'fitLogistic':
    case 'fitSoftmax':
      return fitLoss;
    case 'kl':
      return klLoss;
    case 'entropy':
      if (surprisal) return rankLosses('surprisal of the label', surprisal);
      if (predictionEntropy) return rankLosses('entropy of the prediction', predictionEntropy);
      return modelLoss;
    case 'crossEntropy':
      return modelLoss;
    case 'analyze':
      return modelLoss ?? fitLoss ?? klLoss;
  }
}

function klSummary(
  pNames: string[],
  qNames: string[],
  pValues: { values: Float64Array; width: number },
  qValues: { values: Float64Array; width: number },
  rowIds: Int32Array,
  n: number,
  normalize: boolean,
  problems: ProblemSink,
): KlSummary | null {
  const p = gatherMatrix(pValues.values, pValues.width, rowIds);
  const q = gatherMatrix(qValues.values, qValues.width, rowIds);
  try {
    if (p.cols === 1 && q.cols === 1) {
      const d = divergence(p.data, q.data);
      const m = p.rows;
      const pq = new Float64Array(m);
      const qp = new Float64Array(m);
      const js = new Float64Array(m);
      const pn: number[] = [];
      const qn: number[] = [];
      for (let k = 0; k < m; k++) {
        const a = (p.data[k] as number) / d.totalP;
        const b = (q.data[k] as number) / d.totalQ;
        pn.push(a);
        qn.push(b);
        pq[k] = relativeEntropy(a, b);
        qp[k] = relativeEntropy(b, a);
        const mid = (a + b) / 2;
        js[k] = 0.5 * relativeEntropy(a, mid) + 0.5 * relativeEntropy(b, mid);
      }
      return {
        mode: 'overRows', pColumns: pNames, qColumns: qNames,
        pqNats: d.klPQNats, qpNats: d.klQPNats, jsNats: d.jsNats, entropyPNats: d.entropyPNats, crossEntropyNats: d.crossEntropyPQNats,
        infinitePq: d.infinitePQTerms, infiniteQp: d.infiniteQPTerms,
        p: pn, q: qn, pSum: d.totalP, qSum: d.totalQ,
        rowPqNats: scatter(pq, rowIds, n), rowQpNats: scatter(qp, rowIds, n), rowJsNats: scatter(js, rowIds, n),
      };
    }
    const d = rowDivergences(p, q, { normalize });
    return {
      mode: 'perRow', pColumns: pNames, qColumns: qNames,
      pqNats: d.meanKlPQNats, qpNats: d.meanKlQPNats, jsNats: d.meanJsNats, entropyPNats: d.meanEntropyPNats, crossEntropyNats: d.meanCrossEntropyPQNats,
      infinitePq: d.infinitePQRows, infiniteQp: d.infiniteQPRows,
      p: null, q: null, pSum: null, qSum: null,
      rowPqNats: scatter(d.rowKlPQNats, rowIds, n), rowQpNats: scatter(d.rowKlQPNats, rowIds, n), rowJsNats: scatter(d.rowJsNats, rowIds, n),
    };
  } catch (error) {
    if (!isCoreError(error) || error.rows.length > 0) throw error;
    problems.add(fileProblem(`core-${error.code}`, `KL: ${error.message}`));
    return null;
  }
}

/** Class of each probability column: by name suffix, by explicit classes, else sorted label order. */
function classesForModel(model: ModelColumns, width: number, labels: readonly string[], explicit?: readonly string[]): readonly ClassLabel[] | undefined {
  const names = model.columns.length === width ? model.columns : Array.from({ length: width }, (_, k) => `${model.columns[0]}[${k}]`);
  try {
    return mapColumnsToClasses(names, labels, explicit && explicit.length === width ? explicit : undefined).classes;
  } catch {
    // A stray label (a typo such as "hrse") breaks the core's rules; if every column still names
    // a distinct label by suffix (p_horse ↔ horse), use those classes and report the stray label.
    const distinct = [...new Set(labels)].sort((a, b) => b.length - a.length);
    const bySuffix = names.map((name) => distinct.find((label) => label !== '' && name.endsWith(label)));
    if (bySuffix.every((c) => c !== undefined) && new Set(bySuffix).size === names.length) return bySuffix as string[];
    return undefined;
  }
}

function okRowIds(status: Uint8Array): Int32Array {
  let count = 0;
  for (let i = 0; i < status.length; i++) if (status[i] === RowStatus.ok) count++;
  const ids = new Int32Array(count);
  for (let i = 0, k = 0; i < status.length; i++) if (status[i] === RowStatus.ok) ids[k++] = i;
  return ids;
}

function truthIndex(truth: Truth, k: number): number {
  switch (truth.kind) {
    case 'binary':
      return truth.y[k] === 1 ? 1 : 0;
    case 'indices':
      return truth.indices[k] as number;
    case 'soft': {
      // One-hot rows name their class; soft rows have none.
      const { cols, data } = truth.targets;
      let hot = -1;
      for (let c = 0; c < cols; c++) {
        const t = data[k * cols + c] as number;
        if (t === 1 && hot < 0) hot = c;
        else if (t !== 0) return -1;
      }
      return hot;
    }
  }
}

/**
 * Class names of target columns: the label each one-hot class co-occurs with when a label column
 * agrees with the targets, else the part after the common prefix (`target_cat` → `cat`), else the
 * names (a vector column: its indices).
 */
export function targetClassNames(names: readonly string[], width: number, targets: Matrix, labels: readonly string[] | undefined): string[] {
  const fallback = names.length === width ? suffixesOrNames(names) : Array.from({ length: width }, (_, k) => String(k));
  if (!labels) return fallback;
  const seen: (string | undefined)[] = Array.from({ length: width }, () => undefined);
  for (let i = 0; i < targets.rows; i++) {
    for (let k = 0; k < width; k++) {
      if (targets.data[i * width + k] !== 1) continue;
      const label = labels[i] as string;
      if (seen[k] !== undefined && seen[k] !== label) return fallback;
      seen[k] = label;
    }
  }
  const named = seen.map((label, k) => label ?? (fallback[k] as string));
  return new Set(named).size === width ? named : fallback;
}

function suffixesOrNames(names: readonly string[]): string[] {
  const suffixes = names.map((name) => name.slice(Math.max(name.lastIndexOf('_'), name.lastIndexOf('.')) + 1));
  return new Set(suffixes).size === names.length && suffixes.every((s, k) => s !== '' && s !== names[k]) ? suffixes : [...names];
}

function scatterInt(values: Int32Array, rowIds: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n).fill(-1);
  for (let k = 0; k < rowIds.length; k++) out[rowIds[k] as number] = values[k] as number;
  return out;
}

function keepKnownColumns(columns: ColumnChoice, table: Table, problems: ProblemSink): ColumnChoice {
  const known = (name: string): boolean => table.column(name) !== undefined;
  const report = (names: readonly string[], role: string): void => {
    const missing = names.filter((name) => !known(name));
    if (missing.length === 0) return;
    const have = table.columns.map((c) => c.name).join(', ');
    problems.add(fileProblem('unknown-column', `${role}: no column named ${missing.map((m) => `"${m}"`).join(', ')} (the file has: ${have})`));
  };
  const out: ColumnChoice = { ...columns };
  if (out.label !== undefined && !known(out.label)) {
    report([out.label], 'label');
    delete out.label;
  }
  for (const key of ['targets', 'features', 'p', 'q'] as const) {
    const names = out[key];
    if (names && !names.every(known)) {
      report(names, key);
      delete out[key];
    }
  }
  if (out.models) {
    out.models = out.models.filter((model) => {
      if (model.columns.every(known)) return true;
      report(model.columns, `model ${model.name}`);
      return false;
    });
  }
  return out;
}

function tableInfo(table: Table): TableInfo {
  return {
    format: table.format,
    delimiter: table.delimiter ?? null,
    columns: table.columns.map((c) => ({ name: c.name, shape: c.shape, width: c.width, numeric: c.numericCount > 0 && c.textCount === 0 })),
  };
}

function rowTable(table: Table, text: string, status: Uint8Array, labels: LabelSet | undefined, classes: string[], trueClass: Int32Array): RowTable {
  const n = table.rowCount;
  const positions = recordPositions(table, text);
  const codes = new Int32Array(n).fill(-1);
  const values: string[] = [];
  if (labels) {
    // The label column's codes without its missing text '' (code −1).
    const valueOf = Int32Array.from(labels.distinct, (label) => (label === '' ? -1 : values.push(label) - 1));
    for (let i = 0; i < n; i++) codes[i] = valueOf[labels.codes[i] as number] as number;
  }
  return {
    count: n,
    ...positions,
    status,
    labels: n <= LABEL_TEXT_ROW_LIMIT ? (labels ? rowLabels(labels) : new Array<string>(n).fill('')) : [],
    labelCodes: codes,
    labelValues: values,
    classes,
    trueClass,
  };
}

/**
 * Line and character of every record's start and end. Records come in text order, so one forward
 * scan over the line breaks places them all (O(text), no object per row); columnar JSON, whose
 * records interleave, falls back to the index's per-row ranges.
 */
function recordPositions(table: Table, text: string): Pick<RowTable, 'firstLine' | 'lastLine' | 'startCharacter' | 'endCharacter'> {
  const n = table.rowCount;
  const firstLine = new Uint32Array(n);
  const lastLine = new Uint32Array(n);
  const startCharacter = new Uint32Array(n);
  const endCharacter = new Uint32Array(n);
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const hasCr = text.indexOf('\r') >= 0;
  let line = 0;
  let lineStart = bom;
  let scanned = 0;
  // Moves the scan to `offset`, counting the line breaks before it (\n, \r\n, lone \r).
  const advance = (offset: number): boolean => {
    if (offset < scanned) return false;
    if (!hasCr) {
      for (let k = text.indexOf('\n', scanned); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) {
        line++;
        lineStart = k + 1;
      }
    } else {
      for (let k = scanned; k < offset; k++) {
        const c = text.charCodeAt(k);
        if (c === 0x0a || (c === 0x0d && text.charCodeAt(k + 1) !== 0x0a)) {
          line++;
          lineStart = k + 1;
        }
      }
    }
    scanned = offset;
    return true;
  };
  let ordered = table.shape !== 'columnar';
  for (let i = 0; i < n && ordered; i++) {
    const start = table.index.rowStartOffset(i);
    const end = table.index.rowEndOffset(i);
    if (!advance(start)) {
      ordered = false;
      break;
    }
    firstLine[i] = line;
    startCharacter[i] = start - lineStart;
    if (!advance(end)) {
      ordered = false;
      break;
    }
    lastLine[i] = line;
    endCharacter[i] = end - lineStart;
  }
  if (!ordered) {
    for (let i = 0; i < n; i++) {
      const range = table.index.rowRange(i);
      firstLine[i] = range.start.line;
      startCharacter[i] = range.start.character;
      lastLine[i] = range.end.line;
      endCharacter[i] = range.end.character;
    }
  }
  return { firstLine, lastLine, startCharacter, endCharacter };
}

export type { Matrix };
