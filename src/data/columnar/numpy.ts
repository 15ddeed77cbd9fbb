// NumPy arrays through the columnar contract (./source.ts): an .npy file (np.save) is one array, an
// .npz archive (np.savez, np.savez_compressed) a table of arrays keyed by name. 1-D arrays are
// columns, 2-D arrays a vector per row, record (structured) arrays one field per record field.
//
// What is read, and what is refused (one file-level problem, in words, naming the array):
// - dtypes: float16/32/64, (u)int8–64, bool (0 / 1), either byte order; int64 and uint64 beyond
//   2^53 become the nearest double. Unicode (<U, UTF-32) and byte strings (|S: UTF-8 when the bytes
//   are valid UTF-8, else Latin-1) are text, trailing NULs stripped. datetime64 / timedelta64 are
//   `other`, as numpy's str() spells them (NaT: null). Pickled objects, complex, float128 and raw
//   void bytes are refused. Fortran-ordered 2-D arrays are transposed on read.
// - shapes: 0-D arrays (np.savez(..., temperature=1.5)) are no column and are skipped in an .npz
//   (the contract has no place for a note; a file of nothing else is refused); a 0-D .npy is
//   refused. 3-D and higher arrays are refused with their shape and a reshape to fix it. Every
//   array of an .npz must have the same first dimension.
// - memory: an .npy and the stored entries of an .npz (np.savez) stay on disk and are read chunk
//   by chunk; deflated entries (np.savez_compressed) are unpacked once at open, their CRC-32
//   checked, and held as the only copy. The ZIP directory (ZIP64 included) is read here; fflate
//   only inflates. The .npy header is parsed by the small Python-literal parser below, never eval.
import type { FileHandle } from 'node:fs/promises';
import { fileProblem, readErrorMessage, statForReading } from '../fileBytes';
import type { Problem } from '../types';
import type { ChunkColumn, ColumnarChunk, ColumnarField, ColumnarFile, ColumnarFormat, ColumnarOpen, ColumnarReadOptions } from './source';

/**
 * Opens a NumPy .npz archive (np.savez, np.savez_compressed) as a table: one field per 1-D array
 * (named by its key), a vector field per 2-D array, `key.field` per field of a record array. An
 * .npy file under this name is read as one (np.load decides by content too). Never throws: a
 * damaged, truncated or unsupported file is one problem. O(directory + deflated entries) at open.
 * Example: `openNpz('eval.npz')` of `np.savez('eval.npz', y=y, logits=logits)` lists `y` (number)
 * and `logits` (vector, width = logits.shape[1]).
 */
export function openNpz(path: string): Promise<ColumnarOpen> {
  return openNumpy(path, 'npz');
}

/**
 * Opens a NumPy .npy file (np.save) as a table: a 1-D array is one column and a 2-D array one
 * vector field, both named after the file's stem; a 1-D record array gives one field per record
 * field (subarray fields are vectors). Rows are read from disk chunk by chunk. Never throws.
 * Example: `openNpy('logits.npy')` of a (300, 10) float64 array is one vector field `logits` of
 * width 10 and 300 rows.
 */
export function openNpy(path: string): Promise<ColumnarOpen> {
  return openNumpy(path, 'npy');
}

const DEFAULT_CHUNK_ROWS = 65_536;
/** Raw bytes one chunk reads at most however wide its rows (65,536 rows of 10,000 float64 are 5 GB). */
const MAX_CHUNK_BYTES = 64 * 2 ** 20;
/** Longest .npy header accepted (numpy's own default limit is 10,000 characters; record dtypes can be long). */
const MAX_HEADER_BYTES = 2 ** 24;
const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] as const;
const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const COPY_AGAIN = 'the file was probably copied or written only in part: copy or save it again';

const count = (n: number): string => n.toLocaleString('en-US');
type Opened = { ok: true; file: ColumnarFile } | { ok: false; problem: Problem };
const refuse = (message: string): { ok: false; problem: Problem } => ({ ok: false, problem: fileProblem(message) });

async function openNumpy(path: string, asked: ColumnarFormat): Promise<ColumnarOpen> {
  const stat = await statForReading(path);
  if (!stat.ok) return { ok: false, problem: stat.problem };
  const what = asked === 'npz' ? 'a NumPy .npz archive (np.savez) holds at least its table of contents' : 'a NumPy .npy file (np.save) holds at least its header';
  if (stat.size === 0) return refuse(`This file is empty: ${what}`);
  const { open } = await import('node:fs/promises');
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    return refuse(readErrorMessage(error, stat.size));
  }
  let result: Opened;
  try {
    const head = await fileWindow(handle, 0, stat.size).read(0, 8);
    if (startsWith(head, [0x50, 0x4b])) result = await openArchive(handle, stat.size, head);
    // A file cut within the magic still says it is cut short.
    else if (startsWith(head, NPY_MAGIC) || (head.length < NPY_MAGIC.length && startsWith(Uint8Array.from(NPY_MAGIC), head))) result = await openArray(handle, stat.size, fileStem(path));
    else result = refuse(notNumpy(asked, head));
  } catch (error) {
    result = refuse(readErrorMessage(error, stat.size));
  }
  if (!result.ok) await handle.close().catch(() => undefined);
  return result;
}

function notNumpy(asked: ColumnarFormat, head: Uint8Array): string {
  const shown = shownBytes(head);
  return asked === 'npz'
    ? `This is not a NumPy .npz file: an .npz is a ZIP archive of .npy arrays (np.savez), and this file starts with "${shown}"; it may be damaged, or another format saved under this name`
    : `This is not a NumPy .npy file: it does not start with NumPy's mark (\\x93NUMPY) but with "${shown}"; it may be damaged, or another format saved under this name`;
}

function startsWith(bytes: Uint8Array, prefix: ArrayLike<number>): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** Up to 8 bytes as text, non-printable ones as \xNN. */
function shownBytes(bytes: Uint8Array): string {
  let text = '';
  for (const c of bytes.subarray(0, 8)) text += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  return text;
}

