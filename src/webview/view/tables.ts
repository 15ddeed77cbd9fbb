// Table builders for the summary, the model comparison, the fit and the worst rows. Every cell is
// text; rows that stand for a data row are focusable and reveal it on click or Enter.
import type { FitUncertainty } from '../../protocol/analysis';
import { formatDuration, formatPValue } from '../../protocol/numberFormat';
import type { InformationUnit, PanelFit, PanelSnapshot } from '../../protocol/panel';
import { el } from '../dom';
import { formatCount, formatPanelNumber, formatFractionAsPercent } from '../model/format';
import { classOrderValue, identityLine, info, summaryFacts, wrongRows } from '../model/summary';
import { fromNats, perplexity } from '../model/units';
import { comparisonSentence } from '../model/comparison';
import { type WorstRow, type WorstSortKey } from '../model/worstRows';

/** The summary: a two-column table of facts and the CE = H + KL line. */
export function summaryTable(snapshot: PanelSnapshot, unit: InformationUnit, modelIndex: number): HTMLElement {
  const facts = summaryFacts(snapshot, unit, modelIndex);
  const body = el('tbody');
  for (const fact of facts) {
    body.append(el('tr', { title: fact.note }, el('th', { scope: 'row' }, fact.label), el('td', { class: 'num', 'data-fact': fact.label }, fact.value)));
  }
  const identity = identityLine(snapshot, unit, modelIndex);
  return el('div', {}, el('table', { class: 'facts', 'aria-label': 'Summary' }, body), identity ? el('p', { class: 'identity', 'data-testid': 'identity' }, identity) : null);
}

/** Models side by side: mean CE, sum, perplexity, Brier, error rate, accuracy, wrong rows. */
export function comparisonTable(snapshot: PanelSnapshot, unit: InformationUnit, reveal: (row: number) => void): HTMLElement {
  const models = snapshot.models;
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Metric'), ...models.map((m) => el('th', { scope: 'col', title: m.columns.join(', ') }, m.name)));
  const metric = (label: string, values: string[], cellClass = 'num'): HTMLTableRowElement => el('tr', {}, el('th', { scope: 'row' }, label), ...values.map((v) => el('td', { class: cellClass }, v)));
  const body = el(
    'tbody',
    {},
    metric(
      `Mean cross-entropy (${unit})`,
      models.map((m) => formatPanelNumber(fromNats(m.meanLossNats, unit))),
    ),
    metric(
      `Sum cross-entropy (${unit})`,
      models.map((m) => formatPanelNumber(fromNats(m.sumLossNats, unit))),
    ),
    metric(
      'Perplexity',
      models.map((m) => formatPanelNumber(perplexity(m.meanLossNats))),
    ),
    metric(
      'Brier score',
      models.map((m) => (Number.isNaN(m.brier) ? '—' : formatPanelNumber(m.brier))),
    ),
    metric(
      'Error rate',
      models.map((m) => formatFractionAsPercent(m.errorRate)),
    ),
    metric(
      'Accuracy',
      models.map((m) => formatFractionAsPercent(1 - m.errorRate)),
    ),
    metric(
      'Rows wrong',
      models.map((m) => {
        const w = wrongRows(m, 12);
        if (w.total === 0) return 'none';
        return `${formatCount(w.total)} of ${formatCount(m.n)}: row ${w.rows.map((r) => r + 1).join(', ')}${w.total > w.rows.length ? ', …' : ''}`;
      }),
      'list',
    ),
  );
  // How each model's columns were matched to classes, and rows scored within rounding / normalised.
  if (models.some((m) => m.classOrder))
    body.append(
      metric(
        'Class order',
        models.map((m) => (m.classOrder ? classOrderValue(m.classOrder) : '—')),
        'list',
      ),
    );
  if (models.some((m) => (m.roundedRows ?? 0) > 0))
    body.append(
      metric(
        'Rows within rounding',
        models.map((m) => formatCount(m.roundedRows ?? 0)),
      ),
    );
  if (models.some((m) => (m.normalizedRows ?? 0) > 0))
    body.append(
      metric(
        'Normalised rows',
        models.map((m) => formatCount(m.normalizedRows ?? 0)),
      ),
    );
  // Paired bootstrap against the first model (the same rows resampled for both).
  if (models.some((m) => m.comparison))
    body.append(
      metric(
        `Against ${models[0]!.name} (paired bootstrap)`,
        models.map((m) => comparisonSentence(m, unit) ?? '—'),
        'list',
      ),
    );
  const container = el('div', {}, el('table', { class: 'grid', 'aria-label': 'Model comparison' }, el('thead', {}, head), body));
  if (snapshot.rowCount <= 40) container.append(verdictGrid(snapshot, unit, reveal));
  return container;
}

