// One benchmark task at a time, for `node --cpu-prof` (built by run.mjs to
// bench/.data/build/profileTask.cjs):
//   node --cpu-prof --cpu-prof-dir=DIR bench/.data/build/profileTask.cjs fit FILE CLASSES [REPEAT]
//   … parse-ce FILE [REPEAT]      … read-table FILE [REPEAT]
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { loadFitData } from '../objective';
import { fit, parseAndCrossEntropy, parseAllNumbers } from '../ours';

const [task, file, third, fourth] = process.argv.slice(2);
if (!task || !file) throw new Error('usage: profileTask fit|parse-ce|read-table FILE [CLASSES] [REPEAT]');
const repeat = Number((task === 'fit' ? fourth : third) ?? 1);
if (task === 'fit') {
  const data = loadFitData(readFileSync(file, 'utf8'), Number(third));
  for (let r = 0; r < repeat; r++) {
    const started = performance.now();
    const result = fit(data);
    console.log(`fit: ${(performance.now() - started).toFixed(1)} ms, ${result.iterations} iterations (${result.solver}), gradMaxScaled ${result.gradMaxScaled.toExponential(2)}`);
  }
} else if (task === 'parse-ce') {
  void (async () => {
    // The probability columns are every header column but the label (the CLI is told them).
    const head = Buffer.alloc(4096);
    const fd = openSync(file, 'r');
    const header = head.toString('latin1', 0, readSync(fd, head, 0, head.length, 0)).split('\n')[0] ?? '';
    closeSync(fd);
    const columns = header.split(',').filter((name) => name !== 'label');
    for (let r = 0; r < repeat; r++) console.log(JSON.stringify(await parseAndCrossEntropy(file, columns, join(__dirname, '../../../dist/worker.js'))));
  })();
} else if (task === 'read-table') {
  const text = readFileSync(file, 'utf8');
  for (let r = 0; r < repeat; r++) {
    const started = performance.now();
    const check = parseAllNumbers(text);
    console.log(`readTable + matrix: ${(performance.now() - started).toFixed(1)} ms, ${check.rows} rows`);
  }
} else throw new Error(`unknown task ${task}`);
