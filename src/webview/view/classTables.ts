// The per-class section: a model's per-class report (rows, mean loss, precision, recall, F1),
// sortable, and its confusion matrix, whose cells reveal their rows in the editor one by one.
import type { InformationUnit, PanelClassification, PanelLabelIssues, PanelModel, PanelSnapshot } from '../../protocol/panel';
import { el } from '../dom';
import { formatCount, formatPanelNumber, formatRatio } from '../model/format';
import { cellRows, sortedClasses, type ClassSortKey } from '../model/perClass';
import { linkRow } from './tables';
import { fromNats } from '../model/units';

const COLUMNS: readonly { key: ClassSortKey; label: string }[] = [
  { key: 'class', label: 'Class' },
  { key: 'support', label: 'Rows' },
  { key: 'loss', label: 'Mean CE' },
  { key: 'precision', label: 'Precision' },
  { key: 'recall', label: 'Recall' },
  { key: 'f1', label: 'F1' },
];

/** The per-class report with sortable headers (buttons, as the worst-rows table). */
export function perClassTable(classification: PanelClassification, unit: InformationUnit, sort: { key: ClassSortKey; descending: boolean }, onSort: (key: ClassSortKey) => void): HTMLElement {
  const head = el('tr');
  for (const column of COLUMNS) {
    const label = column.key === 'loss' ? `Mean CE (${unit})` : column.label;
    const active = sort.key === column.key;
    const button = el('button', { type: 'button', class: 'sort', 'aria-label': `Sort classes by ${label}` }, label, active ? (sort.descending ? ' ▼' : ' ▲') : '');
    button.addEventListener('click', () => onSort(column.key));
    head.append(el('th', { scope: 'col', 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none' }, button));
  }
  const body = el('tbody');
  for (const k of sortedClasses(classification.perClass, sort.key, sort.descending)) {
    const r = classification.perClass[k]!;
    body.append(
      el(
        'tr',
        { 'data-class': r.class },
        el('th', { scope: 'row' }, r.class),
        el('td', { class: 'num' }, formatCount(r.support)),
        el('td', { class: 'num' }, Number.isNaN(r.meanLossNats) ? '—' : formatPanelNumber(fromNats(r.meanLossNats, unit))),
        el('td', { class: 'num' }, formatRatio(r.precision)),
        el('td', { class: 'num' }, formatRatio(r.recall)),
        el('td', { class: 'num' }, formatRatio(r.f1)),
      ),
    );
  }
  return el('table', { class: 'grid per-class', 'aria-label': 'Per-class report' }, el('thead', {}, head), body);
}

/**
 * The confusion matrix (rows = true class, columns = predicted), the diagonal marked. With the
 * rows at hand (an analysed document), a cell with rows is a button: each press reveals the next
 * of its rows in the editor.
 */
export function confusionTable(classification: PanelClassification, snapshot: PanelSnapshot, model: PanelModel, reveal: (row: number) => void): HTMLElement {
  const { classes, confusion } = classification;
  const head = el('tr', {}, el('th', { scope: 'col', title: 'Rows: the true class. Columns: the predicted class.' }, 'true \\ predicted'), ...classes.map((c) => el('th', { scope: 'col' }, c)));
  const body = el('tbody');
  confusion.forEach((counts, truth) => {
    const tr = el('tr', {}, el('th', { scope: 'row' }, classes[truth] ?? ''));
    counts.forEach((count, predicted) => {
      const diagonal = truth === predicted;
      const cell = el('td', { class: diagonal ? 'num diagonal' : count > 0 ? 'num wrong' : 'num', 'data-cell': `${truth},${predicted}` });
      const name = `${formatCount(count)} ${count === 1 ? 'row' : 'rows'} of ${classes[truth]} predicted ${classes[predicted]}`;
      if (classification.rowsLinked && count > 0) {
        let next = 0;
        const button = el('button', { type: 'button', class: 'cell', 'aria-label': `${name}: reveal the next in the editor` }, formatCount(count));
        button.addEventListener('click', () => {
          const rows = cellRows(snapshot, model, truth, predicted);
          if (rows.length === 0) return;
          reveal(rows[next % rows.length]!);
          next++;
        });
        cell.append(button);
      } else {
        cell.title = name;
        cell.textContent = formatCount(count);
      }
      tr.append(cell);
    });
    body.append(tr);
  });
  return el('table', { class: 'grid confusion', 'aria-label': 'Confusion matrix' }, el('thead', {}, head), body);
}

/** Label-error rows listed in the panel (the hover and `entropy-lens label-issues --json` give every one). */
export const LABEL_ISSUE_LIMIT = 100;

/**
 * The likely label errors, lowest self-confidence first: each row focusable, revealed in the
 * editor on click or Enter, arrow keys moving between them.
 */
export function labelIssueTable(report: PanelLabelIssues, reveal: (row: number) => void): HTMLElement {
  const head = el('tr', {}, ...['Row', 'Given', 'p(given)', 'Suggested', 'p(suggested)', 'Its threshold'].map((label) => el('th', { scope: 'col' }, label)));
  const body = el('tbody');
  for (const issue of report.issues.slice(0, LABEL_ISSUE_LIMIT)) {
    const tr = el(
      'tr',
      { tabindex: 0, class: 'link-row', 'data-row': issue.row, 'aria-label': `Row ${issue.row + 1}, labelled ${issue.given}, likely ${issue.suggested}; press Enter to reveal in the editor` },
      el('td', { class: 'num' }, String(issue.row + 1)),
      el('td', {}, issue.given),
      el('td', { class: 'num' }, formatPanelNumber(issue.selfConfidence)),
      el('td', {}, issue.suggested),
      el('td', { class: 'num' }, formatPanelNumber(issue.suggestedProbability)),
      el('td', { class: 'num' }, formatPanelNumber(issue.threshold)),
    );
    linkRow(tr, issue.row, reveal);
    body.append(tr);
  }
  const shown = Math.min(report.issues.length, LABEL_ISSUE_LIMIT);
  const hovered = report.issues.length > shown ? ` The next ${formatCount(report.issues.length - shown)} say so in their rows' hover.` : '';
  const unlisted =
    report.count > report.issues.length ? ` The ${formatCount(report.count - report.issues.length)} most self-confident are not listed: \`entropy-lens label-issues\` lists every row.` : '';
  const more = report.count > shown ? el('p', { class: 'hint' }, `Showing the ${formatCount(shown)} lowest p(given) of ${formatCount(report.count)}.${hovered}${unlisted}`) : null;
  return el('div', {}, el('table', { class: 'grid label-issues', 'aria-label': 'Likely label errors' }, el('thead', {}, head), body), more);
}
