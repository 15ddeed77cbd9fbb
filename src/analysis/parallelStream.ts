// Streams a large CSV/TSV file's aggregates on two cores: the file is cut at a line feed near the
// middle, the second range is streamed by a part worker (streamPart.ts) while this thread streams
// the first, and the two parts are merged (mergeAggregateParts). Small files,
// JSON Lines and runs without a part-worker script take the one-pass path.
import type { ResourceLimits } from 'node:worker_threads';
import { DEFAULT_MAX_PROBLEMS, planStreamSplit } from '../data';
import type { StreamHeader, StreamOptions, StreamRange, StreamSplit, StreamSummary } from '../data';
import { mergeAggregateParts } from './aggregateParts';
import type { AggregatePart } from './aggregateParts';
import { finishAggregates, streamAggregatePart, streamAggregates } from './streamAggregates';
import type { AggregateOptions, AggregateResult, AggregateSpec } from './streamAggregates';
import { checkStreamPartMessage, STREAM_PART_ROLE } from '../protocol/partWorker';
import type { CancelPartMessage, ShapeProblem, StartPartMessage } from '../protocol/partWorker';
import { aggregatePartProblem } from './streamPart';
import type { StreamPartWorkerData } from './streamPart';
import { defaultPartScript, isPlainUtf8, SPLIT_MIN_BYTES, startPartWorker } from '../data/partWorker';
import type { RunningPart } from '../data/partWorker';

/**
 * The part worker's heap bound. A part holds one 1 MiB chunk, one 16,384-row batch and per-label
 * sums on the heap; per-row losses live in ArrayBuffers outside it.
 */
const PART_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 48 };

export { SPLIT_MIN_BYTES };

/**
 * Where the per-row values of each part go (AggregateOptions.onRows): part 0 is the file's first
 * range (or the whole file in one pass), part 1 the second. `restart` says part 1 starts over (its
 * worker failed and the range is streamed here): what it sent before is to be dropped. Which parts
 * count is the outcome's: one pass, or a second part 'discarded', is part 0 alone.
 */
export interface PartRows {
  add(part: 0 | 1, values: Float64Array[]): void;
  restart(part: 1): void;
}

export interface PartsOptions extends Omit<StreamOptions, 'range'> {
  rows?: PartRows;
  /** Files smaller than this are streamed in one pass (default SPLIT_MIN_BYTES; 0 splits any file with a cut). */
  splitMinBytes?: number;
  /**
   * Script the part worker runs: a bundle whose entry calls runStreamPart() when
   * partWorkerRole() is 'stream-part'. Default: worker.js beside this bundle (dist/worker.js, the compute
   * worker), when it exists; otherwise (unbundled sources, as under vitest) one pass.
   */
  partScript?: string;
}

/** How the file was read: one pass, or two parts and what became of the part worker's. */
export type PartsOutcome =
  | { parts: 1 }
  | { parts: 2; second: 'worker' }
  /** The part worker failed (crash, resource limit, bad script): its range was streamed here. */
  | { parts: 2; second: 'in-thread'; reason: string }
  /** The first part read past the cut (a quoted line break across it), stopped early or was cancelled: its result alone is the answer. */
  | { parts: 2; second: 'discarded'; reason: string };

export interface PartsResult {
  result: AggregateResult;
  outcome: PartsOutcome;
}

/**
 * `streamAggregates(path, spec, options)` on up to two cores. Same counts, classes, problems (rows,
 * lines, offsets, order, cap and count) and per-row losses as one pass, and the same means: the
 * sums are compensated pairs merged pair to pair.
 * Progress adds both parts' bytes; an abort reaches the part worker; the worker is always terminated.
 */
export async function streamAggregatesInParts(path: string, spec: AggregateSpec, options: PartsOptions = {}): Promise<PartsResult> {
  return (await startStreamParts(path, options)).run(spec);
}

/** A file's split planned and its part worker starting, before the spec is decided. */
export interface StreamParts {
  /** Streams the file with `spec`, as streamAggregatesInParts (once; the worker is terminated after). */
  run(spec: AggregateSpec): Promise<PartsResult>;
  /** Terminates the part worker when `run` will not be called (idempotent). */
  stop(): Promise<void>;
}

/**
 * The first half of streamAggregatesInParts, for a caller that decides the spec from the file's
 * head (analyzeDisk): plans the cut and starts the part worker without a spec, so its thread
 * loads its bundle while this one analyses the head; `run(spec)` sends the spec and streams. The
 * caller must `run` or `stop`: a started worker keeps the process alive.
 */
