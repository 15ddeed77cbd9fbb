// The scoring road written as one SQL query, for data that lives in a database: a model's mean and
// summed cross-entropy, Brier score, error rate and calibration bins with the core's conventions,
// in DuckDB, Spark SQL, BigQuery or PostgreSQL (the dialects are a table of their differences).
import { numericLabelValue } from './classes';
import { CoreError } from './coreError';
import { resolveEps } from './crossEntropy';
import type { Epsilon } from './crossEntropy';
import { lnOfBase } from './logBase';
import type { LogBase } from './logBase';
import { ROW_SUM_TOLERANCE } from './probabilityRows';

export type SqlDialect = 'duckdb' | 'spark' | 'bigquery' | 'postgres';

export const SQL_DIALECTS: readonly SqlDialect[] = ['duckdb', 'spark', 'bigquery', 'postgres'];

/** Most calibration bins a query reports: 3 columns a bin, and PostgreSQL returns at most 1,664 columns. */
export const SQL_MAX_BINS = 500;

/** One model against a label column, as `entropy-lens cross-entropy` scores it with its classes given. */
export interface SqlQueryRequest {
  readonly dialect: SqlDialect;
  /** The table's name as its parts (catalog, schema, table), each quoted as an identifier. */
  readonly table: readonly string[];
  readonly label: string;
  readonly kind: 'probabilities' | 'logits';
  /** One column (P(positive), or its logit) or one per class. */
  readonly columns: readonly string[];
  /** Several columns: the class of each, in column order (labels outside them are refused rows). */
  readonly classes?: readonly string[];
  /** One column: the positive class; every other label is the negative class. */
  readonly positiveLabel?: string;
  readonly eps: Epsilon;
  /** Divide probability rows off by more than the tolerance by their sums (--normalize). */
  readonly normalize: boolean;
  /** |Σp − 1| a probability row may be off by and be used as written; default ROW_SUM_TOLERANCE. */
  readonly rowSumTolerance?: number;
  readonly base: LogBase;
  /** Uniform calibration bins to report (counts and sums), as `entropy-lens calibration --bins`. */
  readonly bins?: number;
}

/**
 * A table name as typed (`preds`, `ml.preds`, `project.dataset.preds`) as its parts: split at the
 * dots, each trimmed (an empty part is refused by sqlQuery). Example: ' ml . preds' → ['ml', 'preds'].
 */
export function sqlTableName(text: string): string[] {
  return text.split('.').map((part) => part.trim());
}

/** What the dialects do differently; everything else in the query is common SQL. */
interface Dialect {
  readonly title: string;
  readonly identifier: (name: string) => string;
  readonly string: (text: string) => string;
  /** The 64-bit float and text types' names. */
  readonly double: string;
  readonly text: string;
  /** A cast that gives NULL (a refused row) where the value is not a number, where the dialect has one. */
  readonly numberCast: 'CAST' | 'TRY_CAST' | 'SAFE_CAST';
  /** How +∞ is spelled for a cast from text. */
  readonly infinity: string;
  /** Whether `value` (text) matches the regular expression `pattern` (a quoted string). */
  readonly matches: (value: string, pattern: string) => string;
  /** e^x, for x ≤ 0. */
  readonly exp: (x: string) => string;
  /** x², for an x that may be tiny. */
  readonly square: (x: string) => string;
  /** The sum of finite doubles, compensated where the dialect has one (DuckDB's FSUM is Kahan's; it gives NaN for ±∞). */
  readonly finiteSum: string;
}

/** `text` between `quote`s, a quote inside doubled (SQL's standard escape). */
const doubled =
  (quote: string) =>
  (text: string): string =>
    `${quote}${text.split(quote).join(quote + quote)}${quote}`;

/** `text` between `quote`s with backslash escapes (Spark's strings, BigQuery's strings and identifiers); control characters as \uXXXX. */
const backslashed =
  (quote: string) =>
  (text: string): string => {
    let out = '';
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (ch === '\\' || ch === quote) out += `\\${ch}`;
      else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += ch;
    }
    return `${quote}${out}${quote}`;
  };

