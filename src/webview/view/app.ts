// The panel page: header with unit switch and exports, then summary, model comparison, KL, fit,
// plots and worst rows, all drawn from the latest snapshot and the persisted UI state.
import {
  PANEL_PROTOCOL_VERSION,
  decodeNonFinite,
  type HostToWebviewMessage,
  type InformationUnit,
  type PanelClassification,
  type PanelLabelIssues,
  type PanelModel,
  type PanelSnapshot,
  type PanelUiState,
} from '../../protocol/panel';
import { formatTotal } from '../../protocol/numberFormat';
import { classDistributionPlot, divergencePlot, lossHistogramPlot, rowLossPlot, sigmoidPlot, surprisalPlot, trainingLossPlot } from '../chart/plots';
import type { PlotContext, PlotDefinition } from '../chart/plotTypes';
import { PlotView } from '../chart/plotView';
import { reliabilityPlot } from '../chart/reliabilityPlot';
import { rankingPlot } from '../chart/rankingPlots';
import { el, replaceChildren } from '../dom';
import { classColours } from '../model/classColours';
import { formatCount, formatPanelNumber } from '../model/format';
import { histogram, type Histogram } from '../model/histogram';
import { sortIndicesDescending } from '../model/order';
import { summaryMarkdown } from '../model/summary';
import { INFORMATION_UNITS, parseUnit } from '../model/units';
import { worstRows, type WorstSortKey } from '../model/worstRows';
import type { PanelHost } from '../vscodeApi';
import { classOrderNotice, mappingSection, type MappingActions } from './mapping';
import { comparisonTable, fitTable, summaryTable, worstTable } from './tables';
import { confusionTable, labelIssueTable, perClassTable } from './classTables';
import type { ClassSortKey } from '../model/perClass';

const WORST_LIMIT = 50;

interface UiState {
  unit: InformationUnit | null;
  lossOrder: 'row' | 'sorted';
  modelIndex: number;
  worstSort: { key: WorstSortKey; descending: boolean };
  classSort: { key: ClassSortKey; descending: boolean };
}

