// Converts the host's analysis result into the panel's self-contained snapshot (losses in nats,
// per-row arrays as typed arrays). The only place in the panel that knows the analysis shape.
import { placedMessage } from '../../protocol/problemPlace';
import { ANALYSIS_SCHEMA_VERSION, RowStatus, rowLabel, type AnalysisResult, type FitSummary, type ModelResult } from '../../protocol/analysis';
import {
  RowVerdict,
  type PanelClassification,
  type PanelClassOrder,
  type PanelLabelIssues,
  type PanelDivergence,
  type PanelFit,
  type PanelMapping,
  type PanelModel,
  type PanelRole,
  type PanelSnapshot,
} from '../../protocol/panel';
import { distributionEntropy } from '../../core/entropy';
import { classReports } from '../../core/rankingMetrics';
import { sigmoid } from '../../core/stable';
import { classList, isOneColumnBinary, ruleWords } from '../classOrderText';
import { groupName } from '../columnSteps';
import { classOrderFixes } from '../fixChoices';
import type { PanelInput } from './types';

/** Result of conversion: a snapshot, or a hint explaining why there is nothing to show. */
export type SnapshotOutcome = { readonly snapshot: PanelSnapshot; readonly hint: string } | { readonly snapshot: null; readonly hint: string };

/** How many problem messages travel to the panel (the Problems view has them all). */
const PROBLEMS_SHOWN = 20;

export const NO_ANALYSIS_HINT = 'Open a CSV, TSV, JSON or JSON Lines file and run “Entropy Lens: Analyze” to see its results here.';

/**
 * Turn the active document's analysis into a panel snapshot. Typed arrays are copied into the
 * snapshot only where the panel needs a different shape; the host keeps ownership of the rest
 * (postMessage clones them). Never throws on an analysis of another schema version: returns a hint.
 */
export function toSnapshot(input: PanelInput | undefined): SnapshotOutcome {
  if (!input) return { snapshot: null, hint: NO_ANALYSIS_HINT };
  const a = input.analysis;
  if (a.schemaVersion !== ANALYSIS_SCHEMA_VERSION) {
    return { snapshot: null, hint: `Analysis schema ${String(a.schemaVersion)} is not supported by this panel; re-run Analyze.` };
  }
  const rows = a.rows;
  const n = rows.count;
  const rowLine = new Uint32Array(rows.firstLine.length);
  for (let i = 0; i < rowLine.length; i++) rowLine[i] = rows.firstLine[i]! + 1;
  const labelIndex = rows.trueClass.length === n ? rows.trueClass : new Int32Array(n).fill(-1);
  const models: PanelModel[] = a.models.map((m) => fromModel(m, labelIndex, a));
  if (a.fit) models.push(fromFitModel(a.fit, labelIndex, rows.status, a.rows.classes.length));
  const snapshot: PanelSnapshot = {
    documentUri: a.uri,
    fileName: fileNameOf(input.uri.path || a.uri),
    stale: input.stale ?? false,
    kind: a.kind,
    defaultUnit: a.unit,
    epsilon: a.epsilon,
    loss: a.loss,
    rowCount: n,
    rowLine,
    rowStatus: rows.status,
    classes: rows.classes,
    labelIndex,
    rowIds: rows.idColumn !== null && rows.ids.length === n ? { column: rows.idColumn, ids: rows.ids } : null,
    labels: namesOutcomesOnly(a) ? null : labelSummary(a, labelIndex),
    models,
    divergence: fromKl(a),
    fit: a.fit ? fromFit(a.fit, labelIndex, rows.status) : null,
    problems: a.problems.slice(0, PROBLEMS_SHOWN).map((p) => placedMessage(p, a.table.format)),
    problemCount: a.problemCount,
    mapping: mappingOf(a),
  };
  const nothing = models.length === 0 && !snapshot.labels && !snapshot.divergence && !snapshot.fit;
  return { snapshot, hint: nothing ? missingHint(a) : '' };
}

/**
 * Why there is nothing to show, naming what is missing: predictions or features found but no
 * label to score or fit them against, or no columns in any role.
 * Example: "No label column: the predictions in prob (prob_0, prob_1, prob_2) need the true classes. …".
 */
