// Validation helpers the extension and CLI call once roles are chosen: missing values, numbers
// out of range for probabilities, rows not summing to 1, logits posing as probabilities, unknown
// labels — each problem carrying the exact cell range and raw text.
import { numericLabelValue, ROW_SUM_TOLERANCE } from '../core';
import { DEFAULT_MAX_PROBLEMS, formatMessageNumber, ProblemCollector, quoteValue } from './problems';
import type { ProblemReport } from './problems';
import type { LabelCodes, NumericMatrix, NumericRows, Problem, SourceRange, Table } from './types';
import { componentName } from './componentNames';

/** Options for {@link validateProbabilities}. */
export interface ProbabilityCheckOptions {
  /** A row is off when |Σp − 1| exceeds this (default 1e-6, the core's ROW_SUM_TOLERANCE). */
  sumTolerance?: number;
  /** Check row sums (default: when the group has at least two columns or one vector column). */
  checkRowSums?: boolean;
  /**
   * Rows will be divided by their sums (`--normalize`): entries need only be finite and ≥ 0, on
   * any scale (percentages 20, 30, 50), and row sums are not checked (a row summing to 0 is).
   */
  normalize?: boolean;
  maxProblems?: number;
  /** The group's `table.matrix(columns)` when the caller already read it (skips a second copy). */
  matrix?: NumericMatrix;
}

/**
 * Problems for numeric columns (scalars, or one vector column per entry): `missing-value` (empty,
 * absent, null, NA, NaN) and `not-a-number`, in source order, each on the cell's exact range.
 * Example: for `p` = ['0.2', 'NA'] → one missing-value problem on the `NA` cell.
 */
export function validateNumeric(table: Table, columns: readonly string[], maxProblems = DEFAULT_MAX_PROBLEMS): ProblemReport {
  const reports = columns.map((name) => {
    const matrix = table.matrix([name]);
    return { problems: matrix.problems, problemCount: matrix.problemCount };
  });
  return mergeReports(reports, maxProblems);
}

/**
 * Problems for cells that hold ±Infinity (`inf`, `-inf`, `Infinity` as written) in numeric columns
 * where only finite numbers make sense (logits, features): `not-finite` on each cell, naming the
 * value. Missing and non-numeric cells are validateNumeric's. O(rows · columns).
 * Example: a logit column with `inf` in row 4 → "logit = inf is infinite: …" on that cell.
 */
export function validateFinite(table: Table, columns: readonly string[], what: string, maxProblems = DEFAULT_MAX_PROBLEMS): ProblemReport {
  const collector = new ProblemCollector(maxProblems);
  for (const name of columns) {
    const info = table.column(name);
    if (info === undefined) continue;
    const matrix = table.matrix([name]);
    const width = matrix.width;
    for (let row = 0; row < matrix.rowCount; row++) {
      for (let k = 0; k < width; k++) {
        const v = matrix.values[row * width + k]!;
        if (v !== Infinity && v !== -Infinity) continue;
        collector.report(() =>
          at(table, table.index.cellRange(row, info.index), {
            code: 'not-finite',
            message: `${componentName([name], k, width > 1)} = ${v > 0 ? 'inf' : '-inf'} is infinite: ${what} must be finite numbers`,
            row,
            column: name,
          }),
        );
      }
    }
  }
  return collector.toReport();
}

/**
 * Problems for weight columns (sample weights): `not-finite` for ±Infinity and `negative-weight`
 * for values below 0, each on its cell (missing and non-numeric cells are validateNumeric's).
 * Example: a weight column with `-2` in row 3 → "weight = -2 is negative: …" on that cell.
 */
export function validateWeights(table: Table, name: string, maxProblems = DEFAULT_MAX_PROBLEMS): ProblemReport {
  const collector = new ProblemCollector(maxProblems);
  const info = table.column(name);
  if (info === undefined) return collector.toReport();
  const matrix = table.matrix([name]);
  for (let row = 0; row < matrix.rowCount; row++) {
    const v = matrix.values[row * matrix.width]!;
    if (v >= 0 && v !== Infinity) continue;
    if (Number.isNaN(v)) continue;
    collector.report(() =>
      at(table, table.index.cellRange(row, info.index), {
        code: v === Infinity ? 'not-finite' : 'negative-weight',
        message: `${name} = ${v === Infinity ? 'inf' : formatMessageNumber(v)} ${v === Infinity ? 'is infinite' : 'is negative'}: sample weights must be finite numbers of 0 or more`,
        row,
        column: name,
      }),
    );
  }
  return collector.toReport();
}

