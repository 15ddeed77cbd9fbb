// DuckDB as a peer (run by bench/sections/duckdb.ts in its own process): read_csv of a predictions
// file and one SQL aggregate, the mean log loss −ln clip(p_label) with scikit-learn's ε, on the
// given number of threads. Prints {"n": rows, "mean": nats} as JSON.
//   node bench/duckdbChild.mjs FILE CLASSES THREADS
import { DuckDBInstance } from '@duckdb/node-api';

const [file, classesText, threads] = process.argv.slice(2);
const classes = Number(classesText);
const eps = 2.220446049250313e-16;
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads ?? 2) });
const connection = await instance.connect();
// The label is the class index: its probability is column p<label>.
const truth = `CASE label ${Array.from({ length: classes }, (_, k) => `WHEN ${k} THEN p${k}`).join(' ')} END`;
const path = file.replace(/'/g, "''");
const reader = await connection.runAndReadAll(`SELECT count(*) AS n, avg(-ln(greatest(least(${truth}, 1 - ${eps}), ${eps}))) AS mean FROM read_csv('${path}', header = true)`);
const [row] = reader.getRowObjects();
console.log(JSON.stringify({ n: Number(row.n), mean: Number(row.mean) }));
