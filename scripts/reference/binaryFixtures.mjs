// Parquet and Arrow fixtures for the extension's tests and the demo, written the way real tools
// write them: DuckDB's COPY … TO (FORMAT parquet) and apache-arrow's tableToIPC, from the
// realistic CSV exports (scikit-learn outputs written by pandas). Run from the repository root:
//   node scripts/reference/binaryFixtures.mjs
// The unit tests write their own files in setup; these are for the integration and UI suites
// (inside VS Code, where DuckDB's native module is not loaded) and for samples/.
import { mkdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';

const root = process.cwd();
const out = join(root, 'test', 'fixtures', 'binary');
mkdirSync(out, { recursive: true });
const quote = (path) => `'${path.replace(/'/g, "''")}'`;

const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const db = await instance.connect();
const written = [];
async function copy(select, path, options) {
  await db.run(`COPY (${select}) TO ${quote(path)} (FORMAT parquet, ${options})`);
  written.push(path);
}

const fraud = join(root, 'test', 'fixtures', 'realistic', 'fraud.csv');
// The fraud export as DuckDB reads and writes it: ids VARCHAR, amounts and scores DOUBLE, counts BIGINT.
await copy(`SELECT * FROM read_csv(${quote(fraud)})`, join(out, 'fraud.parquet'), 'COMPRESSION zstd, ROW_GROUP_SIZE 1000');
// The same rows with a score of 1.2 at row index 12 and a NULL score at row index 20: two problems.
await copy(
  `SELECT * EXCLUDE (rn) REPLACE (CASE WHEN rn = 13 THEN 1.2 WHEN rn = 21 THEN NULL ELSE score END AS score) FROM (SELECT *, row_number() OVER () AS rn FROM read_csv(${quote(fraud)}))`,
  join(out, 'fraud-bad-score.parquet'),
  'COMPRESSION snappy',
);
// The demo's sample, beside its CSV.
await copy(`SELECT * FROM read_csv(${quote(join(root, 'samples', 'fraud-sample.csv'))})`, join(root, 'samples', 'fraud-sample.parquet'), 'COMPRESSION zstd');

// Iris with two models as an Arrow IPC file (Feather v2): the CSV's columns as DuckDB types them.
const iris = await db.runAndReadAll(`SELECT * FROM read_csv(${quote(join(root, 'test', 'fixtures', 'realistic', 'iris-two-models.csv'))})`);
const names = iris.columnNames();
const rows = iris.getRows();
const arrays = Object.fromEntries(names.map((name, k) => [name, typeof rows[0][k] === 'number' ? Float64Array.from(rows, (row) => row[k]) : rows.map((row) => String(row[k]))]));
const arrowPath = join(out, 'iris-two-models.arrow');
await writeFile(arrowPath, tableToIPC(tableFromArrays(arrays), 'file'));
written.push(arrowPath);

for (const path of written) console.log(`${path.slice(root.length + 1)}: ${statSync(path).size.toLocaleString('en-US')} bytes`);
