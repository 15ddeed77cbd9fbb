// Binary and 10-class fits on the same data, and digits softmax at two C: ours against scikit-learn
// (lbfgs at defaults and tol = 1e-10, newton-cholesky / newton-cg at tol = 1e-8), TF.js CPU and
// ml-logistic-regression. Every answer is judged by one referee (objective.ts): objective, gap to the
// best objective found, max |gradient|, log loss, accuracy.
import { readFileSync } from 'node:fs';
import type { Context } from '../context';
import { pythonSkipNote } from '../context';
import type { DataFile } from '../generate';
import { evaluate, loadFitData } from '../objective';
import type { Coefficients, Evaluation, FitData } from '../objective';
import { coefficientsOf, fit } from '../ours';
import { initTfjs, mlLogregFit, mlLogregSettings, tfjsFit, tfjsSettings } from '../fitPeers';
import { fixed, percent, ratio, sci, seconds } from '../report';
import type { ReportTable } from '../report';
import { summarize, timeRuns } from '../stats';
import type { Summary } from '../stats';
import type { SklearnSolver } from '../python';

type Penalty = 'l2' | 'none';

interface SolverRow {
  name: string;
  settings: string;
  time: Summary;
  /** CPU seconds (median); for Python all threads of the process. */
  cpu: number;
  iterations: string;
  evaluation: Evaluation | undefined;
  /** Mean log loss and accuracy when the model is not of the objective's form (one-vs-rest). */
  foreign?: { meanLogLoss: number; accuracy: number };
  /** Our fit's own convergence report (FitResult), for the targets. */
  own?: { gradMaxScaled: number; converged: boolean };
}

/** Mean log loss and accuracy of a one-vs-rest model's normalised scores. */
function judgeScores(data: FitData, scores: (row: Float64Array) => Float64Array): { meanLogLoss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < data.rows; i++) {
    const p = scores(data.x.subarray(i * data.features, (i + 1) * data.features));
    const y = data.labels[i] as number;
    loss -= Math.log(Math.max(p[y] as number, 1e-300));
    let argmax = 0;
    for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[argmax] as number)) argmax = k;
    if (argmax === y) correct++;
  }
  return { meanLogLoss: loss / data.rows, accuracy: correct / data.rows };
}

function oursRow(context: Context, data: FitData, C: number, penalty: Penalty, notes: string[]): SolverRow {
  const repeat = { runs: context.options.runs, budgetSeconds: context.options.budgetSeconds };
  try {
    const run = timeRuns(() => fit(data, penalty, C), repeat);
    const r = run.result;
    notes.push(
      `Entropy Lens (penalty ${penalty}) own report: objective ${r.objective.toPrecision(15)}, gradMaxAbs ${sci(r.gradMaxAbs)}, gradMaxScaled ${sci(r.gradMaxScaled)}, converged ${r.converged}${r.warnings.length ? `, warnings: ${r.warnings.map((w) => w.code).join(', ')}` : ''}.`,
    );
    const evaluation = evaluate(data, coefficientsOf(r), C, penalty);
    context.wallPerCpu.push(summarize(run.seconds).median / summarize(run.cpuSeconds).median);
    // The referee and the core's own objective are independent codes for one formula: they must agree.
    notes.push(`Referee check (penalty ${penalty}): objective differs from the core's by a relative ${sci(Math.abs(evaluation.objective - r.objective) / Math.abs(r.objective), 1)}.`);
    return {
      name: penalty === 'l2' ? 'Entropy Lens' : 'Entropy Lens (penalty none)',
      settings: `${r.solver}, default tolerance (scaled gradient ≤ 1e-9), C = ${C}, penalty ${penalty}`,
      time: summarize(run.seconds),
      cpu: summarize(run.cpuSeconds).median,
      iterations: `${r.iterations}${r.converged ? '' : ' (not converged)'}`,
      evaluation,
      own: { gradMaxScaled: r.gradMaxScaled, converged: r.converged },
    };
  } catch (error) {
    // Keep measuring the peers; the failure is shown in the table and the targets stay unmet.
    return { name: 'Entropy Lens', settings: `FAILED: ${error instanceof Error ? error.message : String(error)}`, time: summarize([NaN]), cpu: NaN, iterations: 'failed', evaluation: undefined };
  }
}

