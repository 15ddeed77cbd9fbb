// The objective the solvers minimise, on standardised features and divided by C·W so it is O(1)
// (W = Σ w_i, the row weights' total; n without weights): f(θ) = weighted mean loss
// + ½ Σ_j λ_j w_j², λ_j = 1/(C·W·sd_j²) for l2 (0 for none). Its gradient is the scale-free
// convergence measure reported as gradMaxScaled.

/**
 * Per-row log loss (nats) and fitted probabilities: proba is n × 1 (P(positive)) for binary,
 * n × K row-major for softmax.
 */
export interface RowOutputs {
  readonly rowLoss: Float64Array;
  readonly proba: Float64Array;
}

/** How a Hessian pass may save work; the default is the exact Hessian from every row. */
export interface HessianPass {
  /**
   * s > 1: the Hessian's loss part is estimated from every s-th chunk of rows: a cheaper Newton
   * direction whose error only slows convergence, never moves the optimum.
   */
  readonly stride?: number;
  /** The row outputs at θ, as valueGradient writes them. */
  readonly rows?: RowOutputs;
  /**
   * The Hessian only preconditions conjugate gradients on exact Hessian-vector products, so
   * curvature terms far below the row's own may be left out (softmax: class pairs whose p_k·p_l is
   * below a relative 1e-4 in a whole block of rows). Never for standard errors.
   */
  readonly preconditionerOnly?: boolean;
}

/** Parameters are laid out per class row k as [w_k1 … w_km, b_k] (binary: one row). */
export interface ScaledProblem {
  readonly size: number;
  /** Number of rows of the data. */
  readonly n: number;
  /** Number of coefficient rows (binary 1, softmax K) and active features per row. */
  readonly rowsOfParameters: number;
  readonly m: number;
  /** Per-coefficient penalty weight λ_j (length m). */
  readonly penalty: Float64Array;
  /** f(θ); also sets meanLoss and allCorrect. */
  value(theta: Float64Array): number;
  /**
   * f(θ) and ∇f(θ) into gradient; with `rows`, also the row outputs at θ, equal to rowResults'
   * (a solver passes them when the step may be its last, sparing the fit a pass afterwards).
   */
  valueGradient(theta: Float64Array, gradient: Float64Array, rows?: RowOutputs): number;
  /**
   * f(θ), ∇f(θ) and the full row-major Hessian ∇²f(θ) (value and gradient always exact); see
   * {@link HessianPass} for the cheaper Hessians a solver may ask for.
   */
  valueGradientHessian(theta: Float64Array, gradient: Float64Array, hessian: Float64Array, pass?: HessianPass): number;
  /**
   * The exact Hessian at θ (every row) as a product out = ∇²f(θ)·v, without forming the matrix:
   * one pass at θ to prepare (row curvatures), then about two gradient passes' worth per product.
   * Leaves meanLoss and allCorrect as they were.
   */
  hessianVectorProduct(theta: Float64Array): (v: Float64Array, out: Float64Array) => void;
  /**
   * Per coefficient row k, the weighted mean curvature Σ w·p_k(1 − p_k) / W at the θ of the last
   * hessianVectorProduct (binary: w·p(1 − p)); NaN before the first. For preconditioners.
   */
  readonly classCurvature: Float64Array;
  /** The mean Gram matrix (1/n)·Σ z̃ z̃ᵀ of the rows, z̃ = [z, 1], (m + 1)² row-major; formed once. */
  meanGram(): Float64Array;
  /**
   * Whether valueGradientHessian at θ = 0 gives the exact Hessian whatever the stride (softmax:
   * every probability is 1/K there, so the Hessian is (I/K − 11ᵀ/K²) ⊗ Gram, one cheap pass).
   */
  readonly exactHessianAtZero: boolean;
  /** The row outputs at theta, by the same chunked passes (and the same arithmetic) as above. */
  rowResults(theta: Float64Array, rowLoss: Float64Array, proba: Float64Array): void;
  /** Mean log loss (nats) at the last evaluation. */
  meanLoss: number;
  /** Whether the last evaluation classified every row strictly correctly (margin > 0). */
  allCorrect: boolean;
  /** Softmax only: shifts of all class rows by one vector leave the loss unchanged. */
  readonly shiftInvariant: boolean;
}

/** ½ Σ_k Σ_j λ_j w_kj², adding λ_j w_kj to the gradient when one is given. */
export function addPenalty(problem: ScaledProblem, theta: Float64Array, gradient: Float64Array | null): number {
  const { m, penalty, rowsOfParameters } = problem;
  let reg = 0;
  for (let k = 0; k < rowsOfParameters; k++) {
    const base = k * (m + 1);
    for (let j = 0; j < m; j++) {
      const w = theta[base + j] as number;
      const l = penalty[j] as number;
      reg += 0.5 * l * w * w;
      if (gradient !== null) gradient[base + j] = (gradient[base + j] as number) + l * w;
    }
  }
  return reg;
}