/**
 * Why a weight of a distribution (a column taken as one distribution over its rows: `entropy
 * --column`, `kl --p --q`) cannot be used, or undefined when it can: ±Infinity and values below 0
 * (NaN is a missing or non-numeric cell, validateNumeric's). The streaming reader words its refusals
 * with this too, so a file read in memory and one streamed list the same problems.
 * Example: `distributionWeightRefusal('w', -2)` → {code: 'negative-weight', message: 'w = -2 is negative: …'}.
 */
export function distributionWeightRefusal(name: string, v: number): { code: 'not-finite' | 'negative-weight'; message: string } | undefined {
  if ((v >= 0 && v !== Infinity) || v !== v) return undefined;
  if (v === Infinity || v === -Infinity) return { code: 'not-finite', message: `${name} = ${v > 0 ? 'inf' : '-inf'} is infinite: the weights of a distribution must be finite numbers of 0 or more` };
  return { code: 'negative-weight', message: `${name} = ${formatMessageNumber(v)} is negative: the weights of a distribution must be finite numbers of 0 or more` };
}

/**
 * Problems for columns each taken as a distribution over its rows, in file order: missing and
 * non-numeric cells (validateNumeric's) and each ±Infinity or negative value
 * (distributionWeightRefusal), on its cell — what a streamed read of the file lists too.
 * Example: a column `w` with `-2` in row 3 → "w = -2 is negative: …" on that cell.
 */
export function validateDistribution(table: Table, columns: readonly string[], maxProblems = DEFAULT_MAX_PROBLEMS): ProblemReport {
  const reports: ProblemReport[] = [];
  for (const name of columns) {
    const info = table.column(name);
    if (info === undefined) continue;
    const matrix = table.matrix([name]);
    const collector = new ProblemCollector(maxProblems);
    for (let row = 0; row < matrix.rowCount; row++) {
      const refusal = distributionWeightRefusal(name, matrix.values[row * matrix.width]!);
      if (refusal !== undefined) collector.report(() => at(table, table.index.cellRange(row, info.index), { ...refusal, row, column: name }));
    }
    reports.push({ problems: matrix.problems, problemCount: matrix.problemCount }, collector.toReport());
  }
  return mergeReports(reports, maxProblems);
}

/** What validateProbabilities found beyond its problems. */
export interface ProbabilityReport extends ProblemReport {
  /**
   * Rows off by more than the tolerance but only by the rounding of their numbers as written
   * (six decimals over three columns: up to 1.5e-6): scored as written, not problems.
   */
  roundedRows: number;
  /** The largest |Σp − 1| among those rows (0 when none). */
  largestRoundingGap: number;
  /** The |Σp − 1| the core must accept to score every row not reported here (≥ the tolerance). */
  rowSumTolerance: number;
}

/**
 * Problems for a probability group (scalar columns, or one vector column): the numeric problems,
 * `probability-out-of-range` for each p ∉ [0, 1] (on its cell), `row-sum` for each row with
 * |Σp − 1| > tolerance (over the row's cells of the group) unless the numbers as written explain
 * it (see {@link writtenRounding}: such rows are counted in `roundedRows`), and one
 * `looks-like-logits` warning when at least max(2, 10 %) of the values fall outside [0, 1] (on the
 * first such cell). With `normalize`, only negative entries and rows summing to 0 are problems.
 * Rows with a missing value get no row-sum problem (the missing value is the problem).
 * Example: one column `p` with a cell `1.2` → "p = 1.2 is outside [0, 1]" on that cell; a row
 * 0.958434, 0.018117, 0.023450 (sums to 1.000001, written with 6 decimals) is rounded, not a problem.
 */