function fitTable(title: string, intro: string, rows: SolverRow[], ours: SolverRow, notes: string[]): { table: ReportTable; best: number } {
  const best = Math.min(...rows.map((r) => r.evaluation?.objective ?? Infinity));
  const table: ReportTable = {
    title,
    intro,
    headers: ['solver', 'median', 'spread', 'cpu', 'runs', 'iterations', 'objective', 'gap', 'max |grad|', 'scaled |grad|', 'mean log loss', 'accuracy', 'peer/ours'],
    rows: rows.map((r) => {
      const e = r.evaluation;
      return [
        r.name,
        seconds(r.time.median),
        percent(r.time.spread),
        seconds(r.cpu),
        String(r.time.runs),
        r.iterations,
        e ? e.objective.toPrecision(12) : r.foreign ? 'n/a (one-vs-rest)' : 'n/a',
        e ? sci(e.objective - best) : 'n/a',
        e ? sci(e.maxAbsGradient) : 'n/a',
        e ? sci(e.maxRelativeGradient) : 'n/a',
        fixed(e?.meanLogLoss ?? r.foreign?.meanLogLoss ?? NaN, 6),
        fixed(e?.accuracy ?? r.foreign?.accuracy ?? NaN, 4),
        r === ours ? '1.00×' : ratio(r.time.median, ours.time.median),
      ];
    }),
    notes: [...notes, ...rows.map((r) => `${r.name}: ${r.settings}.`)],
  };
  return { table, best };
}

function intro(C: number): string {
  return (
    `Objective C·Σ loss + ½‖W‖² (C = ${C}, intercepts unpenalised), its gradient, log loss and accuracy evaluated for every solver by the bench's own referee ` +
    '(compensated sums, raw units). "gap" = objective − best objective in this table; "scaled |grad|" = max_j |g_j| / (C·Σ_i|x_ij| + |w_j|).'
  );
}

/** One scikit-learn LogisticRegression configuration run on a case. */
interface SklearnSetting {
  solver: SklearnSolver;
  tol: number;
  maxIter: number;
  runs: number;
  /** Why these settings, appended to the row's note. */
  label: string;
  /** Which outcome field the row is reported as, for the targets. */
  role?: 'default' | 'newton';
}

interface FitCase {
  title: string;
  file: DataFile;
  classes: number;
  C: number;
  /** Run the slow JavaScript peers on this case. */
  peers: boolean;
  sklearn: SklearnSetting[];
}

export interface FitOutcome {
  ours: SolverRow;
  sklearnDefault: SolverRow | undefined;
  /** newton-cholesky (binary) or newton-cg (multinomial) at tol 1e-8. */
  sklearnNewton: SolverRow | undefined;
  tfjs: SolverRow | undefined;
  best: number;
  /** ml-logistic-regression against our unpenalised fit (its objective). */
  mlLogreg: SolverRow | undefined;
  oursNone: SolverRow | undefined;
  bestNone: number;
}

