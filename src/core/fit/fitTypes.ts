// Options and results shared by the logistic and softmax fits.
import type { Matrix } from '../matrix';

/** 'l2': objective C·Σ loss + ½‖W‖² (intercepts unpenalised); 'none': C·Σ loss. */
export type Penalty = 'l2' | 'none';

/** 'auto' picks Newton up to 256 parameters (K·(d+1); Hessians row-sampled on large data) and L-BFGS beyond. */
export type FitSolver = 'auto' | 'newton' | 'lbfgs';

/** Reported after every iteration. */
export interface FitProgress {
  readonly iteration: number;
  readonly maxIterations: number;
  /** Mean log loss (nats) of the current iterate. */
  readonly meanLogLossNats: number;
  readonly objective: number;
  /** The scale-free convergence measure (see FitResult.gradMaxScaled). */
  readonly gradMaxScaled: number;
}

/** Options for fitLogistic / fitSoftmax (scikit-learn LogisticRegression's parametrisation). */
export interface FitOptions {
  /** Inverse regularisation strength, > 0; default 1 (scikit-learn's default). */
  readonly C?: number;
  /** Default 'l2'. */
  readonly penalty?: Penalty;
  /** Iteration cap; default 200 for Newton, 2000 for L-BFGS. Hitting it leaves converged false. */
  readonly maxIterations?: number;
  /** Converged when gradMaxScaled ≤ tolerance; default 1e-9. */
  readonly tolerance?: number;
  readonly solver?: FitSolver;
  /**
   * Called after every iteration (cheap: no extra pass over the data). Return false to cancel:
   * the fit then throws CoreError 'cancelled'.
   */
  readonly onIteration?: (progress: FitProgress) => boolean | void;
}

/** A data fact a fit reports without failing. */
export type FitWarningCode =
  | 'constantFeature' // the feature has one value in every row: its coefficient is 0
  | 'collinearFeatures' // the features are (nearly) linearly dependent on other features
  | 'separable' // penalty none and the classes are (quasi-)separated: no finite MLE
  | 'notConverged'; // the iteration cap was hit before the tolerance

export interface FitWarning {
  readonly code: FitWarningCode;
  readonly message: string;
  /** 0-based feature (column) indices concerned, empty when not feature-specific. */
  readonly features: readonly number[];
}

/** Result of a fit; coefficients and intercepts in the raw units of the features. */
export interface FitResult {
  readonly model: 'logistic' | 'softmax';
  readonly solver: 'newton' | 'lbfgs';
  readonly C: number;
  readonly penalty: Penalty;
  /**
   * K × d coefficients (binary: 1 × d, for the positive class). Softmax rows sum to 0 per feature
   * (scikit-learn's multinomial parametrisation). All NaN when `separable` (no finite estimate).
   */
  readonly coef: Matrix;
  /** K intercepts (binary: 1); softmax intercepts sum to 0. NaN when `separable`. */
  readonly intercept: Float64Array;
  /** n × K fitted probabilities (binary: n × 1, P(positive)); for `separable`, those of the last iterate. */
  readonly proba: Matrix;
  /** Per-row log loss of the fitted probabilities, in nats. */
  readonly rowLossNats: Float64Array;
  readonly meanLogLossNats: number;
  /** C·Σ loss + ½‖W‖² at the solution (penalty none: C·Σ loss). */
  readonly objective: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** max |∂objective/∂θ| over coefficients and intercepts, raw units (compare with scikit-learn). */
  readonly gradMaxAbs: number;
  /**
   * The convergence measure: max |∇f| where f = objective / (C·n) is taken as a function of the
   * standardised parameters (each coefficient in log-odds per standard deviation of its feature,
   * intercepts at the feature means). It is the gradient of the mean loss (+ penalty / (C·n)) in
   * units that do not depend on the features' units or offsets, on n or on C, so one tolerance
   * (1e-9) means "at the optimum" for every problem. Converged means ≤ tolerance.
   */
  readonly gradMaxScaled: number;
  /** Mean log loss (nats) of the starting point (all zero) and after every iteration. */
  readonly lossHistoryNats: readonly number[];
  /** Objective at the same points as lossHistoryNats. */
  readonly objectiveHistory: readonly number[];
  /** True when penalty is none and no finite maximum-likelihood estimate exists. */
  readonly separable: boolean;
  readonly separation: 'none' | 'complete' | 'quasi';
  readonly warnings: readonly FitWarning[];
}

/** Objective and gradient at given raw parameters (used by tests against finite differences). */
export interface ObjectiveValue {
  readonly objective: number;
  /** Same layout as the parameters: per class row k, [w_k1 … w_kd, b_k]. */
  readonly gradient: Float64Array;
}
