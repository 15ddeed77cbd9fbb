// The part worker of a split stream: a worker_threads Worker started from the same bundle (the
// compute worker's dist/worker.js, or the bench's child) with workerData.role 'stream-part'. It
// streams one byte range of the file and posts the range's mergeable aggregates back.
import { parentPort, workerData } from 'node:worker_threads';
import type { StreamRange } from '../data';
import { checkStartPartMessage, checkStreamPartData, isArrayOf, isCancelPartMessage, isCount, isRecord, kindOf } from '../protocol/partWorker';
import type { ShapeProblem, StreamPartData, StreamPartMessage } from '../protocol/partWorker';
import type { AggregatePart } from './aggregateParts';
import { streamAggregatePart } from './streamAggregates';
import type { AggregateSpec } from './streamAggregates';

/** The protocol's stream-part workerData with this layer's spec and the data layer's range. */
export type StreamPartWorkerData = StreamPartData<AggregateSpec, StreamRange>;

/** What the stream-part worker posts, with the range's aggregates as its part. */
export type StreamPartPosted = StreamPartMessage<AggregatePart>;

/**
 * Streams the range this worker was started with and posts the result; a cancel ends it at the
 * next chunk. Started without a spec, it waits for the start message that brings it.
 */
export async function runStreamPart(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runStreamPart must run in a worker thread');
  const post = (message: StreamPartPosted, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  const checked = checkStreamPartData<AggregateSpec, StreamRange>(workerData, aggregateSpecProblem, streamRangeProblem);
  if (!checked.ok) {
    post({ type: 'failed', reason: `the part worker was started with ${checked.reason}` });
    port.close();
    return;
  }
  const data = checked.value;
  const controller = new AbortController();
  let started: (spec: AggregateSpec | string) => void = () => undefined;
  const posted = new Promise<AggregateSpec | string>((resolve) => (started = resolve));
  // Only a cancel and (when the spec is not in workerData) one start mean anything; anything else is dropped.
  port.on('message', (message: unknown) => {
    if (isCancelPartMessage(message)) controller.abort();
    const start = data.spec === undefined ? checkStartPartMessage<AggregateSpec>(message, aggregateSpecProblem) : undefined;
    if (start !== undefined) started(start.ok ? start.value.spec : `the part worker was sent ${start.reason}`);
  });
  const spec = data.spec ?? (await posted);
  if (typeof spec === 'string') {
    post({ type: 'failed', reason: spec });
    port.close();
    return;
  }
  const part = await streamAggregatePart(data.path, spec, {
    range: data.range,
    signal: controller.signal,
    ...(data.maxProblems !== undefined ? { maxProblems: data.maxProblems } : {}),
    ...(data.chunkBytes !== undefined ? { chunkBytes: data.chunkBytes } : {}),
    ...(data.maxRecordBytes !== undefined ? { maxRecordBytes: data.maxRecordBytes } : {}),
    onProgress: (progress) => post({ type: 'progress', bytesRead: progress.bytesRead, rows: progress.rows }),
    onRows: (values) =>
      post(
        { type: 'rows', values },
        values.map((v) => v.buffer as ArrayBuffer),
      ),
  });
  // Per-row losses are the only large arrays (8 bytes a row): moved, not copied.
  const transfer = part.models.flatMap((model) => (model.perRow !== undefined ? [model.perRow.buffer as ArrayBuffer] : []));
  post({ type: 'done', part }, transfer);
  port.close();
}

/**
 * Why a posted part is not the aggregates of `spec`'s range, or undefined when it is. Checks the
 * shape mergeAggregateParts relies on (fields, types, one LossSums per model, one first line and
 * count per label), not the sums' values.
 */
export function aggregatePartProblem(spec: AggregateSpec): ShapeProblem {
  const modelCount = spec.models?.length ?? 0;
  const distributionCount = spec.distributions?.length ?? 0;
  return (value) => {
    if (!isRecord(value)) return `is not an object (${kindOf(value)})`;
    const summary = summaryProblem(value.summary);
    if (summary !== undefined) return `has a summary that ${summary}`;
    if (!isArrayOf(value.labels, isString)) return 'has labels that are not strings';
    const labels = value.labels.length;
    const perLabel = ['labelFirstLine', 'labelFirstCharacter', 'labelFirstOffset', 'labelCounts'].find((name) => !isArrayOf(value[name], isCount) || (value[name] as number[]).length !== labels);
    if (perLabel !== undefined) return `has a ${perLabel} that is not ${labels} counts`;
    if (!Array.isArray(value.models) || value.models.length !== modelCount) return `does not have ${modelCount} models`;
    const model = value.models.findIndex((sums) => lossSumsProblem(sums));
    if (model >= 0) return `has model ${model} without its loss sums`;
    if (!isRecord(value.kl) || !isRecord(value.kl.p) || !isRecord(value.kl.q) || !isCount(value.kl.n)) return 'has no divergence sums';
    if (!Array.isArray(value.distributions) || value.distributions.length !== distributionCount || value.distributions.some((sums) => entropySumsProblem(sums)))
      return `does not have ${distributionCount} entropy sums`;
    const sums = [value.divergenceTerms, value.rowEntropy, value.rowDivergence].findIndex((sum) => !isRecord(sum) || !isCount(sum.n));
    if (sums >= 0) return `has no ${['divergence term', 'row entropy', 'row divergence'][sums]} sums`;
    if (!Array.isArray(value.rowProblems) || !isCount(value.rowProblemCount)) return 'has no row problems';
    return undefined;
  };
}

function summaryProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return `is not an object (${kindOf(value)})`;
  const count = ['rowCount', 'bytesRead', 'problemCount', 'lineCount', 'characterCount'].find((name) => !isCount(value[name]));
  if (count !== undefined) return `has a ${count} that is not a count`;
  const flag = ['cancelled', 'complete', 'rangeExtended'].find((name) => typeof value[name] !== 'boolean');
  if (flag !== undefined) return `has a ${flag} that is not true or false`;
  if (!isArrayOf(value.columns, isString)) return 'has columns that are not strings';
  if (!Array.isArray(value.problems)) return 'has no problems list';
  return undefined;
}

