// Where small text labels beside plotted points go without piling up: each label is tried right of
// its point, then left of it, and kept only where its box stays inside the plot area and overlaps
// no label kept before it. Pure (no DOM), so the layout is unit-tested.

/** A box in CSS pixels: left, top, width, height. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A label wanted beside a point; a higher `priority` is placed first (e.g. the row count). */
export interface LabelCandidate {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly priority: number;
}

/** A kept label: its text anchor (bottom left, or bottom right when `align` is right) and its box. */
export interface PlacedLabel {
  readonly index: number;
  readonly x: number;
  readonly y: number;
  readonly align: 'left' | 'right';
  readonly box: Box;
}

export interface LabelLayout {
  /** Estimated width of one character (10-px system-ui digits are under 6 px). */
  readonly charWidth: number;
  /** Height of a line of label text. */
  readonly lineHeight: number;
  /** Gap between the point's centre and the label: the point's radius plus a little. */
  readonly offset: number;
  /** Space kept clear between two labels, so "×2" and "×3" never read as "×2×3". */
  readonly gap: number;
}

export const DEFAULT_LABEL_LAYOUT: LabelLayout = { charWidth: 6, lineHeight: 11, offset: 6, gap: 4 };

/** Whether two boxes come closer than `gap` pixels. */
function crowds(a: Box, b: Box, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

function inside(box: Box, area: Box): boolean {
  return box.x >= area.x && box.y >= area.y && box.x + box.width <= area.x + area.width && box.y + box.height <= area.y + area.height;
}

/**
 * Greedy placement: candidates by priority (highest first, then left to right), each above its
 * point to the right, else to the left; a label whose box would leave `area` or come within
 * `gap` of a kept label is dropped. O(m·k) for m candidates and k kept labels (k is bounded by the area).
 * Example: two "×2" labels 3 px apart → one is kept; a label at the right edge goes left.
 */
export function placeLabels(candidates: readonly LabelCandidate[], area: Box, layout: LabelLayout = DEFAULT_LABEL_LAYOUT): PlacedLabel[] {
  const order = candidates.map((_, i) => i).sort((a, b) => candidates[b]!.priority - candidates[a]!.priority || candidates[a]!.x - candidates[b]!.x);
  const kept: PlacedLabel[] = [];
  for (const index of order) {
    const c = candidates[index]!;
    const width = c.text.length * layout.charWidth;
    const bottom = c.y - layout.offset / 2;
    const top = bottom - layout.lineHeight;
    const right: Box = { x: c.x + layout.offset, y: top, width, height: layout.lineHeight };
    const left: Box = { x: c.x - layout.offset - width, y: top, width, height: layout.lineHeight };
    for (const [box, align] of [
      [right, 'left'],
      [left, 'right'],
    ] as const) {
      if (!inside(box, area) || kept.some((k) => crowds(k.box, box, layout.gap))) continue;
      kept.push({ index, x: align === 'left' ? box.x : box.x + width, y: bottom, align, box });
      break;
    }
  }
  return kept;
}
