// A cheap fingerprint of a document's text (its length and a 64-bit hash of its UTF-16 units), to
// tell whether a reopened document is the text an analysis was made from. Fed slice by slice, so
// the host hashes a large document a few slices per event-loop turn; the slices of a text give
// the same fingerprint as the whole. No vscode import (a LineSource reads the document).
import { documentSlices } from './documentText';
import type { LineSource } from './documentText';

/** Longest stretch of hashing on the host thread before it yields a turn. */
export const FINGERPRINT_TURN_MS = 8;

/** Length in UTF-16 units and two 32-bit hash lanes, as hex. */
export interface TextFingerprint {
  readonly length: number;
  readonly hash: string;
}

/**
 * Incremental two-lane multiplicative hash (the mixing of cyrb53, both lanes kept: 64 bits) over
 * UTF-16 code units. Not cryptographic: it tells an edited file from the one analysed (with the
 * length, an accidental match has a chance of about 2⁻⁶⁴), not a forged one. O(length).
 * Example: fingerprint('abc') equals the fingerprint of 'a' then 'bc'.
 */
export class TextHasher {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;
  private length = 0;

  update(text: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    this.length += text.length;
  }

  digest(): TextFingerprint {
    let h1 = this.h1 ^ this.length;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');
    return { length: this.length, hash: `${hex(h2)}${hex(h1)}` };
  }
}

/** The fingerprint of a whole text. */
export function fingerprint(text: string): TextFingerprint {
  const hasher = new TextHasher();
  hasher.update(text);
  return hasher.digest();
}

export function sameFingerprint(a: TextFingerprint, b: TextFingerprint): boolean {
  return a.length === b.length && a.hash === b.hash;
}

/**
 * The fingerprint of a document's text, read in the slices the worker would be sent and yielding
 * a turn every FINGERPRINT_TURN_MS, so hashing a 45 MB document never stalls the extension host;
 * undefined when `isCurrent` turns false on the way (the document changed or closed). O(length).
 */
export async function textFingerprint(document: LineSource, isCurrent: () => boolean): Promise<TextFingerprint | undefined> {
  const hasher = new TextHasher();
  const read = documentSlices(document, isCurrent).open();
  let turnStarted = performance.now();
  for (let slice = read(); slice !== undefined; slice = read()) {
    hasher.update(slice);
    if (performance.now() - turnStarted < FINGERPRINT_TURN_MS) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!isCurrent()) return undefined;
    turnStarted = performance.now();
  }
  return isCurrent() ? hasher.digest() : undefined;
}