/** The file name without its folder and last extension: 'runs/logits.npy' → 'logits'. */
function fileStem(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

// Bytes: the file, a window of it (a stored .npz entry), or an unpacked entry in memory.

/** The bytes of one .npy image. */
interface ByteSource {
  readonly length: number;
  /** Bytes [offset, offset + length) clipped to the source; the caller must not write to them. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

function fileWindow(handle: FileHandle, start: number, length: number): ByteSource {
  return {
    length,
    async read(offset, wanted) {
      const n = Math.max(0, Math.min(wanted, length - offset));
      const buffer = new Uint8Array(n);
      for (let done = 0; done < n; ) {
        const { bytesRead } = await handle.read(buffer, done, n - done, start + offset + done);
        if (bytesRead === 0) throw new Error('it became shorter while it was read (was it overwritten?)');
        done += bytesRead;
      }
      return buffer;
    },
  };
}

function memorySource(bytes: Uint8Array): ByteSource {
  return { length: bytes.length, read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)) };
}

// The .npy header: magic, version, then a Python dict literal such as
// {'descr': '<f8', 'fortran_order': False, 'shape': (300, 10), }

type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

interface NpyHeader {
  readonly descr: PyValue;
  readonly fortran: boolean;
  readonly shape: readonly number[];
  /** Where the array's bytes start in its .npy image. */
  readonly dataOffset: number;
}

type HeaderRead = { ok: true; header: NpyHeader } | { ok: false; reason: string };

/** The header of an .npy image, or why it cannot be read (a phrase after "The array … "). */
async function readHeader(source: ByteSource): Promise<HeaderRead> {
  const head = await source.read(0, 12);
  const cut = `is cut short: it ends within its header (${count(source.length)} bytes are there); ${COPY_AGAIN}`;
  if (!startsWith(head, NPY_MAGIC)) {
    if (head.length < NPY_MAGIC.length && NPY_MAGIC.slice(0, head.length).every((b, i) => head[i] === b)) return { ok: false, reason: cut };
    return { ok: false, reason: `does not start like a NumPy array (it starts with "${shownBytes(head)}"): it is damaged, or was not written by np.save` };
  }
  const major = head[6];
  if (major === undefined || head[7] === undefined) return { ok: false, reason: cut };
  if (major !== 1 && major !== 2 && major !== 3) {
    return { ok: false, reason: `was written in NumPy's file format version ${major}.${head[7]}, newer than the versions Entropy Lens reads (1.0, 2.0 and 3.0)` };
  }
  const lengthBytes = major === 1 ? 2 : 4;
  if (head.length < 8 + lengthBytes) return { ok: false, reason: cut };
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (headerLength > MAX_HEADER_BYTES) return { ok: false, reason: `has a damaged header: it claims to be ${count(headerLength)} bytes long` };
  if (dataOffset > source.length) return { ok: false, reason: cut };
  const bytes = await source.read(8 + lengthBytes, headerLength);
  // Versions 1.0 and 2.0 are Latin-1 (TextDecoder's 'latin1' is Windows-1252); 3.0 is UTF-8.
  let text = fromCodes(bytes);
  if (major === 3) {
    try {
      text = UTF8.decode(bytes);
    } catch {
      return { ok: false, reason: 'has a damaged header: it is not valid UTF-8 text' };
    }
  }
  let dict: PyValue;
  try {
    dict = new LiteralParser(text).parse();
  } catch (error) {
    if (!(error instanceof HeaderSyntaxError)) throw error;
    return { ok: false, reason: `has a damaged header: it is not the Python dictionary np.save writes (${error.message})` };
  }
  if (!(dict instanceof Map)) return { ok: false, reason: 'has a damaged header: it is not the Python dictionary np.save writes' };
  const descr = dict.get('descr');
  const fortran = dict.get('fortran_order');
  const shape = dict.get('shape');
  for (const [key, value] of [
    ['descr', descr],
    ['fortran_order', fortran],
    ['shape', shape],
  ] as const) {
    if (value === undefined) return { ok: false, reason: `has a damaged header: it lacks '${key}'` };
  }
  if (typeof fortran !== 'boolean') return { ok: false, reason: "has a damaged header: its 'fortran_order' is neither True nor False" };
  if (!Array.isArray(shape) || !shape.every((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    return { ok: false, reason: "has a damaged header: its 'shape' is not a tuple of sizes" };
  }
  return { ok: true, header: { descr: descr!, fortran, shape, dataOffset } };
}

class HeaderSyntaxError extends Error {}

/**
 * Python literals as numpy's header holds them (what numpy's safe_eval accepts there): dicts,
 * lists, tuples, strings (with u/b/r prefixes and escapes), integers (a Python 2 'L' suffix
 * allowed), True, False and None.
 */
class LiteralParser {
  private at = 0;

  constructor(private readonly text: string) {}

  parse(): PyValue {
    const value = this.value(0);
    this.space();
    if (this.at < this.text.length) this.fail('the end of the header');
    return value;
  }

  private fail(expected: string): never {
    const found = this.at < this.text.length ? `'${this.text[this.at]}'` : 'the end';
    throw new HeaderSyntaxError(`expected ${expected} at character ${this.at + 1}, found ${found}`);
  }

  private space(): void {
    while (this.at < this.text.length && ' \t\n\r\f\v'.includes(this.text[this.at]!)) this.at++;
  }

  private value(depth: number): PyValue {
    if (depth > 64) this.fail('a less deeply nested value');
    this.space();
    const c = this.text[this.at];
    if (c === '{') return this.dict(depth);
    if (c === '[') return this.sequence(']', depth).items;
    if (c === '(') {
      const { items, comma } = this.sequence(')', depth);
      // "(3)" is 3 in Python; "(3,)" a tuple.
      return items.length === 1 && !comma ? items[0]! : items;
    }
    const prefix = /^[uUbBrR]{0,2}['"]/.exec(this.text.slice(this.at, this.at + 3));
    if (prefix !== null) return this.string(prefix[0].length - 1);
    const integer = /^[-+]?\d+[lL]?/.exec(this.text.slice(this.at, this.at + 40));
    if (integer !== null) {
      this.at += integer[0].length;
      return Number(integer[0].replace(/[lL]$/, ''));
    }
    for (const [word, literal] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (this.text.startsWith(word, this.at) && !/\w/.test(this.text[this.at + word.length] ?? '')) {
        this.at += word.length;
        return literal;
      }
    }
    return this.fail('a value');
  }

  private dict(depth: number): Map<string, PyValue> {
    const map = new Map<string, PyValue>();
    this.at++;
    for (;;) {
      this.space();
      if (this.text[this.at] === '}') break;
      const key = this.value(depth + 1);
      if (typeof key !== 'string') this.fail('a quoted key');
      this.space();
      if (this.text[this.at] !== ':') this.fail("':'");
      this.at++;
      map.set(key, this.value(depth + 1));
      this.space();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== '}') this.fail("',' or '}'");
    }
    this.at++;
    return map;
  }

  private sequence(close: string, depth: number): { items: PyValue[]; comma: boolean } {
    const items: PyValue[] = [];
    let comma = false;
    this.at++;
    for (;;) {
      this.space();
      if (this.text[this.at] === close) break;
      items.push(this.value(depth + 1));
      this.space();
      if (this.text[this.at] === ',') {
        comma = true;
        this.at++;
      } else if (this.text[this.at] !== close) this.fail(`',' or '${close}'`);
    }
    this.at++;
    return { items, comma };
  }

  private string(prefixLength: number): string {
    const raw = /r/i.test(this.text.slice(this.at, this.at + prefixLength));
    this.at += prefixLength;
    const quote = this.text[this.at]!;
    this.at++;
    let out = '';
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined || c === '\n') this.fail(`a closing ${quote}`);
      this.at++;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.at];
      if (e === undefined) this.fail('an escaped character');
      this.at++;
      if (raw) {
        out += `\\${e}`;
        continue;
      }
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };
      if (e in simple) out += simple[e];
      else if (e === 'x' || e === 'u' || e === 'U') {
        const digits = { x: 2, u: 4, U: 8 }[e];
        const hex = this.text.slice(this.at, this.at + digits);
        const cp = /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits ? parseInt(hex, 16) : -1;
        if (cp < 0 || cp > 0x10ffff) this.fail(`${digits} hexadecimal digits`);
        out += String.fromCodePoint(cp);
        this.at += digits;
      } else if (/[0-7]/.test(e)) {
        const octal = /^[0-7]{0,2}/.exec(this.text.slice(this.at))![0];
        out += String.fromCharCode(parseInt(e + octal, 8));
        this.at += octal.length;
      } else out += `\\${e}`;
    }
  }
}

