// Command-line parsing for `entropy-lens`: turns argv into one typed request per subcommand,
// or a usage problem. No dependencies: the grammar is small and the messages are ours.
import { parseClassWeights } from '../analysis/lossWeighting';
import type { ClassWeightsByLabel } from '../analysis/fitRows';

export type Subcommand = 'analyze' | 'entropy' | 'cross-entropy' | 'calibration' | 'label-issues' | 'kl' | 'fit' | 'sql';

/** Options as given on the command line; every list option keeps each occurrence. */
export interface ParsedArgs {
  readonly subcommand: Subcommand;
  /** The data file; '' for `sql`, which reads none (it prints a query to run where the data are). */
  readonly file: string;
  /** Flag name (without `--`) to every value given for it, in order. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** Boolean flags that were present. */
  readonly flags: ReadonlySet<string>;
}

export type ParseOutcome = { ok: true; args: ParsedArgs } | { ok: false; message: string } | { ok: 'help' };

const SUBCOMMANDS: readonly Subcommand[] = ['analyze', 'entropy', 'cross-entropy', 'calibration', 'label-issues', 'kl', 'fit', 'sql'];

/** Flags that take a value, per subcommand; `base` and `json` are common to all. */
const VALUE_FLAGS: Readonly<Record<Subcommand, readonly string[]>> = {
  analyze: ['label', 'pos-label', 'target', 'prob', 'logit', 'classes', 'eps'],
  entropy: ['label', 'dist', 'column'],
  'cross-entropy': [
    'label',
    'pos-label',
    'target',
    'prob',
    'logit',
    'classes',
    'eps',
    'top-k',
    'fail-above',
    'ci',
    'bootstrap',
    'seed',
    'sample-weight',
    'class-weight',
    'pos-weight',
    'label-smoothing',
    'ignore-label',
  ],
  calibration: ['label', 'pos-label', 'prob', 'logit', 'classes', 'eps', 'bins', 'strategy', 'ignore-label'],
  'label-issues': ['label', 'pos-label', 'prob', 'logit', 'classes', 'ignore-label'],
  kl: ['p', 'q'],
  fit: ['label', 'features', 'model', 'C', 'penalty', 'max-iter', 'tol', 'sample-weight', 'class-weight'],
  sql: ['dialect', 'table', 'label', 'pos-label', 'prob', 'logit', 'classes', 'eps', 'sum-tolerance', 'bins'],
};
const BOOLEAN_FLAGS: Readonly<Record<Subcommand, readonly string[]>> = {
  analyze: ['normalize'],
  entropy: [],
  'cross-entropy': ['normalize'],
  calibration: ['normalize'],
  'label-issues': ['normalize'],
  kl: ['normalize'],
  fit: [],
  sql: ['normalize'],
};
const COMMON_VALUE_FLAGS = ['base'];
const COMMON_BOOLEAN_FLAGS = ['json'];

export const USAGE = `Usage:
  entropy-lens analyze FILE   [--label COL] [--prob C1[,C2..] | --logit C1[,C2..]] [--classes V1,V2,..] [--pos-label V]
          [--eps auto|none|NUMBER] [--normalize]     detect the columns as the editor does, then score
  entropy-lens entropy FILE --label COL | --dist C1,C2,.. | --column COL   [--base 2|e|10]
  entropy-lens cross-entropy FILE (--label COL [--pos-label V] | --target C1,C2,..)
          (--prob C1[,C2..] | --logit C1[,C2..])  [--classes V1,V2,..] [--eps auto|none|NUMBER] [--normalize]
          [--top-k K[,K..]]                  against a label: confusion, per-class table, top-k accuracy;
                                             --json adds ROC AUC and average precision
          [--fail-above mean|brier|errorRate|ece=VALUE ..]   exit 3 when a model is above (CI gates)
          [--ci 0.95 [--bootstrap 1000] [--seed 0]]   bootstrap intervals; paired differences of the models
          [--sample-weight COL] [--class-weight balanced|V1=W1,..] [--pos-weight W] [--label-smoothing A]
                                             weighted losses (scikit-learn's sample_weight, PyTorch's weight,
                                             pos_weight and label_smoothing)
          [--ignore-label V]                 rows labelled V left out and counted (PyTorch's ignore_index);
                                             also for calibration and label-issues
  entropy-lens calibration FILE --label COL [--pos-label V] (--prob C1[,C2..] | --logit C1[,C2..])
          [--bins 15] [--strategy uniform|quantile] [--classes ..] [--eps ..] [--normalize]
                                             reliability curve, ECE / MCE, Brier decomposition, temperature
  entropy-lens label-issues FILE --label COL [--pos-label V] (--prob C1[,C2..] | --logit C1[,C2..])
          [--classes ..] [--normalize]       likely mislabelled rows (confident learning, as cleanlab)
  entropy-lens kl FILE --p C1[,..] --q C1[,..]  [--normalize]
  entropy-lens fit FILE --label COL --features C1,C2,..  [--model logistic|softmax] [--C 1]
          [--penalty l2|none] [--max-iter N] [--tol T] [--sample-weight COL]
          [--class-weight balanced|V1=W1,V2=W2,..]
  entropy-lens sql --dialect duckdb|spark|bigquery|postgres --table [CATALOG.][SCHEMA.]TABLE --label COL
          (--prob C1[,C2..] | --logit C1[,C2..]) (--classes V1,V2,.. | --pos-label V) [--eps auto|none|NUMBER]
          [--normalize] [--sum-tolerance 1e-6] [--bins N]
                                             prints one SQL query computing n, mean, sum, brier, error_rate
                                             (and N calibration bins) as cross-entropy does; reads no FILE
Common options: --base 2|e|10 (default e), --json
--prob and --logit may be repeated: each occurrence is one model, compared side by side.
FILE is CSV, TSV, JSON (array of objects or object of arrays) or JSON Lines; it is only read.`;

