// The compute worker's analysis of an open document: get the text however the host sent it, read
// it with the data layer and run the analysis layer's one road (src/analysis/analyzeTable.ts).
import { readFileSync, statSync } from 'node:fs';
import { analyzeTable } from '../analysis/analyzeTable';
import { AnalysisCancelled } from '../analysis/workContext';
import type { WorkContext } from '../analysis/workContext';
import { decodeFileBytes, readTable } from '../data';
import type { AnalysisResult } from '../protocol/analysis';
import type { AnalyzeRequest } from '../protocol/worker';
import { matchesDocument } from './documentCheck';

export { AnalysisCancelled } from '../analysis/workContext';
export type { WorkContext } from '../analysis/workContext';

type DocumentRequest = AnalyzeRequest & { source: { kind: 'document' } };

/**
 * Runs one analysis of a document's text (`streamedText`: the joined slices of a streamed source).
 * Throws AnalysisCancelled when cancelled, DocumentChanged when a file read for it is stale.
 */
export function analyzeDocument(request: DocumentRequest, context: WorkContext, streamedText?: string): AnalysisResult {
  const { source, options } = request;
  const started = performance.now();
  const text = documentText(source, streamedText);
  context.progress('parsing', 0, text.length);
  const table = readTable(text, {
    fileName: source.fileName,
    ...(request.selection ? { selection: request.selection } : {}),
    maxProblems: options.maxProblems,
  });
  const parseMs = performance.now() - started;
  context.progress('parsing', text.length, text.length);
  if (context.isCancelled()) throw new AnalysisCancelled();
  // A selection is scored in the class order of the whole document, which is read for that.
  const wholeTable = request.selection ? (): ReturnType<typeof readTable> => readTable(text, { fileName: source.fileName, maxProblems: 0 }) : undefined;
  const { computeMs, ...analysis } = analyzeTable(table, { kind: request.kind, options, ...(request.columns ? { columns: request.columns } : {}) }, context, {
    text,
    ...(wholeTable ? { wholeTable } : {}),
  });
  return {
    ...analysis,
    source: 'document',
    uri: source.uri,
    documentVersion: source.version,
    selection: request.selection ? { ...request.selection } : null,
    timing: { parseMs, computeMs },
    size: text.length,
  };
}

/** Thrown when a file read for a `path` source is not the document's text (see DOCUMENT_CHANGED). */
export class DocumentChanged extends Error {
  constructor(path: string) {
    super(`${path} on disk differs from the open document`);
    this.name = 'DocumentChanged';
  }
}

/**
 * The document's text, however the host sent it (see DocumentSource): `streamedText` is the joined
 * slices of a `streamed` source; a `path` source is read here and checked against the document.
 */
function documentText(source: DocumentRequest['source'], streamedText: string | undefined): string {
  if ('text' in source) return source.text;
  if ('path' in source) {
    // Decoded as VS Code decodes documents (UTF-8, or UTF-16 by its BOM or VS Code's NUL-byte
    // guess) and without the byte-order mark VS Code drops, to keep offsets equal. Whatever is
    // not the document's text here (gone, not a regular file, binary) is DocumentChanged, and
    // the host sends the text itself, whose reading names the problem.
    let decoded: ReturnType<typeof decodeFileBytes>;
    try {
      if (!statSync(source.path).isFile()) throw new DocumentChanged(source.path);
      decoded = decodeFileBytes(readFileSync(source.path));
    } catch {
      throw new DocumentChanged(source.path);
    }
    if (!decoded.ok) throw new DocumentChanged(source.path);
    const raw = decoded.text;
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (!matchesDocument(text, source.check)) throw new DocumentChanged(source.path);
    return text;
  }
  return streamedText ?? '';
}
