// What a file is before it is parsed: a regular file or not, text in which encoding (UTF-8, or
// UTF-16 / UTF-32 named by a byte-order mark), or a binary format (Parquet, ZIP, gzip, ...). Every
// read road (in memory, in parts, streamed) asks here, so a refusal reads the same everywhere.
import { isAscii } from 'node:buffer';
import type { ColumnarFormat } from './columnar/source';
import type { Problem } from './types';

/** The encodings a file's bytes are decoded from. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/** What the first bytes of a file say: text in an encoding (with the BOM's length), or a refusal. */
export type ByteSniff = { kind: 'text'; encoding: TextEncoding; bomLength: number } | { kind: 'binary'; problem: Problem; columnar?: ColumnarFormat };

/** How many bytes at the head of a file are sniffed (git looks at 8,000 for a NUL byte). */
export const SNIFF_BYTES = 8192;

/** The head window of VS Code's UTF-16-without-BOM guess (NUL bytes all on odd or all on even offsets). */
const UTF16_GUESS_BYTES = 512;

const READS = 'Entropy Lens reads CSV, TSV, JSON and JSON Lines text, and Parquet, Arrow IPC / Feather v2 and NumPy .npy / .npz files';

interface Magic {
  bytes: readonly number[];
  at?: number;
  /** "This is ${what}, not text". */
  what: string;
  /** What to do instead. */
  action: string;
  /** A binary format Entropy Lens reads itself (columnar/): the problem is then only for text roads. */
  columnar?: ColumnarFormat;
}

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));
const CONVERT = 'convert it to CSV first';
/** What to do with a binary file Entropy Lens reads from disk but not as an editor's text. */
const OPEN_ON_DISK = 'analyse it from disk instead (Entropy Lens: Analyze File on Disk…, or the entropy-lens command line)';

