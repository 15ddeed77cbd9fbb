// The request Copy Analysis as SQL… gives the core's sqlQuery (the CLI's `sql` writes the same):
// the analysis's label, its first model's columns and class order, ε, row normalisation and unit,
// with notes on what the query does not do as the analysis did. Pure (no vscode).
import type { SqlDialect, SqlQueryRequest } from '../core/sqlQuery';
import { sqlTableName } from '../core/sqlQuery';
import type { AnalysisResult, LossUnit } from '../protocol/analysis';

/** The dialects as the QuickPick lists them. */
export const SQL_DIALECT_NAMES: Readonly<Record<SqlDialect, string>> = { duckdb: 'DuckDB', spark: 'Spark SQL', bigquery: 'BigQuery', postgres: 'PostgreSQL' };

export type SqlRequestOutcome =
  | {
      ok: true;
      request: SqlQueryRequest;
      /** The model the query scores (the analysis's first, the one the hover shows). */
      model: string;
      /** Where the query's numbers can differ from the analysis's, in words. */
      notes: string[];
    }
  | { ok: false; message: string };

const BASE_OF_UNIT: Readonly<Record<LossUnit, SqlQueryRequest['base']>> = { bits: 2, nats: 'e', dits: 10 };

/** The analysis's first model as a query on `table` (a dotted name), or why it cannot be one. */
export function sqlRequestFor(result: AnalysisResult, dialect: SqlDialect, table: string): SqlRequestOutcome {
  const label = result.columns.label;
  const first = result.models[0];
  if (first === undefined) return { ok: false, message: 'the analysis scores no model: choose probability or logit columns with Choose Columns… first.' };
  const { columns: model, classOrder } = first;
  if (label === undefined || classOrder === null) return { ok: false, message: `the analysis scores ${model.name} against target columns; the query scores a model against a label column.` };
  const vector = result.table.columns.find((column) => model.columns.includes(column.name) && column.shape === 'vector');
  if (vector) return { ok: false, message: `"${vector.name}" holds an array of ${vector.width} numbers a row; a table queried in SQL needs one column per class.` };
  const binary = model.columns.length === 1;
  const request: SqlQueryRequest = {
    dialect,
    table: sqlTableName(table),
    label,
    kind: model.kind,
    columns: model.columns,
    ...(binary ? { positiveLabel: classOrder.classes[1] ?? '' } : { classes: classOrder.classes }),
    eps: result.epsilon ?? 'none',
    normalize: result.normalizedRows,
    base: BASE_OF_UNIT[result.unit],
  };
  const notes: string[] = [];
  if (classOrder.uncertain) notes.push(`the class order ${classOrder.classes.join(', ')} is a guess from the data: confirm it (the warning's quick fixes) before relying on the query`);
  if (result.models.length > 1) notes.push(`it scores ${model.name}, the first of ${result.models.length} models`);
  const loss = result.loss;
  const options = [
    loss.sampleWeight !== null && 'sample weights',
    loss.classWeight !== null && 'class weights',
    loss.positiveWeight !== null && 'a positive weight',
    loss.labelSmoothing !== null && 'label smoothing',
    loss.ignoredLabel !== null && `leaving out the rows labelled ${loss.ignoredLabel.value}`,
  ].filter((option): option is string => option !== false);
  if (options.length > 0) notes.push(`it does not apply ${options.join(', ')}: its losses are unweighted, over every row`);
  if (first.roundedRows > 0 && !result.normalizedRows)
    notes.push(`${first.roundedRows} rows sum to 1 only within the rounding of their decimals: the query counts them as rejected unless given their tolerance (entropy-lens sql --sum-tolerance)`);
  if (result.problems.some((problem) => problem.severity === 'error' && problem.row !== null))
    notes.push('the rows with problems in the analysis are counted as rejected by the query, which then gives no metrics');
  if (result.selection !== null) notes.push('it covers the whole table, not the lines selected');
  return { ok: true, request, model: model.name, notes };
}