async function runCase(context: Context, fitCase: FitCase): Promise<FitOutcome> {
  const { file, classes, C } = fitCase;
  const { budgetSeconds, runs } = context.options;
  context.log(`fit: ${fitCase.title}`);
  const data = loadFitData(readFileSync(file.path, 'utf8'), classes);
  const rows: SolverRow[] = [];
  const notes: string[] = [];
  const ours = oursRow(context, data, C, 'l2', notes);
  rows.push(ours);

  let sklearnDefault: SolverRow | undefined;
  let sklearnNewton: SolverRow | undefined;
  const skip = pythonSkipNote(context);
  if (skip) notes.push(skip);
  else {
    for (const s of fitCase.sklearn) {
      context.log(`  scikit-learn ${s.solver} tol=${s.tol} …`);
      const py = context.python.fit(file.path, s.runs, s.tol, s.maxIter, budgetSeconds, C, s.solver);
      const model: Coefficients = { coef: py.coef.map((row) => Float64Array.from(row)), intercept: py.intercept };
      const row: SolverRow = {
        name: `scikit-learn ${s.solver} tol=${s.tol}`,
        settings: `LogisticRegression(C=${C}, solver='${s.solver}', tol=${s.tol}, max_iter=${s.maxIter})${classes > 2 ? ', multinomial' : ''} (${s.label})`,
        time: summarize(py.fit_s),
        cpu: summarize(py.fit_cpu_s).median,
        iterations: `${py.n_iter}${py.convergence_warning ? ' (ConvergenceWarning)' : ''}`,
        evaluation: evaluate(data, model, C),
      };
      rows.push(row);
      if (s.role === 'default') sklearnDefault = row;
      if (s.role === 'newton') sklearnNewton = row;
    }
  }

  let tfjs: SolverRow | undefined;
  if (fitCase.peers) {
    context.log(`  TF.js (${await initTfjs()}) …`);
    const settings = tfjsSettings(classes);
    const run = timeRuns(() => tfjsFit(data, C, settings), { runs: Math.min(runs, 3), budgetSeconds });
    tfjs = {
      name: 'TF.js CPU',
      settings: `Adam lr ${settings.learningRate}, ${settings.steps} full-batch steps, standardised features (mapped back), same objective / n, float32 (TF.js CPU's only precision)`,
      time: summarize(run.seconds),
      cpu: summarize(run.cpuSeconds).median,
      iterations: String(settings.steps),
      evaluation: evaluate(data, run.result, C),
    };
    rows.push(tfjs);
  }
  const main = fitTable(fitCase.title, intro(C), rows, ours, notes);
  context.tables.push(main.table);

  let mlLogreg: SolverRow | undefined;
  let oursNone: SolverRow | undefined;
  let bestNone = NaN;
  if (fitCase.peers) {
    context.log('  ml-logistic-regression (and ours without penalty, its objective) …');
    const noneNotes: string[] = [];
    oursNone = oursRow(context, data, C, 'none', noneNotes);
    const settings = mlLogregSettings(classes);
    const run = timeRuns(() => mlLogregFit(data, settings), { runs: 1, budgetSeconds: 0 });
    mlLogreg = {
      name: 'ml-logistic-regression',
      settings:
        classes === 2
          ? `its two-class gradient ascent, ${settings.steps} steps of 1/n (unit steps on the mean gradient), standardised features + ones column`
          : `one-vs-rest (its only multi-class mode), ${classes} × ${settings.steps} steps of 1/n, standardised + ones column; one-vs-rest scores normalised to probabilities, so only log loss and accuracy compare`,
      time: summarize(run.seconds),
      cpu: summarize(run.cpuSeconds).median,
      iterations: String(settings.steps),
      evaluation: run.result.binary ? evaluate(data, run.result.binary, C, 'none') : undefined,
      ...(run.result.ovrScores ? { foreign: judgeScores(data, run.result.ovrScores) } : {}),
    };
    const none = fitTable(
      `${fitCase.title}, without penalty (ml-logistic-regression's objective)`,
      'ml-logistic-regression maximises the unpenalised likelihood, so it is compared with our fit at penalty none: objective C·Σ loss, same referee.',
      [oursNone, mlLogreg],
      oursNone,
      noneNotes,
    );
    bestNone = none.best;
    context.tables.push(none.table);
  }
  return { ours, sklearnDefault, sklearnNewton, tfjs, best: main.best, mlLogreg, oursNone, bestNone };
}

function fasterAndBetter(ours: SolverRow | undefined, peer: SolverRow | undefined, best: number): { text: string; met: boolean | undefined; metCpu: boolean | undefined } {
  if (!peer || !ours) return { text: 'not run', met: undefined, metCpu: undefined };
  const speedup = peer.time.median / ours.time.median;
  const cpuSpeedup = peer.cpu / ours.cpu;
  const ourGap = (ours.evaluation?.objective ?? Infinity) - best;
  if (peer.evaluation) {
    const peerGap = peer.evaluation.objective - best;
    const better = ourGap <= peerGap;
    return {
      text: `${peer.name}: ${fixed(speedup, 1)}× faster (CPU ${fixed(cpuSpeedup, 1)}×); objective gap ${sci(ourGap)} vs ${sci(peerGap)}`,
      met: speedup >= 10 && better,
      metCpu: cpuSpeedup >= 10 && better,
    };
  }
  const ourLoss = ours.evaluation?.meanLogLoss ?? Infinity;
  const peerLoss = peer.foreign?.meanLogLoss ?? -Infinity;
  return {
    text: `${peer.name}: ${fixed(speedup, 1)}× faster (CPU ${fixed(cpuSpeedup, 1)}×); training log loss ${fixed(ourLoss, 4)} vs ${fixed(peerLoss, 4)}`,
    met: speedup >= 10 && ourLoss <= peerLoss,
    metCpu: cpuSpeedup >= 10 && ourLoss <= peerLoss,
  };
}

