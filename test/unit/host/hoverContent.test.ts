// The hover's Markdown on real analyses: clipping of p(true) said in words (ε and 1 − ε, or an
// infinite loss without clipping), tied rows marked as ties, perfect rows never ranked as "worst
// N %", the row's id shown when the file has an id column.
import { describe, expect, it } from 'vitest';
import { clippingOf, hoverMarkdown } from '../../../src/host/hoverContent';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import type { RawSettings } from '../../../src/host/analysisOptions';
import type { AnalysisResult } from '../../../src/protocol/analysis';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDocument } from '../../../src/worker/analyzeTable';

function analyze(text: string, settings: RawSettings = {}): AnalysisResult {
  return analyzeDocument(
    {
      type: 'analyze',
      id: 1,
      kind: 'analyze',
      source: { kind: 'document', uri: 'file:///data/rows.csv', version: 1, fileName: 'rows.csv', languageId: 'csv', text },
      options: resolveAnalysisOptions({ logBase: 'e', ...settings }),
      cancelFlag: createCancelFlag(),
    },
    { isCancelled: () => false, progress: () => undefined },
  );
}

function hover(result: AnalysisResult, row: number): string {
  return hoverMarkdown(result, row, { stale: false, problems: result.problems.filter((p) => p.row === row) });
}

/** 6 rows: one p(dog) = 0 for a dog, two perfect cats, three rows tied at p(true) = 0.8. */
const CLIPPED = ['transaction_id,label,p_cat,p_dog', 'tx_00ab10,dog,1,0', 'tx_00ab11,cat,1,0', 'tx_00ab12,cat,0.8,0.2', 'tx_00ab13,dog,0.2,0.8', 'tx_00ab14,cat,1,0', 'tx_00ab15,dog,0.2,0.8'].join(
  '\n',
);

describe('hover: clipping', () => {
  const result = analyze(CLIPPED);
  it('says that p(true) = 0 was clipped to ε and gives the clipped loss', () => {
    expect(result.rows.idColumn).toBe('transaction_id');
    const text = hover(result, 0);
    expect(text).toContain('p(true) 0, clipped to ε = 2.22045e-16');
    expect(text).toContain('**36.0437 nats**');
    expect(text).toContain('worst 16.7 % (rank 1 of 6)');
  });
  it('does not repeat the information problem of that row as a problem line', () => {
    expect(result.problems.some((p) => p.row === 0 && p.code === 'true-class-probability-zero')).toBe(true);
    expect(hover(result, 0)).not.toContain('$(info)');
  });
  it('says when p(true) = 1 was clipped to 1 − ε: a perfect row is the lowest loss, tied, never "worst N %"', () => {
    const text = hover(result, 1);
    expect(text).toContain('p(true) 1, clipped to 1 − ε');
    expect(text).toContain('a perfect prediction (p(true) = 1)');
    expect(text).toContain('the lowest loss, shared with 1 other row');
    expect(text).not.toContain('rank 5 of 6');
    expect(text).not.toMatch(/worst [0-9]/);
    expect(text).not.toContain('of total');
  });
  it('marks tied rows as ties with a shared rank', () => {
    for (const row of [2, 3, 5]) expect(hover(result, row)).toContain('rank 2 of 6, tied with 2 other rows');
  });
  it('shows an infinite loss, not a clip, when clipping is off', () => {
    const unclipped = analyze(CLIPPED, { epsilon: 'none' });
    const text = hover(unclipped, 0);
    expect(text).toContain('p(true) 0, not clipped (ε none): an infinite loss');
    expect(text).toContain('**∞ nats**');
    expect(text).not.toContain('clipped to');
    expect(hover(unclipped, 1)).toContain('a perfect prediction (p(true) = 1)');
    expect(hover(unclipped, 1)).not.toContain('clipped');
  });
  it("uses the result's own ε (Keras 1e-7 here)", () => {
    expect(hover(analyze(CLIPPED, { epsilon: 'keras' }), 0)).toContain('p(true) 0, clipped to ε = 1e-7');
  });
  it('never calls logits clipped', () => {
    const logits = analyze('label,z_cat,z_dog\ncat,-800,800\ndog,0,1\n', {});
    const model = logits.models[0];
    expect(model?.columns.kind).toBe('logits');
    expect(clippingOf(model!, 0, logits.epsilon)).toBe('none');
    expect(hover(logits, 0)).not.toContain('clipped');
  });
});