/** Small data: which rows each model gets wrong, row by row, with each row's loss. */
function verdictGrid(snapshot: PanelSnapshot, unit: InformationUnit, reveal: (row: number) => void): HTMLElement {
  const models = snapshot.models;
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Row'), el('th', { scope: 'col' }, 'Label'), ...models.map((m) => el('th', { scope: 'col' }, m.name)));
  const body = el('tbody');
  for (let row = 0; row < snapshot.rowCount; row++) {
    const label = snapshot.labelIndex[row] ?? -1;
    const tr = el(
      'tr',
      { tabindex: 0, class: 'link-row', 'data-row': row, 'aria-label': `Reveal row ${row + 1} in the editor` },
      el('th', { scope: 'row' }, String(row + 1)),
      el('td', {}, label >= 0 ? (snapshot.classes[label] ?? '') : '—'),
      ...models.map((m) => {
        const verdict = m.verdict[row];
        const mark = verdict === 1 ? '✗ wrong' : verdict === 0 ? '✓' : '—';
        return el('td', { class: verdict === 1 ? 'num wrong' : 'num' }, `${mark} ${formatPanelNumber(fromNats(m.rowLossNats[row] ?? NaN, unit))}`);
      }),
    );
    linkRow(tr, row, reveal);
    body.append(tr);
  }
  return el('table', { class: 'grid verdicts', 'aria-label': 'Per-row verdict and loss of each model' }, el('thead', {}, head), body);
}

/** What the standard errors mean, by how they were computed. */
/** The solver as the fit section names it. */
const SOLVER_NAMES: Record<PanelFit['solver'], string> = { newton: 'Newton', 'newton-cg': 'Newton-CG', lbfgs: 'L-BFGS' };

const UNCERTAINTY_NOTES: Record<FitUncertainty['basis'], string> = {
  unpenalised: "Standard errors from the inverse Hessian of the log-likelihood at the maximum-likelihood estimate (as statsmodels' Logit): Wald z and two-sided normal p-values.",
  l2Approximation:
    "Standard errors from the inverse Hessian of the L2-penalised objective at its optimum: a Laplace approximation for the penalised fit, not the unpenalised model's errors (set entropyLens.fit.penalty to none for those).",
};

/**
 * Per coefficient row, a statsmodels-style table: estimate, standard error, z, P>|z| and the 95 %
 * interval of every feature and the intercept. Softmax: one collapsible table per class, the first open.
 */
function uncertaintyTables(fit: PanelFit, u: FitUncertainty): HTMLElement {
  const binary = fit.model === 'logistic';
  const level = `${Math.round(u.level * 100)} %`;
  const tables = fit.coef.map((row, k) => {
    const head = el('tr', {}, ...['Parameter', 'coef', 'std err', 'z', 'P>|z|', `${level} interval`].map((title) => el('th', { scope: 'col' }, title)));
    const line = (name: string, estimate: number, se: number, z: number, p: number, lower: number, upper: number): HTMLTableRowElement =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, name),
        el('td', { class: 'num' }, formatPanelNumber(estimate, 6)),
        el('td', { class: 'num' }, Number.isNaN(se) ? '—' : formatPanelNumber(se, 6)),
        el('td', { class: 'num' }, Number.isNaN(z) ? '—' : formatPanelNumber(z, 3)),
        el('td', { class: 'num' }, formatPValue(p)),
        el('td', { class: 'num' }, Number.isNaN(lower) ? '—' : `${formatPanelNumber(lower, 6)} … ${formatPanelNumber(upper, 6)}`),
      );
    const at = (v: readonly (readonly number[])[], j: number): number => v[k]?.[j] ?? NaN;
    const body = el(
      'tbody',
      {},
      ...fit.featureNames.map((name, j) => line(name, row[j] ?? NaN, at(u.coef.standardError, j), at(u.coef.z, j), at(u.coef.p, j), at(u.coef.lower, j), at(u.coef.upper, j))),
      line('intercept', fit.intercept[k] ?? NaN, u.intercept.standardError[k] ?? NaN, u.intercept.z[k] ?? NaN, u.intercept.p[k] ?? NaN, u.intercept.lower[k] ?? NaN, u.intercept.upper[k] ?? NaN),
    );
    const name = binary ? `log-odds of ${fit.classes[1] ?? 'positive'}` : `class ${fit.classes[k] ?? String(k)}`;
    const table = el('table', { class: 'grid', 'aria-label': `Standard errors: ${name}`, 'data-testid': 'fit-uncertainty' }, el('thead', {}, head), body);
    if (binary) return table;
    return el('details', k === 0 ? { open: '' } : {}, el('summary', {}, name), table);
  });
  return el('div', { class: 'uncertainty' }, el('p', { class: 'note', 'data-testid': 'fit-uncertainty-note' }, UNCERTAINTY_NOTES[u.basis]), ...tables);
}