// dtypes: '<f8', '|b1', '<U10', '|S5', '<M8[ns]', or a record: [('y', '<i8'), ('p', '<f8', (3,))].

type TimeUnit = 'Y' | 'M' | 'W' | 'D' | 'h' | 'm' | 's' | 'ms' | 'us' | 'ns' | 'ps' | 'fs' | 'as';

/** A scalar type the reader decodes. */
type Scalar =
  | { readonly type: 'float'; readonly size: 2 | 4 | 8; readonly little: boolean }
  | { readonly type: 'int'; readonly size: 1 | 2 | 4 | 8; readonly signed: boolean; readonly little: boolean }
  | { readonly type: 'bool'; readonly size: 1 }
  | { readonly type: 'unicode'; readonly size: number; readonly little: boolean }
  | { readonly type: 'bytes'; readonly size: number }
  | { readonly type: 'datetime' | 'timedelta'; readonly size: 8; readonly unit: TimeUnit; readonly multiplier: bigint; readonly little: boolean };

/** Why a scalar type is refused; `size` (bytes) where known, so a record's offsets still add up. */
interface Refused {
  readonly refused: 'object' | 'complex' | 'float128' | 'void' | 'unknown';
  readonly size: number | undefined;
}

const UNIT_WORDS: Record<TimeUnit, string> = {
  Y: 'years',
  M: 'months',
  W: 'weeks',
  D: 'days',
  h: 'hours',
  m: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  ps: 'picoseconds',
  fs: 'femtoseconds',
  as: 'attoseconds',
};

function parseScalar(descr: string): Scalar | Refused {
  const match = /^([<>|=]?)([a-zA-Z?])(\d*)(?:\[(\d*)([a-zA-Z]+)\])?$/.exec(descr);
  if (match === null) return { refused: 'unknown', size: undefined };
  const [, order, code, digits, multiplier, unit] = match as unknown as [string, string, string, string, string | undefined, string | undefined];
  // numpy always spells the byte order; '=' (native) and '|' (not applicable) read as little-endian.
  const little = order !== '>';
  const size = digits === '' ? undefined : Number(digits);
  switch (code) {
    case 'f':
      if (size === 2 || size === 4 || size === 8) return { type: 'float', size, little };
      return { refused: size === 12 || size === 16 ? 'float128' : 'unknown', size };
    case 'i':
    case 'u':
      if (size === 1 || size === 2 || size === 4 || size === 8) return { type: 'int', size, signed: code === 'i', little };
      return { refused: 'unknown', size };
    case 'b':
    case '?':
      return size === 1 || (code === '?' && size === undefined) ? { type: 'bool', size: 1 } : { refused: 'unknown', size };
    case 'U':
      return { type: 'unicode', size: 4 * (size ?? 0), little };
    case 'S':
    case 'a':
      return { type: 'bytes', size: size ?? 0 };
    case 'O':
      return { refused: 'object', size: size ?? 8 };
    case 'c':
      return { refused: size === 8 || size === 16 ? 'complex' : size === 24 || size === 32 ? 'float128' : 'unknown', size };
    case 'V':
      return { refused: 'void', size };
    case 'M':
    case 'm':
      if (size === 8 && unit !== undefined && unit in UNIT_WORDS) {
        return { type: code === 'M' ? 'datetime' : 'timedelta', size, unit: unit as TimeUnit, multiplier: BigInt(multiplier === '' || multiplier === undefined ? 1 : multiplier), little };
      }
      return { refused: 'unknown', size: size ?? 8 };
    default:
      return { refused: 'unknown', size };
  }
}

const isRefused = (s: Scalar | Refused): s is Refused => 'refused' in s;
const isNumeric = (s: Scalar): boolean => s.type === 'float' || s.type === 'int' || s.type === 'bool';

/** numpy's name of a scalar type, for messages: float64, uint8, bool, <U10, datetime64[ns]. */
function dtypeWords(s: Scalar, descr: string): string {
  switch (s.type) {
    case 'float':
      return `float${8 * s.size}`;
    case 'int':
      return `${s.signed ? 'int' : 'uint'}${8 * s.size}`;
    case 'bool':
      return 'bool';
    default:
      return descr.replace(/^[<>|=]/, '');
  }
}