export function validateProbabilities(table: Table, columns: readonly string[], options: ProbabilityCheckOptions = {}): ProbabilityReport {
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const tolerance = options.sumTolerance ?? ROW_SUM_TOLERANCE;
  const matrix = options.matrix ?? table.matrix(columns);
  const vector = columns.length === 1 && table.column(columns[0]!)?.shape === 'vector';
  const normalize = options.normalize === true;
  const checkSums = !normalize && (options.checkRowSums ?? (vector || columns.length >= 2));
  const width = matrix.width;
  const infos = columns.map((name) => table.column(name));
  const report = (base: ProblemReport, rounded = 0, gap = 0): ProbabilityReport => ({ ...base, roundedRows: rounded, largestRoundingGap: gap, rowSumTolerance: Math.max(tolerance, gap) });
  if (infos.some((info) => info === undefined)) return report({ problems: matrix.problems, problemCount: matrix.problemCount });
  const ranges = new ProblemCollector(maxProblems);
  const sums = new ProblemCollector(maxProblems);
  let outside = 0;
  let finite = 0;
  let firstOutside: Problem | undefined;
  const cellRange = (row: number, k: number): SourceRange | undefined => table.index.cellRange(row, vector ? infos[0]!.index : infos[k]!.index);
  // Most groups are clean: one tight pass proves it, and the detailed pass below (which names rows,
  // cells and values) runs only when some row has a missing value, a p outside [0, 1] or an off sum.
  if (!normalize && matrix.problemCount === 0 && allProbabilityRows({ values: matrix.values, rowCount: matrix.rowCount, width, stride: width, offset: 0 }, checkSums ? tolerance : Infinity)) {
    return report({ problems: [], problemCount: 0 });
  }
  let rounded = 0;
  let largestGap = 0;
  const zeroSums = new ProblemCollector(maxProblems);
  for (let row = 0; row < matrix.rowCount; row++) {
    let sum = 0;
    let complete = true;
    for (let k = 0; k < width; k++) {
      const p = matrix.values[row * width + k]!;
      if (p !== p) {
        complete = false;
        continue;
      }
      finite++;
      sum += p;
      if (p >= 0 && (p <= 1 || (normalize && p < Infinity))) continue;
      outside++;
      const name = componentName(columns, k, vector);
      const build = (): Problem =>
        at(table, cellRange(row, k), {
          code: 'probability-out-of-range',
          message: normalize ? `${name} = ${formatMessageNumber(p)} is negative: rows are divided by their sums, so every value must be ≥ 0` : `${name} = ${formatMessageNumber(p)} is outside [0, 1]`,
          row,
          column: vector ? columns[0]! : columns[k]!,
        });
      if (firstOutside === undefined) firstOutside = build();
      ranges.report(build);
    }
    if (normalize && complete && sum === 0 && width > 1) {
      zeroSums.report(() =>
        at(table, table.index.rowRange(row), {
          code: 'row-sum',
          message: `Row sums to 0 (${vector ? `"${columns[0]}"` : columns.join(' + ')}): it cannot be divided by its sum`,
          row,
          column: columns[0]!,
        }),
      );
    }
    if (checkSums && complete && Math.abs(sum - 1) > tolerance) {
      const gap = Math.abs(sum - 1);
      const written = writtenRounding(table, row, vector ? [infos[0]!.index] : infos.map((info) => info!.index), width);
      if (written !== undefined && gap <= written.tolerance) {
        rounded++;
        largestGap = Math.max(largestGap, gap);
        continue;
      }
      sums.report(() => {
        const first = cellRange(row, 0);
        const last = cellRange(row, vector ? 0 : width - 1);
        const range = first === undefined || last === undefined ? table.index.rowRange(row) : joinRanges(first, last);
        return at(table, range, {
          code: 'row-sum',
          message:
            written === undefined
              ? `Row sums to ${formatMessageNumber(sum)}, not 1 (${vector ? `"${columns[0]}"` : columns.join(' + ')}; |sum − 1| > ${tolerance})`
              : `Row sums to ${formatMessageNumber(sum)}, not 1 (${vector ? `"${columns[0]}"` : columns.join(' + ')}): more than rounding to ${written.decimals} decimals explains (at most ±${formatMessageNumber(Number(written.tolerance.toPrecision(2)))})`,
          row,
          column: columns[0]!,
        });
      });
    }
  }
  const reports: ProblemReport[] = [{ problems: matrix.problems, problemCount: matrix.problemCount }, ranges.toReport(), sums.toReport(), zeroSums.toReport()];
  if (!normalize && firstOutside !== undefined && outside >= Math.max(2, 0.1 * finite)) {
    const share = Math.round((100 * outside) / Math.max(finite, 1));
    reports.unshift({
      problems: [
        {
          ...firstOutside,
          code: 'looks-like-logits',
          severity: 'warning',
          message: `${vector ? `"${columns[0]}"` : columns.join(', ')} look${columns.length === 1 && !vector ? 's' : ''} like logits, not probabilities: ${outside} values (${share} %) are outside [0, 1]`,
        },
      ],
      problemCount: 1,
    });
  }
  return report(mergeReports(reports, maxProblems), rounded, largestGap);
}

/** Fewest and most decimals a row's numbers may be written with for their rounding to count. */
const ROUNDED_DECIMALS = { min: 2, max: 12 } as const;

