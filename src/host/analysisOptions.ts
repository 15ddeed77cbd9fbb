// Turns the entropyLens.* settings plus a document's quick-fix overrides into the worker's
// AnalysisOptions. Pure (no vscode): settings arrive as a plain record.
import { unitForLogBase } from '../protocol/analysis';
import type { LogBaseSetting } from '../protocol/analysis';
import type { AnalysisOptions } from '../protocol/worker';

/** The settings as read from `workspace.getConfiguration('entropyLens')`, unvalidated. */
export interface RawSettings {
  logBase?: unknown;
  epsilon?: unknown;
  normalizeRows?: unknown;
  'fit.C'?: unknown;
  'fit.penalty'?: unknown;
  'fit.maxIterations'?: unknown;
  'fit.classWeight'?: unknown;
  'loss.ignoreLabel'?: unknown;
  'loss.classWeight'?: unknown;
  'loss.posWeight'?: unknown;
  'loss.labelSmoothing'?: unknown;
}

/** Per-document choices made through quick fixes; they last until Clear Results or close. */
export interface AnalysisOverrides {
  normalizeRows?: boolean;
  ignoreMissing?: boolean;
  treatAsLogits?: string[];
}

/**
 * ε for each preset: scikit-learn's log_loss uses float64 machine epsilon; PyTorch's BCELoss clamps
 * log p at −100, i.e. p ≥ e^−100; Keras clips to its backend epsilon 1e-7; `none` turns clipping off.
 */
export const EPSILON_PRESETS: Readonly<Record<string, number | null>> = {
  sklearn: 2.220446049250313e-16,
  pytorch: Math.exp(-100),
  keras: 1e-7,
  none: null,
};

/**
 * The clipping ε for a setting value: a number in [0, 0.5), or a preset name; anything else falls
 * back to scikit-learn's. Example: resolveEpsilon('keras') === 1e-7; resolveEpsilon('none') === null.
 */
export function resolveEpsilon(setting: unknown): number | null {
  if (typeof setting === 'number' && Number.isFinite(setting) && setting >= 0 && setting < 0.5) return setting;
  if (typeof setting === 'string') {
    const preset = EPSILON_PRESETS[setting.trim().toLowerCase()];
    if (preset !== undefined) return preset;
    const parsed = Number(setting);
    if (setting.trim() !== '' && Number.isFinite(parsed) && parsed >= 0 && parsed < 0.5) return parsed;
  }
  return EPSILON_PRESETS.sklearn as number;
}

/** A text setting, trimmed ('' when unset); a number written as a number becomes its text (-100 → '-100'). */
function textSetting(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' ? value.trim() : '';
}

function logBaseOf(value: unknown): LogBaseSetting {
  const text = String(value ?? 'e');
  return text === '2' || text === '10' ? text : 'e';
}

/** Resolves every option, using the documented defaults for missing or invalid values. */
export function resolveAnalysisOptions(settings: RawSettings, overrides: AnalysisOverrides = {}): AnalysisOptions {
  const C = typeof settings['fit.C'] === 'number' && settings['fit.C'] > 0 ? settings['fit.C'] : 1;
  const maxIterations = typeof settings['fit.maxIterations'] === 'number' && settings['fit.maxIterations'] >= 1 ? Math.floor(settings['fit.maxIterations']) : 1000;
  return {
    unit: unitForLogBase(logBaseOf(settings.logBase)),
    epsilon: resolveEpsilon(settings.epsilon ?? 'sklearn'),
    normalizeRows: overrides.normalizeRows ?? settings.normalizeRows === 'normalize',
    ignoreMissing: overrides.ignoreMissing ?? false,
    treatAsLogits: [...(overrides.treatAsLogits ?? [])],
    fit: { C, penalty: settings['fit.penalty'] === 'none' ? 'none' : 'l2', maxIterations, classWeight: settings['fit.classWeight'] === 'balanced' ? 'balanced' : 'none' },
    loss: {
      ignoreLabel: textSetting(settings['loss.ignoreLabel']),
      classWeight: textSetting(settings['loss.classWeight']),
      // Numbers pass as given: the analysis reports a value out of range as a problem naming the setting.
      positiveWeight: typeof settings['loss.posWeight'] === 'number' ? settings['loss.posWeight'] : null,
      labelSmoothing: typeof settings['loss.labelSmoothing'] === 'number' ? settings['loss.labelSmoothing'] : 0,
    },
    maxProblems: 1000,
  };
}
