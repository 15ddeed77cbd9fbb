// The analysis type the panel consumes, from the shared protocol (kept behind one import so the
// panel's dependency on the analysis shape is visible in one place).
export type { AnalysisResult } from '../../protocol/analysis';