/** Coefficients and intercepts, plus solver facts and notes, weights and the standard errors. */
export function fitTable(fit: PanelFit, unit: InformationUnit): HTMLElement {
  const binary = fit.model === 'logistic';
  const head = el('tr', {}, el('th', { scope: 'col' }, binary ? 'Model' : 'Class'), el('th', { scope: 'col' }, 'intercept'), ...fit.featureNames.map((f) => el('th', { scope: 'col' }, f)));
  const body = el('tbody');
  fit.coef.forEach((row, k) => {
    const name = binary ? `log-odds of ${fit.classes[1] ?? 'positive'}` : (fit.classes[k] ?? String(k));
    body.append(
      el('tr', {}, el('th', { scope: 'row' }, name), el('td', { class: 'num' }, formatPanelNumber(fit.intercept[k] ?? NaN, 8)), ...row.map((c) => el('td', { class: 'num' }, formatPanelNumber(c, 8)))),
    );
  });
  const notes: string[] = [];
  // C as it was set (the shortest decimal that reads back as it: 1, 0.01, 1e-7), not to 4 digits.
  notes.push(`${fit.model === 'logistic' ? 'Logistic' : 'Softmax'} regression, C = ${String(fit.C)}, penalty ${fit.penalty}.`);
  const time = formatDuration(fit.seconds);
  notes.push(
    `${fit.iterations} iterations (${SOLVER_NAMES[fit.solver]}, ${time}), ${fit.converged ? 'converged' : 'did NOT converge'}: scaled gradient ${fit.gradMaxScaled.toExponential(1)}; mean log loss ${info(fit.meanLogLossNats, unit)}${fit.sampleWeight !== null || fit.classWeights !== null ? ' (weighted)' : ''}, objective ${formatPanelNumber(fit.objective, 8)}.`,
  );
  if (fit.sampleWeight !== null) notes.push(`Rows weighted by column "${fit.sampleWeight}" (total weight ${formatPanelNumber(fit.totalWeight)}), as scikit-learn's sample_weight.`);
  if (fit.classWeights !== null) {
    const weights = fit.classWeights.classes.map((c, k) => `${c} ${formatPanelNumber(fit.classWeights?.weights[k] ?? NaN, 4)}`).join(', ');
    notes.push(`Class weights ${weights}${fit.classWeights.balanced ? " (balanced: n / (K·n_k), scikit-learn's class_weight='balanced')" : ''}.`);
  }
  if (fit.separable) notes.push('The classes are perfectly separable: no finite maximum-likelihood estimate exists; add a penalty (C) for finite weights.');
  for (const warning of fit.warnings) notes.push(warning);
  const u = fit.uncertainty;
  return el(
    'div',
    {},
    el('table', { class: 'grid', 'aria-label': 'Fitted coefficients' }, el('thead', {}, head), body),
    el('ul', { class: 'notes' }, ...notes.map((n) => el('li', {}, n))),
    u === null || fit.separable ? null : 'unavailable' in u ? el('p', { class: 'note' }, `No standard errors: ${u.unavailable}.`) : uncertaintyTables(fit, u),
  );
}

