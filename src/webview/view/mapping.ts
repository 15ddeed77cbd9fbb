// The column mapping section (which columns the analysis used and how each was found) and the
// notice on a model whose class order is a guess, with buttons that run its quick fixes or
// Choose Columns…. Text only (textContent / setAttribute), like the rest of the page.
import type { InformationUnit, PanelClassFix, PanelMapping, PanelModel } from '../../protocol/panel';
import { el } from '../dom';
import { classOrderEvidence } from '../model/summary';

/** What the buttons do; the app posts the matching message to the host. */
export interface MappingActions {
  applyFix(fix: PanelClassFix): void;
  chooseColumns(): void;
}

const ORIGIN: Readonly<Record<PanelMapping['origin'], string>> = {
  detected: 'Detected from the file.',
  user: 'Chosen for this file (Choose Columns… or a quick fix), remembered.',
  request: 'Given by the command that ran the analysis.',
};

/** The columns table: role, columns, how found; the origin and a Choose Columns… button. */
export function mappingSection(mapping: PanelMapping, actions: MappingActions): HTMLElement {
  const body = el('tbody');
  for (const role of mapping.roles) {
    body.append(
      el(
        'tr',
        { 'data-role': role.role },
        el('th', { scope: 'row' }, role.role),
        el('td', { class: 'list', 'data-columns': role.columns.join(',') }, role.columns.join(', ')),
        el('td', { class: 'how' }, role.how),
      ),
    );
  }
  const choose = el('button', { type: 'button', 'data-action': 'choose-columns' }, 'Choose Columns…');
  choose.addEventListener('click', () => actions.chooseColumns());
  return el(
    'div',
    { 'data-testid': 'mapping', 'data-origin': mapping.origin },
    el('div', { class: 'controls' }, el('span', { class: 'label', 'data-testid': 'mapping-origin' }, ORIGIN[mapping.origin]), choose),
    mapping.ambiguity ? el('p', { class: 'hint-inline' }, `Guessed: ${mapping.ambiguity}.`) : null,
    mapping.roles.length > 0
      ? el(
          'table',
          { class: 'grid mapping', 'aria-label': 'Columns used' },
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Role'), el('th', { scope: 'col' }, 'Columns'), el('th', { scope: 'col' }, 'How they were found'))),
          body,
        )
      : el('p', {}, 'No columns in use.'),
  );
}

/** The notice on a model whose class order (or positive class) is a guess; null when it is known. */
export function classOrderNotice(model: PanelModel, unit: InformationUnit, actions: MappingActions): HTMLElement | null {
  const order = model.classOrder;
  if (!order || !order.uncertain) return null;
  const what = order.binary ? `Positive class of ${model.name} guessed` : `Class order of ${model.name} guessed`;
  const classes = order.binary ? `scored as P(${order.classes[1] ?? '?'})` : `scored as ${order.classes.join(', ')}`;
  const evidence = classOrderEvidence(order, unit);
  const text = `${classes}, ${order.ruleText}${evidence ? `; ${evidence}` : ''}. The numbers below rest on it: confirm it or choose another.`;
  const buttons = el('div', { class: 'controls' });
  order.fixes.forEach((fix, k) => {
    const button = el('button', { type: 'button', class: k === 0 ? 'primary' : undefined, 'data-action': 'apply-class-fix', 'data-fix-index': k }, fix.title);
    button.addEventListener('click', () => actions.applyFix(fix));
    buttons.append(button);
  });
  const choose = el('button', { type: 'button', 'data-action': 'choose-columns' }, 'Choose Columns…');
  choose.addEventListener('click', () => actions.chooseColumns());
  buttons.append(choose);
  return el(
    'div',
    { class: 'notice warning', role: 'status', 'data-testid': 'class-order-notice', 'data-model': model.name, 'data-rule': order.rule },
    el('p', {}, el('strong', {}, `${what}: `), text),
    buttons,
  );
}
