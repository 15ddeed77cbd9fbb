// Export Per-Row Losses: every row (unscored ones marked, not dropped) with its row and line
// numbers, the id column, the label, the model, p(true), the loss with its unit in the header, the
// shared rank of ties; the message says how many rows went where and what is missing.
import { describe, expect, it } from 'vitest';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import { exportBytes, exportCsv, exportJsonl, exportMessage, exportTable } from '../../../src/host/lossExport';
import type { AnalysisResult, ColumnChoice, LogBaseSetting } from '../../../src/protocol/analysis';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDocument } from '../../../src/worker/analyzeTable';

function analyze(text: string, logBase: LogBaseSetting = 'e', columns?: ColumnChoice): AnalysisResult {
  return analyzeDocument(
    {
      type: 'analyze',
      id: 1,
      kind: 'analyze',
      source: { kind: 'document', uri: 'file:///data/fraud.csv', version: 1, fileName: 'fraud.csv', languageId: 'csv', text },
      ...(columns ? { columns } : {}),
      options: resolveAnalysisOptions({ logBase }),
      cancelFlag: createCancelFlag(),
    },
    { isCancelled: () => false, progress: () => undefined },
  );
}

const FRAUD = ['transaction_id,is_fraud,p_fraud', 'tx_00ab10,1,0', 'tx_00ab11,0,0.2', 'tx_00ab12,1,1.5', 'tx_00ab13,0,0.2', 'tx_00ab14,1,1'].join('\n');
const FRAUD_COLUMNS: ColumnChoice = { id: 'transaction_id', label: 'is_fraud', models: [{ name: 'p_fraud', kind: 'probabilities', columns: ['p_fraud'] }] };

describe('exportCsv', () => {
  const result = analyze(FRAUD, 'e', FRAUD_COLUMNS);
  const lines = exportCsv(result).trimEnd().split('\n');
  it('writes the id column under its own name, the label, model, p(true), loss in the unit, rank and ties', () => {
    expect(result.rows.idColumn).toBe('transaction_id');
    expect(lines[0]).toBe('row,line,transaction_id,label,status,model,p_true,loss_nats,rank,tied');
    expect(lines[1]).toBe(`1,2,tx_00ab10,1,scored,p_fraud,0,${-Math.log(2.220446049250313e-16)},1,1`);
    expect(lines[2]).toBe(`2,3,tx_00ab11,0,scored,p_fraud,0.8,${-Math.log(0.8)},2,2`);
    expect(lines[4]).toBe(`4,5,tx_00ab13,0,scored,p_fraud,0.8,${-Math.log(0.8)},2,2`);
  });
  it('keeps an unscored row, marked, with empty numbers', () => {
    expect(result.rows.count).toBe(5);
    expect(lines).toHaveLength(6);
    expect(lines[3]).toBe('3,4,tx_00ab12,1,problem,p_fraud,,,,');
  });
  it('names the unit in the header: bits', () => {
    expect(exportCsv(analyze(FRAUD, '2', FRAUD_COLUMNS)).split('\n')[0]).toContain(',loss_bits,');
  });
  it('quotes ids that hold commas or quotes', () => {
    const quoted = analyze('review_id,label,p\n"r,1",1,0.9\n"say ""hi""",0,0.2\n');
    expect(quoted.rows.idColumn).toBe('review_id');
    const text = exportCsv(quoted).split('\n');
    expect(text[1]?.startsWith('1,2,"r,1",1,')).toBe(true);
    expect(text[2]?.startsWith('2,3,"say ""hi""",0,')).toBe(true);
  });
  it("renames an id column that is called like one of the export's own columns", () => {
    expect(
      exportTable(analyze('model,label,p\nm_1,1,0.9\nm_2,0,0.2\nm_3,0,0.3\n', 'e', { id: 'model', label: 'label', models: [{ name: 'p', kind: 'probabilities', columns: ['p'] }] })).header.slice(0, 4),
    ).toEqual(['row', 'line', 'id_model', 'label']);
  });
});

describe('exportJsonl', () => {
  it('writes one object per row, null for no value, the unit in the key', () => {
    const rows = exportJsonl(analyze(FRAUD, 'e', FRAUD_COLUMNS))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows[0]).toEqual({ row: 1, line: 2, transaction_id: 'tx_00ab10', label: '1', status: 'scored', model: 'p_fraud', p_true: 0, loss_nats: -Math.log(2.220446049250313e-16), rank: 1, tied: 1 });
    expect(rows[2]).toEqual({ row: 3, line: 4, transaction_id: 'tx_00ab12', label: '1', status: 'problem', model: 'p_fraud', p_true: null, loss_nats: null, rank: null, tied: null });
  });
});

describe('exportMessage', () => {
  it('says how many rows went where, and how many have no loss', () => {
    expect(exportMessage(analyze(FRAUD, 'e', FRAUD_COLUMNS), '/d/fraud.losses.csv')).toBe('Wrote 5 rows to /d/fraud.losses.csv; 1 row has no loss (status problem or ignored).');
  });
  it('says when the ids could not be written (a table too large to keep them)', () => {
    const result = analyze(FRAUD, 'e', FRAUD_COLUMNS);
    const large: AnalysisResult = { ...result, rows: { ...result.rows, ids: [] } };
    expect(exportTable(large).header).not.toContain('transaction_id');
    expect(exportMessage(large, '/d/x.csv')).toContain('without the transaction_id column (ids are kept for files of at most 100,000 rows)');
  });
});

describe('exportBytes', () => {
  it('gives the UTF-8 of the CSV and JSON Lines text, built over several event-loop turns', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `tx_${i},${i % 2},${((i * 7919) % 1000) / 1000}`);
    const result = analyze(`transaction_id,is_fraud,p_fraud\n${rows.join('\n')}\n`, 'e', FRAUD_COLUMNS);
    let otherTurnRan = false;
    setImmediate(() => (otherTurnRan = true));
    const csv = await exportBytes(result, 'csv', 0);
    expect(otherTurnRan).toBe(true);
    expect(new TextDecoder().decode(csv)).toBe(exportCsv(result));
    expect(new TextDecoder().decode(await exportBytes(result, 'jsonl'))).toBe(exportJsonl(result));
  });
});
