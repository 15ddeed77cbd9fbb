import { describe, expect, it } from 'vitest';
import { escapeTableCell, identityLine, summaryFacts, summaryMarkdown, wrongRows } from '../../../src/webview/model/summary';
import { klSnapshot, threeClassSnapshot } from './snapshots';

const fact = (facts: { label: string; value: string }[], label: string): string | undefined => facts.find((f) => f.label === label)?.value;

describe('summary facts', () => {
  it('shows the 3-class model m1 at 1.989 bits with one error in three rows', () => {
    const facts = summaryFacts(threeClassSnapshot(), 'bits', 0);
    expect(fact(facts, 'Rows (n)')).toBe('3');
    expect(fact(facts, 'Mean cross-entropy')).toBe('1.989 bits');
    expect(fact(facts, 'Brier score')).toBe('0.8067');
    expect(fact(facts, 'Error rate')).toBe('33.3 %');
    expect(fact(facts, 'Accuracy')).toBe('66.7 %');
    expect(fact(facts, 'Label entropy H(Y)')).toBe('1.585 bits of max 1.585 bits (log 3)');
    expect(fact(facts, 'Class counts')).toBe('0: 1, 1: 1, 2: 1');
    expect(fact(facts, 'Clipped rows')).toBe('0 (ε = 2.220e−16)');
  });

  it('switches units in place: the same model in nats and dits', () => {
    const snapshot = threeClassSnapshot();
    expect(fact(summaryFacts(snapshot, 'nats', 1), 'Mean cross-entropy')).toBe('0.6391 nats');
    expect(fact(summaryFacts(snapshot, 'bits', 1), 'Mean cross-entropy')).toBe('0.9220 bits');
    expect(fact(summaryFacts(snapshot, 'dits', 1), 'Mean cross-entropy')).toBe('0.2776 dits');
    // Perplexity does not depend on the unit.
    expect(fact(summaryFacts(snapshot, 'dits', 1), 'Perplexity')).toBe(fact(summaryFacts(snapshot, 'bits', 1), 'Perplexity'));
  });

  it('lists the rows each model gets wrong', () => {
    const [m1, m2] = threeClassSnapshot().models;
    expect(wrongRows(m1!, 10)).toEqual({ rows: [2], total: 1 });
    expect(wrongRows(m2!, 10)).toEqual({ rows: [2], total: 1 });
  });

  it('states CE(P, Q) = H(P) + D(P‖Q) with the KL sample numbers (1 = 0.8113 + 0.1887 bits)', () => {
    const snapshot = klSnapshot();
    expect(identityLine(snapshot, 'bits')).toBe('CE(P, Q) = H(P) + D(P‖Q): 1.000 bits = 0.8113 bits + 0.1887 bits');
    const facts = summaryFacts(snapshot, 'bits');
    expect(fact(facts, 'D(P‖Q)')).toBe('0.1887 bits');
    expect(fact(facts, 'D(Q‖P)')).toBe('0.2075 bits');
  });

  it('explains the identity for hard labels as CE = 0 + mean KL', () => {
    expect(identityLine(threeClassSnapshot(), 'bits', 1)).toContain('mean CE 0.9220 bits = 0 + mean D(t‖p) 0.9220 bits');
  });
});

describe('summary as Markdown', () => {
  it('renders a facts table and the side-by-side comparison', () => {
    const markdown = summaryMarkdown(threeClassSnapshot(), 'bits');
    expect(markdown).toContain('| Mean cross-entropy | 1.989 bits |');
    expect(markdown).toContain('| m1 | 1.989 bits | 0.8067 | 33.3 % | 3 |');
    expect(markdown).toContain('| m2 | 0.9220 bits | 0.3400 | 33.3 % | 3 |');
  });

  it('escapes data strings so they cannot break the table or inject HTML', () => {
    const snapshot = { ...threeClassSnapshot(), fileName: 'a|b<img src=x onerror=alert(1)>.csv' };
    const markdown = summaryMarkdown(snapshot, 'bits');
    expect(markdown).toContain('a\\|b\\<img src=x onerror=alert(1)\\>.csv');
    expect(escapeTableCell('line\nbreak')).toBe('line break');
  });
});
