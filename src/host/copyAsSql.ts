// Entropy Lens: Copy Analysis as SQL…: the document's analysis as one query for DuckDB, Spark SQL,
// BigQuery or PostgreSQL (the core's sqlQuery, which `entropy-lens sql` prints too), put on the
// clipboard for the dialect and table the user picks.
import * as vscode from 'vscode';
import { SQL_DIALECTS, sqlQuery, sqlTableName } from '../core/sqlQuery';
import type { SqlDialect } from '../core/sqlQuery';
import type { AnalysisResult } from '../protocol/analysis';
import type { CommandFailure } from './commandResults';
import { SQL_DIALECT_NAMES, sqlRequestFor } from './sqlRequest';

/** What a caller may pass (tests, keybindings): given ones skip their pick. */
export interface CopyAsSqlOptions {
  dialect?: SqlDialect;
  table?: string;
}

/** What the command returns: the query it put on the clipboard and the message it showed. */
export interface CopyAsSqlResult {
  ok: true;
  uri: string;
  dialect: SqlDialect;
  table: string;
  query: string;
  message: string;
}

/** Asks for what is not given, writes the query to the clipboard and says so. */
export async function copyAsSql(uri: vscode.Uri | undefined, result: AnalysisResult | undefined, options: CopyAsSqlOptions = {}): Promise<CopyAsSqlResult | CommandFailure> {
  const fail = (reason: CommandFailure['reason'], message: string): CommandFailure => {
    if (reason !== 'cancelled') void vscode.window.showInformationMessage(`Entropy Lens: ${message}`);
    return { ok: false, reason, message };
  };
  if (!uri) return fail('no-document', 'open a data file and run Entropy Lens: Analyze to copy its analysis as SQL.');
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  if (!result) return fail('no-results', `${name} has no analysis yet: run Entropy Lens: Analyze first.`);
  if (options.dialect !== undefined && !SQL_DIALECTS.includes(options.dialect)) return fail('unsupported', `unknown SQL dialect "${String(options.dialect)}": use one of ${SQL_DIALECTS.join(', ')}.`);

  const dialect = options.dialect ?? (await pickDialect());
  if (dialect === undefined) return fail('cancelled', 'No SQL dialect chosen.');
  const table = options.table ?? (await askTable(name));
  if (table === undefined) return fail('cancelled', 'No table name given.');

  const outcome = sqlRequestFor(result, dialect, table);
  if (!outcome.ok) return fail('unsupported', `cannot copy ${name}'s analysis as SQL: ${outcome.message}`);
  let query: string;
  try {
    query = sqlQuery(outcome.request);
  } catch (error) {
    return fail('unsupported', `cannot copy ${name}'s analysis as SQL: ${error instanceof Error ? error.message : String(error)}`);
  }
  await vscode.env.clipboard.writeText(`${query}\n`);
  const notes = outcome.notes.length > 0 ? ` Note: ${outcome.notes.join('; ')}.` : '';
  const message = `Entropy Lens: copied the ${SQL_DIALECT_NAMES[dialect]} query for ${outcome.model} on table ${table} to the clipboard (one row: n, mean, sum, brier, error_rate, rejected).${notes}`;
  void vscode.window.showInformationMessage(message);
  return { ok: true, uri: uri.toString(), dialect, table, query: `${query}\n`, message };
}

async function pickDialect(): Promise<SqlDialect | undefined> {
  const picked = await vscode.window.showQuickPick(
    SQL_DIALECTS.map((dialect) => ({ label: SQL_DIALECT_NAMES[dialect], dialect })),
    { title: 'Entropy Lens: Copy Analysis as SQL', placeHolder: 'The SQL dialect of the engine that holds the table' },
  );
  return picked?.dialect;
}

/** The table's name, the file's stem by default. */
async function askTable(fileName: string): Promise<string | undefined> {
  const dot = fileName.indexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  return vscode.window.showInputBox({
    title: 'Entropy Lens: Copy Analysis as SQL',
    prompt: 'The table (or view) that holds these rows: TABLE, SCHEMA.TABLE or CATALOG.SCHEMA.TABLE',
    value: stem,
    validateInput: (text) => (sqlTableName(text).some((part) => part === '') ? 'Name the table: no empty part between dots' : undefined),
  });
}