/** A value of an array's element: a scalar, or a fixed-length list of them (a subarray field). */
interface Leaf {
  /** Record field names down to this leaf; empty for a plain array. */
  readonly path: readonly string[];
  /** Byte offset in the element. */
  readonly offset: number;
  readonly scalar: Scalar;
  /** Values per element: 1, or a subarray field's length. */
  readonly count: number;
  /** A subarray field (a vector even when its length is 1). */
  readonly subarray: boolean;
  /** As the file spells it: '<f8', or '<f8 (3,)' for a subarray field. */
  readonly typeName: string;
}

interface Layout {
  readonly structured: boolean;
  readonly itemSize: number;
  readonly leaves: readonly Leaf[];
}

/** The words and hints a refusal of one array (or one of its record fields) is written with. */
interface Subject {
  /** "The array 'logits' in this .npz", "The array in this .npy file". */
  readonly array: string;
  /** "The field 'p' of the array 'preds' in this .npz". */
  field(path: readonly string[]): string;
  /** The array as a Python expression in a hint: its key, or x. */
  readonly variable: string;
  /** How to save a fixed expression: np.savez(..., name=EXPRESSION) or np.save(path, EXPRESSION). */
  save(name: string, expression: string): string;
  /** What a field is named: the key (plain arrays) or the record path, dotted. */
  fieldName(path: readonly string[]): string;
}

type LayoutRead = { ok: true; layout: Layout } | { ok: false; message: string };

function readLayout(descr: PyValue, subject: Subject): LayoutRead {
  if (typeof descr === 'string') {
    const scalar = parseScalar(descr);
    if (isRefused(scalar)) return { ok: false, message: refusalMessage(scalar, descr, subject.array, subject, subject.variable, []) };
    return { ok: true, layout: { structured: false, itemSize: scalar.size, leaves: [{ path: [], offset: 0, scalar, count: 1, subarray: false, typeName: descr }] } };
  }
  if (!Array.isArray(descr)) return { ok: false, message: `${subject.array} has a damaged header: its 'descr' is not a type numpy writes` };
  const leaves: Leaf[] = [];
  const size = recordFields(descr, 0, [], leaves, subject);
  return typeof size === 'string' ? { ok: false, message: size } : { ok: true, layout: { structured: true, itemSize: size, leaves } };
}

/** Appends the leaves of a record descr; its size in bytes, or the refusal's message. */
function recordFields(descr: readonly PyValue[], base: number, path: readonly string[], leaves: Leaf[], subject: Subject): number | string {
  const damaged = `${subject.array} has a damaged header: its record type is not one numpy writes`;
  let offset = base;
  for (const item of descr) {
    if (!Array.isArray(item) || item.length < 2 || item.length > 3) return damaged;
    // A titled field is (('title', 'name'), type).
    const rawName = Array.isArray(item[0]) ? item[0][1] : item[0];
    const type = item[1]!;
    const rawShape = item[2] ?? [];
    const shape = typeof rawShape === 'number' ? [rawShape] : rawShape;
    if (typeof rawName !== 'string' || !Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) return damaged;
    const dims = shape as number[];
    const elements = dims.reduce((a, b) => a * b, 1);
    const fieldPath = [...path, rawName];
    if (Array.isArray(type)) {
      if (dims.length > 0) return `${subject.field(fieldPath)} is a subarray of records: only numbers, text and lists of numbers can be fields; save it as an array of its own`;
      const size = recordFields(type, offset, fieldPath, leaves, subject);
      if (typeof size === 'string') return size;
      offset += size;
      continue;
    }
    if (typeof type !== 'string') return damaged;
    const scalar = parseScalar(type);
    const size = scalar.size;
    if (size === undefined) return damaged;
    // Padding bytes of an aligned record have no name.
    if (rawName === '') {
      offset += size * elements;
      continue;
    }
    const expression = `${subject.variable}${fieldPath.map((n) => `[${pyString(n)}]`).join('')}`;
    if (isRefused(scalar)) return refusalMessage(scalar, type, subject.field(fieldPath), subject, expression, fieldPath);
    if (dims.length > 1) {
      return `${subject.field(fieldPath)} is a ${dims.map(count).join(' × ')} subarray per record: only a list of numbers per record can be read; save it as an array of its own: ${subject.save(fieldPath.at(-1)!, `${expression}.reshape(len(${subject.variable}), -1)`)}`;
    }
    if (dims.length === 1 && !isNumeric(scalar)) {
      return `${subject.field(fieldPath)} is a list of ${count(dims[0]!)} ${dtypeWords(scalar, type)} values per record: only lists of numbers can be read; save its items as arrays of their own`;
    }
    leaves.push({ path: fieldPath, offset, scalar, count: dims.length === 1 ? dims[0]! : 1, subarray: dims.length === 1, typeName: dims.length === 1 ? `${type} (${dims[0]},)` : type });
    offset += size * elements;
  }
  return offset - base;
}

function pyString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function refusalMessage(s: Refused, descr: string, who: string, subject: Subject, expression: string, path: readonly string[]): string {
  const name = path.at(-1) ?? subject.variable;
  switch (s.refused) {
    case 'object':
      return `${who} holds Python objects (pickled); save it with a numeric or string dtype: ${subject.save(name, `${expression}.astype(str)`)}`;
    case 'complex':
      return `${who} holds complex numbers (${descr}), which no loss reads; save the real part or the magnitude: ${subject.save(name, `np.abs(${expression})`)}`;
    case 'float128':
      return `${who} holds extended-precision floats (${descr}); save them as float64: ${subject.save(name, `${expression}.astype(np.float64)`)}`;
    case 'void':
      return `${who} holds raw bytes (${descr}), neither numbers nor text; save it with a numeric or string dtype`;
    case 'unknown':
      return `${who} has the type '${descr}', which Entropy Lens does not read; save it as numbers or strings: ${subject.save(name, `${expression}.astype(np.float64)`)}`;
  }
}

// Arrays to fields.

/** Where one array's rows are and how a chunk of them is fetched. */
interface ArrayPlan {
  readonly source: ByteSource;
  readonly dataOffset: number;
  readonly rows: number;
  /** Bytes of one row as a chunk delivers them (row-major). */
  readonly rowBytes: number;
  /** A Fortran-ordered 2-D array: value (r, c) at dataOffset + (c·rows + r)·itemSize. */
  readonly fortran: { readonly width: number; readonly itemSize: number } | undefined;
}

