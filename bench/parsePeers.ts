// The JavaScript CSV parsers we compare with, each asked for its fastest way to get every cell of
// a numeric CSV as a number (not as strings), from a string already in memory.
import Papa from 'papaparse';
import { parse as csvParseSync } from 'csv-parse/sync';
import { inferSchema, initParser } from 'udsv';

/** What a parse produced: row count and the sum of the last column (a cross-check between parsers). */
export interface ParseCheck {
  rows: number;
  lastColumnSum: number;
}

export interface Parser {
  name: string;
  /** How it was called, for the report. */
  settings: string;
  parse(text: string): ParseCheck;
}

function sumLast(rows: readonly unknown[][], from: number): ParseCheck {
  let sum = 0;
  for (let i = from; i < rows.length; i++) {
    const row = rows[i] as unknown[];
    sum += row[row.length - 1] as number;
  }
  return { rows: rows.length - from, lastColumnSum: sum };
}

export const papaparse: Parser = {
  name: 'papaparse',
  settings: 'Papa.parse(text, {dynamicTyping: true, skipEmptyLines: true}) — fast mode (no quotes in input), rows as arrays',
  parse(text) {
    const result = Papa.parse<unknown[]>(text, { dynamicTyping: true, skipEmptyLines: true });
    return sumLast(result.data, 1);
  },
};

export const csvParse: Parser = {
  name: 'csv-parse',
  settings: 'csv-parse/sync parse(text, {cast: true, from_line: 2}), rows as arrays',
  parse(text) {
    const rows = csvParseSync(text, { cast: true, from_line: 2 }) as unknown[][];
    return sumLast(rows, 0);
  },
};

export const udsv: Parser = {
  name: 'udsv',
  settings: 'initParser(inferSchema(text)).typedCols(text): typed columnar arrays',
  parse(text) {
    const parser = initParser(inferSchema(text));
    const columns = parser.typedCols(text) as unknown as number[][];
    const last = columns[columns.length - 1] as number[];
    let sum = 0;
    for (let i = 0; i < last.length; i++) sum += last[i] as number;
    return { rows: last.length, lastColumnSum: sum };
  },
};

export const PEER_PARSERS: readonly Parser[] = [papaparse, csvParse, udsv];