export class PanelApp {
  private snapshot: PanelSnapshot | null = null;
  private hint = '';
  private readonly ui: UiState;
  private plots: PlotView[] = [];
  private readonly sortedCache = new WeakMap<PanelModel, { rows: Uint32Array; values: Float64Array }>();
  private readonly histogramCache = new WeakMap<PanelModel, Histogram>();
  private status: HTMLElement = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private nextRequestId = 1;
  /** Where a request's reply is shown (a plot's status beside its buttons); the header's status otherwise. */
  private readonly replyTargets = new Map<number, HTMLElement>();
  private renderScheduled = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: PanelHost,
  ) {
    const saved = host.getState();
    this.ui = {
      unit: saved?.unit ? parseUnit(saved.unit, 'bits') : null,
      lossOrder: saved?.lossOrder === 'sorted' ? 'sorted' : 'row',
      modelIndex: typeof saved?.modelIndex === 'number' ? saved.modelIndex : 0,
      worstSort: saved?.worstSort ? { key: saved.worstSort.key, descending: saved.worstSort.descending } : { key: 'loss', descending: true },
      classSort: { key: 'class', descending: false },
    };
    // Redraw plots only when the width changes (new content changes the height, not the plots).
    let lastWidth = root.clientWidth;
    new ResizeObserver(() => {
      if (root.clientWidth === lastWidth) return;
      lastWidth = root.clientWidth;
      this.schedulePlotRender();
    }).observe(root);
    // VS Code swaps the body's theme class; plots read colours at draw time, so redraw.
    const themeWatcher = new MutationObserver(() => this.schedulePlotRender());
    themeWatcher.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
    themeWatcher.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
    window.addEventListener('scroll', () => this.saveState(), { passive: true });
  }

  /** Announce ourselves; the host answers with a snapshot. */
  start(): void {
    window.addEventListener('message', (event: MessageEvent<HostToWebviewMessage>) => this.onMessage(decodeNonFinite(event.data)));
    this.host.post({ type: 'ready', version: PANEL_PROTOCOL_VERSION });
  }

  private onMessage(message: HostToWebviewMessage): void {
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'snapshot':
        this.snapshot = message.snapshot;
        this.hint = message.hint;
        if (this.snapshot && this.ui.modelIndex >= this.snapshot.models.length) this.ui.modelIndex = 0;
        this.safeRender();
        return;
      case 'requestDone': {
        // The header scrolls away with the page: a plot's export says its result beside its buttons.
        const target = this.replyTargets.get(message.requestId);
        this.replyTargets.delete(message.requestId);
        const where = target?.isConnected ? target : this.status;
        where.textContent = message.message;
        where.classList.toggle('error', !message.ok);
        return;
      }
    }
  }

  private get unit(): InformationUnit {
    return this.ui.unit ?? this.snapshot?.defaultUnit ?? 'bits';
  }

  private get model(): PanelModel | undefined {
    return this.snapshot?.models[this.ui.modelIndex];
  }

  private saveState(): void {
    const state: PanelUiState = {
      version: PANEL_PROTOCOL_VERSION,
      ...(this.ui.unit ? { unit: this.ui.unit } : {}),
      lossOrder: this.ui.lossOrder,
      modelIndex: this.ui.modelIndex,
      worstSort: this.ui.worstSort,
      scrollTop: window.scrollY,
    };
    this.host.setState(state);
  }

  private reveal = (row: number): void => {
    if (!this.snapshot) return;
    this.host.post({ type: 'revealRow', documentUri: this.snapshot.documentUri, row });
    this.status.textContent = `Revealing row ${row + 1} in the editor.`;
  };

  private readonly mappingActions: MappingActions = {
    applyFix: (fix) => {
      if (!this.snapshot) return;
      this.host.post({ type: 'applyClassFix', documentUri: this.snapshot.documentUri, fix: fix.fix, model: fix.model, classes: [...fix.classes] });
      this.status.textContent = `${fix.title}: analysing again…`;
    },
    chooseColumns: () => {
      if (!this.snapshot) return;
      this.host.post({ type: 'chooseColumns', documentUri: this.snapshot.documentUri });
    },
  };

  /** Render, and if drawing fails say so in the panel instead of leaving it blank. */
  private safeRender(): void {
    try {
      this.render();
    } catch (error) {
      const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
      replaceChildren(this.root, el('p', { class: 'error', role: 'alert' }, 'The results panel could not draw this analysis: '), el('pre', {}, text));
      this.root.dataset.state = 'error';
    }
  }

  private render(): void {
    const snapshot = this.snapshot;
    this.plots = [];
    if (!snapshot) {
      replaceChildren(this.root, el('p', { class: 'hint', 'data-testid': 'hint' }, this.hint || 'No analysis yet.'));
      this.root.dataset.state = 'empty';
      return;
    }
    const scrollTop = window.scrollY || this.host.getState()?.scrollTop || 0;
    const sections: HTMLElement[] = [this.header(snapshot)];
    if (this.hint) sections.push(this.hintWithAction(this.hint));
    // A guessed class order first: every number below rests on it.
    for (const model of snapshot.models) {
      const notice = classOrderNotice(model, this.unit, this.mappingActions);
      if (notice) sections.push(notice);
    }
    sections.push(this.section('summary', 'Summary', summaryTable(snapshot, this.unit, this.ui.modelIndex)));
    if (snapshot.models.length > 1) sections.push(this.section('comparison', 'Model comparison', comparisonTable(snapshot, this.unit, this.reveal)));
    const shown = this.model;
    if (shown?.classification) sections.push(this.section('classes', `Per class (${shown.name})`, this.classesBody(snapshot, shown, shown.classification)));
    if (shown?.labelIssues) sections.push(this.section('label-issues', `Likely label errors (${formatCount(shown.labelIssues.count)}, ${shown.name})`, this.labelIssuesBody(shown.labelIssues)));
    if (snapshot.mapping) sections.push(this.section('columns', 'Columns', mappingSection(snapshot.mapping, this.mappingActions)));
    if (snapshot.divergence) sections.push(this.section('kl', 'KL divergence', this.divergenceBody(snapshot)));
    if (snapshot.fit) sections.push(this.section('fit', 'Fit', fitTable(snapshot.fit, this.unit)));
    const plots = this.plotDefinitions(snapshot);
    if (plots.length > 0) sections.push(this.section('plots', 'Plots', this.plotsBody(plots)));
    const model = this.model;
    if (model) sections.push(this.section('worst', `Worst rows (top ${WORST_LIMIT}, ${model.name})`, this.worstBody(snapshot, model)));
    if (snapshot.problems.length > 0) {
      sections.push(
        this.section(
          'problems',
          `Data problems (${formatCount(snapshot.problemCount)})`,
          el(
            'ul',
            { class: 'problems' },
            ...snapshot.problems.map((p) => el('li', {}, p)),
            snapshot.problemCount > snapshot.problems.length ? el('li', {}, '… see the Problems panel for the rest.') : null,
          ),
        ),
      );
    }
    replaceChildren(this.root, ...sections);
    this.root.dataset.state = 'ready';
    this.root.dataset.document = snapshot.fileName;
    this.renderPlots();
    window.scrollTo(0, scrollTop);
  }

  /** A snapshot's hint (what is missing) with the button that fixes it. */
  private hintWithAction(hint: string): HTMLElement {
    const choose = el('button', { type: 'button', 'data-action': 'choose-columns' }, 'Choose Columns…');
    choose.addEventListener('click', () => this.mappingActions.chooseColumns());
    return el('div', { class: 'controls hint', 'data-testid': 'hint' }, el('span', {}, hint), choose);
  }

  private header(snapshot: PanelSnapshot): HTMLElement {
    const unitGroup = el('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Unit' });
    for (const unit of INFORMATION_UNITS) {
      const checked = unit === this.unit;
      const button = el('button', { type: 'button', role: 'radio', 'aria-checked': String(checked), class: checked ? 'selected' : undefined, 'data-unit': unit, tabindex: checked ? 0 : -1 }, unit);
      button.addEventListener('click', () => this.setUnit(unit));
      button.addEventListener('keydown', (event) => {
        if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
        event.preventDefault();
        const i = INFORMATION_UNITS.indexOf(this.unit);
        const next = INFORMATION_UNITS[(i + (event.key === 'ArrowRight' ? 1 : INFORMATION_UNITS.length - 1)) % INFORMATION_UNITS.length]!;
        this.setUnit(next);
        this.root.querySelector<HTMLElement>(`[data-unit="${next}"]`)?.focus();
      });
      unitGroup.append(button);
    }
    const controls = el('div', { class: 'controls' }, el('span', { class: 'label' }, 'Unit'), unitGroup);
    if (snapshot.models.length > 1) {
      const select = el('select', { 'aria-label': 'Model shown in plots and worst rows' });
      snapshot.models.forEach((m, i) => select.append(el('option', { value: i, selected: i === this.ui.modelIndex }, m.name)));
      select.addEventListener('change', () => {
        this.ui.modelIndex = Number(select.value);
        this.saveState();
        this.safeRender();
      });
      controls.append(el('label', { class: 'label' }, 'Model ', select));
    }
    const copy = el('button', { type: 'button', 'data-action': 'copy-summary' }, 'Copy summary as Markdown');
    copy.addEventListener('click', () => {
      if (!this.snapshot) return;
      this.host.post({ type: 'copyText', requestId: this.nextRequestId++, text: summaryMarkdown(this.snapshot, this.unit, this.ui.modelIndex) });
    });
    const exportButton = el('button', { type: 'button', 'data-action': 'export-losses', disabled: snapshot.models.length === 0 }, 'Export per-row losses…');
    exportButton.addEventListener('click', () => {
      if (this.snapshot) this.host.post({ type: 'exportLosses', documentUri: this.snapshot.documentUri });
    });
    controls.append(copy, exportButton);
    return el('header', {}, el('h1', {}, snapshot.fileName, snapshot.stale ? el('span', { class: 'badge', title: 'The document changed after this analysis' }, 'stale') : null), controls, this.status);
  }

  /** Confident learning's rows, or why there are none, with what the rule assumes. */
  private labelIssuesBody(report: PanelLabelIssues): HTMLElement {
    const note = el(
      'p',
      { class: 'hint' },
      'Confident learning (cleanlab’s filter_by="confident_learning"): a row is listed when another class is at or above its threshold — the mean probability of that class over its own rows — while the given one is not the pick. It means something only for out-of-sample probabilities (cross_val_predict, held-out folds).',
    );
    if (report.count === 0) return el('div', {}, el('p', {}, 'None: no row is confidently another class.'), note);
    return el('div', {}, labelIssueTable(report, this.reveal), note);
  }

  /** The per-class report (re-sorted in place) and the confusion matrix of the model shown. */
  private classesBody(snapshot: PanelSnapshot, model: PanelModel, classification: PanelClassification): HTMLElement {
    const report = el('div', {});
    const onSort = (key: ClassSortKey): void => {
      const current = this.ui.classSort;
      this.ui.classSort = { key, descending: current.key === key ? !current.descending : key !== 'class' };
      report.replaceChildren(perClassTable(classification, this.unit, this.ui.classSort, onSort));
    };
    report.append(perClassTable(classification, this.unit, this.ui.classSort, onSort));
    const areas =
      classification.rocAuc === null
        ? null
        : el(
            'p',
            { 'data-testid': 'ranking' },
            `ROC AUC ${formatPanelNumber(classification.rocAuc)} · average precision ${formatPanelNumber(classification.averagePrecision ?? Number.NaN)}${classification.curves.length > 1 ? ' (one-vs-rest macro means, as roc_auc_score(multi_class="ovr") and the mean of each class’s average_precision_score)' : ' (roc_auc_score, average_precision_score)'}`,
          );
    const note = el(
      'p',
      { class: 'hint' },
      'Precision, recall and F1 of the argmax, as scikit-learn’s precision_recall_fscore_support (0 where a class is never predicted). Confusion: rows are the true class, columns the predicted one.',
    );
    return el('div', {}, areas, report, el('div', { class: 'table-scroll' }, confusionTable(classification, snapshot, model, this.reveal)), note);
  }

  private section(id: string, title: string, body: HTMLElement): HTMLElement {
    const headingId = `heading-${id}`;
    return el('section', { id: `section-${id}`, 'aria-labelledby': headingId }, el('h2', { id: headingId }, title), body);
  }

  private setUnit(unit: InformationUnit): void {
    this.ui.unit = unit;
    this.saveState();
    this.safeRender();
  }

  private divergenceBody(snapshot: PanelSnapshot): HTMLElement {
    const d = snapshot.divergence!;
    const notes: string[] = [];
    if (d.pSum !== null && Math.abs(d.pSum - 1) > 1e-12) notes.push(`P was normalised (its column summed to ${formatTotal(d.pSum)}).`);
    if (d.qSum !== null && Math.abs(d.qSum - 1) > 1e-12) notes.push(`Q was normalised (its column summed to ${formatTotal(d.qSum)}).`);
    if (d.infinitePq) notes.push(`D(P‖Q) is infinite: ${d.infinitePq} outcome(s) have P > 0 and Q = 0.`);
    if (d.infiniteQp) notes.push(`D(Q‖P) is infinite: ${d.infiniteQp} outcome(s) have Q > 0 and P = 0.`);
    notes.push('KL is not symmetric: D(P‖Q) weighs the log-ratio by P, D(Q‖P) by Q. Jensen–Shannon compares both to their average and is symmetric (≤ ln 2).');
    return el('div', {}, el('p', {}, `P = ${d.pName}, Q = ${d.qName}`), el('ul', { class: 'notes' }, ...notes.map((n) => el('li', {}, n))));
  }

  private plotContext(snapshot: PanelSnapshot): PlotContext {
    const model = this.model;
    return {
      snapshot,
      unit: this.unit,
      model,
      order: this.ui.lossOrder,
      classColours: classColours(snapshot),
      sortedRows: () => this.sorted(model).rows,
      sortedValues: () => this.sorted(model).values,
      histogram: () => {
        if (!model) return histogram(new Float64Array(0));
        let cached = this.histogramCache.get(model);
        if (!cached) {
          const n = model.rowLossNats.length;
          // Few rows: a few more bins than √n so each row is visible; many rows: Sturges' rule.
          cached = histogram(model.rowLossNats, n < 40 ? Math.max(5, Math.ceil(Math.sqrt(n)) + 2) : undefined);
          this.histogramCache.set(model, cached);
        }
        return cached;
      },
    };
  }

  /** Rows of `model` worst first and their losses in that order, computed once per model. */
  private sorted(model: PanelModel | undefined): { rows: Uint32Array; values: Float64Array } {
    if (!model) return { rows: new Uint32Array(0), values: new Float64Array(0) };
    let cached = this.sortedCache.get(model);
    if (!cached) {
      const rows = sortIndicesDescending(model.rowLossNats);
      const values = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) values[i] = model.rowLossNats[rows[i]!]!;
      cached = { rows, values };
      this.sortedCache.set(model, cached);
    }
    return cached;
  }

  private plotDefinitions(snapshot: PanelSnapshot): PlotDefinition[] {
    const ctx = this.plotContext(snapshot);
    const plots: PlotDefinition[] = [];
    const model = ctx.model;
    if (model) plots.push(rowLossPlot(ctx, model), surprisalPlot(ctx, model), lossHistogramPlot(ctx, model));
    if (model?.calibration) plots.push(reliabilityPlot(ctx, model, model.calibration));
    if (model?.classification && model.classification.curves.length > 0) plots.push(rankingPlot(ctx, model, model.classification, 'roc'), rankingPlot(ctx, model, model.classification, 'pr'));
    const classes = classDistributionPlot(ctx);
    if (classes) plots.push(classes);
    if (snapshot.divergence) plots.push(divergencePlot(ctx, snapshot.divergence));
    if (snapshot.fit) {
      plots.push(trainingLossPlot(ctx, snapshot.fit));
      if (snapshot.fit.oneFeature) plots.push(sigmoidPlot(ctx, snapshot.fit));
    }
    return plots;
  }

  private plotsBody(definitions: PlotDefinition[]): HTMLElement {
    const body = el('div', { class: 'plots' });
    if (this.model) {
      const toggle = el('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Order of the per-row loss bars' });
      for (const [order, label] of [
        ['row', 'Row order'],
        ['sorted', 'Sorted, worst first'],
      ] as const) {
        const checked = this.ui.lossOrder === order;
        const button = el('button', { type: 'button', role: 'radio', 'aria-checked': String(checked), class: checked ? 'selected' : undefined, 'data-order': order }, label);
        button.addEventListener('click', () => {
          this.ui.lossOrder = order;
          this.saveState();
          this.safeRender();
        });
        toggle.append(button);
      }
      body.append(el('div', { class: 'controls' }, el('span', { class: 'label' }, 'Loss bars'), toggle));
    }
    for (const definition of definitions) {
      const view = new PlotView(definition, {
        reveal: this.reveal,
        save: (format, fileName, data, status) => {
          const requestId = this.nextRequestId++;
          this.replyTargets.set(requestId, status);
          status.textContent = '';
          this.host.post({ type: 'savePlot', requestId, format, fileName, data });
        },
      });
      this.plots.push(view);
      body.append(view.element);
    }
    return body;
  }

  private worstBody(snapshot: PanelSnapshot, model: PanelModel): HTMLElement {
    const rows = worstRows(snapshot, model, WORST_LIMIT, this.ui.worstSort.key, this.ui.worstSort.descending);
    const idColumn = snapshot.rowIds?.column ?? null;
    const container = el('div', { class: 'table-scroll' });
    const draw = (): void => {
      const sorted = worstRows(snapshot, model, WORST_LIMIT, this.ui.worstSort.key, this.ui.worstSort.descending);
      container.replaceChildren(worstTable(sorted, this.unit, this.ui.worstSort, onSort, this.reveal, idColumn));
    };
    const onSort = (key: WorstSortKey): void => {
      const current = this.ui.worstSort;
      this.ui.worstSort = { key, descending: current.key === key ? !current.descending : key === 'loss' };
      this.saveState();
      draw();
      container.querySelector<HTMLElement>('th[aria-sort]:not([aria-sort="none"]) button')?.focus();
    };
    container.append(worstTable(rows, this.unit, this.ui.worstSort, onSort, this.reveal, idColumn));
    return container;
  }

  private renderPlots(): void {
    for (const plot of this.plots) plot.render();
  }

  private schedulePlotRender(): void {
    if (this.renderScheduled) return;
    this.renderScheduled = true;
    requestAnimationFrame(() => {
      this.renderScheduled = false;
      this.renderPlots();
    });
  }
}