/** One field: which bytes of a row hold its values. */
interface FieldPlan {
  readonly field: ColumnarField;
  readonly array: ArrayPlan;
  readonly scalar: Scalar;
  readonly offset: number;
  /** Values per row, `step` bytes apart. */
  readonly width: number;
  readonly step: number;
}

type ArrayRead = { kind: 'fields'; rows: number; name: string; plans: FieldPlan[] } | { kind: 'scalar'; name: string } | { kind: 'refused'; message: string };

function planArray(header: NpyHeader, source: ByteSource, subject: Subject, name: string, scalarArray: 'skip' | 'refuse'): ArrayRead {
  // Before the type: a 0-D entry is often a pickled dict of settings (np.savez(..., config={...})).
  if (header.shape.length === 0 && scalarArray === 'skip') return { kind: 'scalar', name };
  const layout = readLayout(header.descr, subject);
  if (!layout.ok) return { kind: 'refused', message: layout.message };
  const { shape } = header;
  const { itemSize, leaves, structured } = layout.layout;
  const v = subject.variable;
  if (shape.length === 0) {
    return { kind: 'refused', message: `${subject.array} is a single value (a 0-D array), not a column of rows; save a 1-D array: ${subject.save(v, `np.atleast_1d(${v})`)}` };
  }
  const shapeText = shape.map(count).join(' × ');
  if (shape.length > 2) {
    return {
      kind: 'refused',
      message: `${subject.array} has ${shape.length} dimensions (${shapeText}): only 1-D arrays (a column) and 2-D arrays (a vector per row) can be read; flatten the trailing dimensions first: ${subject.save(v, `${v}.reshape(len(${v}), -1)`)}`,
    };
  }
  const leaf = leaves[0];
  if (shape.length === 2 && structured) {
    return { kind: 'refused', message: `${subject.array} is a 2-D array of records (${shapeText}): only 1-D record arrays can be read; save it flattened: ${subject.save(v, `${v}.reshape(-1)`)}` };
  }
  if (shape.length === 2 && leaf !== undefined && !isNumeric(leaf.scalar)) {
    return {
      kind: 'refused',
      message: `${subject.array} is a 2-D array of ${dtypeWords(leaf.scalar, leaf.typeName)} values (${shapeText}): only numbers make a vector per row; save each column as a 1-D array of its own`,
    };
  }
  const rows = shape[0]!;
  const width = shape.length === 2 ? shape[1]! : 1;
  const expected = rows * width * itemSize;
  if (!Number.isSafeInteger(expected)) return { kind: 'refused', message: `${subject.array} has a damaged header: its shape (${shapeText}) is too large to be real` };
  const available = Math.max(0, source.length - header.dataOffset);
  if (available < expected) {
    const what = structured ? `${count(rows)} records of ${count(itemSize)} bytes` : `${shapeText} ${dtypeWords(leaf!.scalar, leaf!.typeName)} values`;
    return { kind: 'refused', message: `${subject.array} is cut short: its header says ${what} (${count(expected)} bytes) but ${count(available)} bytes are there; ${COPY_AGAIN}` };
  }
  const array: ArrayPlan = {
    source,
    dataOffset: header.dataOffset,
    rows,
    rowBytes: width * itemSize,
    fortran: header.fortran && shape.length === 2 && width > 1 && rows > 1 ? { width, itemSize } : undefined,
  };
  const plans = leaves.map((l): FieldPlan => {
    const vectorWidth = shape.length === 2 ? width : l.count;
    const vector = shape.length === 2 || l.subarray;
    const kind = isNumeric(l.scalar) ? (vector ? 'vector' : 'number') : l.scalar.type === 'unicode' || l.scalar.type === 'bytes' ? 'text' : 'other';
    const typeName = shape.length === 2 ? `${l.typeName} (2-D)` : l.typeName;
    return {
      field: { name: subject.fieldName(l.path), kind, width: vector ? vectorWidth : 1, typeName },
      array,
      scalar: l.scalar,
      offset: l.offset,
      width: vector ? vectorWidth : 1,
      step: l.scalar.size,
    };
  });
  return { kind: 'fields', rows, name, plans };
}

function npySubject(stem: string): Subject {
  return {
    array: 'The array in this .npy file',
    field: (path) => `The field '${path.join('.')}' of the records in this .npy file`,
    variable: 'x',
    save: (_name, expression) => `np.save(path, ${expression})`,
    fieldName: (path) => (path.length === 0 ? stem : path.join('.')),
  };
}

function npzSubject(key: string): Subject {
  const variable = /^[A-Za-z_]\w*$/.test(key) ? key : 'x';
  return {
    array: `The array '${key}' in this .npz`,
    field: (path) => `The field '${path.join('.')}' of the array '${key}' in this .npz`,
    variable,
    save: (name, expression) => `np.savez(..., ${/^[A-Za-z_]\w*$/.test(name) ? name : 'x'}=${expression})`,
    fieldName: (path) => (path.length === 0 ? key : `${key}.${path.join('.')}`),
  };
}

async function openArray(handle: FileHandle, size: number, stem: string): Promise<Opened> {
  const source = fileWindow(handle, 0, size);
  const subject = npySubject(stem);
  const header = await readHeader(source);
  if (!header.ok) return refuse(`${subject.array} ${header.reason}`);
  const array = planArray(header.header, source, subject, stem, 'refuse');
  if (array.kind === 'refused') return refuse(array.message);
  if (array.kind === 'scalar') return refuse(`${subject.array} is a single value`);
  return { ok: true, file: new NumpyFile('npy', array.rows, size, array.plans, handle) };
}

// The .npz archive: a ZIP read from its central directory (ZIP64 too), one entry per array.

interface ZipEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
/** A little-endian 64-bit size; past 2^53 it cannot be a real size and is NaN (damaged). */
const u64 = (b: Uint8Array, at: number): number => {
  const value = u32(b, at + 4) * 2 ** 32 + u32(b, at);
  return Number.isSafeInteger(value) ? value : Number.NaN;
};

type Directory = { ok: true; entries: ZipEntry[] } | { ok: false; message: string };

