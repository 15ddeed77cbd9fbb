// The Markdown a row's hover shows: row and its id, label, p(true class) and whether it was clipped,
// predicted class, loss, rank and ties, share, ×mean, fitted probability and margin, per-row KL,
// command links; or, on a row that was not scored, its problems instead.
// Pure (no vscode): the host wraps the string in a MarkdownString; tests read it directly.
import { rowLabel, RowStatus } from '../protocol/analysis';
import type { AnalysisProblem, AnalysisResult, ModelResult, ProblemSeverity } from '../protocol/analysis';
import { formatLoss, formatNumber, shareOfTotal, standingPercent, timesMean } from '../protocol/numberFormat';
import { rowRank } from './rowLookup';

/** Commands the hover links to (they must be listed in the MarkdownString's enabledCommands). */
export const HOVER_COMMANDS = ['entropyLens.showResultsPanel', 'entropyLens.nextWorstRow'] as const;

export interface HoverOptions {
  /** True when the document changed since the analysis (the numbers may no longer match the text). */
  stale: boolean;
  /** Problems attached to this row (instead of the numbers on a row that was not scored, under them otherwise). */
  problems: readonly AnalysisProblem[];
}

/** A command link whose arguments VS Code passes to the command: `command:id?<encoded JSON array>`. */
export function commandLink(title: string, command: string, args: readonly unknown[]): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

/** Escapes Markdown punctuation in data text (cell values are shown as text, never as markup). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** Cell text as inline code, safe for any content (backticks fenced by a longer run). */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Ids and free text longer than this are cut (with …) so the hover stays a few lines. */
const ID_SHOWN_CHARS = 80;

/** Problem codes the hover states in its own words (the clipping note), not as a problem line. */
const SHOWN_AS_FACTS = new Set(['true-class-probability-zero']);

const SEVERITY_ICON: Readonly<Record<ProblemSeverity, string>> = { error: '$(error)', warning: '$(warning)', information: '$(info)' };

/** An integer with thousands separators: 1,234,567 (no locale lookup on the hover path). */
function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** How the loss used p(true), for a model's probability columns: clipped to ε or 1 − ε, or unclipped 0. */
export type Clipping = 'none' | 'toEpsilon' | 'toOneMinusEpsilon' | 'zeroUnclipped';

/**
 * Whether row `row`'s loss under `model` used a clipped p(true): the core clips each probability
 * to [ε, 1 − ε] (scikit-learn's log_loss), so p(true) < ε became ε and p(true) > 1 − ε became
 * 1 − ε; with no clipping (ε null) p(true) = 0 costs +∞. Logits are never clipped (log-softmax).
 * Example: p(true) 0 with ε 2.22e-16 → 'toEpsilon' (a loss of 36.04 nats).
 */
export function clippingOf(model: ModelResult, row: number, epsilon: number | null): Clipping {
  const p = model.trueClassProbability[row];
  if (p === undefined || Number.isNaN(p) || model.columns.kind !== 'probabilities') return 'none';
  if (epsilon === null) return p === 0 ? 'zeroUnclipped' : 'none';
  if (p < epsilon) return 'toEpsilon';
  if (p > 1 - epsilon) return 'toOneMinusEpsilon';
  return 'none';
}

/** `0.6`, or `0, clipped to ε = 2.22045e-16`, `1, clipped to 1 − ε`, `0, not clipped (ε none): an infinite loss`. */
function probabilityText(model: ModelResult, row: number, epsilon: number | null): string {
  const p = formatNumber(model.trueClassProbability[row] ?? Number.NaN);
  switch (clippingOf(model, row, epsilon)) {
    case 'toEpsilon':
      return `${p}, clipped to ε = ${formatNumber(epsilon as number)}`;
    case 'toOneMinusEpsilon':
      return `${p}, clipped to 1 − ε`;
    case 'zeroUnclipped':
      return `${p}, not clipped (ε none): an infinite loss`;
    default:
      return p;
  }
}

/** The row's id cell as inline code, cut to ID_SHOWN_CHARS. */
function idText(id: string): string {
  const chars = [...id];
  return code(chars.length > ID_SHOWN_CHARS ? `${chars.slice(0, ID_SHOWN_CHARS - 1).join('')}…` : id);
}