export async function startStreamParts(path: string, options: PartsOptions = {}): Promise<StreamParts> {
  const script = options.partScript ?? defaultPartScript();
  // Only plain UTF-8 text is cut at a byte: anything else (not a regular file, binary, UTF-16/32)
  // takes the one pass, which refuses or decodes it from its start.
  const split = script === undefined || !(await isPlainUtf8(path)) ? undefined : await planStreamSplit(path, options.splitMinBytes ?? SPLIT_MIN_BYTES, options);
  const rows = options.rows;
  const partRows = (part: 0 | 1): Pick<AggregateOptions, 'onRows'> => (rows ? { onRows: (values) => rows.add(part, values) } : {});
  if (script === undefined || split === undefined) {
    return {
      run: async (spec) => ({ result: await streamAggregates(path, spec, { ...options, ...partRows(0) }), outcome: { parts: 1 } }),
      stop: () => Promise.resolve(),
    };
  }
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const done = { first: 0, second: 0, firstRows: 0, secondRows: 0 };
  const report = (): void => options.onProgress?.({ bytesRead: done.first + done.second, totalBytes: split.size, rows: done.firstRows + done.secondRows });
  const secondRange = (header: StreamHeader): StreamRange => ({ start: split.cut, end: split.size, header });
  const worker = startPart(
    script,
    {
      role: STREAM_PART_ROLE,
      path,
      range: secondRange(split.header),
      maxProblems,
      ...(options.chunkBytes !== undefined ? { chunkBytes: options.chunkBytes } : {}),
      ...(options.maxRecordBytes !== undefined ? { maxRecordBytes: options.maxRecordBytes } : {}),
    },
    options.signal,
    (bytesRead, rowsRead) => {
      done.second = bytesRead;
      done.secondRows = rowsRead;
      report();
    },
    (values) => rows?.add(1, values),
  );
  const run = async (spec: AggregateSpec): Promise<PartsResult> => {
    worker.start(spec);
    const first = await streamAggregatePart(path, spec, {
      ...options,
      ...partRows(0),
      range: { start: 0, end: split.cut, extendPastEnd: true },
      onProgress: (progress) => {
        done.first = progress.bytesRead;
        done.firstRows = progress.rows;
        report();
      },
    });
    const finish = (part: AggregatePart): AggregateResult => finishAggregates(part, spec, options);
    if (first.summary.cancelled || !first.summary.complete || first.summary.rangeExtended) {
      const reason = first.summary.cancelled ? 'cancelled' : first.summary.rangeExtended ? 'a record crosses the cut' : 'the first part stopped early';
      return { result: finish(first), outcome: { parts: 2, second: 'discarded', reason } };
    }
    // Streamed here instead: the range again, with the header the first part really read.
    const inThread = (header: StreamHeader): Promise<AggregatePart> => {
      done.second = 0;
      rows?.restart(1);
      return streamAggregatePart(path, spec, {
        ...options,
        ...partRows(1),
        range: secondRange(header),
        onProgress: (progress) => {
          done.second = progress.bytesRead;
          done.secondRows = progress.rows;
          report();
        },
      });
    };
    const header = headerOf(first.summary, split);
    let second: AggregatePart;
    let outcome: PartsOutcome;
    if (header === undefined) {
      void worker.stop();
      second = await inThread({ ...split.header, columns: first.summary.columns, delimiter: first.summary.delimiter ?? split.header.delimiter });
      outcome = { parts: 2, second: 'in-thread', reason: 'the first part read a different header' };
    } else {
      const posted = await worker.result;
      if (typeof posted === 'string') {
        // A worker failed by its message may still be streaming: stopped, so its progress no longer counts.
        void worker.stop();
        second = await inThread(header);
        outcome = { parts: 2, second: 'in-thread', reason: posted };
      } else {
        second = posted;
        outcome = { parts: 2, second: 'worker' };
      }
    }
    return { result: finish(mergeAggregateParts(first, second, maxProblems)), outcome };
  };
  return {
    run: async (spec) => {
      try {
        return await run(spec);
      } finally {
        await worker.stop();
      }
    },
    stop: () => worker.stop(),
  };
}

/** The header the plan assumed, when the first part read exactly that one. */
function headerOf(summary: StreamSummary, split: StreamSplit): StreamHeader | undefined {
  const planned = split.header;
  const same = summary.delimiter === planned.delimiter && summary.columns.length === planned.columns.length && summary.columns.every((name, i) => name === planned.columns[i]);
  return same ? planned : undefined;
}

/** A running part worker that streams once `start` sends it the spec. */
interface StartedPart extends RunningPart<AggregatePart> {
  start(spec: AggregateSpec): void;
}

function startPart(
  script: string,
  data: StreamPartWorkerData,
  signal: AbortSignal | undefined,
  onProgress: (bytesRead: number, rows: number) => void,
  onRows: (values: Float64Array[]) => void,
): StartedPart {
  // The part is checked against the spec, which is known by the time the worker posts one.
  let partProblem: ShapeProblem = () => 'came before its spec was sent';
  // Rows a stopped worker had already posted must not reach a range streamed here instead.
  let live = true;
  // A message that is not one of the protocol's fails the part, as a crash does: the range is streamed here.
  const part = startPartWorker<AggregatePart>(script, data, PART_LIMITS, (message) => {
    const checked = checkStreamPartMessage<AggregatePart>(message, partProblem);
    if (!checked.ok) return `the part worker posted ${checked.reason}`;
    const posted = checked.value;
    if (posted.type === 'done') return posted.part;
    if (posted.type === 'failed') return posted.reason;
    if (posted.type === 'rows') {
      if (live) onRows(posted.values);
      return undefined;
    }
    onProgress(posted.bytesRead, posted.rows);
    return undefined;
  });
  const cancel = (): void => part.post({ type: 'cancel' } satisfies CancelPartMessage);
  signal?.addEventListener('abort', cancel, { once: true });
  if (signal?.aborted) cancel();
  return {
    ...part,
    start: (spec) => {
      partProblem = aggregatePartProblem(spec);
      part.post({ type: 'start', spec } satisfies StartPartMessage<AggregateSpec>);
    },
    stop: () => {
      live = false;
      signal?.removeEventListener('abort', cancel);
      return part.stop();
    },
  };
}
