// The columns a document analysis uses: the caller's choice or the data layer's detection (with
// the reasons it gives and what it had to guess), decimal-comma columns flagged, references to
// missing columns dropped, an id column found.
import { decimalCommaColumns, findClassNames, findIdentifier, inferRoles } from '../data';
import type { RoleMapping, Table } from '../data';
import type { ColumnChoice, MappingInfo } from '../protocol/analysis';
import type { AnalysisOptions } from '../protocol/worker';
import { applyLogitOverride, choiceFromRoles, userMappingInfo } from './columnChoice';
import { firstCellRange, firstValue } from './columnRanges';
import type { ProblemSink } from './problemSink';
import { fileProblem } from './problems';

/** The columns chosen, how they were chosen, and the class names the file declares (a "classes" field). */
export interface DocumentColumns {
  columns: ColumnChoice;
  mapping: MappingInfo;
  classField: ReturnType<typeof findClassNames>;
}

/** The columns of `request` on `table`, their problems reported to `problems`. */
export function documentColumns(
  table: Table,
  request: { columns?: ColumnChoice; overrides?: Partial<ColumnChoice>; options: Pick<AnalysisOptions, 'treatAsLogits'> },
  problems: ProblemSink,
): DocumentColumns {
  const { options } = request;
  // Columns: the caller's, else the data layer's proposal; drop references to missing columns.
  // The detection runs for a caller's choice too: roles it left as detected keep their reasons.
  const detected: RoleMapping | undefined = table.rowCount > 0 ? inferRoles(table) : undefined;
  const proposal = detected ? choiceFromRoles(detected) : { columns: {}, info: userMappingInfo('user') };
  let columns: ColumnChoice;
  let mapping: MappingInfo;
  if (request.columns) {
    columns = request.columns;
    mapping = userMappingInfo('user', proposal, columns);
  } else {
    columns = { ...proposal.columns, ...request.overrides };
    mapping = { ...proposal.info, origin: 'detected', reasons: { ...proposal.info.reasons, ...givenReasons(request.overrides) } };
    // Say when the detection had to guess (e.g. probability-named columns holding logits); a
    // file with no rows has its own problem, and nothing was guessed about it.
    if (mapping.ambiguity && detected) problems.add(fileProblem('ambiguous-columns', `Column roles guessed: ${mapping.ambiguity}. Use Choose Columns… to decide.`, 'information'));
  }
  for (const name of decimalCommaColumns(table)) {
    const info = table.column(name);
    problems.add({
      ...fileProblem(
        'decimal-comma',
        `"${name}" holds numbers written with a decimal comma (such as ${JSON.stringify(firstValue(table, name))}): Entropy Lens reads decimal points, so it is read as text. Write the file with a decimal point (pandas: to_csv(..., decimal=".")).`,
        'warning',
      ),
      column: name,
      range: info ? firstCellRange(table, name) : null,
    });
  }
  columns = keepKnownColumns(applyLogitOverride(columns, options.treatAsLogits), table, problems);
  if (columns.id === undefined) {
    const id = detected ? detected.identifier?.columns[0] : findIdentifier(table);
    if (id !== undefined && id !== columns.label) columns = { ...columns, id };
  }
  const classField = detected ? detected.classNames : findClassNames(table);
  return { columns, mapping, classField };
}

/** Reasons for the roles a caller set over the detection. */
function givenReasons(overrides: Partial<ColumnChoice> | undefined): Record<string, string> {
  const reasons: Record<string, string> = {};
  if (!overrides) return reasons;
  if (overrides.label !== undefined) reasons['label'] = 'given';
  if (overrides.targets) reasons['targets'] = 'given';
  if (overrides.features) reasons['features'] = 'given';
  if (overrides.sampleWeight !== undefined) reasons['sampleWeight'] = 'given';
  for (const model of overrides.models ?? []) reasons[`model ${model.name}`] = 'given';
  return reasons;
}

function keepKnownColumns(columns: ColumnChoice, table: Table, problems: ProblemSink): ColumnChoice {
  const known = (name: string): boolean => table.column(name) !== undefined;
  const report = (names: readonly string[], role: string): void => {
    const missing = names.filter((name) => !known(name));
    if (missing.length === 0) return;
    const have = table.columns.map((c) => c.name).join(', ');
    problems.add(fileProblem('unknown-column', `${role}: no column named ${missing.map((m) => `"${m}"`).join(', ')} (the file has: ${have})`));
  };
  const out: ColumnChoice = { ...columns };
  if (out.label !== undefined && !known(out.label)) {
    report([out.label], 'label');
    delete out.label;
  }
  if (out.id !== undefined && !known(out.id)) delete out.id;
  if (out.sampleWeight !== undefined && !known(out.sampleWeight)) {
    report([out.sampleWeight], 'sample weight');
    delete out.sampleWeight;
  }
  for (const key of ['targets', 'features', 'p', 'q'] as const) {
    const names = out[key];
    if (names && !names.every(known)) {
      report(names, key);
      delete out[key];
    }
  }
  if (out.models) {
    out.models = out.models.filter((model) => {
      if (model.columns.every(known)) return true;
      report(model.columns, `model ${model.name}`);
      return false;
    });
  }
  return out;
}
