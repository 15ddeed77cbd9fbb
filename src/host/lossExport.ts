// Per-row loss export: the file name next to the data (never the data file, never an existing
// file) and the CSV / JSON Lines text. Pure (no vscode, no fs): the host checks existence.
import { natsToUnit, rowLabel, RowStatus } from '../protocol/analysis';
import type { AnalysisResult } from '../protocol/analysis';

/**
 * The export path for a data file: `<stem>.losses.csv` (CSV/TSV data) or `<stem>.losses.jsonl`
 * (JSON data), with `-2`, `-3`… appended until `exists` says the name is free. Never returns
 * `dataPath` itself. Example: exportPathFor('/d/preds.csv', () => false) === '/d/preds.losses.csv'.
 */
export function exportPathFor(dataPath: string, exists: (path: string) => boolean, format?: 'csv' | 'jsonl'): string {
  const slash = Math.max(dataPath.lastIndexOf('/'), dataPath.lastIndexOf('\\'));
  const dot = dataPath.lastIndexOf('.');
  const stem = dot > slash ? dataPath.slice(0, dot) : dataPath;
  const extension = dot > slash ? dataPath.slice(dot + 1).toLowerCase() : '';
  const out = format ?? (extension === 'json' || extension === 'jsonl' || extension === 'ndjson' ? 'jsonl' : 'csv');
  for (let attempt = 1; ; attempt++) {
    const candidate = `${stem}.losses${attempt === 1 ? '' : `-${attempt}`}.${out}`;
    if (candidate !== dataPath && !exists(candidate)) return candidate;
  }
}

/** Quotes a CSV field when it holds a delimiter, quote or line break (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number as JavaScript prints it at full precision; ±∞ and NaN as the strings the CLI uses. */
function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

/**
 * The export's rows: `row` (1-based), `line` (1-based, when known), `label`, `loss` (headline loss
 * in the result's unit), `rank` (1 = worst), then each model's loss as `loss_<model>` when there
 * are several, and `fitted_p`/`margin` after a fit. Unscored rows get an empty loss (CSV) / null.
 */
export function exportRows(result: AnalysisResult): { header: string[]; rows: (string | number | null)[][] } {
  const rowLoss = result.rowLoss;
  const header = ['row', 'line', 'label', 'loss', 'rank'];
  const multi = result.models.length > 1;
  if (multi) for (const model of result.models) header.push(`loss_${model.columns.name}`);
  if (result.fit) header.push('fitted_p', 'margin');
  const out: (string | number | null)[][] = [];
  for (let i = 0; i < result.rows.count; i++) {
    const scored = result.rows.status.length === 0 || result.rows.status[i] === RowStatus.ok;
    const loss = rowLoss?.lossNats[i];
    const line = result.rows.firstLine[i];
    const record: (string | number | null)[] = [
      i + 1,
      line === undefined ? null : line + 1,
      rowLabel(result.rows, i),
      scored && loss !== undefined ? natsToUnit(loss, result.unit) : null,
      scored && rowLoss ? (rowLoss.rank[i] as number) + 1 : null,
    ];
    if (multi) for (const model of result.models) record.push(scored ? natsToUnit(model.lossNats[i] as number, result.unit) : null);
    if (result.fit) record.push(scored ? (result.fit.fittedTrueClassProbability[i] as number) : null, scored ? (result.fit.margin[i] as number) : null);
    out.push(record);
  }
  return { header, rows: out };
}

/** The export as CSV text (header line, LF line ends, full-precision numbers). */
export function exportCsv(result: AnalysisResult): string {
  const { header, rows } = exportRows(result);
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map((v) => (v === null ? '' : typeof v === 'number' ? numberText(v) : csvField(v))).join(','));
  return `${lines.join('\n')}\n`;
}

/** The export as JSON Lines (one object per row; non-finite numbers as strings, like the CLI). */
export function exportJsonl(result: AnalysisResult): string {
  const { header, rows } = exportRows(result);
  const lines = rows.map((row) => {
    const record: Record<string, string | number | null> = {};
    header.forEach((name, k) => {
      const v = row[k] ?? null;
      record[name] = typeof v === 'number' && !Number.isFinite(v) ? numberText(v) : v;
    });
    return JSON.stringify(record);
  });
  return `${lines.join('\n')}\n`;
}