const DIALECTS: Readonly<Record<SqlDialect, Dialect>> = {
  duckdb: {
    title: 'DuckDB',
    identifier: doubled('"'),
    string: doubled("'"),
    double: 'DOUBLE',
    text: 'VARCHAR',
    numberCast: 'TRY_CAST',
    infinity: "'Infinity'",
    matches: (value, pattern) => `regexp_matches(${value}, ${pattern})`,
    exp: (x) => `EXP(${x})`,
    square: (x) => `${x} * ${x}`,
    finiteSum: 'FSUM',
  },
  spark: {
    title: 'Spark SQL',
    identifier: doubled('`'),
    string: backslashed("'"),
    double: 'DOUBLE',
    text: 'STRING',
    numberCast: 'CAST',
    infinity: "'Infinity'",
    matches: (value, pattern) => `${value} RLIKE ${pattern}`,
    exp: (x) => `EXP(${x})`,
    square: (x) => `${x} * ${x}`,
    finiteSum: 'SUM',
  },
  bigquery: {
    title: 'BigQuery',
    identifier: backslashed('`'),
    string: backslashed("'"),
    double: 'FLOAT64',
    text: 'STRING',
    numberCast: 'SAFE_CAST',
    infinity: "'inf'",
    matches: (value, pattern) => `REGEXP_CONTAINS(${value}, ${pattern})`,
    exp: (x) => `EXP(${x})`,
    square: (x) => `${x} * ${x}`,
    finiteSum: 'SUM',
  },
  postgres: {
    title: 'PostgreSQL',
    identifier: doubled('"'),
    string: doubled("'"),
    double: 'double precision',
    text: 'text',
    numberCast: 'CAST',
    infinity: "'Infinity'",
    matches: (value, pattern) => `${value} ~ ${pattern}`,
    // PostgreSQL raises an error where e^x underflows to 0 (x < −745); below −708 the term is under 3e-308.
    exp: (x) => `CASE WHEN ${x} < -708 THEN 0 ELSE EXP(${x}) END`,
    // Likewise where a product underflows to 0 (p² for p < 1.5e-162; 1e-168 is a real GaussianNB output): below 1e-150 it is under 1e-300.
    square: (x) => `CASE WHEN ABS(${x}) < 1e-150 THEN 0 ELSE ${x} * ${x} END`,
    finiteSum: 'SUM',
  },
};

/** The core's test for a label that is a number (numericLabelValue's pattern, after TRIM). */
const DECIMAL_PATTERN = '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$';

/**
 * A number as a SQL literal every dialect reads as the same double: small integers as written,
 * anything else in exponent form (shortest round trip), which DuckDB and Spark read as DOUBLE, not
 * DECIMAL, and PostgreSQL converts exactly; a negative one in parentheses (never `--`).
 */
function literal(x: number): string {
  const text = Number.isInteger(x) && Math.abs(x) < 1e15 ? String(x + 0) : x.toExponential();
  return x < 0 ? `(${text})` : text;
}

/** One CTE: its name, the columns it adds to the previous one's (or, first, its own), its source. */
interface Step {
  readonly name: string;
  readonly columns: readonly (readonly [alias: string, expression: string])[];
}

/** The request's checked values, with the defaults filled in. */
interface Checked {
  readonly request: SqlQueryRequest;
  readonly d: Dialect;
  readonly width: number;
  readonly eps: number;
  readonly tolerance: number;
  readonly bins: number | undefined;
}

