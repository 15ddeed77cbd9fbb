// The hover of a row confident learning flags says so, with the probabilities and the threshold
// behind it (digits-names-classes.jsonl: row 1496, labelled "one", is 0.887 "nine"); rows not
// flagged say nothing of it; the panel snapshot carries the same rows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hoverMarkdown } from '../../../src/host/hoverContent';
import { analyzeFixture, REALISTIC } from './realistic';

const reference = (JSON.parse(readFileSync(join(REALISTIC, 'classification.json'), 'utf8')) as Record<string, { models: { labelIssues: { issues: { row: number }[] } }[] }>)[
  'digits-names-classes.jsonl'
]!.models[0]!.labelIssues;

describe('hover: likely label errors', () => {
  const result = analyzeFixture('digits-names-classes.jsonl');
  const hover = (row: number): string => hoverMarkdown(result, row, { stale: false, problems: [] });

  it('the analysis finds cleanlab’s rows, in its order', () => {
    expect(result.models[0]!.labelIssues!.issues.map((issue) => issue.row + 1)).toEqual(reference.issues.map((issue) => issue.row));
  });

  it('names the suggested class, its probability and threshold, and the given class’s probability', () => {
    expect(hover(1495)).toContain("$(warning) likely mislabelled: p(nine) 0.887 ≥ nine's threshold 0.7446, p(one) 0.01222 (confident learning: meaningful for out-of-sample probabilities)");
    expect(hover(0)).not.toContain('likely mislabelled');
  });
});
