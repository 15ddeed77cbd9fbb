// Runs in its own process (spawned by the bench) so that its peak RSS is the streaming reader's
// alone: streams one predictions CSV through the product path of Analyze File on Disk
// (streamAggregatesInParts: two byte ranges on two threads, merged) and prints JSON. The part
// worker is this same bundle started again with workerData.role 'stream-part', as dist/worker.js
// is in the extension; its memory is part of this process's peak RSS.
import { readFileSync, statSync } from 'node:fs';
import { streamAggregatesInParts } from '../src/analysis/parallelStream';
import { partWorkerRole } from '../src/data/partWorker';
import { runStreamPart } from '../src/analysis/streamPart';
import { STREAM_PART_ROLE } from '../src/protocol/partWorker';

/**
 * This process's own peak RSS: VmHWM from /proc/self/status (Linux). Not resourceUsage().maxRSS:
 * Linux carries the parent's high-water mark into a forked child and keeps it across exec, so a
 * child spawned by a 400 MB bench process reports at least 400 MB whatever it does. Undefined
 * where /proc is not available (the section then falls back to maxRSS and says so).
 */
function ownPeakRss(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const path = process.argv[2];
  const classCount = Number(process.argv[3]);
  if (!path || !Number.isInteger(classCount)) throw new Error('usage: streamChild FILE CLASS_COUNT');
  // memoryUsage.rss() reads the RSS alone; memoryUsage() also walks the heap spaces.
  const baselineRss = process.memoryUsage.rss();
  let sampledPeak = baselineRss;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  }, 20);
  let progressEvents = 0;
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const { result, outcome } = await streamAggregatesInParts(
    path,
    {
      label: 'label',
      classes: Array.from({ length: classCount }, (_, k) => String(k)),
      models: [{ kind: 'probabilities', columns: Array.from({ length: classCount }, (_, k) => `p${k}`) }],
    },
    {
      partScript: __filename,
      // No RSS sample per event: ~2,000 events cost ~0.2 s of the main thread, and maxRSS below
      // is the true peak anyway (the 20 ms sampler is a cross-check).
      onProgress: () => {
        progressEvents++;
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  const model = result.models[0];
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      fileBytes: statSync(path).size,
      bytesRead: result.bytesRead,
      rows: result.rowCount,
      problemCount: result.problemCount,
      meanNats: model?.meanNats ?? NaN,
      progressEvents,
      parts: outcome.parts,
      secondPart: outcome.parts === 2 ? outcome.second : 'none',
      baselineRssBytes: baselineRss,
      sampledPeakRssBytes: sampledPeak,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      ownPeakRssBytes: ownPeakRss() ?? null,
    }),
  );
}

if (partWorkerRole() === STREAM_PART_ROLE) {
  void runStreamPart();
} else {
  main().catch((error: unknown) => {
    process.stderr.write(String(error instanceof Error ? error.stack : error));
    process.exit(1);
  });
}
