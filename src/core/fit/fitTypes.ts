// Options and results shared by the logistic and softmax fits.
import type { Matrix } from '../matrix';
import type { ClassWeight } from './weights';
import type { FitThreads } from './rowSplit';

/** 'l2': objective C·Σ loss + ½‖W‖² (intercepts unpenalised); 'none': C·Σ loss. */
export type Penalty = 'l2' | 'none';

/**
 * 'auto' picks Newton up to 1,024 parameters (K·(d+1); Hessians row-sampled on large data, steps by
 * preconditioned conjugate gradients where a Hessian pass is dear) and truncated Newton
 * ('newton-cg': conjugate gradients on Hessian-vector products, no matrix) beyond. L-BFGS only
 * when asked.
 */
export type FitSolver = 'auto' | 'newton' | 'newton-cg' | 'lbfgs';

/** The solver a fit ran. */
export type SolverName = 'newton' | 'newton-cg' | 'lbfgs';

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
  /** Iteration cap; default 200 for Newton and Newton-CG, 2000 for L-BFGS. Hitting it leaves converged false. */
  readonly maxIterations?: number;
  /** Converged when gradMaxScaled ≤ tolerance; default 1e-9. */
  readonly tolerance?: number;
  readonly solver?: FitSolver;
  /**
   * Per-row weights s_i ≥ 0: the objective becomes C·Σ s_i·loss_i + ½‖W‖², as scikit-learn's
   * `fit(X, y, sample_weight=s)`; an integer weight equals repeating the row.
   */
  readonly sampleWeight?: ArrayLike<number>;
  /**
   * Per-class weights in the fit's class order (logistic: [negative, positive]) multiplying the
   * sample weights, or 'balanced' = n / (K·n_k): scikit-learn's `class_weight`.
   */
  readonly classWeight?: ClassWeight;
  /**
   * Also compute standard errors, z, p and 95 % intervals from the exact Hessian at the optimum
   * (one more Hessian pass and an inversion; up to 2,048 parameters). Default false.
   */
  readonly standardErrors?: boolean;
  /**
   * A clock in milliseconds (performance.now): when given, the result reports how long the solver
   * and the standard errors took (the core itself reads no clock).
   */
  readonly clock?: () => number;
  /**
   * Called after every iteration (cheap: no extra pass over the data). Return false to cancel:
   * the fit then throws CoreError 'cancelled'.
   */
  readonly onIteration?: (progress: FitProgress) => boolean | void;
  /**
   * A second thread for a binary fit's passes (the analysis layer's fitThreads): from
   * SPLIT_MIN_ROWS rows each pass is cut in two halves and the second runs there. The numbers are
   * the same to the last bit with or without it.
   */
  readonly threads?: FitThreads;
}

/** A data fact a fit reports without failing. */
export type FitWarningCode =
  | 'constantFeature' // the feature has one value in every row: its coefficient is 0
  | 'collinearFeatures' // the features are (nearly) linearly dependent on other features
  | 'separable' // penalty none and the classes are (quasi-)separated: no finite MLE
  | 'notConverged' // the iteration cap was hit before the tolerance
  | 'notIdentifiable'; // the Hessian at the solution is singular: no standard errors

export interface FitWarning {
  readonly code: FitWarningCode;
  readonly message: string;
  /** 0-based feature (column) indices concerned, empty when not feature-specific. */
  readonly features: readonly number[];
}

/** Standard error, Wald z, two-sided p and 95 % interval of each parameter (NaN where not estimated). */
export interface ParameterUncertainty {
  readonly standardError: Float64Array;
  readonly z: Float64Array;
  readonly p: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/**
 * Coefficient uncertainty from the inverse Hessian at the solution, in raw units. 'unpenalised'
 * (penalty none): the inverse observed information of the (weighted) log-likelihood, as statsmodels'
 * Logit. 'l2Approximation': the inverse Hessian of Σ w·loss + ½‖W‖²/C, the Laplace (Gaussian)
 * approximation around the penalised optimum; the penalty shrinks both estimates and errors, so it
 * is not the unpenalised model's error. Softmax parameters are in the centred parametrisation
 * (rows sum to 0 over classes), whose covariance is the projection of the pseudo-inverse.
 */
export interface CoefficientUncertainty {
  readonly basis: 'unpenalised' | 'l2Approximation';
  readonly level: number;
  /** Same layout as coef.data (K × d, row-major); constant features NaN. */
  readonly coef: ParameterUncertainty;
  readonly intercept: ParameterUncertainty;
}

/** Result of a fit; coefficients and intercepts in the raw units of the features. */
export interface FitResult {
  readonly model: 'logistic' | 'softmax';
  readonly solver: SolverName;
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
  /** Σ of the row weights (n without weights); meanLogLossNats is the weighted mean. */
  readonly totalWeight: number;
  /** The class weights applied, in class order (with classWeight). */
  readonly classWeights?: Float64Array;
  /**
   * With standardErrors: the uncertainty, or why there is none (separable, too many parameters,
   * a singular Hessian).
   */
  readonly uncertainty?: CoefficientUncertainty | { readonly unavailable: string };
  /** With a clock: wall seconds of the solver (standardising included) and of the standard errors. */
  readonly seconds?: { readonly solver: number; readonly standardErrors: number };
}

/** Objective and gradient at given raw parameters (used by tests against finite differences). */
export interface ObjectiveValue {
  readonly objective: number;
  /** Same layout as the parameters: per class row k, [w_k1 … w_kd, b_k]. */
  readonly gradient: Float64Array;
}
