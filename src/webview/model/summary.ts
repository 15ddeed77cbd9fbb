// The summary's facts as label/value pairs in the chosen unit: shared by the panel's summary
// table and the "Copy summary as Markdown" export, so both always say the same thing.
import type { AppliedLoss } from '../../protocol/analysis';
import type { InformationUnit, PanelClassOrder, PanelModel, PanelSnapshot } from '../../protocol/panel';
import { classList, evidenceWords } from '../../protocol/classOrderWords';
import { formatCount, formatPanelNumber, formatFractionAsPercent } from './format';
import { fromNats, perplexity } from './units';

export interface SummaryFact {
  readonly label: string;
  readonly value: string;
  /** Optional explanation shown as a tooltip / second line. */
  readonly note?: string;
}

/** Format an information quantity (given in nats) in `unit`. Example: ln 2 nats in bits → "1.000 bits". */
export function info(valueNats: number, unit: InformationUnit): string {
  return `${formatPanelNumber(fromNats(valueNats, unit))} ${unit}`;
}

/**
 * The headline facts for `snapshot` in `unit`, for the model at `modelIndex` (the primary by
 * default): n, label entropy with log K and counts, mean/sum CE, perplexity, Brier, error rate,
 * accuracy, clipped rows, and KL figures when the analysis has them.
 */
export function summaryFacts(snapshot: PanelSnapshot, unit: InformationUnit, modelIndex = 0): SummaryFact[] {
  const facts: SummaryFact[] = [{ label: 'Rows (n)', value: formatCount(snapshot.rowCount) }];
  const skipped = countNotScored(snapshot.rowStatus);
  if (skipped > 0) facts.push({ label: 'Rows not scored', value: formatCount(skipped), note: 'rows with a data problem or ignored' });
  if (snapshot.labels) {
    const { entropyNats, maxEntropyNats, counts } = snapshot.labels;
    facts.push({
      label: 'Label entropy H(Y)',
      value: `${info(entropyNats, unit)} of max ${info(maxEntropyNats, unit)} (log ${counts.length})`,
      note: 'entropy of the empirical class distribution; log K is the entropy of K equally likely classes',
    });
    facts.push({ label: 'Class counts', value: counts.map((c) => `${c.label}: ${formatCount(c.count)}`).join(', ') });
  }
  const model = snapshot.models[modelIndex];
  if (model) facts.push(...modelFacts(model, unit, snapshot.epsilon));
  facts.push(...lossFacts(snapshot.loss));
  if (snapshot.divergence) {
    const d = snapshot.divergence;
    const per = d.mode === 'perRow' ? ' (mean over rows)' : '';
    facts.push({ label: `D(P‖Q)${per}`, value: info(d.pqNats, unit) });
    facts.push({ label: `D(Q‖P)${per}`, value: info(d.qpNats, unit) });
    facts.push({ label: `Jensen–Shannon${per}`, value: info(d.jsNats, unit) });
  }
  return facts;
}