async function readDirectory(file: ByteSource): Promise<Directory> {
  const damaged = { ok: false as const, message: `This .npz file is damaged: its table of contents does not read as a ZIP archive's; ${COPY_AGAIN}` };
  const tailStart = Math.max(0, file.length - (22 + 0xffff + 20));
  const tail = await file.read(tailStart, file.length - tailStart);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === ZIP_END && i + 22 + u16(tail, i + 20) <= tail.length) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    return {
      ok: false,
      message: `This .npz file is cut short: the ZIP archive's table of contents, which comes at its end, is missing, so its arrays cannot be found (np.load refuses it too); ${COPY_AGAIN}`,
    };
  }
  let entryCount = u16(tail, end + 10);
  let directorySize = u32(tail, end + 12);
  let directoryOffset = u32(tail, end + 16);
  if (end >= 20 && u32(tail, end - 20) === ZIP64_LOCATOR) {
    const record = await file.read(u64(tail, end - 20 + 8), 56);
    if (record.length < 56 || u32(record, 0) !== ZIP64_END) return damaged;
    entryCount = u64(record, 32);
    directorySize = u64(record, 40);
    directoryOffset = u64(record, 48);
  }
  if (!(directoryOffset + directorySize <= file.length) || !(entryCount * 46 <= directorySize)) return damaged;
  const directory = await file.read(directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  for (let i = 0, at = 0; i < entryCount; i++) {
    if (at + 46 > directory.length || u32(directory, at) !== ZIP_CENTRAL) return damaged;
    const flags = u16(directory, at + 8);
    const nameLength = u16(directory, at + 28);
    const extraLength = u16(directory, at + 30);
    const next = at + 46 + nameLength + extraLength + u16(directory, at + 32);
    if (next > directory.length) return damaged;
    const nameBytes = directory.subarray(at + 46, at + 46 + nameLength);
    // Bit 11: the name is UTF-8; else CP437, which equals Latin-1 for the ASCII names numpy writes.
    const name = flags & 0x800 ? new TextDecoder('utf-8').decode(nameBytes) : fromCodes(nameBytes);
    let compressedSize = u32(directory, at + 20);
    let size = u32(directory, at + 24);
    let localOffset = u32(directory, at + 42);
    // ZIP64 extra field (id 1): the 64-bit values of the fields set to 0xFFFFFFFF, in this order.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; x += 4 + u16(directory, x + 2)) {
      if (u16(directory, x) !== 1) continue;
      let field = x + 4;
      if (size === 0xffffffff) {
        size = u64(directory, field);
        field += 8;
      }
      if (compressedSize === 0xffffffff) {
        compressedSize = u64(directory, field);
        field += 8;
      }
      if (localOffset === 0xffffffff) localOffset = u64(directory, field);
      break;
    }
    if (![size, compressedSize, localOffset].every(Number.isSafeInteger)) return damaged;
    entries.push({ name, flags, method: u16(directory, at + 10), crc: u32(directory, at + 16), compressedSize, size, localOffset });
    at = next;
  }
  return { ok: true, entries };
}

type EntrySource = { ok: true; source: ByteSource } | { ok: false; message: string };

type Inflate = (data: Uint8Array, out: Uint8Array) => Uint8Array;

async function entrySource(file: ByteSource, handle: FileHandle, entry: ZipEntry, subject: Subject, inflate: () => Promise<Inflate>): Promise<EntrySource> {
  const damaged = (why: string): EntrySource => ({ ok: false, message: `${subject.array} is damaged: ${why}; ${COPY_AGAIN}` });
  if (entry.flags & 1) return { ok: false, message: `${subject.array} is encrypted: save the arrays again with np.savez, without a password` };
  const local = await file.read(entry.localOffset, 30);
  if (local.length < 30 || u32(local, 0) !== ZIP_LOCAL) return damaged('the archive does not hold it where its table of contents says');
  const dataStart = entry.localOffset + 30 + u16(local, 26) + u16(local, 28);
  if (dataStart + entry.compressedSize > file.length) {
    return { ok: false, message: `${subject.array} is cut short: ${count(Math.max(0, file.length - dataStart))} of its ${count(entry.compressedSize)} bytes are there; ${COPY_AGAIN}` };
  }
  if (entry.method === 0) {
    if (entry.size !== entry.compressedSize) return damaged('its sizes in the table of contents disagree');
    return { ok: true, source: fileWindow(handle, dataStart, entry.size) };
  }
  if (entry.method !== 8) {
    return {
      ok: false,
      message: `${subject.array} is compressed with a method Entropy Lens does not unpack (ZIP method ${entry.method}; numpy writes stored or deflated entries): save the arrays with np.savez or np.savez_compressed`,
    };
  }
  const unpack = await inflate();
  const compressed = await file.read(dataStart, entry.compressedSize);
  let out: Uint8Array;
  try {
    out = new Uint8Array(entry.size);
  } catch {
    return { ok: false, message: `${subject.array} is too large to unpack in memory (${count(entry.size)} bytes): save it with np.savez (not compressed), which is read from disk as needed` };
  }
  let unpacked: Uint8Array;
  try {
    unpacked = unpack(compressed, out);
  } catch {
    return damaged('its compressed bytes do not unpack');
  }
  const { crc32 } = await import('node:zlib');
  if (unpacked.length !== entry.size || (typeof crc32 === 'function' && crc32(unpacked) !== entry.crc)) return damaged("its unpacked bytes do not match the archive's checksum");
  return { ok: true, source: memorySource(unpacked) };
}

