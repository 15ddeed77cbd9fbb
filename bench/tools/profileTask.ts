// One benchmark task at a time, for `node --cpu-prof` (built by run.mjs to
// bench/.data/build/profileTask.cjs):
//   node --cpu-prof --cpu-prof-dir=DIR bench/.data/build/profileTask.cjs fit FILE CLASSES [REPEAT]
//   … parse-ce FILE [REPEAT]      … read-table FILE [REPEAT]
import { readFileSync } from 'node:fs';
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
    for (let r = 0; r < repeat; r++) console.log(JSON.stringify(await parseAndCrossEntropy(file)));
  })();
} else if (task === 'read-table') {
  const text = readFileSync(file, 'utf8');
  for (let r = 0; r < repeat; r++) {
    const started = performance.now();
    const check = parseAllNumbers(text);
    console.log(`readTable + matrix: ${(performance.now() - started).toFixed(1)} ms, ${check.rows} rows`);
  }
} else throw new Error(`unknown task ${task}`);
