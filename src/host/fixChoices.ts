// The choices a problem's quick fixes offer, with their titles: one per class order or positive
// class for the class-order fixes. Shared by the code actions (Ctrl+.), the results panel's
// buttons and the status bar's tooltip, so each says the same. Pure (no vscode).
import type { AnalysisProblem, ProblemFix } from '../protocol/analysis';
import { classList } from './classOrderText';

/** What a class-order fix chooses: the model (by name) and its classes in column order. */
export interface ClassChoice {
  model: string;
  classes: string[];
}

/** One action a problem offers. `key` tells equal actions of several problems apart. */
export interface OfferedFix {
  key: string;
  title: string;
  fix: ProblemFix;
  choice?: ClassChoice;
  /** `ignoreLabel`: the label value to leave out. */
  label?: string;
}

const TITLES: Readonly<Record<Exclude<ProblemFix, 'useClassOrder' | 'usePositiveLabel' | 'ignoreLabel'>, string>> = {
  treatAsLogits: 'Treat these columns as logits',
  normalizeRows: 'Normalise rows for this analysis',
  ignoreMissing: 'Ignore rows with missing values for this analysis',
};

/**
 * Every action of one problem, the order as scored first. Example: a class-order-uncertain
 * problem with fixClassOrders [[zero, one], [one, zero]] offers "Use class order zero, one (as
 * scored)" and "Use class order one, zero".
 */
export function offeredFixes(problem: AnalysisProblem): OfferedFix[] {
  return problem.fixes.flatMap((fix): OfferedFix[] => {
    if (fix === 'useClassOrder') {
      return (problem.fixClassOrders ?? []).map((classes, k) => ({
        key: `${fix}:${classes.join('\u0000')}`,
        title: `Use class order ${classList(classes)}${k === 0 ? ' (as scored)' : ''}`,
        fix,
        choice: { model: problem.fixModel ?? '', classes: [...classes] },
      }));
    }
    if (fix === 'usePositiveLabel') {
      const labels = problem.fixPositiveLabels ?? [];
      return labels.map((positive, k) => ({
        key: `${fix}:${positive}`,
        title: `Use positive class ${positive}${k === 0 ? ' (as scored)' : ''}`,
        fix,
        choice: { model: problem.fixModel ?? '', classes: [labels.find((l) => l !== positive) ?? `not ${positive}`, positive] },
      }));
    }
    if (fix === 'ignoreLabel') {
      const label = problem.fixLabel;
      return label === undefined ? [] : [{ key: `${fix}:${label}`, title: `Leave out the rows labelled ${label} (ignore_index: set entropyLens.loss.ignoreLabel)`, fix, label }];
    }
    return [{ key: `${fix}:${(problem.fixColumns ?? []).join(',')}`, title: TITLES[fix], fix }];
  });
}

/** The class-order choices offered for one model (by name), from its class-order-uncertain problem. */
export function classOrderFixes(problems: readonly AnalysisProblem[], model: string): OfferedFix[] {
  const problem = problems.find((p) => p.code === 'class-order-uncertain' && p.fixModel === model);
  return problem ? offeredFixes(problem).filter((offered) => offered.choice !== undefined) : [];
}
