// Public API of the data layer: readers for CSV/TSV/JSON/JSON Lines with source positions, column
// roles, validation problems and streaming aggregates. Nothing here imports vscode.
export type {
  ColumnInfo,
  DataFormat,
  Delimiter,
  FormatOption,
  LabelCodes,
  LabelColumn,
  LineSelection,
  NumericColumn,
  NumericMatrix,
  Problem,
  ProblemCode,
  ProblemSeverity,
  ReadOptions,
  RowIndex,
  SourcePosition,
  SourceRange,
  Table,
} from './types';
export { readTable, readTableFile } from './read';
export { detectDelimiter, detectFormat, formatFromFileName } from './format';
export { DEFAULT_MAX_PROBLEMS, formatProblem } from './problems';
export type { ProblemReport } from './problems';
export { inferRoles } from './roles';
export type { RoleKind, RoleMapping, RoleProposal } from './roles';
export { validateLabels, validateNumeric, validateProbabilities } from './validate';
export type { ProbabilityCheckOptions } from './validate';
export { parseNumber } from './number';
export { streamAggregates, streamRecords } from './stream';
export type {
  AggregateResult,
  AggregateSpec,
  RecordBatch,
  StreamColumns,
  StreamModelResult,
  StreamModelSpec,
  StreamOptions,
  StreamProgress,
  StreamSource,
  StreamSummary,
} from './stream';
