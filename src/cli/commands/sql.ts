// `entropy-lens sql`: the cross-entropy of one model as one SQL query for DuckDB, Spark SQL,
// BigQuery or PostgreSQL, written by the core's sqlQuery from the same flags `cross-entropy` takes.
// It reads no file, so whatever the CLI would decide from the data must be given as a flag.
import { isCoreError, parseLogBase, SQL_DIALECTS, SQL_MAX_BINS, sqlQuery, sqlTableName } from '../../core';
import type { LogBase, SqlDialect, SqlQueryRequest } from '../../core';
import { columnLists, single, splitList, UsageError } from '../args';
import type { ParsedArgs } from '../args';
import { parseEpsilon } from './crossEntropy';

/** The query for the flags (without its final newline). Throws UsageError. */
export function runSql(args: ParsedArgs): string {
  if (args.flags.has('json')) throw new UsageError('sql prints the query itself, not JSON: leave out --json');
  try {
    return sqlQuery(sqlRequest(args));
  } catch (error) {
    if (isCoreError(error)) throw new UsageError(error.message);
    throw error;
  }
}

/** The flags as the core's request, checked in the flags' words. Throws UsageError. */
export function sqlRequest(args: ParsedArgs): SqlQueryRequest {
  const dialectText = single(args, 'dialect');
  const dialect = SQL_DIALECTS.find((name) => name === dialectText?.toLowerCase());
  if (dialect === undefined) throw new UsageError(`sql needs --dialect ${SQL_DIALECTS.join('|')}${dialectText === undefined ? '' : `, got '${dialectText}'`}`);
  const tableText = single(args, 'table');
  if (tableText === undefined) throw new UsageError('sql needs --table NAME: the table (or view) holding the labels and predictions, as CATALOG.SCHEMA.TABLE where needed');
  const table = sqlTableName(tableText);
  if (table.some((part) => part === '')) throw new UsageError(`--table '${tableText}' has an empty part: name it as TABLE, SCHEMA.TABLE or CATALOG.SCHEMA.TABLE`);
  const label = single(args, 'label');
  if (label === undefined) throw new UsageError('sql needs --label COL: the query scores a model against a label column');
  const groups = [...columnLists(args, 'prob').map((columns) => ({ kind: 'probabilities' as const, columns })), ...columnLists(args, 'logit').map((columns) => ({ kind: 'logits' as const, columns }))];
  if (groups.length !== 1) throw new UsageError(`sql writes the query of one model: give one --prob or --logit group${groups.length > 1 ? `, not ${groups.length}` : ''}`);
  const { kind, columns } = groups[0]!;
  const classesText = single(args, 'classes');
  const positiveLabel = single(args, 'pos-label');
  if (columns.length === 1) {
    if (classesText !== undefined)
      throw new UsageError(
        `${columns[0]} is one column, P(positive) or its logit: name the positive class with --pos-label V instead of --classes (every other label is then the negative class, as cross-entropy --pos-label counts it)`,
      );
    if (positiveLabel === undefined) {
      throw new UsageError(
        `sql cannot look at the labels to choose the positive class as cross-entropy does: name it with --pos-label V (${columns[0]} is P(V), or its logit; every other label is the negative class; for labels 0/1 or -1/1, --pos-label 1)`,
      );
    }
  } else {
    if (positiveLabel !== undefined) throw new UsageError(`--pos-label is for a one-column model; ${columns.join(',')} has ${columns.length} columns: list their classes with --classes`);
    if (classesText === undefined) {
      throw new UsageError(
        `sql cannot look at the labels to decide which of the ${columns.length} columns is which class as cross-entropy does: list the classes in column order with --classes V1,V2,.. (as the label column spells them)`,
      );
    }
  }
  const eps = parseEpsilon(single(args, 'eps'));
  const toleranceText = single(args, 'sum-tolerance');
  const rowSumTolerance = toleranceText === undefined ? undefined : Number(toleranceText);
  if (rowSumTolerance !== undefined && (toleranceText!.trim() === '' || !(rowSumTolerance >= 0 && rowSumTolerance < 1))) {
    throw new UsageError(`--sum-tolerance must be a number in [0, 1) (how far |sum − 1| a probability row may be and be used as written), got '${toleranceText}'`);
  }
  const binsText = single(args, 'bins');
  const bins = binsText === undefined ? undefined : Number(binsText);
  if (bins !== undefined && !(Number.isInteger(bins) && bins >= 1 && bins <= SQL_MAX_BINS)) {
    throw new UsageError(`--bins takes a whole number from 1 to ${SQL_MAX_BINS} for sql (three columns a bin), got '${binsText}'`);
  }
  return {
    dialect: dialect as SqlDialect,
    table,
    label,
    kind,
    columns,
    ...(classesText !== undefined ? { classes: splitList(classesText) } : {}),
    ...(positiveLabel !== undefined ? { positiveLabel } : {}),
    eps,
    normalize: args.flags.has('normalize'),
    ...(rowSumTolerance !== undefined ? { rowSumTolerance } : {}),
    base: baseOf(args),
    ...(bins !== undefined ? { bins } : {}),
  };
}

function baseOf(args: ParsedArgs): LogBase {
  const text = single(args, 'base');
  const base = text === undefined ? 'e' : parseLogBase(text);
  if (base === undefined) throw new UsageError(`--base must be 2, e or 10, got '${text}'`);
  return base;
}