/** The per-model facts: mean and sum CE, perplexity, Brier, error rate, accuracy, clipping. */
export function modelFacts(model: PanelModel, unit: InformationUnit, epsilon: number | null): SummaryFact[] {
  const facts: SummaryFact[] = [
    { label: 'Mean cross-entropy', value: info(model.meanLossNats, unit), note: `model ${model.name}` },
    { label: 'Sum cross-entropy', value: info(model.sumLossNats, unit) },
    { label: 'Perplexity', value: formatPanelNumber(perplexity(model.meanLossNats)), note: 'exp(mean CE in nats): the effective number of equally likely classes' },
  ];
  if (!Number.isNaN(model.brier)) facts.push({ label: 'Brier score', value: formatPanelNumber(model.brier) });
  facts.push({ label: 'Error rate', value: formatFractionAsPercent(model.errorRate) });
  facts.push({ label: 'Accuracy', value: formatFractionAsPercent(1 - model.errorRate) });
  if (model.kind !== 'fit') {
    const epsilonText = epsilon === null ? 'clipping off' : `ε = ${formatPanelNumber(epsilon)}`;
    facts.push({ label: 'Clipped rows', value: `${formatCount(model.clippedRows)} (${epsilonText})` });
    if (model.infiniteRows > 0) facts.push({ label: 'Rows with infinite loss', value: formatCount(model.infiniteRows) });
    if ((model.roundedRows ?? 0) > 0) facts.push({ label: 'Rows within rounding', value: formatCount(model.roundedRows ?? 0), note: ROUNDED_NOTE });
    if ((model.normalizedRows ?? 0) > 0) facts.push({ label: 'Normalised rows', value: formatCount(model.normalizedRows ?? 0), note: NORMALIZED_NOTE });
    const order = model.classOrder;
    if (order) facts.push({ label: order.binary ? 'Positive class' : 'Class order', value: classOrderValue(order), note: classOrderEvidence(order, unit) || undefined });
  }
  return facts;
}

/**
 * The loss options in effect, each with whose convention it follows (the settings' and flags' names).
 * Example: class weights {cat: 2} → "Class weights: cat = 2 (others 1)" (the numbers as the user wrote them).
 */
export function lossFacts(loss: AppliedLoss | undefined): SummaryFact[] {
  if (!loss) return [];
  const facts: SummaryFact[] = [];
  if (loss.ignoredLabel) {
    facts.push({
      label: 'Ignored label',
      value: `${loss.ignoredLabel.value}: ${formatCount(loss.ignoredLabel.rows)} rows left out`,
      note: "entropyLens.loss.ignoreLabel, as PyTorch's ignore_index: those rows are in no score, count or fit",
    });
  }
  if (loss.sampleWeight !== null)
    facts.push({ label: 'Sample weights', value: `column "${loss.sampleWeight}"`, note: "scikit-learn's sample_weight: means, Brier score and error rate are Σ w·x / Σ w" });
  if (loss.classWeight !== null) {
    const value =
      loss.classWeight === 'balanced'
        ? 'balanced (n / (K·n_k))'
        : `${Object.entries(loss.classWeight)
            .map(([label, weight]) => `${label} = ${weight}`)
            .join(', ')} (others 1)`;
    facts.push({ label: 'Class weights', value, note: "entropyLens.loss.classWeight, as PyTorch's CrossEntropyLoss(weight=…): mean CE = Σ w_y·loss / Σ w_y; Brier and error rate unweighted" });
  }
  if (loss.positiveWeight !== null) facts.push({ label: 'Positive weight', value: String(loss.positiveWeight), note: "entropyLens.loss.posWeight, as PyTorch's BCEWithLogitsLoss(pos_weight=W)" });
  if (loss.labelSmoothing !== null)
    facts.push({
      label: 'Label smoothing',
      value: String(loss.labelSmoothing),
      note: "entropyLens.loss.labelSmoothing, as PyTorch's CrossEntropyLoss(label_smoothing=A): target (1 − A)·one-hot + A/K",
    });
  return facts;
}

/** What "Rows within rounding" means. */
export const ROUNDED_NOTE = 'rows whose probabilities sum to 1 only within the rounding of their decimals, scored as written';
/** What "Normalised rows" means. */
export const NORMALIZED_NOTE = 'rows divided by their sum before clipping (normalizeRows)';

/** The evidence for an order in the panel's unit, or ''. Example: "sorted label order (…) would give 5.246 nats instead of 0.2959 nats over 1,797 rows". */
export function classOrderEvidence(order: PanelClassOrder, unit: InformationUnit): string {
  return evidenceWords(order, order.binary, (nats) => info(nats, unit));
}

/**
 * A class order as one line: the classes (or P(positive)) and how they were found.
 * Example: "zero, one, two, … (10) — guessed from the data (the order that fits best)".
 */