function missingHint(a: AnalysisResult): string {
  const c = a.columns;
  const truth = c.label !== undefined || (c.targets?.length ?? 0) > 0;
  const models = c.models ?? [];
  const choose = 'Choose Columns… to pick the label (or one-hot target columns).';
  if (!truth && models.length > 0) {
    const which = models.map((m) => groupName(m)).join(', ');
    return `No label column: the predictions in ${which} need the true classes. ${choose}`;
  }
  if (!truth && (c.features?.length ?? 0) > 0) {
    return `No label column: a fit on ${groupName({ name: 'features', columns: c.features ?? [] })} needs the true classes. ${choose}`;
  }
  return 'No label, prediction, distribution or feature columns were found. Choose Columns… to pick them.';
}

/**
 * Whether the label column only names the outcomes of distributions over the rows: a KL analysis
 * over rows, no model and no fit, and every label on one row (samples/kl-distributions.csv's
 * `outcome`: heads, tails — the only text column, so it is proposed as the label). Its "class"
 * counts (all 1) and their entropy say nothing, so the panel shows the KL alone, the names on its bars.
 */
function namesOutcomesOnly(a: AnalysisResult): boolean {
  return a.kl?.mode === 'overRows' && a.models.length === 0 && a.fit === null && a.entropy !== null && a.entropy.counts.every((count) => count === 1);
}

/**
 * The label distribution: the analysis' label entropy, or, for one-hot targets (no label column),
 * the distribution of the target classes, with its entropy from the core.
 */
function labelSummary(a: AnalysisResult, labelIndex: Int32Array): PanelSnapshot['labels'] {
  if (a.entropy) {
    const e = a.entropy;
    return {
      counts: e.classes.map((label, i) => ({ label, count: e.counts[i] ?? 0 })),
      entropyNats: e.entropyNats,
      maxEntropyNats: e.maxEntropyNats,
      n: e.n,
    };
  }
  const classes = a.rows.classes;
  if (classes.length === 0) return null;
  const counts = new Array<number>(classes.length).fill(0);
  let n = 0;
  for (let i = 0; i < labelIndex.length; i++) {
    const k = labelIndex[i]!;
    if (k >= 0 && k < classes.length && a.rows.status[i] === RowStatus.ok) {
      counts[k]! += 1;
      n++;
    }
  }
  if (n === 0) return null;
  return {
    counts: classes.map((label, k) => ({ label, count: counts[k]! })),
    entropyNats: distributionEntropy(counts).entropyNats,
    maxEntropyNats: classes.length > 1 ? Math.log(classes.length) : 0,
    n,
  };
}

/** The class order of a model in words, with the quick fixes its class-order-uncertain problem offers. */
function classOrderOf(m: ModelResult, a: AnalysisResult): PanelClassOrder | null {
  const info = m.classOrder;
  if (!info) return null;
  const binary = isOneColumnBinary(a.table, m.columns.columns);
  return {
    rule: info.rule,
    ruleText: ruleWords(info, binary),
    uncertain: info.uncertain,
    binary,
    classes: info.classes,
    evidence: info.evidence,
    fixes: info.uncertain
      ? classOrderFixes(a.problems, m.columns.name).flatMap((offered) =>
          offered.choice && (offered.fix === 'useClassOrder' || offered.fix === 'usePositiveLabel')
            ? [{ title: offered.title, fix: offered.fix, model: offered.choice.model, classes: offered.choice.classes }]
            : [],
        )
      : [],
  };
}

/**
 * The columns the analysis used, role by role, with how each was found: the detection's reason
 * (`mapping.reasons[key]`, which a user choice keeps for the roles it left as detected), else
 * "your choice" when the columns were chosen, else nothing.
 */
function mappingOf(a: AnalysisResult): PanelMapping {
  const c = a.columns;
  const roles: PanelRole[] = [];
  const chosen = a.mapping.origin === 'detected' ? '' : 'your choice';
  const found = (key: string): string => a.mapping.reasons[key] || chosen;
  const add = (role: string, columns: readonly string[] | undefined, how: string): void => {
    if (columns && columns.length > 0) roles.push({ role, columns: [...columns], how });
  };
  add('Label', c.label === undefined ? undefined : [c.label], found('label'));
  add('Identifier', c.id === undefined ? undefined : [c.id], a.mapping.reasons.id || 'names each row beside its loss');
  for (const model of c.models ?? []) {
    const scored = a.models.find((m) => m.columns.name === model.name && m.columns.columns.join('\u0000') === model.columns.join('\u0000'));
    const info = scored?.classOrder;
    const binary = isOneColumnBinary(a.table, model.columns);
    const order = info ? `${binary ? `P(${info.classes[1] ?? '?'})` : `classes ${classList(info.classes)}`}: ${ruleWords(info, binary)}` : '';
    add(`Model ${model.name} (${model.kind})`, model.columns, [found(`model ${model.name}`), order].filter((t) => t).join('; '));
  }
  add('Targets', c.targets, found('targets'));
  add('Features', c.features, found('features'));
  add('Sample weight', c.sampleWeight === undefined ? undefined : [c.sampleWeight], found('sampleWeight'));
  add('P', c.p, found('distributions'));
  add('Q', c.q, found('distributions'));
  return { origin: a.mapping.origin, roles, ambiguity: a.mapping.ambiguity };
}