/**
 * Markdown for data row `row` (0-based) of `result`. Lines, in order: heading with the 1-based
 * row, the source line and the row's id (when the file has an id column); label, p(true) (and
 * whether it was clipped) and the predicted class when it differs; a warning when the class
 * order those rest on is a guess; the headline loss in the
 * result's unit with its rank ("worst 10 %" in the worse half, "best 2 %" in the better one, or
 * the rows it is tied with, or "the lowest loss", shared with its ties),
 * share of total and ×mean; each other model's loss; the fit's probability and margin; per-row KL
 * in both directions; other problems of the row; links. A row that was not scored shows its
 * problems instead of numbers.
 * Example (binary sample, row 2, bits): contains `**0.736966 bits** · worst 25 % (rank 1 of 4)`;
 * row 0, the best of the four, reads `the lowest loss (rank 4 of 4)`. Of 178 rows, the 175th
 * reads `best 2.2 % (rank 175 of 178)`, not "worst 98.3 %".
 */
type LabelIssueEntry = NonNullable<ModelResult['labelIssues']>['issues'][number];
const issuesByRow = new WeakMap<object, Map<number, LabelIssueEntry>>();

/** The model's likely label error at `row`, if any (the rows indexed once per result). */
function labelIssueAt(model: ModelResult, row: number): LabelIssueEntry | undefined {
  const report = model.labelIssues;
  if (!report || report.issues.length === 0) return undefined;
  let byRow = issuesByRow.get(report);
  if (!byRow) {
    byRow = new Map(report.issues.map((issue) => [issue.row, issue]));
    issuesByRow.set(report, byRow);
  }
  return byRow.get(row);
}

