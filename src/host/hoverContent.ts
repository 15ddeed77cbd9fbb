// The Markdown a row's hover shows: row, label, p(true class), predicted class, loss, rank, share,
// ×mean, fitted probability and margin, per-row KL, command links; or the row's problems instead.
// Pure (no vscode): the host wraps the string in a MarkdownString; tests read it directly.
import { rowLabel, RowStatus } from '../protocol/analysis';
import type { AnalysisProblem, AnalysisResult } from '../protocol/analysis';
import { formatLoss, formatNumber, shareOfTotal, timesMean, worstPercent } from '../protocol/numberFormat';

/** Commands the hover links to (they must be listed in the MarkdownString's enabledCommands). */
export const HOVER_COMMANDS = ['entropyLens.showResultsPanel', 'entropyLens.nextWorstRow'] as const;

export interface HoverOptions {
  /** True when the document changed since the analysis (the numbers may no longer match the text). */
  stale: boolean;
  /** Problems attached to this row (shown instead of the numbers). */
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

/**
 * Markdown for data row `row` (0-based) of `result`. Lines, in order: heading with the 1-based
 * row and the source line; label, p(true) and the predicted class when it differs; the headline
 * loss in the result's unit with its rank ("worst 10 %"), share of total and ×mean; each other
 * model's loss; the fit's probability and margin; per-row KL in both directions; links.
 * Example (binary sample, row 0, bits): contains `**0.321928 bits**` and `worst 50 %`.
 */
export function hoverMarkdown(result: AnalysisResult, row: number, options: HoverOptions): string {
  const { rows, unit } = result;
  const line = rows.firstLine[row];
  const lines: string[] = [`**Entropy Lens** · row ${row + 1}${line === undefined ? '' : ` (line ${line + 1})`}`];
  if (options.stale) lines.push('_Edited since the analysis — run Analyze to refresh._');

  const status = rows.status[row];
  if (options.problems.length > 0 || (status !== undefined && status !== RowStatus.ok)) {
    if (status === RowStatus.ignored) lines.push('Row left out of this analysis (missing values ignored).');
    for (const problem of options.problems.slice(0, 5)) lines.push(`$(warning) ${escapeMarkdown(problem.message)}`);
    if (options.problems.length > 5) lines.push(`…and ${options.problems.length - 5} more problems on this row.`);
    return lines.join('\n\n');
  }

  const facts: string[] = [];
  const label = rowLabel(rows, row);
  if (label !== '') facts.push(`label ${code(label)}`);
  const primary = result.models[0];
  if (primary) {
    const pTrue = primary.trueClassProbability[row];
    if (pTrue !== undefined && !Number.isNaN(pTrue)) facts.push(`p(true) ${formatNumber(pTrue)}`);
    const predicted = primary.predictedClass[row];
    const truth = rows.trueClass[row];
    if (predicted !== undefined && predicted >= 0 && truth !== undefined && truth >= 0 && predicted !== truth) {
      facts.push(`predicted ${code(rows.classes[predicted] ?? String(predicted))}`);
    }
  }
  if (facts.length > 0) lines.push(facts.join(' · '));

  const rowLoss = result.rowLoss;
  if (rowLoss) {
    const loss = rowLoss.lossNats[row];
    const rank = rowLoss.rank[row];
    if (loss !== undefined && rank !== undefined) {
      lines.push(
        `${rowLoss.label}: **${formatLoss(loss, unit)}** · ${worstPercent(rank, rowLoss.n)} (rank ${rank + 1} of ${rowLoss.n})` +
          ` · ${shareOfTotal(loss, rowLoss.sumNats)} of total · ${timesMean(loss, rowLoss.meanNats)} mean`,
      );
    }
  }
  for (const model of result.models) {
    const loss = model.lossNats[row];
    if (loss === undefined || model.lossNats === rowLoss?.lossNats) continue;
    lines.push(`${escapeMarkdown(model.columns.name)}: ${formatLoss(loss, unit)} (p(true) ${formatNumber(model.trueClassProbability[row] ?? NaN)})`);
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
  const uri = result.uri;
  lines.push(
    `${commandLink('Show in panel', 'entropyLens.showResultsPanel', [uri, row])} · ` +
      commandLink('Next worst row', 'entropyLens.nextWorstRow', [uri, row]),
  );
  return lines.join('\n\n');
}
