// Per-row loss export: the file name next to the data (never the data file, never an existing
// file), the CSV / JSON Lines text (every row, scored or not, with its id, label, model, p(true),
// loss in the unit, rank and ties) and the sentence saying what was written. Pure (no vscode, no
// fs): the host checks existence and writes.
import { LABEL_TEXT_ROW_LIMIT, natsToUnit, rowLabel, RowStatus } from '../protocol/analysis';
import type { AnalysisResult, RowLoss } from '../protocol/analysis';

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

/** What the export says about a row that has no numbers. */
const STATUS_TEXT = ['scored', 'problem', 'ignored'] as const;

type Cell = string | number | null;

/** The export's columns and a function giving row i's cells (no table of millions of arrays). */
export interface ExportTable {
  header: string[];
  count: number;
  record(row: number): Cell[];
}

/** The name the headline loss is the loss of: the primary model, the fit, or the per-row quantity. */
function headlineModel(result: AnalysisResult, rowLoss: RowLoss): { name: string; pTrue: Float64Array | null } {
  const primary = result.models[0];
  if (primary && rowLoss.lossNats === primary.lossNats) return { name: primary.columns.name, pTrue: primary.trueClassProbability };
  if (result.fit && rowLoss.lossNats === result.fit.lossNats) return { name: `fitted ${result.fit.model} regression`, pTrue: result.fit.fittedTrueClassProbability };
  return { name: rowLoss.label, pTrue: null };
}

/** Rows sharing each scored row's loss, from the tie groups of worstFirst (one pass, O(n)). */
function tieSizes(rowLoss: RowLoss, count: number): Uint32Array {
  const tied = new Uint32Array(count);
  const order = rowLoss.worstFirst;
  for (let start = 0; start < order.length; ) {
    const rank = rowLoss.rank[order[start] as number];
    let end = start + 1;
    while (end < order.length && rowLoss.rank[order[end] as number] === rank) end++;
    for (let k = start; k < end; k++) tied[order[k] as number] = end - start;
    start = end;
  }
  return tied;
}

/**
 * The export's columns: `row` (1-based), `line` (1-based, when known), the id column under its own
 * name (when the file has one and its text was kept), `label`, `status` (scored, problem or
 * ignored: unscored rows are kept, with empty numbers), `model` (what the loss is of), `p_true`,
 * `loss_<unit>` (the headline loss, e.g. `loss_bits`), `rank` (1 = worst; tied rows share it) and
 * `tied` (rows with that loss); with several models each one's `loss_<unit>_<model>` and
 * `p_true_<model>`; after a fit `margin`, and `fitted_p` unless the fit is the headline.
 */
export function exportTable(result: AnalysisResult): ExportTable {
  const rows = result.rows;
  const rowLoss = result.rowLoss;
  const unit = result.unit;
  const header = ['row', 'line'];
  const columns = ['label', 'status', 'model', 'p_true', `loss_${unit}`, 'rank', 'tied'];
  const idColumn = missingIdColumn(result) === null ? rows.idColumn : null;
  if (idColumn !== null) header.push([...header, ...columns].includes(idColumn) ? `id_${idColumn}` : idColumn);
  header.push(...columns);
  const multi = result.models.length > 1;
  if (multi) for (const model of result.models) header.push(`loss_${unit}_${model.columns.name}`, `p_true_${model.columns.name}`);
  const headline = rowLoss ? headlineModel(result, rowLoss) : null;
  const fit = result.fit;
  // A fit that is the headline already gave its probability as p_true.
  const fittedP = fit !== null && headline?.pTrue !== fit.fittedTrueClassProbability;
  if (fit) header.push(...(fittedP ? ['fitted_p'] : []), 'margin');
  const tied = rowLoss ? tieSizes(rowLoss, rows.count) : null;
  const number = (value: number | undefined): number | null => (value === undefined || Number.isNaN(value) ? null : value);
  const record = (i: number): Cell[] => {
    const status = rows.status.length === 0 ? RowStatus.ok : (rows.status[i] as number);
    const scored = status === RowStatus.ok;
    const line = rows.firstLine[i];
    const loss = scored ? number(rowLoss?.lossNats[i]) : null;
    const out: Cell[] = [i + 1, line === undefined ? null : line + 1];
    if (idColumn !== null) out.push(rows.ids[i] ?? '');
    out.push(
      rowLabel(rows, i),
      STATUS_TEXT[status] ?? 'problem',
      headline?.name ?? null,
      scored && headline?.pTrue ? number(headline.pTrue[i]) : null,
      loss === null ? null : natsToUnit(loss, unit),
      loss !== null && rowLoss ? (rowLoss.rank[i] as number) + 1 : null,
      loss !== null && tied ? (tied[i] as number) : null,
    );
    if (multi) {
      for (const model of result.models) {
        const modelLoss = scored ? number(model.lossNats[i]) : null;
        out.push(modelLoss === null ? null : natsToUnit(modelLoss, unit), scored ? number(model.trueClassProbability[i]) : null);
      }
    }
    if (fit) {
      if (fittedP) out.push(scored ? number(fit.fittedTrueClassProbability[i]) : null);
      out.push(scored ? number(fit.margin[i]) : null);
    }
    return out;
  };
  return { header, count: rows.count, record };
}

