// The per-row arrays of a document's result (RowTable): each record's line and character span,
// from one forward walk of the table's line starts or from its row index, its status, label and
// true class, and the ids when the table is small enough to keep them as text.
import type { Table } from '../data';
import { LABEL_TEXT_ROW_LIMIT } from '../protocol/analysis';
import type { RowTable } from '../protocol/analysis';
import { rowLabels } from './labelSet';
import type { LabelSet } from './labelSet';

export function rowTable(table: Table, text: string | undefined, status: Uint8Array, labels: LabelSet | undefined, classes: string[], trueClass: Int32Array, idColumn: string | undefined): RowTable {
  const n = table.rowCount;
  const positions = text === undefined ? indexPositions(table) : recordPositions(table);
  const codes = new Int32Array(n).fill(-1);
  const values: string[] = [];
  if (labels) {
    // The label column's codes without its missing text '' (code −1).
    const valueOf = Int32Array.from(labels.distinct, (label) => (label === '' ? -1 : values.push(label) - 1));
    for (let i = 0; i < n; i++) codes[i] = valueOf[labels.codes[i] as number] as number;
  }
  const small = n <= LABEL_TEXT_ROW_LIMIT;
  return {
    count: n,
    ...positions,
    status,
    labels: small ? (labels ? rowLabels(labels) : new Array<string>(n).fill('')) : [],
    labelCodes: codes,
    labelValues: values,
    classes,
    trueClass,
    idColumn: idColumn ?? null,
    ids: small && idColumn !== undefined ? table.labels(idColumn).values : [],
  };
}

type Positions = Pick<RowTable, 'firstLine' | 'lastLine' | 'startCharacter' | 'endCharacter'>;

/** Record positions from the table's index (no text at hand, e.g. the CLI). O(n log lines). */
function indexPositions(table: Table): Positions {
  const n = table.rowCount;
  const out: Positions = { firstLine: new Uint32Array(n), lastLine: new Uint32Array(n), startCharacter: new Uint32Array(n), endCharacter: new Uint32Array(n) };
  for (let i = 0; i < n; i++) {
    const range = table.index.rowRange(i);
    out.firstLine[i] = range.start.line;
    out.startCharacter[i] = range.start.character;
    out.lastLine[i] = range.end.line;
    out.endCharacter[i] = range.end.character;
  }
  return out;
}

/**
 * Line and character of every record's start and end. Records come in text order, so one forward
 * walk over the table's line starts places them all (O(text), no object per row); columnar JSON,
 * whose records interleave, falls back to the index's per-row ranges.
 */
function recordPositions(table: Table): Positions {
  if (table.shape === 'columnar') return indexPositions(table);
  const n = table.rowCount;
  const firstLine = new Uint32Array(n);
  const lastLine = new Uint32Array(n);
  const startCharacter = new Uint32Array(n);
  const endCharacter = new Uint32Array(n);
  const cursor = table.lineCursor();
  for (let i = 0; i < n; i++) {
    if (!cursor.moveTo(table.index.rowStartOffset(i))) return indexPositions(table);
    firstLine[i] = cursor.line;
    startCharacter[i] = cursor.character;
    if (!cursor.moveTo(table.index.rowEndOffset(i))) return indexPositions(table);
    lastLine[i] = cursor.line;
    endCharacter[i] = cursor.character;
  }
  return { firstLine, lastLine, startCharacter, endCharacter };
}