/**
 * Rounding allowance when comparing two gaps at the optimum: a few ulps of the objective, below
 * which the referee cannot tell two points apart (its sums are compensated, each term is not).
 */
function gapAllowance(best: number): number {
  return 4 * Number.EPSILON * Math.abs(best);
}

export async function runFits(context: Context): Promise<void> {
  const { data, options } = context;
  const { quick, runs } = options;
  const few = Math.min(runs, 3);
  const lbfgsDefault: SklearnSetting = { solver: 'lbfgs', tol: 1e-4, maxIter: 100, runs: few, label: 'scikit-learn defaults', role: 'default' };
  // tol=1e-10 on raw-scale features runs into thousands of iterations: one run, capped so the
  // bench finishes (it hits the cap either way; the gap column shows where it stopped).
  const lbfgsTight = (maxIter: number): SklearnSetting => ({ solver: 'lbfgs', tol: 1e-10, maxIter, runs: 1, label: 'one run, iteration cap chosen by the bench' });
  // The second-order solvers at the tolerance issue 14 names; max_iter stays at its default 100.
  const newton = (solver: SklearnSolver): SklearnSetting => ({ solver, tol: 1e-8, maxIter: 100, runs: few, label: 'tol 1e-8, max_iter at its default', role: 'newton' });

  const binary = await runCase(context, {
    title: `Binary logistic fit: ${data.binarySmall.rows} × 20 (raw feature scales 1e-2…1e4)`,
    file: data.binarySmall,
    classes: 2,
    C: 1,
    peers: true,
    sklearn: [lbfgsDefault, lbfgsTight(quick ? 1000 : 2000), newton('newton-cholesky')],
  });
  const multi = await runCase(context, {
    title: `10-class softmax fit: ${data.multi.rows} × 20`,
    file: data.multi,
    classes: 10,
    C: 1,
    peers: true,
    // newton-cg on the raw-scale 10-class data needs ~2.5 s per iteration here and stops at its
    // 100-iteration cap anyway (253 s for one run): one run capped at 20 iterations, its gap shown.
    sklearn: [lbfgsDefault, lbfgsTight(1000), { ...newton('newton-cg'), maxIter: 20, runs: 1, label: 'tol 1e-8, one run capped at 20 iterations by the bench (100 took 253 s)' }],
  });
  await runCase(context, {
    title: `Binary logistic fit: ${data.binaryLarge.rows} × 20 (ours and scikit-learn only)`,
    file: data.binaryLarge,
    classes: 2,
    C: 1,
    peers: false,
    sklearn: [lbfgsDefault, newton('newton-cholesky')],
  });
  const digits: { C: number; outcome: FitOutcome }[] = [];
  const digitsFile = data.digits;
  if (digitsFile) {
    for (const C of [1, 0.01]) {
      const outcome = await runCase(context, {
        title: `Digits softmax fit: ${digitsFile.rows} × ${digitsFile.columns.length - 1} (scikit-learn load_digits, pixel counts 0…16), C = ${C}`,
        file: digitsFile,
        classes: 10,
        C,
        peers: false,
        sklearn: [lbfgsDefault, newton('newton-cg')],
      });
      digits.push({ C, outcome });
    }
  } else context.notes.push(`Digits fits skipped: the digits file is written by bench.py (load_digits). ${pythonSkipNote(context) ?? ''}`);
  const quickNote = quick ? ' [quick sizes]' : '';

  const sk = binary.sklearnDefault;
  const oursGrad = binary.ours.evaluation?.maxAbsGradient ?? NaN;
  const skGrad = sk?.evaluation?.maxAbsGradient ?? NaN;
  const binaryMet = sk && binary.ours.evaluation ? binary.ours.time.median <= sk.time.median && skGrad / oursGrad >= 100 : sk ? false : undefined;
  context.targets.push({
    target: 'Binary fit 1e5×20 to the true optimum ≤ 1.0× sklearn lbfgs (default tol) time, ≥ 100× closer (max |grad|)',
    measured: sk
      ? `ours ${seconds(binary.ours.time.median)} vs ${seconds(sk.time.median)} (${fixed(binary.ours.time.median / sk.time.median, 2)}×; CPU time ${fixed(binary.ours.cpu / sk.cpu, 2)}×); max |grad| ${sci(oursGrad)} vs ${sci(skGrad)} (${sci(skGrad / oursGrad, 1)}× closer)${quickNote}`
      : 'scikit-learn not available',
    met: binaryMet,
    metCpu: sk && binary.ours.evaluation ? binary.ours.cpu <= sk.cpu && skGrad / oursGrad >= 100 : undefined,
  });
  const skMulti = multi.sklearnDefault;
  context.targets.push({
    target: '10-class fit 1e5×20 ≤ 1.0× sklearn lbfgs (default tol)',
    measured: skMulti
      ? `ours ${seconds(multi.ours.time.median)} vs ${seconds(skMulti.time.median)} (${fixed(multi.ours.time.median / skMulti.time.median, 2)}×; CPU time ${fixed(multi.ours.cpu / skMulti.cpu, 2)}×); gap ${sci((multi.ours.evaluation?.objective ?? NaN) - multi.best)} vs ${sci((skMulti.evaluation?.objective ?? NaN) - multi.best)}${quickNote}`
      : 'scikit-learn not available',
    met: skMulti ? multi.ours.evaluation !== undefined && multi.ours.time.median <= skMulti.time.median : undefined,
    metCpu: skMulti && multi.ours.evaluation ? multi.ours.cpu <= skMulti.cpu : undefined,
  });
  for (const [label, outcome] of [
    ['binary', binary],
    ['10-class', multi],
  ] as const) {
    const tf = fasterAndBetter(outcome.ours, outcome.tfjs, outcome.best);
    context.targets.push({ target: `≥ 10× faster than TF.js CPU on the ${label} fit, at higher accuracy`, measured: tf.text + quickNote, met: tf.met, metCpu: tf.metCpu });
    const ml = fasterAndBetter(outcome.oursNone, outcome.mlLogreg, outcome.bestNone);
    context.targets.push({
      target: `≥ 10× faster than ml-logistic-regression on the ${label} fit (its unpenalised objective), at higher accuracy`,
      measured: ml.text + quickNote,
      met: ml.met,
      metCpu: ml.metCpu,
    });
  }
  const nc = binary.sklearnNewton;
  const ourGap = (binary.ours.evaluation?.objective ?? NaN) - binary.best;
  const ncGap = (nc?.evaluation?.objective ?? NaN) - binary.best;
  const gapNoWorse = ourGap <= ncGap + gapAllowance(binary.best);
  context.targets.push({
    target: 'Binary fit 1e5×20 ≤ 1.0× sklearn newton-cholesky (tol 1e-8) time, at an objective gap no worse',
    measured: nc
      ? `ours ${seconds(binary.ours.time.median)} vs ${seconds(nc.time.median)} (${fixed(binary.ours.time.median / nc.time.median, 2)}×; CPU time ${fixed(binary.ours.cpu / nc.cpu, 2)}×); gap ${sci(ourGap)} vs ${sci(ncGap)} (equal within ${sci(gapAllowance(binary.best), 1)}, 4 ulps of the objective)${quickNote}`
      : 'scikit-learn not available',
    met: nc && binary.ours.evaluation ? binary.ours.time.median <= nc.time.median && gapNoWorse : nc ? false : undefined,
    metCpu: nc && binary.ours.evaluation ? binary.ours.cpu <= nc.cpu && gapNoWorse : undefined,
  });
  const atOptimum = (row: SolverRow): boolean => row.own !== undefined && row.own.converged && row.own.gradMaxScaled <= 1e-9;
  context.targets.push({
    target: 'Digits softmax (1797×64, 10 classes) at C = 1 and C = 0.01 to the optimum (scaled |grad| ≤ 1e-9) in < 1 s',
    measured:
      digits.length > 0
        ? digits
            .map(({ C, outcome: { ours } }) => `C = ${C}: ${seconds(ours.time.median)} (CPU ${seconds(ours.cpu)}), iterations ${ours.iterations}, gradMaxScaled ${sci(ours.own?.gradMaxScaled ?? NaN)}`)
            .join('; ')
        : 'not run (no Python to write the digits file)',
    met: digits.length > 0 ? digits.every(({ outcome: { ours } }) => atOptimum(ours) && ours.time.median < 1) : undefined,
    metCpu: digits.length > 0 ? digits.every(({ outcome: { ours } }) => atOptimum(ours) && ours.cpu < 1) : undefined,
  });
}