function fromModel(m: ModelResult, labelIndex: Int32Array, a: AnalysisResult): PanelModel {
  const n = m.lossNats.length;
  const verdict = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const truth = labelIndex[i] ?? -1;
    const predicted = m.predictedClass[i] ?? -1;
    verdict[i] = truth < 0 || predicted < 0 || Number.isNaN(m.lossNats[i]!) ? RowVerdict.unknown : predicted === truth ? RowVerdict.correct : RowVerdict.wrong;
  }
  return {
    name: m.columns.name,
    columns: m.columns.columns,
    kind: m.columns.kind,
    meanLossNats: m.meanLossNats,
    sumLossNats: m.sumLossNats,
    brier: m.brier,
    errorRate: m.errorRate,
    n: m.n,
    clippedRows: m.clippedRows,
    infiniteRows: m.infiniteRows,
    rowLossNats: m.lossNats,
    trueClassProbability: m.trueClassProbability,
    predictedClass: m.predictedClass,
    verdict,
    classOrder: classOrderOf(m, a),
    roundedRows: m.roundedRows,
    normalizedRows: m.normalizedRows,
    classification: classificationOf(m, a),
    labelIssues: labelIssuesOf(m, a),
    comparison: m.comparison ? { ...m.comparison, against: a.models[0]?.columns.name ?? '' } : null,
    calibration: m.calibration ? { ...m.calibration, positive: m.calibration.mode === 'binary' ? String((m.classOrder?.classes ?? a.rows.classes)[1] ?? '') : null } : null,
  };
}

/** A model's likely label errors with their class names (the model's class order). */
function labelIssuesOf(m: ModelResult, a: AnalysisResult): PanelLabelIssues | null {
  const report = m.labelIssues;
  if (!report) return null;
  const names = (m.classOrder?.classes ?? a.rows.classes).map(String);
  return {
    count: report.count,
    issues: report.issues.map(({ labelRange: _labelRange, ...issue }) => ({
      ...issue,
      given: names[issue.given] ?? String(issue.given),
      suggested: names[issue.suggested] ?? String(issue.suggested),
    })),
  };
}

/** A model's confusion and per-class report for the panel, with the core's precision / recall / F1. */
function classificationOf(m: ModelResult, a: AnalysisResult): PanelClassification | null {
  const c = m.classification;
  if (!c) return null;
  const classes = (m.classOrder?.classes ?? a.rows.classes).map(String);
  if (classes.length !== c.confusion.length) return null;
  const reports = classReports(c.confusion);
  return {
    classes,
    confusion: c.confusion,
    perClass: reports.map((r, k) => ({ class: classes[k]!, support: r.support, meanLossNats: c.meanLossNats[k] ?? Number.NaN, precision: r.precision, recall: r.recall, f1: r.f1 })),
    rowsLinked: m.lossNats.length > 0 && classes.length === a.rows.classes.length && classes.every((name, k) => name === String(a.rows.classes[k])),
    rocAuc: c.rocAuc,
    averagePrecision: c.averagePrecision,
    curves: (c.curves ?? []).map((curve) => ({ ...curve, class: classes[curve.k] ?? String(curve.k) })),
  };
}

