// The status bar's text and tooltip for a result. Pure (no vscode): tests check the exact text.
import { RowStatus } from '../protocol/analysis';
import type { AnalysisResult, ModelResult } from '../protocol/analysis';
import { formatLoss } from '../protocol/numberFormat';
import { classOrderSentence, isOneColumnBinary } from './classOrderText';
import { classOrderFixes } from './fixChoices';
import { commandLink, escapeMarkdown } from './hoverContent';
import { rowAtPosition, rowsInLines } from './rowLookup';

/** Commands the tooltip may link to (the host enables exactly these in its MarkdownString). */
export const STATUS_COMMANDS = ['entropyLens.applyAnalysisFix', 'entropyLens.chooseColumns', 'entropyLens.showResultsPanel'] as const;

/** The primary model when the headline mean is its loss (not a fit's, KL's or entropy's). */
function headlineModel(result: AnalysisResult): ModelResult | undefined {
  const model = result.models[0];
  const rowLoss = result.rowLoss;
  if (!model || !rowLoss) return undefined;
  return rowLoss.label === `cross-entropy (${model.columns.name})` ? model : undefined;
}

/** Whether the headline mean rests on a class order (or positive class) that is a guess. */
export function meanRestsOnGuess(result: AnalysisResult): boolean {
  return headlineModel(result)?.classOrder?.uncertain === true;
}

export interface StatusContext {
  stale: boolean;
  running: boolean;
  /** Selected whole lines (inclusive; see selectedLines), or null. */
  selection: { startLine: number; endLine: number } | null;
  /** The cursor, when the hover is off and the status bar shows the row under it instead. */
  cursor: { line: number; character: number } | null;
}

/**
 * `$(pulse) 0.522010 bits · n=4` (plus ` · selection: 2 rows, mean 0.4 bits` for a selection of
 * whole lines, ` · row 3 1.32 bits` for the row under the cursor when hovers are off, and
 * `(stale)` after an edit).
 */
export function statusText(result: AnalysisResult, context: StatusContext): { text: string; tooltip: string } {
  const rowLoss = result.rowLoss;
  const parts: string[] = [];
  const guessed = headlineModel(result);
  const uncertain = guessed?.classOrder?.uncertain === true;
  const icon = context.running ? '$(loading~spin)' : uncertain ? '$(warning)' : '$(pulse)';
  if (rowLoss) parts.push(`${icon} ${formatLoss(rowLoss.meanNats, result.unit)} · n=${rowLoss.n}`);
  else if (result.kl) parts.push(`${icon} D(P‖Q) ${formatLoss(result.kl.pqNats, result.unit)}`);
  else if (result.entropy) parts.push(`${icon} H ${formatLoss(result.entropy.entropyNats, result.unit)} · n=${result.entropy.n}`);
  else parts.push(`${icon} Entropy Lens`);
  // Right after the mean it qualifies.
  if (uncertain && guessed) parts.push(isOneColumnBinary(result.table, guessed.columns.columns) ? 'positive class guessed' : 'class order guessed');

  if (rowLoss && context.selection && result.rows.firstLine.length > 0) {
    const [from, to] = rowsInLines(result.rows, context.selection.startLine, context.selection.endLine);
    let sum = 0;
    let n = 0;
    for (let i = from; i < to; i++) {
      if (result.rows.status[i] !== RowStatus.ok) continue;
      sum += rowLoss.lossNats[i] as number;
      n++;
    }
    const selected = to - from;
    if (selected > 0) {
      const scored = n === selected ? '' : `, ${n} scored`;
      parts.push(`selection: ${selected === 1 ? '1 row' : `${selected} rows`}${scored}${n > 0 ? `, mean ${formatLoss(sum / n, result.unit)}` : ''}`);
    }
  }
  if (rowLoss && context.cursor && result.rows.firstLine.length > 0) {
    const row = rowAtPosition(result.rows, context.cursor.line, context.cursor.character);
    const loss = row >= 0 ? rowLoss.lossNats[row] : undefined;
    if (row >= 0 && loss !== undefined && !Number.isNaN(loss)) parts.push(`row ${row + 1} ${formatLoss(loss, result.unit)}`);
  }
  if (context.stale) parts.push('(stale)');
  const what = rowLoss ? `${rowLoss.weightedMean === true ? 'weighted mean' : 'mean'} ${rowLoss.label}` : result.kl ? 'KL divergence' : 'entropy';
  const tooltip = [
    `**Entropy Lens** — ${what} over ${rowLoss?.n ?? result.rows.count} rows`,
    ...result.models.filter((m) => m.classOrder?.uncertain).map((m) => guessLines(result, m, m === guessed)),
    context.stale ? 'The document changed since this analysis.' : '',
    result.problemCount > 0 ? `${result.problemCount} data problem(s) in the Problems panel.` : '',
    'Click to open the results panel.',
  ]
    .filter((line) => line !== '')
    .join('\n\n');
  return { text: parts.join(' · '), tooltip };
}

/** A tooltip paragraph for a model whose class order is a guess, with links to settle it. */
function guessLines(result: AnalysisResult, model: ModelResult, headline: boolean): string {
  const sentence = escapeMarkdown(classOrderSentence(model, result.table, result.unit));
  const links = classOrderFixes(result.problems, model.columns.name).map((offered) =>
    commandLink(escapeMarkdown(offered.title), 'entropyLens.applyAnalysisFix', [result.uri, offered.fix, [], offered.choice]),
  );
  links.push(commandLink('Choose Columns…', 'entropyLens.chooseColumns', [result.uri]));
  return `$(warning) ${sentence}${headline ? ' The mean rests on it.' : ''}\n\n${links.join(' · ')}`;
}