export function hoverMarkdown(result: AnalysisResult, row: number, options: HoverOptions): string {
  const { rows: table, unit } = result;
  const line = table.firstLine[row];
  const id = table.idColumn !== null ? table.ids[row] : undefined;
  const lines: string[] = [
    `**Entropy Lens** · row ${row + 1}${line === undefined ? '' : ` (line ${line + 1})`}` + (id !== undefined && id !== '' ? ` · ${escapeMarkdown(table.idColumn as string)} ${idText(id)}` : ''),
  ];
  if (options.stale) lines.push('_Edited since the analysis — run Analyze to refresh._');

  const status = table.status[row];
  if (status !== undefined && status !== RowStatus.ok) {
    if (status === RowStatus.ignored) lines.push('Row left out of this analysis (missing values ignored).');
    if (status === RowStatus.ignoredLabel) {
      lines.push(`Row left out of every score: labelled ${code(rowLabel(table, row))}, the ignored label (entropyLens.loss.ignoreLabel, as PyTorch’s ignore_index).`);
    }
    lines.push(...problemLines(options.problems));
    return lines.join('\n\n');
  }

  const facts: string[] = [];
  const label = rowLabel(table, row);
  if (label !== '') facts.push(`label ${code(label)}`);
  const primary = result.models[0];
  if (primary) {
    const pTrue = primary.trueClassProbability[row];
    if (pTrue !== undefined && !Number.isNaN(pTrue)) facts.push(`p(true) ${probabilityText(primary, row, result.epsilon)}`);
    const predicted = primary.predictedClass[row];
    const truth = table.trueClass[row];
    if (predicted !== undefined && predicted >= 0 && truth !== undefined && truth >= 0 && predicted !== truth) {
      facts.push(`predicted ${code(table.classes[predicted] ?? String(predicted))}`);
    }
  }
  if (facts.length > 0) lines.push(facts.join(' · '));
  const issue = primary ? labelIssueAt(primary, row) : undefined;
  if (primary && issue) {
    const names = primary.classOrder?.classes ?? table.classes;
    const suggested = names[issue.suggested] ?? String(issue.suggested);
    const given = names[issue.given] ?? String(issue.given);
    lines.push(
      `$(warning) likely mislabelled: p(${escapeMarkdown(suggested)}) ${formatNumber(issue.suggestedProbability, 4)} ≥ ${escapeMarkdown(suggested)}'s threshold ${formatNumber(issue.threshold, 4)}, p(${escapeMarkdown(given)}) ${formatNumber(issue.selfConfidence, 4)} (confident learning: meaningful for out-of-sample probabilities)`,
    );
  }
  // The numbers rest on which column is which class: say so when that was a guess.
  const order = primary?.classOrder;
  if (order?.uncertain) {
    const what = primary?.columns.columns.length === 1 && order.classes.length === 2 && table.classes.length === 2 ? 'positive class' : 'class order';
    lines.push(`$(warning) ${what} ${order.rule === 'inferred' ? 'guessed from the data' : 'assumed (sorted labels), not confirmed'}: see the warning in Problems`);
  }

  const rowLoss = result.rowLoss;
  const loss = rowLoss?.lossNats[row];
  const place = rowLoss ? rowRank(rowLoss, row) : null;
  if (rowLoss && loss !== undefined && place) {
    const perfect = loss === 0 || (primary !== undefined && rowLoss.lossNats === primary.lossNats && clippingOf(primary, row, result.epsilon) === 'toOneMinusEpsilon');
    const of = `of ${count(rowLoss.n)}`;
    const others = place.tied - 1;
    const otherRows = others === 1 ? '1 other row' : `${count(others)} other rows`;
    let standing: string;
    if (rowLoss.n === 1) standing = 'the only scored row';
    // A rank among tied lowest rows (rank 15 of 150 for the best) reads as a place it is not.
    else if (place.lowest) standing = others > 0 ? `the lowest loss, shared with ${otherRows}` : `the lowest loss (rank ${count(place.rank + 1)} ${of})`;
    else if (others > 0) standing = `rank ${count(place.rank + 1)} ${of}, tied with ${otherRows}`;
    else standing = `${standingPercent(place.rank, rowLoss.n)} (rank ${count(place.rank + 1)} ${of})`;
    const parts = [`${rowLoss.label}: **${formatLoss(loss, unit)}**`];
    if (perfect) parts.push('a perfect prediction (p(true) = 1)');
    parts.push(standing);
    // A weighted mean's total is Σ w·loss: a row's share of it needs its weight, which the hover
    // does not have, so only the comparison with the (weighted) mean is given.
    if (!perfect && rowLoss.weightedMean === true) parts.push(`${timesMean(loss, rowLoss.meanNats)} weighted mean`);
    else if (!perfect) parts.push(`${shareOfTotal(loss, rowLoss.sumNats)} of total`, `${timesMean(loss, rowLoss.meanNats)} mean`);
    lines.push(parts.join(' · '));
  }
  for (const model of result.models) {
    const other = model.lossNats[row];
    if (other === undefined || model.lossNats === rowLoss?.lossNats) continue;
    lines.push(`${escapeMarkdown(model.columns.name)}: ${formatLoss(other, unit)} (p(true) ${probabilityText(model, row, result.epsilon)})`);
  }
  const fit = result.fit;
  if (fit) {
    const p = fit.fittedTrueClassProbability[row];
    const margin = fit.margin[row];
    if (p !== undefined && margin !== undefined) {
      lines.push(`fitted p(true) ${formatNumber(p)} · margin ${formatNumber(margin)}${margin < 0 ? ' (misclassified)' : ''}`);
    }
  }
  const kl = result.kl;
  if (kl) {
    const pq = kl.rowPqNats[row];
    const qp = kl.rowQpNats[row];
    if (pq !== undefined && qp !== undefined) {
      const what = kl.mode === 'perRow' ? 'KL' : 'KL term';
      lines.push(`${what} D(P‖Q) ${formatLoss(pq, unit)} · D(Q‖P) ${formatLoss(qp, unit)}`);
    }
  }
  lines.push(...problemLines(options.problems.filter((problem) => !SHOWN_AS_FACTS.has(problem.code))));
  const uri = result.uri;
  lines.push(`${commandLink('Show in panel', 'entropyLens.showResultsPanel', [uri, row])} · ` + commandLink('Next worst row', 'entropyLens.nextWorstRow', [uri, row]));
  return lines.join('\n\n');
}

/** The first five problems, each with its severity's icon, and how many more there are. */
function problemLines(problems: readonly AnalysisProblem[]): string[] {
  const lines = problems.slice(0, 5).map((problem) => `${SEVERITY_ICON[problem.severity]} ${escapeMarkdown(problem.message)}`);
  if (problems.length > 5) lines.push(`…and ${problems.length - 5} more problems on this row.`);
  return lines;
}