export function classOrderValue(order: PanelClassOrder): string {
  const classes = order.binary ? `P(${order.classes[1] ?? '?'})` : classList(order.classes, 6);
  return `${classes} — ${order.ruleText}`;
}

/**
 * The identity CE = H + KL with this analysis' numbers, or null when it does not apply.
 * For P and Q: CE(P, Q) = H(P) + D(P‖Q). For hard labels: each target is one-hot, H(t) = 0, so the
 * mean CE equals the mean D(t‖p).
 * Example (samples/kl-distributions.csv, bits): "1.000 bits = 0.8113 bits + 0.1887 bits".
 */
export function identityLine(snapshot: PanelSnapshot, unit: InformationUnit, modelIndex = 0): string | null {
  const d = snapshot.divergence;
  if (d && d.mode === 'overRows') {
    return `CE(P, Q) = H(P) + D(P‖Q): ${info(d.crossEntropyNats, unit)} = ${info(d.entropyPNats, unit)} + ${info(d.pqNats, unit)}`;
  }
  const model = snapshot.models[modelIndex];
  if (model && snapshot.classes.length > 0 && allHardLabels(snapshot)) {
    return `CE = H(t) + D(t‖p) per row; one-hot targets have H(t) = 0, so mean CE ${info(model.meanLossNats, unit)} = 0 + mean D(t‖p) ${info(model.meanLossNats, unit)}`;
  }
  return null;
}

function allHardLabels(snapshot: PanelSnapshot): boolean {
  for (let i = 0; i < snapshot.rowCount; i++) {
    if (snapshot.rowStatus[i] === 0 && (snapshot.labelIndex[i] ?? -1) < 0) return false;
  }
  return true;
}

function countNotScored(status: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < status.length; i++) if (status[i] !== 0) count++;
  return count;
}

/** Row numbers (1-based data rows) a model gets wrong, at most `limit`, plus the total. */
export function wrongRows(model: PanelModel, limit: number): { rows: number[]; total: number } {
  const rows: number[] = [];
  let total = 0;
  for (let i = 0; i < model.verdict.length; i++) {
    if (model.verdict[i] === 1) {
      total++;
      if (rows.length < limit) rows.push(i);
    }
  }
  return { rows, total };
}

/**
 * The summary as a Markdown document (title, facts table, identity, model comparison).
 * Table cells escape `|` and line breaks, so data strings cannot break the table.
 */
export function summaryMarkdown(snapshot: PanelSnapshot, unit: InformationUnit, modelIndex = 0): string {
  const lines = [`## Entropy Lens: ${escapeTableCell(snapshot.fileName)}`, '', '| Quantity | Value |', '| --- | --- |'];
  for (const fact of summaryFacts(snapshot, unit, modelIndex)) lines.push(`| ${escapeTableCell(fact.label)} | ${escapeTableCell(fact.value)} |`);
  const identity = identityLine(snapshot, unit, modelIndex);
  if (identity) lines.push('', escapeTableCell(identity));
  if (snapshot.models.length > 1) {
    lines.push('', '| Model | Mean CE | Brier | Error rate | Wrong rows |', '| --- | --- | --- | --- | --- |');
    for (const model of snapshot.models) {
      const wrong = wrongRows(model, 20);
      const rowList = wrong.rows.map((r) => `${r + 1}`).join(', ') + (wrong.total > wrong.rows.length ? ', …' : '');
      lines.push(
        `| ${escapeTableCell(model.name)} | ${info(model.meanLossNats, unit)} | ${Number.isNaN(model.brier) ? '—' : formatPanelNumber(model.brier)} | ${formatFractionAsPercent(model.errorRate)} | ${rowList || 'none'} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * Escapes what would break a Markdown table cell in a data string (pipes, markup, line breaks):
 * lighter than the hover's escapeMarkdown, so a copied summary stays readable as plain text.
 * Example: "a|b" → "a\\|b".
 */
export function escapeTableCell(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