/** The fit as one more model: its per-row fitted loss, p(true class) and verdict from the margin. */
function fromFitModel(fit: FitSummary, labelIndex: Int32Array, status: Uint8Array, classCount: number): PanelModel {
  const n = fit.lossNats.length;
  const verdict = new Uint8Array(n);
  const predictedClass = new Int32Array(n).fill(-1);
  let scored = 0;
  let wrong = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const margin = fit.margin[i]!;
    const truth = labelIndex[i] ?? -1;
    if (status[i] !== RowStatus.ok || Number.isNaN(margin) || Number.isNaN(fit.lossNats[i]!)) {
      verdict[i] = RowVerdict.unknown;
      continue;
    }
    scored++;
    sum += fit.lossNats[i]!;
    // A negative margin means another class scored higher (ties: not counted as wrong).
    verdict[i] = margin < 0 ? RowVerdict.wrong : RowVerdict.correct;
    if (margin < 0) wrong++;
    if (truth >= 0) predictedClass[i] = margin >= 0 ? truth : classCount === 2 ? 1 - truth : -1;
  }
  return {
    name: `fitted ${fit.model === 'logistic' ? 'logistic' : 'softmax'} regression`,
    columns: fit.features,
    kind: 'fit',
    meanLossNats: fit.meanLogLossNats,
    sumLossNats: sum,
    brier: fit.brier,
    errorRate: scored > 0 ? wrong / scored : NaN,
    n: scored,
    clippedRows: 0,
    infiniteRows: 0,
    rowLossNats: fit.lossNats,
    trueClassProbability: fit.fittedTrueClassProbability,
    predictedClass,
    verdict,
  };
}

function fromFit(fit: FitSummary, labelIndex: Int32Array, status: Uint8Array): PanelFit {
  return {
    model: fit.model,
    classes: fit.classes,
    featureNames: fit.features,
    coef: fit.coef,
    intercept: fit.intercept,
    C: fit.C,
    penalty: fit.penalty,
    iterations: fit.iterations,
    converged: fit.converged,
    separable: fit.separable,
    warnings: fit.warnings,
    meanLogLossNats: fit.meanLogLossNats,
    objective: fit.objective,
    lossHistoryNats: Float64Array.from(fit.lossHistoryNats),
    solver: fit.solver,
    gradMaxScaled: fit.gradMaxScaled,
    seconds: fit.seconds,
    sampleWeight: fit.sampleWeight,
    classWeights: fit.classWeights,
    totalWeight: fit.totalWeight,
    uncertainty: fit.uncertainty,
    ...oneFeature(fit, labelIndex, status),
  };
}

/**
 * For a binary fit on one feature, recover each row's feature value from its margin: the margin is
 * m = (2y − 1)(w·x + b), so x = ((2y − 1)·m − b) / w (exact up to one rounding; w ≠ 0 whenever the
 * fit is identifiable). The analysis does not carry feature values (requested in panel-requests).
 */
function oneFeature(fit: FitSummary, labelIndex: Int32Array, status: Uint8Array): Pick<PanelFit, 'oneFeature'> {
  const w = fit.coef[0]?.[0];
  const b = fit.intercept[0] ?? 0;
  if (fit.model !== 'logistic' || fit.features.length !== 1 || w === undefined || w === 0 || !Number.isFinite(w)) {
    return {};
  }
  const n = fit.margin.length;
  const x = new Float64Array(n).fill(NaN);
  const y = new Float64Array(n).fill(NaN);
  const pPositive = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const truth = labelIndex[i] ?? -1;
    if (status[i] !== RowStatus.ok || truth < 0) continue;
    const sign = truth === 1 ? 1 : -1;
    const z = sign * fit.margin[i]!;
    x[i] = (z - b) / w;
    y[i] = truth === 1 ? 1 : 0;
    pPositive[i] = sigmoid(z);
  }
  return { oneFeature: { x, y, pPositive } };
}

function fromKl(a: AnalysisResult): PanelDivergence | null {
  const kl = a.kl;
  if (!kl) return null;
  const overRows = kl.mode === 'overRows';
  const outcomes = overRows ? (kl.p ?? []).map((_, i) => rowLabel(a.rows, i) || `row ${i + 1}`) : [];
  return {
    mode: kl.mode,
    pName: kl.pColumns.join(', '),
    qName: kl.qColumns.join(', '),
    outcomes,
    p: Float64Array.from(overRows ? (kl.p ?? []) : []),
    q: Float64Array.from(overRows ? (kl.q ?? []) : []),
    pSum: kl.pSum,
    qSum: kl.qSum,
    pqNats: kl.pqNats,
    qpNats: kl.qpNats,
    jsNats: kl.jsNats,
    entropyPNats: kl.entropyPNats,
    crossEntropyNats: kl.crossEntropyNats,
    infinitePq: kl.infinitePq,
    infiniteQp: kl.infiniteQp,
    rowPqNats: kl.rowPqNats,
    rowQpNats: kl.rowQpNats,
    rowJsNats: kl.rowJsNats,
  };
}

function fileNameOf(path: string): string {
  const parts = path.split(/[\\/]/);
  return decodeURIComponent(parts[parts.length - 1] ?? path);
}