async function openArchive(handle: FileHandle, size: number, head: Uint8Array): Promise<Opened> {
  const file = fileWindow(handle, 0, size);
  const directory = await readDirectory(file);
  if (!directory.ok) {
    if (!startsWith(head, [0x50, 0x4b, 3, 4]) && !startsWith(head, [0x50, 0x4b, 5, 6])) return refuse(notNumpy('npz', head));
    return refuse(directory.message);
  }
  // np.load keys an entry by its name without '.npy'; a repeated name: the last one, as zipfile does.
  const byKey = new Map<string, ZipEntry>();
  for (const entry of directory.entries) if (entry.name.endsWith('.npy')) byKey.set(entry.name.slice(0, -4), entry);
  if (byKey.size === 0) return refuse('This .npz holds no NumPy arrays: its ZIP archive has no .npy files');
  let inflate: Inflate | undefined;
  const loadInflate = async (): Promise<Inflate> => {
    if (inflate === undefined) {
      const { inflateSync } = await import('fflate');
      inflate = (data, out) => inflateSync(data, { out });
    }
    return inflate;
  };
  const arrays: Extract<ArrayRead, { kind: 'fields' }>[] = [];
  const scalars: string[] = [];
  for (const [key, entry] of byKey) {
    const subject = npzSubject(key);
    const source = await entrySource(file, handle, entry, subject, loadInflate);
    if (!source.ok) return refuse(source.message);
    const header = await readHeader(source.source);
    if (!header.ok) return refuse(`${subject.array} ${header.reason}`);
    const array = planArray(header.header, source.source, subject, key, 'skip');
    if (array.kind === 'refused') return refuse(array.message);
    if (array.kind === 'scalar') scalars.push(key);
    else arrays.push(array);
  }
  if (arrays.length === 0) {
    return refuse(`This .npz holds no arrays with rows, only single values (0-D arrays: ${names(scalars)}); save the columns as 1-D arrays, one entry per row`);
  }
  const lengths = new Map<number, string[]>();
  for (const a of arrays) lengths.set(a.rows, [...(lengths.get(a.rows) ?? []), a.name]);
  if (lengths.size > 1) {
    const groups = [...lengths].map(([rows, keys], i) => (i > 0 ? `${names(keys)} ${count(rows)}` : `${names(keys)} ${keys.length === 1 ? 'has' : 'have'} ${count(rows)} rows`));
    return refuse(`The arrays in this .npz have different lengths: ${groups.join(', ')}; every array must have one entry per row`);
  }
  const plans = arrays.flatMap((a) => a.plans);
  const seen = new Set<string>();
  for (const plan of plans) {
    if (seen.has(plan.field.name)) return refuse(`Two arrays of this .npz give the field '${plan.field.name}' (an array of that name, and a record field of the same dotted name): rename one`);
    seen.add(plan.field.name);
  }
  return { ok: true, file: new NumpyFile('npz', arrays[0]!.rows, size, plans, handle) };
}

/** 'a', 'a and b', 'a, b and c', 'a, b, c and 4 more'. */
function names(keys: readonly string[]): string {
  if (keys.length === 1) return keys[0]!;
  if (keys.length > 3) return `${keys.slice(0, 3).join(', ')} and ${count(keys.length - 3)} more`;
  return `${keys.slice(0, -1).join(', ')} and ${keys.at(-1)}`;
}

// Reading rows.

class NumpyFile implements ColumnarFile {
  readonly fields: readonly ColumnarField[];
  private readonly plans = new Map<string, FieldPlan>();
  private closed = false;

  constructor(
    readonly format: ColumnarFormat,
    readonly rowCount: number,
    readonly byteLength: number,
    plans: readonly FieldPlan[],
    private readonly handle: FileHandle,
  ) {
    for (const plan of plans) this.plans.set(plan.field.name, plan);
    this.fields = plans.map((p) => p.field);
  }

  async read(fields: readonly string[], onChunk: (chunk: ColumnarChunk) => void | Promise<void>, options: ColumnarReadOptions = {}): Promise<Problem | undefined> {
    const file = `.${this.format} file`;
    if (this.closed) return fileProblem(`The ${file} was closed before it was read`);
    const unknown = fields.find((name) => !this.plans.has(name));
    if (unknown !== undefined) return fileProblem(`This ${file} has no field "${unknown}"`);
    const wanted = [...new Set(fields)].map((name) => this.plans.get(name)!);
    const clamp = (row: number, low: number): number => (Number.isFinite(row) ? Math.min(this.rowCount, Math.max(low, Math.floor(row))) : row > 0 ? this.rowCount : low);
    const start = clamp(options.start ?? 0, 0);
    const end = clamp(options.end ?? this.rowCount, start);
    const arrays = [...new Set(wanted.map((p) => p.array))];
    const rowBytes = arrays.reduce((sum, a) => sum + a.rowBytes, 0);
    const asked = options.chunkRows !== undefined && options.chunkRows >= 1 ? Math.floor(options.chunkRows) : DEFAULT_CHUNK_ROWS;
    const step = Math.max(1, Math.min(asked, rowBytes > 0 ? Math.floor(MAX_CHUNK_BYTES / rowBytes) : asked));
    for (let first = start; first < end; first += step) {
      if (options.signal?.aborted === true) return undefined;
      const last = Math.min(end, first + step);
      const bytes = new Map<ArrayPlan, Uint8Array>();
      try {
        if (this.closed) throw new Error('it was closed while it was read');
        for (const array of arrays) bytes.set(array, await rowsOf(array, first, last));
      } catch (error) {
        const why = readErrorMessage(error).replace(/^The file cannot be read: /, '');
        const rows = last - first === 1 ? `Row ${count(first)}` : `Rows ${count(first)}–${count(last - 1)}`;
        return { ...fileProblem(`${rows} of this ${file} could not be read: ${why.charAt(0).toLowerCase()}${why.slice(1)}`), row: first };
      }
      const columns = new Map<string, ChunkColumn>();
      for (const plan of wanted) columns.set(plan.field.name, decode(plan, bytes.get(plan.array)!, last - first));
      await onChunk({ firstRow: first, rowCount: last - first, columns });
    }
    return undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }
}

/** Rows [first, last) of an array, row-major (a Fortran-ordered array's columns transposed). */
async function rowsOf(array: ArrayPlan, first: number, last: number): Promise<Uint8Array> {
  const n = last - first;
  if (array.fortran === undefined) return array.source.read(array.dataOffset + first * array.rowBytes, n * array.rowBytes);
  const { width, itemSize } = array.fortran;
  const out = new Uint8Array(n * array.rowBytes);
  for (let c = 0; c < width; c++) {
    const column = await array.source.read(array.dataOffset + (c * array.rows + first) * itemSize, n * itemSize);
    for (let i = 0; i < n; i++) {
      const to = (i * width + c) * itemSize;
      for (let b = 0; b < itemSize; b++) out[to + b] = column[i * itemSize + b]!;
    }
  }
  return out;
}

