// DuckDB as a peer (run by bench/sections/duckdb.ts in its own process): read_csv (or read_parquet,
// for a .parquet path) of a predictions file and one SQL aggregate, the mean log loss −ln clip(p_label) with scikit-learn's ε, on the
// given number of threads. Prints {"n": rows, "mean": nats} as JSON.
//   node bench/duckdbChild.mjs FILE CLASSES THREADS
import { DuckDBInstance } from '@duckdb/node-api';

// `node bench/duckdbChild.mjs --write-parquet CSV PARQUET` writes the CSV as Parquet (zstd, DuckDB's
// default row groups) for the Parquet rows, and prints nothing.
if (process.argv[2] === '--write-parquet') {
  const [csv, parquet] = process.argv.slice(3);
  const writer = await (await DuckDBInstance.create(':memory:', { threads: '2' })).connect();
  const q = (path) => `'${path.replace(/'/g, "''")}'`;
  await writer.run(`COPY (SELECT * FROM read_csv(${q(csv)}, header = true)) TO ${q(parquet)} (FORMAT parquet, COMPRESSION zstd)`);
  process.exit(0);
}

const [file, classesText, threads] = process.argv.slice(2);
const classes = Number(classesText);
const eps = 2.220446049250313e-16;
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads ?? 2) });
const connection = await instance.connect();
// The label is the class index: its probability is column p<label>.
const truth = `CASE label ${Array.from({ length: classes }, (_, k) => `WHEN ${k} THEN p${k}`).join(' ')} END`;
const path = file.replace(/'/g, "''");
const source = file.endsWith('.parquet') ? `read_parquet('${path}')` : `read_csv('${path}', header = true)`;
const reader = await connection.runAndReadAll(`SELECT count(*) AS n, avg(-ln(greatest(least(${truth}, 1 - ${eps}), ${eps}))) AS mean FROM ${source}`);
const [row] = reader.getRowObjects();
console.log(JSON.stringify({ n: Number(row.n), mean: Number(row.mean) }));