describe('hover: the row id', () => {
  it("shows the id column and the row's id in the heading", () => {
    expect(hover(analyze(CLIPPED), 2).split('\n')[0]).toBe('**Entropy Lens** · row 3 (line 4) · transaction\\_id `tx_00ab12`');
  });
  it('cuts long free text and keeps backticks inert', () => {
    const long = 'x'.repeat(200);
    const text = analyze(`review_id,label,p\n\`r\`1,1,0.9\n${long},0,0.2\n`);
    expect(text.rows.idColumn).toBe('review_id');
    expect(hover(text, 0)).toContain('review\\_id `` `r`1 ``');
    expect(hover(text, 1)).toContain(`\`${'x'.repeat(79)}…\``);
  });
  it('shows no id when the file has no id column', () => {
    const plain = analyze('label,p\n1,0.9\n0,0.2\n');
    expect(plain.rows.idColumn).toBeNull();
    expect(hover(plain, 0).split('\n')[0]).toBe('**Entropy Lens** · row 1 (line 2)');
  });
});

describe('hover: ranks', () => {
  it('reads "the only scored row" for a one-row file', () => {
    expect(hover(analyze('label,p\n1,0.9\n'), 0)).toContain('the only scored row');
  });
  it('keeps "worst N %" for a row without ties', () => {
    const text = hover(analyze('label,p\n1,0.9\n0,0.6\n1,0.7\n0,0.1\n'), 1);
    expect(text).toContain('worst 25 % (rank 1 of 4)');
  });
  // Ten rows of label 1 with p(true) 0.5, 0.55, …, 0.95: row k has rank 10 − k.
  const tenRows = analyze(`label,p\n${Array.from({ length: 10 }, (_, k) => `1,${(0.5 + 0.05 * k).toFixed(2)}`).join('\n')}\n`);
  it('says a row in the worse half from the worst end, the middle row included', () => {
    expect(hover(tenRows, 0)).toContain('worst 10 % (rank 1 of 10)');
    expect(hover(tenRows, 4)).toContain('worst 50 % (rank 5 of 10)');
  });
  it('says a row in the better half from the best end, never "worst 90 %"', () => {
    expect(hover(tenRows, 5)).toContain('best 50 % (rank 6 of 10)');
    const second = hover(tenRows, 8);
    expect(second).toContain('best 20 % (rank 9 of 10)');
    expect(second).not.toMatch(/worst [0-9]/);
    expect(hover(tenRows, 9)).toContain('the lowest loss (rank 10 of 10)');
  });
  it('says the lowest loss shared with its ties, without a rank that reads like a place', () => {
    // 150 rows: 136 perfect (p(true) = 1), 14 others with distinct losses.
    const lines = [...Array.from({ length: 14 }, (_, k) => `1,${(0.3 + 0.05 * k).toFixed(2)}`), ...Array.from({ length: 136 }, () => '1,1')];
    const text = hover(analyze(`label,p\n${lines.join('\n')}\n`), 20);
    expect(text).toContain('the lowest loss, shared with 135 other rows');
    expect(text).not.toContain('rank 15 of 150');
  });
});

describe('hover on a guessed class order', async () => {
  const { analyzeFixture } = await import('./realistic');

  it("says the class order the row's numbers rest on was guessed, and where to fix it", () => {
    const guessed = analyzeFixture('digits-names.jsonl');
    expect(hover(guessed, 0)).toContain('$(warning) class order guessed from the data: see the warning in Problems');
    const named = analyzeFixture('digits-names-classes.jsonl');
    expect(hover(named, 0)).not.toContain('guessed');
  });

  it('says "positive class" for a one-column model', () => {
    expect(hover(analyzeFixture('breast-cancer-proba.csv'), 0)).toContain('$(warning) positive class guessed from the data');
  });
});