/** --class-weight: `balanced`, or `V1=W1,V2=W2` (parsed as the editor's setting is). Throws UsageError. */
export function classWeightFlag(text: string | undefined): ClassWeightsByLabel | undefined {
  if (text === undefined) return undefined;
  const parsed = parseClassWeights(text);
  if (!parsed.ok) throw new UsageError(`--class-weight must be 'balanced' or LABEL=WEIGHT,.. with weights of 0 or more, got '${parsed.item}'`);
  return parsed.value;
}

/** --top-k K[,K..]: positive integers, in the order given, each once. Throws UsageError. */
export function topKList(args: ParsedArgs): number[] {
  const texts = (args.values.get('top-k') ?? []).flatMap((text) => splitList(text));
  const ks = texts.map((text) => {
    const k = Number(text);
    if (!Number.isInteger(k) || k < 1) throw new UsageError(`--top-k takes whole numbers of 1 or more, got '${text}'`);
    return k;
  });
  return [...new Set(ks)];
}

/** Parses `argv` (without node and script). Accepts `--flag value` and `--flag=value`. */
export function parseArgs(argv: readonly string[]): ParseOutcome {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { ok: 'help' };
  const [first, ...rest] = argv;
  const subcommand = SUBCOMMANDS.find((name) => name === first);
  if (!subcommand) return { ok: false, message: `unknown command '${first ?? ''}' (expected one of ${SUBCOMMANDS.join(', ')})` };

  const valueFlags = new Set([...VALUE_FLAGS[subcommand], ...COMMON_VALUE_FLAGS]);
  const booleanFlags = new Set([...BOOLEAN_FLAGS[subcommand], ...COMMON_BOOLEAN_FLAGS]);
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];

  for (let i = 0; i < rest.length; i++) {
    const token = rest[i] as string;
    if (!token.startsWith('--')) {
      positional.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    if (booleanFlags.has(name)) {
      if (eq !== -1) return { ok: false, message: `--${name} takes no value` };
      flags.add(name);
    } else if (valueFlags.has(name)) {
      let value: string | undefined;
      if (eq !== -1) value = token.slice(eq + 1);
      else value = rest[++i];
      if (value === undefined || (eq === -1 && value.startsWith('--'))) return { ok: false, message: `--${name} needs a value` };
      const list = values.get(name) ?? [];
      list.push(value);
      values.set(name, list);
    } else {
      return { ok: false, message: `unknown option --${name} for '${subcommand}'` };
    }
  }
  if (subcommand === 'sql') {
    if (positional.length > 0) return { ok: false, message: `'sql' reads no FILE (it prints a query to run on the table named by --table), got ${positional.join(' ')}` };
    return { ok: true, args: { subcommand, file: '', values, flags } };
  }
  if (positional.length !== 1) {
    return { ok: false, message: positional.length === 0 ? `'${subcommand}' needs a FILE` : `'${subcommand}' takes one FILE, got ${positional.length}: ${positional.join(' ')}` };
  }
  return { ok: true, args: { subcommand, file: positional[0] as string, values, flags } };
}

/** The single value of a flag; a usage error when it was given more than once. */
export function single(args: ParsedArgs, name: string): string | undefined {
  const list = args.values.get(name);
  if (!list || list.length === 0) return undefined;
  if (list.length > 1) throw new UsageError(`--${name} may be given only once`);
  return list[0];
}

/** Every occurrence of a flag, each split on commas into column names. */
export function columnLists(args: ParsedArgs, name: string): string[][] {
  return (args.values.get(name) ?? []).map(splitList);
}

/** Splits `a,b,c` into names, rejecting empty names (`a,,b`). */
export function splitList(text: string): string[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) throw new UsageError(`empty name in list '${text}'`);
  return parts;
}

/** A problem with the command line itself (exit status 2, printed with the usage). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
