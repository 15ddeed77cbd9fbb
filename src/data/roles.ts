// Column-role inference: proposes which columns are the label, per-class probabilities, logits,
// targets, features and KL distributions, with a reason and a confidence for each proposal.
import type { Table } from './types';

/** What a column (or group of columns) is for. */
export type RoleKind = 'label' | 'probabilities' | 'logits' | 'targets' | 'features' | 'distribution';

/** One proposed role: the columns, why, and how sure (0 = guess, 1 = certain). */
export interface RoleProposal {
  role: RoleKind;
  /** Column names in class order as written in the file (a vector column is one name). */
  columns: string[];
  /** Model group prefix (`m1`, `m2`) for side-by-side models; absent for a single model. */
  group?: string;
  /** Target encoding for `targets`: rows are 0/1 with one 1, or non-negative summing to 1. */
  encoding?: 'one-hot' | 'soft';
  /**
   * Class value per column when every column name ends with a label value (`p_cow` ↔ `cow`),
   * in column order; absent when the mapping falls back to sorted label order.
   */
  classes?: string[];
  reason: string;
  confidence: number;
}

/** The proposed mapping; ambiguous cases are listed instead of being silently decided. */
export interface RoleMapping {
  label?: RoleProposal;
  /** Probability or logit groups, one per model, in file order. */
  models: RoleProposal[];
  targets?: RoleProposal;
  features?: RoleProposal;
  /** Non-negative numeric columns usable as distributions over rows (KL P and Q). */
  distributions: RoleProposal[];
  /** Human-readable notes on choices that could reasonably go another way. */
  ambiguities: string[];
}

/**
 * Proposes column roles from names and values. Implemented in the following commit.
 */
export function inferRoles(table: Table): RoleMapping {
  void table;
  return { models: [], distributions: [], ambiguities: ['role inference not implemented yet'] };
}