/**
 * One SQL query (text, ending in `;`) that returns one row with columns `n` (rows scored),
 * `mean` and `sum` (cross-entropy in the request's base), `brier`, `error_rate`, `rejected` (rows
 * `entropy-lens cross-entropy` would refuse: a missing or non-numeric value, a label outside the
 * classes, a probability outside [0, 1] or, without normalize, a row off 1 by more than the
 * tolerance) and, with `bins` B, `bin_b_count`, `bin_b_confidence_sum`, `bin_b_accuracy_sum` for
 * b = 1..B (bin b holds confidences in ((b−1)/B, b/B], the first also 0, as calibration_curve's
 * searchsorted; ECE = Σ_b |accuracy_sum − confidence_sum| / n). While any row is rejected the
 * metrics are NULL, as the CLI gives no number computed over fewer rows than asked; so they are
 * when no row has a one-column model's positive label (but 1, of the 0/1 and ±1 codings).
 * The formulas are the LossAccumulator's term by term: −ln clip(p_y, ε, 1 − ε) (one column:
 * clipped before 1 − p), softplus(∓s) = max(m, 0) + log1p(e^(−|s|)) for a binary logit, and for
 * logit rows (m − s_y) + log1p(Σ_{j ≠ argmax} e^(s_j − m)) with m the row's maximum (no e^x
 * overflows; log1p written as Goldberg's log(u)·x/(u − 1), u = 1 + x, as no dialect but Spark has
 * one), Σ_k (1[k = y] − p_k)² with the softmax as e^(s_k − m) · (1 / Σ_j e^(s_j − m)), the argmax
 * first on ties (binary p > 0.5, s > 0). Labels compare as text, or as numbers when every class is
 * one (the core's encodeLabels). Every division and logarithm is guarded so that no row, whatever
 * its values, raises an error in an engine that evaluates before filtering. Sums are SQL's SUM
 * (DuckDB: FSUM where the terms are finite), not the CLI's compensated pairs: equal to about
 * 1e-15 relative on ordinary data. Throws CoreError 'badOption' for a request it cannot write.
 * O(K + B) text for K columns and B bins.
 * Example: iris' GaussianNB probabilities (nb_proba_setosa.., classes setosa, versicolor,
 * virginica; 40 rows clipped) run in DuckDB give mean 0.13543946155014464, sklearn.metrics.log_loss
 * 0.13543946155014466.
 */
export function sqlQuery(request: SqlQueryRequest): string {
  const c = checkRequest(request);
  const steps = [inputStep(c), ...modelSteps(c)];
  if (c.bins !== undefined) steps.push({ name: 'binned', columns: [['bin', binExpression(c.bins)]] });
  const from = steps[steps.length - 1]!.name;
  const { d } = c;
  const lines: string[] = [...header(c), 'WITH'];
  steps.forEach((step, s) => {
    const source = s === 0 ? tableName(c) : steps[s - 1]!.name;
    const columns = [...(s === 0 ? [] : ['*']), ...step.columns.map(([alias, expression]) => `${expression} AS ${alias}`)];
    lines.push(`${step.name} AS (`, '  SELECT', ...columns.map((column, k) => `    ${column}${k < columns.length - 1 ? ',' : ''}`), `  FROM ${source}`, '),');
  });
  const scored = (condition = ''): string => `CASE WHEN ok = 1${condition} THEN 1 END`;
  const lossSum = c.request.kind === 'probabilities' && c.eps === 0 ? 'SUM' : d.finiteSum;
  const totals: string[] = [
    `COUNT(${scored()}) AS n`,
    'COUNT(CASE WHEN ok = 0 THEN 1 END) AS rejected',
    `${lossSum}(CASE WHEN ok = 1 THEN loss END) AS loss_sum`,
    `${d.finiteSum}(CASE WHEN ok = 1 THEN brier END) AS brier_sum`,
    `COUNT(${scored(' AND wrong = 1')}) AS errors`,
  ];
  // cross-entropy refuses a --pos-label no row has (a typo such as Benign for benign), unless it
  // is 1 of the 0/1 and ±1 codings, which name both classes even when the rows show one.
  const positiveNeeded = c.width === 1 && numericLabelValue(c.request.positiveLabel!) !== 1;
  if (positiveNeeded) totals.push(`COUNT(${scored(' AND y = 1')}) AS positives`);
  const valid = `rejected = 0 AND n > 0${positiveNeeded ? ' AND positives > 0' : ''}`;
  const ln = lnOfBase(c.request.base);
  const inBase = (x: string): string => (ln === 1 ? x : `${x} / ${literal(ln)}`);
  const results: [string, string][] = [
    ['mean', inBase('loss_sum / n')],
    ['sum', inBase('loss_sum')],
    ['brier', 'brier_sum / n'],
    ['error_rate', `CAST(errors AS ${d.double}) / n`],
  ];
  for (let b = 1; b <= (c.bins ?? 0); b++) {
    totals.push(
      `COUNT(${scored(` AND bin = ${b}`)}) AS bin_${b}_count`,
      `${d.finiteSum}(CASE WHEN ok = 1 AND bin = ${b} THEN confidence ELSE 0 END) AS bin_${b}_confidence_sum`,
      `COUNT(${scored(` AND bin = ${b} AND hit = 1`)}) AS bin_${b}_accuracy_sum`,
    );
    for (const what of ['count', 'confidence_sum', 'accuracy_sum']) results.push([`bin_${b}_${what}`, `bin_${b}_${what}`]);
  }
  lines.push('totals AS (', '  SELECT', ...totals.map((column, k) => `    ${column}${k < totals.length - 1 ? ',' : ''}`), `  FROM ${from}`, ')');
  const output = [
    `n AS ${d.identifier('n')}`,
    ...results.slice(0, 4).map(([alias, expression]) => `CASE WHEN ${valid} THEN ${expression} END AS ${d.identifier(alias)}`),
    `rejected AS ${d.identifier('rejected')}`,
    ...results.slice(4).map(([alias, expression]) => `CASE WHEN ${valid} THEN ${expression} END AS ${d.identifier(alias)}`),
  ];
  lines.push('SELECT', ...output.map((column, k) => `  ${column}${k < output.length - 1 ? ',' : ''}`), 'FROM totals;');
  return lines.join('\n');
}