const ENTROPY_ARRAYS = ['massHi', 'massLo', 'termsHi', 'termsLo'];

function entropySumsProblem(value: unknown): boolean {
  if (!isRecord(value) || !isCount(value.n) || !isCount(value.positive) || !Number.isInteger(value.low) || !Number.isInteger(value.high)) return true;
  return ENTROPY_ARRAYS.some((name) => !(value[name] instanceof Float64Array));
}

const LOSS_ARRAYS = ['loss', 'brier', 'lossLo', 'brierLo', 'clipped', 'infinite', 'predicted', 'targetHi', 'targetLo'];

function lossSumsProblem(value: unknown): boolean {
  if (!isRecord(value) || !Number.isInteger(value.width) || !Number.isInteger(value.candidates) || !isCount(value.n)) return true;
  return !isArrayOf(value.count, isCount) || LOSS_ARRAYS.some((name) => !(value[name] instanceof Float64Array));
}

/** Why workerData's spec is not an aggregate spec (its models and columns), or undefined. */
function aggregateSpecProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return `is not an object (${kindOf(value)})`;
  if (value.label !== undefined && typeof value.label !== 'string') return 'has a label that is not a column name';
  if (
    value.models !== undefined &&
    !isArrayOf(value.models, (model): model is unknown => isRecord(model) && (model.kind === 'probabilities' || model.kind === 'logits') && isArrayOf(model.columns, isString))
  ) {
    return 'has a model without a kind and columns';
  }
  if (value.targets !== undefined && !isArrayOf(value.targets, isString)) return 'has targets that are not column names';
  return undefined;
}

/** Why workerData's range is not a byte range of the file, or undefined. */
function streamRangeProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return `is not an object (${kindOf(value)})`;
  if (!isCount(value.start) || !isCount(value.end) || value.start > value.end) return 'is not a start and end from 0 up, in order';
  if (value.header !== undefined && (!isRecord(value.header) || !isArrayOf(value.header.columns, isString) || typeof value.header.delimiter !== 'string'))
    return 'has a header without columns and a delimiter';
  return undefined;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