/** Formats recognised by their first bytes, most specific first. */
const MAGICS: readonly Magic[] = [
  { bytes: ascii('PAR1'), what: 'a Parquet file', action: OPEN_ON_DISK, columnar: 'parquet' },
  { bytes: ascii('ARROW1'), what: 'an Apache Arrow (Feather v2) file', action: OPEN_ON_DISK, columnar: 'arrow' },
  // The Arrow IPC stream format opens with a continuation marker (never valid UTF-8 text).
  { bytes: [0xff, 0xff, 0xff, 0xff], what: 'an Apache Arrow IPC stream', action: OPEN_ON_DISK, columnar: 'arrow' },
  { bytes: ascii('FEA1'), what: 'a Feather v1 file', action: `save it again as Feather v2, which Entropy Lens reads (pandas: pd.read_feather(path).to_feather(path)), or ${CONVERT}` },
  { bytes: [0x93, ...ascii('NUMPY')], what: 'a NumPy .npy array', action: OPEN_ON_DISK, columnar: 'npy' },
  { bytes: [0x89, ...ascii('HDF\r\n'), 0x1a, 0x0a], what: 'an HDF5 file', action: `${CONVERT} (pandas: pd.read_hdf(path).to_csv("out.csv", index=False))` },
  { bytes: [...ascii('SQLite format 3'), 0], what: 'an SQLite database', action: 'export a table as CSV first (sqlite3 -header -csv FILE "select * from TABLE")' },
  { bytes: [...ascii('Obj'), 1], what: 'an Avro file', action: CONVERT },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file', action: 'decompress it first (gunzip FILE)' },
  { bytes: ascii('BZh'), what: 'a bzip2-compressed file', action: 'decompress it first (bunzip2 FILE)' },
  { bytes: [0xfd, ...ascii('7zXZ'), 0], what: 'an xz-compressed file', action: 'decompress it first (unxz FILE)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a Zstandard-compressed file', action: 'decompress it first (unzstd FILE)' },
  { bytes: [...ascii('7z'), 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive', action: 'extract the data file first' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'a legacy Microsoft Office file (.xls)', action: 'save the sheet as CSV first (File › Save As › CSV)' },
  { bytes: [0x89, ...ascii('PNG\r\n'), 0x1a, 0x0a], what: 'a PNG image', action: 'open the data file instead' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', action: 'open the data file instead' },
  { bytes: ascii('GIF8'), what: 'a GIF image', action: 'open the data file instead' },
  { bytes: ascii('%PDF-'), what: 'a PDF document', action: 'open the data file instead' },
  { bytes: [0x7f, ...ascii('ELF')], what: 'an executable program', action: 'open the data file instead' },
  { bytes: ascii('ustar'), at: 257, what: 'a tar archive', action: 'extract the data file first (tar -xf FILE)' },
];

/** Python pickles start with the PROTO opcode 0x80 and a protocol number 2–5. */
const PICKLE: Magic = { bytes: [], what: 'a Python pickle', action: `${CONVERT} (pandas: pd.read_pickle(path).to_csv("out.csv", index=False))` };

/** A byte (or, for decoded text, a character code) at an offset; -1 past the end. */
type ByteAt = (offset: number) => number;

/**
 * What a file's first bytes are (pass at least the first {@link SNIFF_BYTES}, or the whole file).
 * Text: a byte-order mark names UTF-8, UTF-16 or UTF-32 (LE/BE); without one, NUL bytes all on odd
 * (or all on even) offsets of the first 512 bytes mean UTF-16 LE (BE), VS Code's guess; otherwise
 * UTF-8. Binary: a known magic number (Parquet, Arrow, NumPy, HDF5, SQLite, ZIP/xlsx/npz, gzip,
 * bzip2, xz, zstd, 7z, xls, images, PDF, ELF, tar, pickle) or a NUL byte in the first 8 KiB: one
 * file-level `read-error` problem naming the format (or the NUL byte's line and column) and what to
 * do. O(head).
 * Example: `sniffBytes(Buffer.from('PAR1...'))` is binary with the message "This is a Parquet file, not text: …".
 */
export function sniffBytes(head: Uint8Array): ByteSniff {
  const at: ByteAt = (i) => (i < head.length ? head[i]! : -1);
  const b0 = at(0);
  const b1 = at(1);
  if (b0 === 0xff && b1 === 0xfe && at(2) === 0 && at(3) === 0) return { kind: 'text', encoding: 'utf-32le', bomLength: 4 };
  if (b0 === 0 && b1 === 0 && at(2) === 0xfe && at(3) === 0xff) return { kind: 'text', encoding: 'utf-32be', bomLength: 4 };
  if (b0 === 0xef && b1 === 0xbb && at(2) === 0xbf) return { kind: 'text', encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { kind: 'text', encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { kind: 'text', encoding: 'utf-16be', bomLength: 2 };
  const binary = binaryProblem(at, Math.min(head.length, SNIFF_BYTES), true);
  if (binary === 'utf-16le' || binary === 'utf-16be') return { kind: 'text', encoding: binary, bomLength: 0 };
  if (binary !== undefined) return { kind: 'binary', ...binary };
  return { kind: 'text', encoding: 'utf-8', bomLength: 0 };
}

/**
 * The same check on text already decoded (a document VS Code hands over, a streamed text): a known
 * magic number at its start, or a NUL character in its first 8 KiB, gives the file-level problem.
 * Undefined for text. O(first 8 KiB).
 */
export function sniffText(text: string): Problem | undefined {
  const result = binaryProblem((i) => (i < text.length ? text.charCodeAt(i) : -1), Math.min(text.length, SNIFF_BYTES), false);
  return typeof result === 'string' ? undefined : result?.problem;
}

/** A binary head's problem, and the columnar format when Entropy Lens reads it from disk. */
interface BinaryHead {
  problem: Problem;
  columnar?: ColumnarFormat;
}

function binaryProblem(at: ByteAt, length: number, guessUtf16: boolean): BinaryHead | 'utf-16le' | 'utf-16be' | undefined {
  for (const magic of MAGICS) {
    // A magic of printable letters ("PAR1") could begin a CSV header: binary bytes must follow.
    if (matches(at, magic.bytes, magic.at ?? 0) && (!magic.bytes.every(isPrintable) || hasControlByte(at, length))) return magicHead(magic, at);
  }
  if (at(0) === 0x50 && at(1) === 0x4b && ((at(2) === 3 && at(3) === 4) || (at(2) === 5 && at(3) === 6) || (at(2) === 7 && at(3) === 8))) return magicHead(zipKind(at), at);
  if (at(0) === 0x80 && at(1) >= 2 && at(1) <= 5) return magicHead(PICKLE, at);
  let firstNul = -1;
  let nulOnOdd = true;
  let nulOnEven = true;
  for (let i = 0; i < length; i++) {
    const zero = at(i) === 0;
    if (zero && firstNul < 0) firstNul = i;
    if (i < UTF16_GUESS_BYTES) {
      // UTF-16 LE of ASCII: every odd byte is 0 and no even one; BE the other way round.
      const odd = (i & 1) === 1;
      if (odd !== zero) nulOnOdd = false;
      if (odd === zero) nulOnEven = false;
    } else if (firstNul >= 0) {
      break;
    }
  }
  if (firstNul < 0) return undefined;
  if (guessUtf16 && nulOnOdd) return 'utf-16le';
  if (guessUtf16 && nulOnEven) return 'utf-16be';
  const { line, character } = positionOf(at, firstNul);
  return {
    problem: fileProblem(`This file holds binary data, not text (a NUL byte at line ${line + 1}, column ${character + 1}): ${READS}. If it is text in another encoding, save it as UTF-8`, {
      line,
      character,
      offset: firstNul,
      raw: '\\x00',
    }),
  };
}

function isPrintable(byte: number): boolean {
  return byte >= 0x20 && byte < 0x7f;
}

/** A control byte other than tab, line feed, carriage return and form feed (none is in text). */
function hasControlByte(at: ByteAt, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) return true;
  }
  return false;
}

function matches(at: ByteAt, bytes: readonly number[], offset: number): boolean {
  for (let i = 0; i < bytes.length; i++) if (at(offset + i) !== bytes[i]) return false;
  return true;
}

/** A ZIP archive, named after its first entry where that tells (an Excel workbook, a NumPy .npz). */
function zipKind(at: ByteAt): Magic {
  // The first local file header: name length at 26 (little-endian), name from 30.
  const nameLength = at(26) + 256 * at(27);
  let name = '';
  for (let i = 0; i < Math.min(Math.max(nameLength, 0), 100); i++) name += String.fromCharCode(Math.max(at(30 + i), 0));
  if (name.startsWith('xl/') || name === '[Content_Types].xml' || name.startsWith('docProps/')) {
    return {
      bytes: [],
      what: 'an Excel workbook or another Office document (.xlsx, a ZIP archive)',
      action: 'save the sheet as CSV first (File › Save As › CSV, or pandas: pd.read_excel(path).to_csv("out.csv", index=False))',
    };
  }
  if (name.endsWith('.npy')) return { bytes: [], what: 'a NumPy .npz archive', action: OPEN_ON_DISK, columnar: 'npz' };
  return { bytes: [], what: 'a ZIP archive', action: 'extract the data file first (unzip FILE)' };
}

function magicHead(magic: Magic, at: ByteAt): BinaryHead {
  const problem = magicProblem(magic, at);
  return magic.columnar === undefined ? { problem } : { problem, columnar: magic.columnar };
}

function magicProblem(magic: Magic, at: ByteAt): Problem {
  let raw = '';
  for (let i = 0; i < 8 && at(i) >= 0; i++) {
    const c = at(i);
    raw += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return fileProblem(`This is ${magic.what}, not text: ${READS}; ${magic.action}`, { raw });
}

/** Line and column of a head offset, counting line feeds (the head is ASCII up to a binary byte). */
function positionOf(at: ByteAt, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (at(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** A problem about the file as a whole (`read-error`), at its start unless placed. */
export function fileProblem(message: string, where: { line?: number; character?: number; offset?: number; raw?: string } = {}): Problem {
  const line = where.line ?? 0;
  const character = where.character ?? 0;
  return { code: 'read-error', severity: 'error', message, line, character, endLine: line, endCharacter: character + 1, offset: where.offset ?? 0, raw: where.raw ?? '' };
}

/** A decoded file: its text (a leading BOM kept as U+FEFF, which the readers skip), or why it is refused. */
export type DecodedFile = { ok: true; text: string; encoding: TextEncoding } | { ok: false; problem: Problem };

/**
 * A whole file's bytes as text, from {@link sniffBytes}: UTF-8 (pure ASCII decodes as Latin-1,
 * the same string about twice as fast), UTF-16 LE/BE (TextDecoder) or UTF-32 LE/BE (decoded
 * here; TextDecoder has no UTF-32). A BOM stays in the text as U+FEFF, as for UTF-8, so every
 * encoding reads alike. A binary file, or text longer than a string can hold, is a problem. O(n).
 * Example: `decodeFileBytes(Buffer.from([0xff, 0xfe, 0x79, 0]))` is `{ok: true, text: '\ufeffy', encoding: 'utf-16le'}`.
 */
export function decodeFileBytes(bytes: Uint8Array): DecodedFile {
  const sniff = sniffBytes(bytes.subarray(0, SNIFF_BYTES));
  if (sniff.kind === 'binary') return { ok: false, problem: sniff.problem };
  try {
    return { ok: true, text: decodeAs(bytes, sniff.encoding), encoding: sniff.encoding };
  } catch (error) {
    return { ok: false, problem: fileProblem(readErrorMessage(error, bytes.length)) };
  }
}

/** Bytes decoded in one encoding; a UTF-16/32 BOM becomes U+FEFF at the start of the text. */
export function decodeAs(bytes: Uint8Array, encoding: TextEncoding): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (encoding) {
    case 'utf-8':
      return isAscii(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
    case 'utf-16le':
    case 'utf-16be':
      return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
    case 'utf-32le':
    case 'utf-32be':
      return new Utf32Decoder(encoding === 'utf-32le').decode(bytes, true);
  }
}

/**
 * UTF-32 to a string, chunk by chunk (a code point split across chunks is carried). Code points
 * past U+10FFFF, surrogates and a trailing partial unit become U+FFFD, as TextDecoder does.
 */
export class Utf32Decoder {
  private carried = new Uint8Array(0);

  constructor(private readonly littleEndian: boolean) {}

  decode(chunk: Uint8Array, final: boolean): string {
    let bytes = chunk;
    if (this.carried.length > 0) {
      bytes = new Uint8Array(this.carried.length + chunk.length);
      bytes.set(this.carried);
      bytes.set(chunk, this.carried.length);
    }
    const whole = bytes.length - (bytes.length % 4);
    const units = new Uint16Array(whole / 2 + 1);
    let n = 0;
    for (let i = 0; i < whole; i += 4) {
      const cp = this.littleEndian
        ? (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0
        : ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) units[n++] = 0xfffd;
      else if (cp < 0x10000) units[n++] = cp;
      else {
        const v = cp - 0x10000;
        units[n++] = 0xd800 + (v >> 10);
        units[n++] = 0xdc00 + (v & 0x3ff);
      }
    }
    this.carried = bytes.slice(whole);
    if (final && this.carried.length > 0) {
      units[n++] = 0xfffd;
      this.carried = new Uint8Array(0);
    }
    return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(units.subarray(0, n));
  }
}

/** The largest string V8 builds (Node's buffer.constants.MAX_STRING_LENGTH on 64-bit). */
const MAX_STRING_LENGTH = 2 ** 29 - 24;

/**
 * An I/O or decoding error in words a user can act on (no errno names, no internal limits'
 * jargon). `size`: the file's bytes when known, for the too-large message.
 */
export function readErrorMessage(error: unknown, size?: number): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  switch (code) {
    case 'ENOENT':
      return 'The file does not exist: check the path';
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied: the file cannot be opened for reading';
    case 'EISDIR':
      return 'This is a directory, not a file: name a CSV, TSV, JSON or JSON Lines file';
    case 'ENOTDIR':
      return 'The path goes through something that is not a directory: check the path';
    case 'ELOOP':
      return 'The path has too many symbolic links (a loop?): check the path';
    case 'ENAMETOOLONG':
      return 'The path is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'Too many files are open: close some and try again';
    case 'EIO':
      return 'The disk reported an error while the file was read (I/O error)';
    case 'ERR_FS_FILE_TOO_LARGE':
    case 'ERR_STRING_TOO_LONG':
      return tooLargeMessage(size);
    default: {
      const message = error instanceof Error ? error.message : String(error);
      if (/string longer than|Invalid string length|Array buffer allocation failed/i.test(message)) return tooLargeMessage(size);
      return `The file cannot be read: ${message}`;
    }
  }
}

function tooLargeMessage(size: number | undefined): string {
  const shown = size === undefined ? '' : ` (${(size / 2 ** 30).toFixed(1)} GiB)`;
  return `The file is too large to read into memory${shown}: a text of at most ${MAX_STRING_LENGTH.toLocaleString('en-US')} characters fits. Analyze File on Disk streams files of any size`;
}

/** What `fs.stat` says a path is, for the refusal of anything but a regular file. */
export interface StatLike {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  size: number;
}

/**
 * Why a path that is not a regular file cannot be read (a directory, a named pipe, a device such
 * as /dev/zero, a socket), or undefined for a regular file. Reading one would block (a FIFO),
 * fail late, or never end (/dev/zero), so every reader stats first.
 */
export function notRegularFileProblem(info: StatLike): Problem | undefined {
  if (info.isFile()) return undefined;
  const what = info.isDirectory()
    ? 'a directory'
    : info.isFIFO()
      ? 'a named pipe (FIFO)'
      : info.isCharacterDevice() || info.isBlockDevice()
        ? 'a device'
        : info.isSocket()
          ? 'a socket'
          : 'not a regular file';
  const action = info.isDirectory() ? 'name a CSV, TSV, JSON or JSON Lines file inside it' : 'save the data to a file and open that';
  return fileProblem(`This is ${what === 'not a regular file' ? 'something other than a file' : what}, not a regular file: ${action}`);
}

/**
 * Stats a path for reading: its size, or the problem that refuses it (missing, unreadable, not a
 * regular file). Never throws.
 */
export async function statForReading(path: string): Promise<{ ok: true; size: number } | { ok: false; problem: Problem }> {
  const { stat } = await import('node:fs/promises');
  try {
    const info = await stat(path);
    const problem = notRegularFileProblem(info);
    return problem === undefined ? { ok: true, size: info.size } : { ok: false, problem };
  } catch (error) {
    return { ok: false, problem: fileProblem(readErrorMessage(error)) };
  }
}

/** What {@link sniffedChunks} found at the head of a stream: why it refused it, and the source bytes read so far. */
export interface StreamSniff {
  problem: Problem | undefined;
  encoding: TextEncoding | undefined;
  sourceBytes: number;
}

/**
 * A file's chunks as the streaming reader takes them: the head (the first 8 KiB, gathered across
 * small chunks) is sniffed like a whole file; a binary file yields nothing and leaves its problem
 * in `sniff.problem`; UTF-16 and UTF-32 are decoded to strings chunk by chunk (a leading BOM kept
 * as U+FEFF, which the readers skip); UTF-8 bytes, and string chunks (already decoded, checked
 * with sniffText), pass as they are. `sniff.sourceBytes` counts the bytes read from `chunks`,
 * for progress in file bytes whatever the encoding. A chunk of `chunks` need only stay valid until
 * the next is asked for.
 */
export async function* sniffedChunks(chunks: AsyncIterable<Uint8Array | string>, sniff: StreamSniff): AsyncGenerator<Uint8Array | string> {
  const head: Uint8Array[] = [];
  let headLength = 0;
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    while (headLength < SNIFF_BYTES) {
      const next = await iterator.next();
      if (next.done === true) break;
      const chunk = next.value;
      if (typeof chunk === 'string') {
        sniff.sourceBytes += Buffer.byteLength(chunk, 'utf8');
        if (head.length === 0) {
          sniff.problem = sniffText(chunk);
          sniff.encoding = 'utf-8';
          if (sniff.problem !== undefined) return;
          yield chunk;
          yield* counted(iterator, sniff, undefined);
          return;
        }
        head.push(Buffer.from(chunk, 'utf8'));
      } else {
        sniff.sourceBytes += chunk.byteLength;
        // Copied: a source may reuse its buffer for the next chunk (the streaming reader's files do).
        head.push(Uint8Array.prototype.slice.call(chunk));
      }
      headLength += head[head.length - 1]!.byteLength;
    }
    const bytes = head.length === 1 ? head[0]! : Buffer.concat(head);
    const found = sniffBytes(bytes.subarray(0, SNIFF_BYTES));
    if (found.kind === 'binary') {
      sniff.problem = found.problem;
      return;
    }
    sniff.encoding = found.encoding;
    const decode = chunkDecoder(found.encoding);
    if (bytes.byteLength > 0) yield decode === undefined ? bytes : decode(bytes, false);
    yield* counted(iterator, sniff, decode);
    if (decode !== undefined) yield decode(new Uint8Array(0), true);
  } finally {
    await iterator.return?.();
  }
}

/** The rest of a stream, counted, decoded with `decode` when given. */
async function* counted(iterator: AsyncIterator<Uint8Array | string>, sniff: StreamSniff, decode: ((bytes: Uint8Array, final: boolean) => string) | undefined): AsyncGenerator<Uint8Array | string> {
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return;
    const chunk = next.value;
    sniff.sourceBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.byteLength;
    yield decode === undefined || typeof chunk === 'string' ? chunk : decode(chunk, false);
  }
}

/** A chunk decoder for UTF-16/32 (a code unit split across chunks is carried); undefined for UTF-8. */
function chunkDecoder(encoding: TextEncoding): ((bytes: Uint8Array, final: boolean) => string) | undefined {
  switch (encoding) {
    case 'utf-8':
      return undefined;
    case 'utf-16le':
    case 'utf-16be': {
      const decoder = new TextDecoder(encoding, { ignoreBOM: true });
      return (bytes, final) => decoder.decode(bytes, { stream: !final });
    }
    case 'utf-32le':
    case 'utf-32be': {
      const decoder = new Utf32Decoder(encoding === 'utf-32le');
      return (bytes, final) => decoder.decode(bytes, final);
    }
  }
}

/**
 * What the file at `path` is, from its first bytes: refused (not a regular file, unreadable,
 * binary: the problem) or text in an encoding. For the readers that cut a file into byte ranges,
 * which only UTF-8 allows. Never throws.
 */
export async function sniffFile(
  path: string,
): Promise<{ ok: true; size: number; encoding: TextEncoding; bomLength: number } | { ok: false; problem: Problem; columnar?: ColumnarFormat; size?: number }> {
  const stat = await statForReading(path);
  if (!stat.ok) return stat;
  const { open } = await import('node:fs/promises');
  try {
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(Math.min(SNIFF_BYTES, stat.size));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      const sniff = sniffBytes(head.subarray(0, bytesRead));
      if (sniff.kind === 'text') return { ok: true, size: stat.size, encoding: sniff.encoding, bomLength: sniff.bomLength };
      return sniff.columnar === undefined ? { ok: false, problem: sniff.problem } : { ok: false, problem: sniff.problem, columnar: sniff.columnar, size: stat.size };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, problem: fileProblem(readErrorMessage(error, stat.size)) };
  }
}