function checkRequest(request: SqlQueryRequest): Checked {
  const refuse = (message: string): never => {
    throw new CoreError('badOption', message);
  };
  const d = DIALECTS[request.dialect];
  if (d === undefined) refuse(`Unknown SQL dialect ${JSON.stringify(request.dialect)}: use one of ${SQL_DIALECTS.join(', ')}`);
  if (request.table.length === 0 || request.table.some((part) => part === '')) refuse('The table name is empty (or has an empty part between dots)');
  if (request.label === '') refuse('The label column name is empty');
  const width = request.columns.length;
  if (width === 0 || request.columns.some((name) => name === '')) refuse('The model needs one column, or one column per class, each named');
  if (width === 1) {
    if (request.positiveLabel === undefined || request.positiveLabel === '')
      refuse('A one-column model needs its positive class: the column is P(positive) (or its logit), every other label is the negative class');
  } else {
    const classes = request.classes;
    if (classes === undefined) refuse(`The query cannot look at the labels to decide which of the ${width} columns is which class: list the classes in column order`);
    else if (classes.length !== width) refuse(`${classes.length} classes are listed for ${width} columns (${request.columns.join(', ')}): list one class per column`);
    else if (classes.some((label) => label === '')) refuse('A class is empty: list the classes as they are written in the label column');
  }
  const eps = request.kind === 'logits' ? 0 : resolveEps(request.eps);
  const tolerance = request.rowSumTolerance ?? ROW_SUM_TOLERANCE;
  if (!(tolerance >= 0 && tolerance < 1)) refuse(`The row-sum tolerance must be a number in [0, 1), not ${tolerance}`);
  const bins = request.bins;
  if (bins !== undefined && !(Number.isInteger(bins) && bins >= 1 && bins <= SQL_MAX_BINS)) {
    refuse(`The number of bins must be a whole number from 1 to ${SQL_MAX_BINS} (three columns a bin; PostgreSQL returns at most 1,664 columns), not ${bins}`);
  }
  return { request, d, width, eps, tolerance, bins };
}