/**
 * How far a row's sum may be from 1 because of how its numbers were written: with d decimals (the
 * most any of the row's cells has: `0.5` beside `0.123457` is six-decimal rounding, as
 * `np.round(p, 6)` then `json.dumps` writes it) each of the K values is off by at most ½·10^−d, so
 * the sum by K·½·10^−d (plus float rounding). Undefined when the row is written with fewer than 2
 * or more than 12 decimals (full-precision numbers, which are not rounded). Exponents count:
 * `1e-06` has six decimals. O(K) on the row's source text.
 * Example: 0.958434, 0.018117, 0.023450 → {decimals: 6, tolerance 1.5e-6 + ε}.
 */
export function writtenRounding(table: Table, row: number, columnIndices: readonly number[], width: number): { decimals: number; tolerance: number } | undefined {
  let decimals = -1;
  for (const column of columnIndices) {
    const raw = table.raw(row, column);
    if (raw === undefined) return undefined;
    const plain = plainDecimals(raw);
    if (plain >= 0) decimals = Math.max(decimals, plain);
    else for (const match of raw.matchAll(/-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g)) decimals = Math.max(decimals, decimalsOf(match[0]));
  }
  if (decimals < ROUNDED_DECIMALS.min || decimals > ROUNDED_DECIMALS.max) return undefined;
  return { decimals, tolerance: width * 0.5 * 10 ** -decimals + width * Number.EPSILON * 4 };
}

/**
 * The rounding tolerance of a probability group as its first rows are written (the largest
 * {@link writtenRounding} over up to `sampleRows` rows), for readers that see rows one batch at a
 * time (streaming): at least ROW_SUM_TOLERANCE. Example: a `%.6f` export of three columns → 1.5e-6.
 */
export function writtenRowSumTolerance(table: Table, columns: readonly string[], sampleRows = 200): number {
  const infos = columns.map((name) => table.column(name));
  if (infos.some((info) => info === undefined)) return ROW_SUM_TOLERANCE;
  const vector = columns.length === 1 && infos[0]!.shape === 'vector';
  const indices = vector ? [infos[0]!.index] : infos.map((info) => info!.index);
  const width = vector ? infos[0]!.width : columns.length;
  let tolerance = ROW_SUM_TOLERANCE;
  for (let row = 0; row < Math.min(sampleRows, table.rowCount); row++) {
    const written = writtenRounding(table, row, indices, width);
    if (written !== undefined) tolerance = Math.max(tolerance, written.tolerance);
  }
  return tolerance;
}

/**
 * The decimal places of a cell that is one plain decimal (`-0.0234`, `12`, `.5`, `1.`), as
 * decimalsOf counts them; -1 for anything else (an exponent, a vector, text), which the pattern
 * above reads. The common cell without a regular expression per cell.
 */
function plainDecimals(raw: string): number {
  let i = raw.charCodeAt(0) === 0x2d ? 1 : 0;
  let digits = 0;
  let point = -1;
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2e && point < 0) point = i;
    else return -1;
  }
  if (digits === 0) return -1;
  return point < 0 ? 0 : raw.length - point - 1;
}

/** Decimal places a number is written with: `0.023450` → 6, `1e-06` → 6, `2.5e-3` → 4, `1` → 0. */
function decimalsOf(text: string): number {
  const [mantissa = '', exponent] = text.toLowerCase().split('e');
  const point = mantissa.indexOf('.');
  const places = point < 0 ? 0 : mantissa.length - point - 1;
  return Math.max(0, places - (exponent === undefined ? 0 : Number(exponent)));
}

/**
 * A probability group read in place ({@link Table.columnRows}: adjacent scalar columns, no copy)
 * when validateProbabilities would report nothing for it: every cell a number in [0, 1] and, when
 * row sums are checked (default: two or more columns), every row summing to 1 within the
 * tolerance. Undefined otherwise — then `table.matrix` and validateProbabilities name the problems.
 * Example: columns p0, p1 of `y,p0,p1\n1,0.25,0.75\n` → {width 2, stride 3, offset 1}.
 */
export function cleanProbabilityRows(table: Table, columns: readonly string[], options: Pick<ProbabilityCheckOptions, 'sumTolerance' | 'checkRowSums'> = {}): NumericRows | undefined {
  const rows = table.columnRows(columns);
  if (rows === undefined) return undefined;
  const checkSums = options.checkRowSums ?? columns.length >= 2;
  return allProbabilityRows(rows, checkSums ? (options.sumTolerance ?? ROW_SUM_TOLERANCE) : Infinity) ? rows : undefined;
}