const WORST_COLUMNS: readonly { key: WorstSortKey | null; label: string }[] = [
  { key: null, label: 'Rank' },
  { key: 'row', label: 'Row' },
  { key: null, label: 'Line' },
  { key: 'id', label: 'Id' },
  { key: 'label', label: 'Label' },
  { key: null, label: 'Predicted' },
  { key: 'p', label: 'p(true)' },
  { key: 'loss', label: 'Loss' },
  { key: null, label: 'Share' },
  { key: null, label: '× mean' },
];

/** Ids and free text longer than this are cut in the cell (the whole text is its tooltip). */
const ID_CELL_CHARS = 40;

/** The rank cell: `3`, or `=3` with `×812` for a loss 812 rows share (their order is only row order). */
function rankCell(r: WorstRow): HTMLTableCellElement {
  if (r.tied <= 1) return el('td', { class: 'num' }, String(r.rank));
  return el(
    'td',
    { class: 'num', title: `Tied: ${formatCount(r.tied)} rows have this loss (rank ${r.rank}); they are listed in row order.`, 'data-tied': r.tied },
    `=${r.rank}`,
    el('span', { class: 'label' }, ` ×${formatCount(r.tied)}`),
  );
}

function idCell(id: string): HTMLTableCellElement {
  const chars = [...id];
  const shown = chars.length > ID_CELL_CHARS ? `${chars.slice(0, ID_CELL_CHARS - 1).join('')}…` : id;
  return el('td', { title: shown === id ? undefined : id }, shown);
}

/**
 * The worst-rows table with sortable headers (buttons) and linked rows; an id column (headed by
 * its name in the file) when `idColumn` is set. Every cell is text.
 */
export function worstTable(
  rows: readonly WorstRow[],
  unit: InformationUnit,
  sort: { key: WorstSortKey; descending: boolean },
  onSort: (key: WorstSortKey) => void,
  reveal: (row: number) => void,
  idColumn: string | null = null,
): HTMLElement {
  const head = el('tr');
  for (const column of WORST_COLUMNS) {
    if (column.key === 'id' && idColumn === null) continue;
    const label = column.label === 'Loss' ? `Loss (${unit})` : column.key === 'id' ? (idColumn as string) : column.label;
    if (!column.key) {
      head.append(el('th', { scope: 'col' }, label));
      continue;
    }
    const active = sort.key === column.key;
    const button = el('button', { type: 'button', class: 'sort', 'aria-label': `Sort by ${label}` }, label, active ? (sort.descending ? ' ▼' : ' ▲') : '');
    const key = column.key;
    button.addEventListener('click', () => onSort(key));
    head.append(el('th', { scope: 'col', 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none' }, button));
  }
  const body = el('tbody');
  for (const r of rows) {
    const name = idColumn !== null && r.id ? ` (${idColumn} ${r.id})` : '';
    const tie = r.tied > 1 ? `, tied with ${formatCount(r.tied - 1)} other ${r.tied === 2 ? 'row' : 'rows'}` : '';
    const tr = el(
      'tr',
      {
        tabindex: 0,
        class: 'link-row',
        'data-row': r.row,
        'aria-label': `Row ${r.row + 1}${name}, rank ${r.rank}${tie}, loss ${formatPanelNumber(fromNats(r.lossNats, unit))} ${unit}; press Enter to reveal in the editor`,
      },
      rankCell(r),
      el('td', { class: 'num' }, String(r.row + 1)),
      el('td', { class: 'num' }, r.line === null ? '—' : String(r.line)),
      idColumn !== null ? idCell(r.id ?? '') : null,
      el('td', {}, r.label),
      el('td', {}, r.predicted),
      el('td', { class: 'num' }, formatPanelNumber(r.trueClassProbability)),
      el('td', { class: 'num' }, formatPanelNumber(fromNats(r.lossNats, unit))),
      el('td', { class: 'num' }, formatFractionAsPercent(r.share)),
      el('td', { class: 'num' }, `${formatPanelNumber(r.timesMean, 3)}×`),
    );
    linkRow(tr, r.row, reveal);
    body.append(tr);
  }
  return el('table', { class: 'grid worst', 'aria-label': 'Worst rows' }, el('thead', {}, head), body);
}

/** Click, Enter or Space on a table row reveals its data row; arrow keys move between rows. */
export function linkRow(tr: HTMLTableRowElement, row: number, reveal: (row: number) => void): void {
  tr.addEventListener('click', () => reveal(row));
  tr.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      reveal(row);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
      if (next instanceof HTMLElement) next.focus();
    }
  });
}