function decode(plan: FieldPlan, bytes: Uint8Array, rows: number): ChunkColumn {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { scalar, offset, width, step } = plan;
  const rowBytes = plan.array.rowBytes;
  if (plan.field.kind === 'number' || plan.field.kind === 'vector') {
    const read = numberReader(scalar);
    const values = new Float64Array(rows * width);
    for (let i = 0; i < rows; i++) {
      const at = i * rowBytes + offset;
      for (let k = 0; k < width; k++) values[i * width + k] = read(view, at + k * step);
    }
    if (plan.field.kind === 'number') return { kind: 'number', values };
    return { kind: 'vector', width, values, lengths: new Int32Array(rows).fill(width) };
  }
  const values: (string | null)[] = new Array<string | null>(rows);
  for (let i = 0; i < rows; i++) values[i] = textAt(scalar, bytes, view, i * rowBytes + offset);
  return { kind: 'text', values };
}

type NumberReader = (view: DataView, at: number) => number;

function numberReader(s: Scalar): NumberReader {
  if (s.type === 'bool') return (v, at) => (v.getUint8(at) === 0 ? 0 : 1);
  if (s.type === 'float') {
    const little = s.little;
    if (s.size === 8) return (v, at) => v.getFloat64(at, little);
    if (s.size === 4) return (v, at) => v.getFloat32(at, little);
    return (v, at) => halfToNumber(v.getUint16(at, little));
  }
  if (s.type !== 'int') return () => Number.NaN;
  const little = s.little;
  switch (s.size) {
    case 1:
      return s.signed ? (v, at) => v.getInt8(at) : (v, at) => v.getUint8(at);
    case 2:
      return s.signed ? (v, at) => v.getInt16(at, little) : (v, at) => v.getUint16(at, little);
    case 4:
      return s.signed ? (v, at) => v.getInt32(at, little) : (v, at) => v.getUint32(at, little);
    case 8: {
      // hi·2^32 is exact and the one addition rounds the exact integer to the nearest double (ties
      // to even), as numpy's astype(float64) does: int64 beyond 2^53 becomes the nearest double.
      const hi = little ? 4 : 0;
      const lo = little ? 0 : 4;
      return s.signed ? (v, at) => v.getInt32(at + hi, little) * 2 ** 32 + v.getUint32(at + lo, little) : (v, at) => v.getUint32(at + hi, little) * 2 ** 32 + v.getUint32(at + lo, little);
    }
  }
}

/** An IEEE half-precision float's bits as a double (exact). */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function textAt(s: Scalar, bytes: Uint8Array, view: DataView, at: number): string | null {
  if (s.type === 'unicode') {
    let end = s.size / 4;
    while (end > 0 && view.getUint32(at + 4 * (end - 1), s.little) === 0) end--;
    const units: number[] = [];
    for (let j = 0; j < end; j++) {
      const cp = view.getUint32(at + 4 * j, s.little);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) units.push(0xfffd);
      else if (cp < 0x10000) units.push(cp);
      else units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    }
    return fromCodes(units);
  }
  if (s.type === 'bytes') {
    let end = s.size;
    while (end > 0 && bytes[at + end - 1] === 0) end--;
    const cell = bytes.subarray(at, at + end);
    if (cell.every((b) => b < 0x80)) return fromCodes(cell);
    try {
      return UTF8.decode(cell);
    } catch {
      return fromCodes(cell);
    }
  }
  if (s.type === 'datetime' || s.type === 'timedelta') {
    const raw = view.getBigInt64(at, s.little);
    if (raw === -(2n ** 63n)) return null; // NaT
    const value = raw * s.multiplier;
    return s.type === 'timedelta' ? `${value} ${UNIT_WORDS[s.unit]}` : dateText(value, s.unit);
  }
  return null;
}

/** A string from UTF-16 code units (or Latin-1 bytes), in slices that keep within the argument limit. */
function fromCodes(codes: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < codes.length; i += 8192) text += String.fromCharCode(...Array.prototype.slice.call(codes, i, i + 8192));
  return text;
}

const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));
const pad = (n: bigint, width: number): string => n.toString().padStart(width, '0');
/** Ticks per second of the units finer than a second. */
const SUBSECOND: Partial<Record<TimeUnit, [bigint, number]>> = { ms: [10n ** 3n, 3], us: [10n ** 6n, 6], ns: [10n ** 9n, 9], ps: [10n ** 12n, 12], fs: [10n ** 15n, 15], as: [10n ** 18n, 18] };
const PER_DAY: Partial<Record<TimeUnit, bigint>> = { h: 24n, m: 1440n, s: 86_400n };

/** A datetime64 value as numpy's str() spells it: '2021-03-04T05:06:07.123456789', '1969-12', '-1030'. */
function dateText(value: bigint, unit: TimeUnit): string {
  const year = (y: bigint): string => (y >= 0n ? pad(y, 4) : `-${pad(-y, 3)}`);
  if (unit === 'Y') return year(1970n + value);
  if (unit === 'M') return `${year(1970n + floorDiv(value, 12n))}-${pad(value - 12n * floorDiv(value, 12n) + 1n, 2)}`;
  const date = (days: bigint): string => {
    // Howard Hinnant's civil_from_days.
    const z = days + 719_468n;
    const era = floorDiv(z, 146_097n);
    const doe = z - era * 146_097n;
    const yoe = (doe - doe / 1460n + doe / 36_524n - doe / 146_096n) / 365n;
    const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
    const mp = (5n * doy + 2n) / 153n;
    const d = doy - (153n * mp + 2n) / 5n + 1n;
    const m = mp < 10n ? mp + 3n : mp - 9n;
    return `${year(yoe + era * 400n + (m <= 2n ? 1n : 0n))}-${pad(m, 2)}-${pad(d, 2)}`;
  };
  if (unit === 'W') return date(value * 7n);
  if (unit === 'D') return date(value);
  const sub = SUBSECOND[unit];
  const perSecond = sub?.[0] ?? 1n;
  const perDay = PER_DAY[unit] ?? 86_400n * perSecond;
  const days = floorDiv(value, perDay);
  const ticks = value - days * perDay;
  if (unit === 'h') return `${date(days)}T${pad(ticks, 2)}`;
  if (unit === 'm') return `${date(days)}T${pad(ticks / 60n, 2)}:${pad(ticks % 60n, 2)}`;
  const seconds = ticks / perSecond;
  const clock = `${date(days)}T${pad(seconds / 3600n, 2)}:${pad((seconds / 60n) % 60n, 2)}:${pad(seconds % 60n, 2)}`;
  return sub === undefined ? clock : `${clock}.${pad(ticks % perSecond, sub[1])}`;
}
