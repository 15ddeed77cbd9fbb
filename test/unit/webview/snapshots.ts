// Panel snapshots for the worked examples, built from their defining probabilities (not from
// expected outputs), shared by the view-model tests.
import { NO_APPLIED_LOSS } from '../../../src/protocol/analysis';
import { RowVerdict, type InformationUnit, type PanelModel, type PanelSnapshot } from '../../../src/protocol/panel';
import type { Painter, TextStyle } from '../../../src/webview/chart/painter';
import type { PlotContext } from '../../../src/webview/chart/plotTypes';
import type { PlotTheme } from '../../../src/webview/chart/theme';
import { classColours } from '../../../src/webview/model/classColours';

/** A model from per-row true-class probabilities and predicted classes (hard labels). */
export function modelFromProbabilities(name: string, pTrue: number[], predicted: number[], labels: number[], brier: number): PanelModel {
  const loss = Float64Array.from(pTrue, (p) => -Math.log(p));
  const sum = loss.reduce((s, v) => s + v, 0);
  const verdict = Uint8Array.from(predicted, (p, i) => (p === labels[i] ? RowVerdict.correct : RowVerdict.wrong));
  const wrong = verdict.reduce((s, v) => s + (v === RowVerdict.wrong ? 1 : 0), 0);
  return {
    name,
    columns: [`${name}_p0`, `${name}_p1`, `${name}_p2`],
    kind: 'probabilities',
    meanLossNats: sum / loss.length,
    sumLossNats: sum,
    brier,
    errorRate: wrong / loss.length,
    n: loss.length,
    clippedRows: 0,
    infiniteRows: 0,
    rowLossNats: loss,
    trueClassProbability: Float64Array.from(pTrue),
    predictedClass: Int32Array.from(predicted),
    verdict,
  };
}

/**
 * samples/three-class-models.csv: targets 001, 010, 100; m1 rows [.3,.3,.4],[.3,.4,.3],[.1,.2,.7];
 * m2 rows [.1,.2,.7],[.1,.7,.2],[.3,.4,.3]. Brier 0.8067 and 0.34 are the textbook values.
 */
export function threeClassSnapshot(): PanelSnapshot {
  const labels = [2, 1, 0];
  const m1 = modelFromProbabilities('m1', [0.4, 0.4, 0.1], [2, 1, 2], labels, (0.54 + 0.54 + 1.34) / 3);
  const m2 = modelFromProbabilities('m2', [0.7, 0.7, 0.3], [2, 1, 1], labels, (0.14 + 0.14 + 0.74) / 3);
  return {
    documentUri: 'file:///samples/three-class-models.csv',
    fileName: 'three-class-models.csv',
    stale: false,
    kind: 'analyze',
    defaultUnit: 'bits',
    epsilon: 2.220446049250313e-16,
    loss: NO_APPLIED_LOSS,
    rowCount: 3,
    rowLine: Uint32Array.of(2, 3, 4),
    rowStatus: new Uint8Array(3),
    classes: ['0', '1', '2'],
    labelIndex: Int32Array.from(labels),
    rowIds: null,
    labels: {
      counts: [
        { label: '0', count: 1 },
        { label: '1', count: 1 },
        { label: '2', count: 1 },
      ],
      entropyNats: Math.log(3),
      maxEntropyNats: Math.log(3),
      n: 3,
    },
    models: [m1, m2],
    divergence: null,
    fit: null,
    problems: [],
    problemCount: 0,
  };
}

/** samples/kl-distributions.csv: P = {.75, .25}, Q = {.5, .5} over the rows heads, tails. */
export function klSnapshot(): PanelSnapshot {
  const p = [0.75, 0.25];
  const q = [0.5, 0.5];
  const pq = p.map((pi, i) => pi * Math.log(pi / q[i]!));
  const qp = q.map((qi, i) => qi * Math.log(qi / p[i]!));
  const entropyP = -p.reduce((s, pi) => s + pi * Math.log(pi), 0);
  const dpq = pq.reduce((s, v) => s + v, 0);
  return {
    ...threeClassSnapshot(),
    documentUri: 'file:///samples/kl-distributions.csv',
    fileName: 'kl-distributions.csv',
    kind: 'kl',
    rowCount: 2,
    rowLine: Uint32Array.of(2, 3),
    rowStatus: new Uint8Array(2),
    classes: [],
    labelIndex: Int32Array.of(-1, -1),
    rowIds: null,
    labels: null,
    models: [],
    divergence: {
      mode: 'overRows',
      pName: 'p',
      qName: 'q',
      outcomes: ['heads', 'tails'],
      p: Float64Array.from(p),
      q: Float64Array.from(q),
      pSum: 1,
      qSum: 1,
      pqNats: dpq,
      qpNats: qp.reduce((s, v) => s + v, 0),
      jsNats: NaN,
      entropyPNats: entropyP,
      crossEntropyNats: entropyP + dpq,
      infinitePq: 0,
      infiniteQp: 0,
      rowPqNats: Float64Array.from(pq),
      rowQpNats: Float64Array.from(qp),
      rowJsNats: null,
    },
  };
}

/** A light plot theme for drawing tests; `classes` are the class colours (p and q: the first two). */
export function testTheme(classes: readonly string[] = ['#3794ff', '#f14c4c', '#89d185']): PlotTheme {
  return {
    background: '#ffffff',
    foreground: '#000000',
    muted: '#777777',
    grid: '#eeeeee',
    accent: '#3794ff',
    highlight: '#cca700',
    classes: [...classes],
    p: classes[0] as string,
    q: classes[1] as string,
    highContrast: false,
  };
}

/** A plot context over a snapshot for plots that need no sorted rows or histogram (they throw if asked). */
export function plotContext(snapshot: PanelSnapshot, unit: InformationUnit = 'nats', modelIndex = 0): PlotContext {
  return {
    snapshot,
    unit,
    model: snapshot.models[modelIndex],
    order: 'row',
    classColours: classColours(snapshot),
    sortedRows: () => new Uint32Array(0),
    sortedValues: () => new Float64Array(0),
    histogram: () => {
      throw new Error('not used by this plot');
    },
  };
}

/** Records the text a plot draws (position, text and style); every other shape is dropped. */
export class TextRecorder implements Painter {
  readonly texts: { x: number; y: number; text: string; style: TextStyle }[] = [];
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  rect(): void {}
  line(): void {}
  polyline(): void {}
  circle(): void {}
  text(x: number, y: number, text: string, style: TextStyle): void {
    this.texts.push({ x, y, text, style });
  }
}