/** Rows per piece of exportPieces: a few milliseconds of work, so a million rows take many short turns. */
const ROWS_PER_PIECE = 1_000;

/**
 * The export's text in pieces of ROWS_PER_PIECE rows (each line ending in LF; CSV starts with its
 * header line), so the host can build a file of millions of rows a piece per turn. Joined, the
 * pieces are exportCsv / exportJsonl. O(rows).
 */
export function* exportPieces(result: AnalysisResult, format: 'csv' | 'jsonl'): Generator<string> {
  const table = exportTable(result);
  const line =
    format === 'csv'
      ? (cells: Cell[]): string => cells.map((v) => (v === null ? '' : typeof v === 'number' ? numberText(v) : csvField(v))).join(',')
      : (cells: Cell[]): string => {
          const record: Record<string, Cell> = {};
          table.header.forEach((name, k) => {
            const v = cells[k] ?? null;
            record[name] = typeof v === 'number' && !Number.isFinite(v) ? numberText(v) : v;
          });
          return JSON.stringify(record);
        };
  if (format === 'csv') yield `${table.header.map(csvField).join(',')}\n`;
  for (let start = 0; start < table.count; start += ROWS_PER_PIECE) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(table.count, start + ROWS_PER_PIECE); i++) lines.push(line(table.record(i)));
    yield `${lines.join('\n')}\n`;
  }
}

/** The export as CSV text (header line, LF line ends, full-precision numbers, empty cells for no value). */
export function exportCsv(result: AnalysisResult): string {
  return [...exportPieces(result, 'csv')].join('');
}

/** The export as JSON Lines (one object per row; null for no value, non-finite numbers as strings, like the CLI). */
export function exportJsonl(result: AnalysisResult): string {
  return [...exportPieces(result, 'jsonl')].join('');
}

/**
 * The export's bytes (UTF-8), built a few pieces per event-loop turn (at most about `turnMs` of
 * work each), so exporting a million rows never stalls the extension host for seconds.
 */
export async function exportBytes(result: AnalysisResult, format: 'csv' | 'jsonl', turnMs = 8): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let length = 0;
  let turnStarted = performance.now();
  for (const piece of exportPieces(result, format)) {
    const bytes = encoder.encode(piece);
    parts.push(bytes);
    length += bytes.length;
    if (performance.now() - turnStarted < turnMs) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    turnStarted = performance.now();
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const bytes of parts) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

/**
 * The sentence shown after an export: `Wrote 4 rows to /d/preds.losses.csv.`, plus what is not in
 * the file (the ids of a table too large to keep them) and how many rows have no loss.
 */
export function exportMessage(result: AnalysisResult, path: string): string {
  const rows = result.rows;
  let unscored = 0;
  for (let i = 0; i < rows.status.length; i++) if (rows.status[i] !== RowStatus.ok) unscored++;
  const parts = [`Wrote ${rows.count === 1 ? '1 row' : `${rows.count.toLocaleString('en-US')} rows`} to ${path}`];
  if (unscored > 0) parts.push(`${unscored === 1 ? '1 row has' : `${unscored.toLocaleString('en-US')} rows have`} no loss (status problem or ignored)`);
  const missing = missingIdColumn(result);
  if (missing) parts.push(`without the ${missing} column (ids are kept for files of at most ${LABEL_TEXT_ROW_LIMIT.toLocaleString('en-US')} rows)`);
  return `${parts.join('; ')}.`;
}

/** The file's id column when its text was not kept (a table of more than LABEL_TEXT_ROW_LIMIT rows), else null. */
function missingIdColumn(result: AnalysisResult): string | null {
  const rows = result.rows;
  return rows.idColumn !== null && rows.ids.length !== rows.count ? rows.idColumn : null;
}
