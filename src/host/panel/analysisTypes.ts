// The analysis type the panel consumes. Placeholder until src/protocol/analysis.ts is published:
// `unknown` so the host can already pass its own result; toSnapshot narrows it.
export type AnalysisResult = unknown;
