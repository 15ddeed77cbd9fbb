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
  NumericRows,
  Problem,
  ProblemCode,
  ProblemSeverity,
  ReadOptions,
  RowIndex,
  SourcePosition,
  SourceRange,
  Table,
  TextFormat,
} from './types';
export { readColumnarTableFile, readTable, readTableFile, refusedTable } from './read';
export type { ColumnarChunk, ColumnarField, ColumnarFile, ColumnarFormat, ColumnarOpen, ChunkColumn } from './columnar/source';
export { columnarDecodedBytes, columnarFormatOf, COLUMNAR_FORMAT_NAMES, openColumnar } from './columnar/open';
export { isColumnarFormat } from './columnar/table';
export { componentName, componentNames } from './componentNames';
export {
  decodeAs,
  decodeFileBytes,
  fileProblem,
  notRegularFileProblem,
  readErrorMessage,
  sniffBytes,
  sniffedChunks,
  sniffFile,
  sniffText,
  SNIFF_BYTES,
  statForReading,
  Utf32Decoder,
} from './fileBytes';
export type { ByteSniff, DecodedFile, StreamSniff, TextEncoding } from './fileBytes';
export { CsvReader, scanCsvPart } from './csv';
export type { CsvPart } from './csv';
export { detectDelimiter, detectFormat, formatFromFileName } from './format';
export { DEFAULT_MAX_PROBLEMS, formatProblem, oneLine, quoteValue } from './problems';
export type { ProblemReport } from './problems';
export { decimalCommaColumns, findClassNames, findIdentifier, inferRoles, MAX_LABEL_CLASSES } from './roles';
export type { RoleKind, RoleMapping, RoleProposal } from './roles';
export {
  cleanProbabilityRows,
  didYouMean,
  distributionWeightRefusal,
  validateDistribution,
  validateFinite,
  validateLabels,
  validateNumeric,
  validateProbabilities,
  validateWeights,
  writtenRounding,
  writtenRowSumTolerance,
} from './validate';
export type { ProbabilityCheckOptions, ProbabilityReport } from './validate';
export { parseNumber } from './number';
export { streamRecords } from './streamRecords';
export { planStreamSplit } from './streamSplit';
export type { StreamSplit } from './streamSplit';
export type { RecordBatch, StreamColumns, StreamHeader, StreamOptions, StreamProgress, StreamRange, StreamSource, StreamSummary } from './streamRecords';
