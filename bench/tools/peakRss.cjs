// Preloaded (node -r) into a process the bench times: on exit it writes the process's own peak
// RSS (VmHWM from /proc/self/status, all threads) to stderr as `ENTROPY_LENS_PEAK_RSS <bytes>`.
// Not resourceUsage().maxRSS: on Linux that starts at the spawning bench process's RSS.
const { readFileSync } = require('node:fs');

process.on('exit', () => {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) process.stderr.write(`\nENTROPY_LENS_PEAK_RSS ${Number(match[1]) * 1024}\n`);
  } catch {
    // No /proc (not Linux): the bench reports the peak as unknown.
  }
});