/** Two comment lines of settings (numbers only: no name from the request reaches a comment; no `;`, which naive splitters take for an end). */
function header(c: Checked): string[] {
  const { request } = c;
  const unit = request.base === 2 ? 'bits' : request.base === 10 ? 'dits' : 'nats';
  const probabilities = request.kind === 'probabilities';
  const settings = [
    probabilities ? (c.eps === 0 ? 'no clipping' : `eps = ${literal(c.eps)}`) : 'logits (never clipped)',
    ...(probabilities && c.width > 1 ? [`rows within ${literal(c.tolerance)} of summing to 1 used as written${request.normalize ? ' and others divided by their sums' : ''}`] : []),
    ...(c.bins !== undefined ? [`${c.bins} uniform calibration bins`] : []),
  ];
  return [
    `-- Entropy Lens (${c.d.title}): cross-entropy in ${unit}, Brier score and error rate of one model, as entropy-lens cross-entropy scores it.`,
    `-- Settings: ${settings.join(', ')}. Rows it would refuse are counted in rejected, and the metrics are NULL while any are.`,
  ];
}

function tableName(c: Checked): string {
  return c.request.table.map(c.d.identifier).join('.');
}

/** The label as text and each prediction column as a double (x0, x1, ...). */
function inputStep(c: Checked): Step {
  const { d, request } = c;
  return {
    name: 'input_rows',
    columns: [
      ['label_text', `CAST(${d.identifier(request.label)} AS ${d.text})`],
      ...request.columns.map((name, k): [string, string] => [`x${k}`, `${d.numberCast}(${d.identifier(name)} AS ${d.double})`]),
    ],
  };
}

/** The label's number when it is one (the core's numericLabelValue), else NULL. */
function labelNumber(d: Dialect): string {
  return `CASE WHEN ${d.matches('TRIM(label_text)', d.string(DECIMAL_PATTERN))} THEN ${d.numberCast}(TRIM(label_text) AS ${d.double}) END`;
}

/**
 * y: the label's class index among `classes` (the first that matches; NULL for none or a missing
 * label), compared as numbers when every class is one, else as text — the core's encodeLabels.
 */
function classIndex(d: Dialect, classes: readonly string[]): string {
  const numbers = classes.map((label) => numericLabelValue(label));
  if (numbers.every((v) => v !== undefined)) {
    return `CASE ${labelNumber(d)} ${numbers.map((v, k) => `WHEN ${literal(v!)} THEN ${k}`).join(' ')} END`;
  }
  return `CASE label_text ${classes.map((label, k) => `WHEN ${d.string(label)} THEN ${k}`).join(' ')} END`;
}

/** y: 1 when the label is the positive class (the core's sameLabel), 0 for any other, NULL when missing. */
function positiveIndicator(d: Dialect, positive: string): string {
  const number = numericLabelValue(positive);
  const isPositive = number === undefined ? `label_text = ${d.string(positive)}` : `${labelNumber(d)} = ${literal(number)}`;
  return `CASE WHEN label_text IS NULL OR TRIM(label_text) = '' THEN NULL WHEN ${isPositive} THEN 1 ELSE 0 END`;
}

/** log1p(x) for x ≥ 0 held in a column (Goldberg: exact to a few ulps where 1 + x rounds). */
function log1p(x: string): string {
  return `CASE WHEN 1 + ${x} = 1 THEN ${x} ELSE LN(1 + ${x}) * ${x} / ((1 + ${x}) - 1) END`;
}

/** The first k whose value equals the row's maximum (numpy.argmax). */
function firstArgmax(width: number, value: (k: number) => string): string {
  return `CASE ${Array.from({ length: width }, (_, k) => `WHEN ${value(k)} = row_max THEN ${k}`).join(' ')} END`;
}

/** Σ_k (1[k = y] − p_k)², term by term in column order as the accumulator adds them. */
function brierSum(d: Dialect, width: number, p: (k: number) => string): string {
  return Array.from({ length: width }, (_, k) => `CASE WHEN y = ${k} THEN (1 - ${p(k)}) * (1 - ${p(k)}) ELSE ${d.square(p(k))} END`).join(' + ');
}

/** −ln of the probability q (a column), clipped to [ε, 1 − ε] unless `clipped` already; +∞ for q = 0 without clipping. */
function negativeLog(c: Checked, q: string, clipped: boolean): string {
  if (c.eps === 0) return `CASE WHEN ${q} > 0 THEN -LN(${q}) ELSE CAST(${c.d.infinity} AS ${c.d.double}) END`;
  return clipped ? `-LN(${q})` : `-LN(${clip(c, q)})`;
}

