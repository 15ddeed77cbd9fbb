// Distinct label texts with small integer ids, found from a CSV field's characters without building
// a string per row: a streamed label column repeats a few values millions of times, and one string
// per row cost ~15 % of the stream's CPU time in its making, garbage collection and Map look-ups.
import { unquoteField } from './csvScanner';

const QUOTE = 0x22;

export class LabelInterner {
  /** Texts by id, in order of first appearance (the empty text never gets an id). */
  readonly texts: string[] = [];
  /** Per id: whether the text is all white space (a missing label, still counted as a value). */
  readonly blank: boolean[] = [];
  private readonly ids = new Map<string, number>();
  /** Open addressing over the raw characters of unquoted fields: slot → id + 1, 0 when empty. */
  private slots = new Int32Array(64);
  private unquoted = 0;

  /** The id of `text`, added when new; -1 for the empty text. */
  idOf(text: string): number {
    if (text === '') return -1;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
      this.blank.push(text.trim() === '');
    }
    return id;
  }

  /**
   * The id of the CSV field `text[start, end)` as unquoteField would spell it, -1 when empty. An
   * unquoted field is looked up by its characters (hash, then compare); a quoted one is unquoted.
   */
  idOfField(text: string, start: number, end: number): number {
    if (end === start) return -1;
    if (text.charCodeAt(start) === QUOTE) return this.idOf(unquoteField(text, start, end));
    const mask = this.slots.length - 1;
    let slot = hashRange(text, start, end) & mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      if (sameText(this.texts[entry - 1]!, text, start, end)) return entry - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.idOf(text.slice(start, end));
    this.slots[slot] = id + 1;
    if (++this.unquoted * 2 > this.slots.length) this.grow();
    return id;
  }

  /**
   * `idOfField` over the same field as ASCII bytes (the streaming reader's chunk before decoding):
   * the same id, with a string made only for a text seen for the first time or a quoted field.
   */
  idOfFieldBytes(bytes: Buffer, start: number, end: number): number {
    if (end === start) return -1;
    if (bytes[start] === QUOTE) {
      const field = bytes.toString('latin1', start, end);
      return this.idOf(unquoteField(field, 0, field.length));
    }
    const mask = this.slots.length - 1;
    let slot = hashBytes(bytes, start, end) & mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      if (sameBytes(this.texts[entry - 1]!, bytes, start, end)) return entry - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.idOf(bytes.toString('latin1', start, end));
    this.slots[slot] = id + 1;
    if (++this.unquoted * 2 > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 1;
    for (const entry of old) {
      if (entry === 0) continue;
      const label = this.texts[entry - 1]!;
      let slot = hashRange(label, 0, label.length) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}

/** FNV-1a over UTF-16 code units. */
function hashRange(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function sameText(label: string, text: string, start: number, end: number): boolean {
  if (label.length !== end - start) return false;
  for (let i = 0; i < label.length; i++) if (label.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** hashRange over bytes: for ASCII the same hash as over the decoded text's code units. */
function hashBytes(bytes: Buffer, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

function sameBytes(label: string, bytes: Buffer, start: number, end: number): boolean {
  if (label.length !== end - start) return false;
  for (let i = 0; i < label.length; i++) if (label.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}
