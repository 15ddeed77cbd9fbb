// Messages between the extension host and the compute worker (worker_threads): one discriminated
// union per direction, keyed by `type`. Requests carry an `id` and get exactly one reply (`result`,
// `failed` or `cancelled`); `progress` events may come before it. Cancellation is a shared flag the
// worker reads between chunks (no message round trip needed while it is busy).
import type { AnalysisKind, AnalysisResult, ColumnChoice, LossUnit } from './analysis';

/** Options of one analysis, resolved by the host from settings and quick fixes. */
export interface AnalysisOptions {
  unit: LossUnit;
  /** Clipping epsilon for probabilities, or null for none (then p = 0 for the true class costs +∞). */
  epsilon: number | null;
  /** Normalise probability rows that do not sum to 1 instead of reporting them. */
  normalizeRows: boolean;
  /** Leave rows with missing values out instead of reporting each as a problem that excludes it. */
  ignoreMissing: boolean;
  /** Columns to read as logits even if they look like probabilities (quick fix "treat as logits"). */
  treatAsLogits: string[];
  /** classWeight 'balanced': scikit-learn's class_weight='balanced' (n / (K·n_k)); 'none': every class weighs 1. */
  fit: { C: number; penalty: 'l2' | 'none'; maxIterations: number; classWeight: 'none' | 'balanced' };
  /**
   * The entropyLens.loss.* settings as given (checked by the analysis, which knows the classes):
   * ignoreLabel '' = none; classWeight '' = none, 'balanced' or 'V1=W1,V2=W2'; positiveWeight
   * null = none; labelSmoothing 0 = none.
   */
  loss: { ignoreLabel: string; classWeight: string; positiveWeight: number | null; labelSmoothing: number };
  /** At most this many problems are listed (the rest only counted). */
  maxProblems: number;
}

/** The entropyLens.loss.* defaults: nothing ignored, nothing weighted, no smoothing. */
export const DEFAULT_LOSS_SETTINGS: AnalysisOptions['loss'] = { ignoreLabel: '', classWeight: '', positiveWeight: null, labelSmoothing: 0 };

/** What every document source says about the document it came from. */
interface DocumentIdentity {
  kind: 'document';
  uri: string;
  version: number;
  /** File name or path, used to pick the reader (.csv, .tsv, .json, .jsonl, .ndjson). */
  fileName: string;
  languageId: string;
}

/**
 * Lines of the document as the host sees them, for checking that a file read from disk is the
 * document's text (same line count, same sampled lines). A cheap sample, not a hash: it catches a
 * file changed on disk since VS Code loaded it and a file VS Code decoded with another encoding.
 */
export interface DocumentCheck {
  lineCount: number;
  /** Texts of a few lines (first, last, some in between), without their line breaks. */
  lines: { line: number; text: string }[];
}

/**
 * An open document's text, in one of three ways chosen by the host so its own thread never stalls
 * (one postMessage of a 50 MB string blocks the posting thread ~80 ms in structured clone):
 * - `text`: the whole text in the request (small documents);
 * - `path`: the document's buffer equals its saved file (file: URI, not dirty): the worker reads
 *   the file, and answers `failed` with code {@link DOCUMENT_CHANGED} when `check` disagrees
 *   with what it read (the host then sends the text in slices);
 * - `streamed`: the text follows in {@link TextSliceMessage}s of ~60,000 characters, one per host
 *   event-loop turn; the worker joins them and starts once the `last` one arrived.
 */
export type DocumentSource = (DocumentIdentity & { text: string }) | (DocumentIdentity & { path: string; check: DocumentCheck }) | (DocumentIdentity & { streamed: true });

/** The data to analyse: an open document, or a file on disk the worker streams. */
export type AnalysisSource = DocumentSource | { kind: 'disk'; uri: string; fileName: string; path: string };

/** `failed` code: the file read for a `path` document source is not the document's text. */
export const DOCUMENT_CHANGED = 'document-changed';

/** Host → worker: analyse a source. */
export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  kind: AnalysisKind;
  source: AnalysisSource;
  /** Columns to use; omitted means "infer them". */
  columns?: ColumnChoice;
  /** Analyse only these absolute 0-based lines (inclusive); the header still comes from the file. */
  selection?: { startLine: number; endLine: number };
  options: AnalysisOptions;
  /** Int32Array(1) over a SharedArrayBuffer: the host stores 1 to cancel; see `isCancelled`. */
  cancelFlag: SharedArrayBuffer;
}

/** Host → worker: finish and exit (the host terminates it if it does not). */
export interface ShutdownRequest {
  type: 'shutdown';
}

/**
 * Host → worker, after an analyze request whose source is `streamed`: the next slice of its text,
 * in order. `last` ends the text; after a cancel the host ends early with an empty last slice (the
 * worker then sees the raised flag and answers `cancelled`).
 */
export interface TextSliceMessage {
  type: 'textSlice';
  id: number;
  text: string;
  last: boolean;
}

export type HostToWorkerMessage = AnalyzeRequest | TextSliceMessage | ShutdownRequest;

/** Worker → host, once after start: the worker is loaded and listening. */
export interface WorkerReadyEvent {
  type: 'ready';
}

/** Worker → host, while a request runs: how far it got (`total` null when unknown). */
export interface ProgressEvent {
  type: 'progress';
  id: number;
  stage: 'reading' | 'parsing' | 'computing' | 'fitting';
  done: number;
  total: number | null;
}

/** Worker → host: the reply to an analyze request that finished. Typed arrays are transferred. */
export interface ResultReply {
  type: 'result';
  id: number;
  result: AnalysisResult;
}

/** Worker → host: the reply when the request could not produce a result (not for data problems,
 *  which are part of a result; this is for e.g. "no usable columns" or an internal error). */
export interface FailedReply {
  type: 'failed';
  id: number;
  code: string;
  message: string;
}

/** Worker → host: the reply when the cancel flag was seen before the result was ready. */
export interface CancelledReply {
  type: 'cancelled';
  id: number;
}

export type WorkerToHostMessage = WorkerReadyEvent | ProgressEvent | ResultReply | FailedReply | CancelledReply;

/** A fresh cancel flag: Int32Array(1) over a SharedArrayBuffer, initially 0. */
export function createCancelFlag(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** Raises the flag (idempotent); the worker sees it at its next check. */
export function raiseCancelFlag(flag: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(flag), 0, 1);
}

/** True once the flag was raised; cheap enough to call between every chunk. */
export function isCancelled(flag: SharedArrayBuffer): boolean {
  return Atomics.load(new Int32Array(flag), 0) !== 0;
}

/** Exhaustiveness guard for switches over the unions above. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}