function clip(c: Checked, q: string): string {
  return `CASE WHEN ${q} < ${literal(c.eps)} THEN ${literal(c.eps)} WHEN ${q} > ${literal(1 - c.eps)} THEN ${literal(1 - c.eps)} ELSE ${q} END`;
}

const all = (width: number, condition: (k: number) => string): string => Array.from({ length: width }, (_, k) => condition(k)).join(' AND ');
const indices = (width: number): number[] => Array.from({ length: width }, (_, k) => k);

/** The CTEs after input_rows that give each row ok, loss, brier, wrong, confidence and hit. */
function modelSteps(c: Checked): Step[] {
  const { d, request, width } = c;
  const infinity = `CAST(${d.infinity} AS ${d.double})`;
  const finite = (x: string): string => `${x} > -${infinity} AND ${x} < ${infinity}`;
  if (width === 1 && request.kind === 'probabilities') {
    return [
      {
        name: 'coded',
        columns: [
          ['y', positiveIndicator(d, request.positiveLabel!)],
          ['c', c.eps === 0 ? 'x0' : clip(c, 'x0')],
        ],
      },
      {
        name: 'checked',
        columns: [
          ['ok', 'CASE WHEN y IS NOT NULL AND x0 >= 0 AND x0 <= 1 THEN 1 ELSE 0 END'],
          ['predicted', `CASE WHEN x0 > ${literal(0.5)} THEN 1 ELSE 0 END`],
        ],
      },
      {
        name: 'scored',
        columns: [
          // Clipped before 1 − p is formed, as scikit-learn clips a 1-D y_pred.
          ['q', 'CASE WHEN y = 1 THEN c ELSE 1 - c END'],
          ['brier', d.square('(y - x0)')],
          ['wrong', 'CASE WHEN predicted = y THEN 0 ELSE 1 END'],
          ['confidence', 'x0'],
          ['hit', 'y'],
        ],
      },
      { name: 'losses', columns: [['loss', negativeLog(c, 'q', true)]] },
    ];
  }
  if (width === 1) {
    return [
      {
        name: 'coded',
        columns: [
          ['y', positiveIndicator(d, request.positiveLabel!)],
          ['z', d.exp('-ABS(x0)')],
          ['p_positive', `CASE WHEN x0 >= 0 THEN 1 / (1 + ${d.exp('-x0')}) ELSE ${d.exp('x0')} / (1 + ${d.exp('x0')}) END`],
        ],
      },
      {
        name: 'checked',
        columns: [
          ['ok', `CASE WHEN y IS NOT NULL AND ${finite('x0')} THEN 1 ELSE 0 END`],
          ['predicted', 'CASE WHEN x0 > 0 THEN 1 ELSE 0 END'],
          ['margin', 'CASE WHEN y = 1 THEN -x0 ELSE x0 END'],
        ],
      },
      {
        name: 'scored',
        columns: [
          // softplus(margin) = max(margin, 0) + log1p(e^(−|margin|)), never e^x of a large x.
          ['loss', `(CASE WHEN margin > 0 THEN margin ELSE 0 END) + ${log1p('z')}`],
          ['brier', d.square('(y - p_positive)')],
          ['wrong', 'CASE WHEN predicted = y THEN 0 ELSE 1 END'],
          ['confidence', 'p_positive'],
          ['hit', 'y'],
        ],
      },
    ];
  }
  const classes = request.classes!;
  const x = (k: number): string => `x${k}`;
  const rowMax = `GREATEST(${indices(width).map(x).join(', ')})`;
  if (request.kind === 'probabilities') {
    const inRange = request.normalize ? (k: number) => `${x(k)} >= 0 AND ${x(k)} < ${infinity}` : (k: number) => `${x(k)} >= 0 AND ${x(k)} <= 1`;
    const sumCheck = request.normalize ? 'row_sum > 0' : `ABS(row_sum - 1) <= ${literal(c.tolerance)}`;
    // Rows within the tolerance as written; the others (normalize) divided by their sums.
    const p = (k: number): string => (request.normalize ? `CASE WHEN ABS(row_sum - 1) <= ${literal(c.tolerance)} OR NOT (row_sum > 0) THEN ${x(k)} ELSE ${x(k)} / row_sum END` : x(k));
    return [
      {
        name: 'coded',
        columns: [
          ['y', classIndex(d, classes)],
          ['row_sum', indices(width).map(x).join(' + ')],
          ['row_max', rowMax],
        ],
      },
      {
        name: 'checked',
        columns: [
          ['ok', `CASE WHEN y IS NOT NULL AND ${all(width, inRange)} AND ${sumCheck} THEN 1 ELSE 0 END`],
          ['predicted', firstArgmax(width, x)],
          ...indices(width).map((k): [string, string] => [`p${k}`, p(k)]),
        ],
      },
      {
        name: 'scored',
        columns: [
          [
            'q',
            `CASE y ${indices(width)
              .map((k) => `WHEN ${k} THEN p${k}`)
              .join(' ')} END`,
          ],
          ['brier', brierSum(d, width, (k) => `p${k}`)],
          ['wrong', 'CASE WHEN predicted = y THEN 0 ELSE 1 END'],
          [
            'confidence',
            `CASE predicted ${indices(width)
              .map((k) => `WHEN ${k} THEN p${k}`)
              .join(' ')} END`,
          ],
          ['hit', 'CASE WHEN predicted = y THEN 1 ELSE 0 END'],
        ],
      },
      { name: 'losses', columns: [['loss', negativeLog(c, 'q', false)]] },
    ];
  }
  const e = (k: number): string => `e${k}`;
  const p = (k: number): string => `${e(k)} * inv`;
  return [
    {
      name: 'coded',
      columns: [
        ['y', classIndex(d, classes)],
        ['row_max', rowMax],
      ],
    },
    {
      name: 'checked',
      columns: [
        ['ok', `CASE WHEN y IS NOT NULL AND ${all(width, (k) => finite(x(k)))} THEN 1 ELSE 0 END`],
        ['predicted', firstArgmax(width, x)],
        [
          'x_true',
          `CASE y ${indices(width)
            .map((k) => `WHEN ${k} THEN ${x(k)}`)
            .join(' ')} END`,
        ],
        ...indices(width).map((k): [string, string] => [e(k), d.exp(`${x(k)} - row_max`)]),
      ],
    },
    {
      name: 'sums',
      columns: [
        // Σ over the columns but the first maximum: log Σ_j e^(x_j − m) = log1p(rest), exact for tiny losses.
        [
          'rest',
          indices(width)
            .map((k) => `CASE WHEN predicted = ${k} THEN 0 ELSE ${e(k)} END`)
            .join(' + '),
        ],
        ['inv', `1 / (${indices(width).map(e).join(' + ')})`],
      ],
    },
    {
      name: 'scored',
      columns: [
        ['loss', `(row_max - x_true) + ${log1p('rest')}`],
        ['brier', brierSum(d, width, (k) => `(${p(k)})`)],
        ['wrong', 'CASE WHEN predicted = y THEN 0 ELSE 1 END'],
        [
          'confidence',
          `CASE predicted ${indices(width)
            .map((k) => `WHEN ${k} THEN ${p(k)}`)
            .join(' ')} END`,
        ],
        ['hit', 'CASE WHEN predicted = y THEN 1 ELSE 0 END'],
      ],
    },
  ];
}

/** The 1-based bin of a confidence: searchsorted(edges[1:-1], c) + 1 with edges b / B (a value on an edge goes below it). */
function binExpression(bins: number): string {
  if (bins === 1) return '1';
  const whens = Array.from({ length: bins - 1 }, (_, b) => `WHEN confidence <= ${literal((b + 1) / bins)} THEN ${b + 1}`);
  return `CASE ${whens.join(' ')} ELSE ${bins} END`;
}
