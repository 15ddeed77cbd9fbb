// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self and inclusive time per function,
// largest first, so profile findings can be quoted with numbers.
//   node bench/tools/summarizeProfile.mjs FILE.cpuprofile [TOP]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: summarizeProfile.mjs FILE.cpuprofile [TOP]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample durations: timeDeltas[i] is the time before sample i.
const selfMicros = new Map();
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + dt);
});
// esbuild bundles mark each module with a `// path/to/file.ts` line: map bundle lines back to it.
const moduleStarts = new Map();
function sourceOf(url, line) {
  if (!url.startsWith('file://') || !/\.c?js$/.test(url)) return undefined;
  if (!moduleStarts.has(url)) {
    let starts = [];
    try {
      const lines = readFileSync(new URL(url), 'utf8').split('\n');
      lines.forEach((text, i) => {
        const m = /^\/\/ ((?:src|bench|node_modules)\/\S+\.[cm]?[jt]s)$/.exec(text);
        if (m) starts.push([i, m[1]]);
      });
    } catch {
      starts = [];
    }
    moduleStarts.set(url, starts);
  }
  let found;
  for (const [start, path] of moduleStarts.get(url)) if (start <= line) found = path;
  return found;
}
const label = (n) => {
  const f = n.callFrame;
  const module = f.url ? sourceOf(f.url, f.lineNumber) : undefined;
  const where = module ?? (f.url ? `${f.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/')}:${f.lineNumber + 1}` : '');
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
const self = new Map();
const inclusive = new Map();
let total = 0;
for (const [id, us] of selfMicros) {
  total += us;
  const node = byId.get(id);
  const name = label(node);
  self.set(name, (self.get(name) ?? 0) + us);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur));
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + us);
  }
}
const show = (title, map) => {
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms)`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
  }
};
show('self time', self);
show('inclusive time', inclusive);