/** Whether every entry is in [0, 1] (NaN is not) and every row sums to 1 within `tolerance`. */
function allProbabilityRows(rows: NumericRows, tolerance: number): boolean {
  const { values, rowCount, width, stride } = rows;
  let inRange = true;
  let sumsOk = true;
  for (let row = 0, base = rows.offset; row < rowCount; row++, base += stride) {
    let sum = 0;
    for (let k = 0; k < width; k++) {
      const p = values[base + k]!;
      if (!(p >= 0 && p <= 1)) inRange = false;
      sum += p;
    }
    if (Math.abs(sum - 1) > tolerance) sumsOk = false;
  }
  return inRange && sumsOk;
}

/**
 * Problems for a label column: `missing-value` for empty/absent cells and `unknown-label` for
 * values not among `classes`, compared like the core's encodeLabels (numerically when every label
 * and class is a number, so "1.0" is class 1; else as strings).
 * `labels`: the column's `table.labelCodes(column)` when the caller already read it.
 * Example: labels cat, hrse with classes [cat, dog, horse] → `Label "hrse" is not a known class`.
 */
export function validateLabels(table: Table, column: string, classes: readonly string[], maxProblems = DEFAULT_MAX_PROBLEMS, labels: LabelCodes = table.labelCodes(column)): ProblemReport {
  // Codes, not a string per row: the class rule runs once per distinct label ('' is a missing cell).
  const info = table.column(column);
  const unknown = new ProblemCollector(maxProblems);
  if (info !== undefined) {
    const numeric = classes.every((c) => numericLabelValue(c) !== undefined) && labels.distinct.every((v) => v === '' || numericLabelValue(v) !== undefined);
    const key = (label: string): string | number => (numeric ? (numericLabelValue(label) as number) : label);
    const known = new Set(classes.map(key));
    const list = classes.length > 8 ? `${classes.slice(0, 8).join(', ')}, …` : classes.join(', ');
    const stray = labels.distinct.map((label) => label !== '' && !known.has(key(label)));
    const rows = stray.includes(true) ? labels.codes.length : 0;
    for (let row = 0; row < rows; row++) {
      const code = labels.codes[row]!;
      if (!stray[code]) continue;
      unknown.report(() =>
        at(table, table.index.cellRange(row, info.index), {
          code: 'unknown-label',
          message: `Label ${quoteValue(labels.distinct[code]!)} is not a known class (${list})${didYouMean(labels.distinct[code]!, classes)}`,
          row,
          column,
        }),
      );
    }
  }
  return mergeReports([{ problems: labels.problems, problemCount: labels.problemCount }, unknown.toReport()], maxProblems);
}

/**
 * `; did you mean "negative"?` when a class differs from the label only in case or spaces, or else
 * is the one class within a small edit distance (one typo per four characters, at most two:
 * "malignnt" → "malignant", "postive" → "positive"); '' when no class is that close or two are.
 */
export function didYouMean(label: string, classes: readonly string[]): string {
  const key = label.trim().toLowerCase();
  const match = classes.find((c) => c.trim().toLowerCase() === key);
  if (match !== undefined) return `; did you mean ${quoteValue(match)}?`;
  const limit = Math.min(2, Math.floor(key.length / 4));
  if (limit === 0) return '';
  const near = classes.filter((c) => editDistance(c.trim().toLowerCase(), key, limit) <= limit);
  return near.length === 1 ? `; did you mean ${quoteValue(near[0] as string)}?` : '';
}

/** Levenshtein distance of a and b (insertions, deletions, substitutions), or limit + 1 once above it. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

/** Merges reports that are each in source order into one, in source order, listing at most `max`. */
export function mergeReports(reports: readonly ProblemReport[], max: number): ProblemReport {
  const all = reports.flatMap((r) => r.problems);
  // Stable sort: at one offset, earlier reports (missing values, logits) come first.
  all.sort((a, b) => a.offset - b.offset);
  const total = reports.reduce((n, r) => n + r.problemCount, 0);
  return { problems: all.slice(0, max), problemCount: total };
}

function at(table: Table, range: SourceRange | undefined, details: { code: Problem['code']; message: string; row: number; column: string; severity?: Problem['severity'] }): Problem {
  const r = range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, startOffset: 0, endOffset: 0 };
  return {
    code: details.code,
    severity: details.severity ?? 'error',
    message: details.message,
    line: r.start.line,
    character: r.start.character,
    endLine: r.end.line,
    endCharacter: r.end.character,
    offset: r.startOffset,
    endOffset: r.endOffset,
    row: details.row,
    column: details.column,
    raw: table.source(r.startOffset, Math.min(r.endOffset, r.startOffset + 200)),
  };
}

function joinRanges(a: SourceRange, b: SourceRange): SourceRange {
  return { start: a.start, end: b.end, startOffset: a.startOffset, endOffset: b.endOffset };
}
