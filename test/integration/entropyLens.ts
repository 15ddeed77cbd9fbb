// Shared helpers of the Entropy Lens integration suites: the extension's API, opening samples and
// fixtures, running a command and waiting for its explicit "analysis done" signal.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisCommandResult, CommandFailure } from '../../src/host/commandResults';
import type { EntropyLensApi } from '../../src/host/extension';
import { EXTENSION_ID, ROOT } from './manifest';

/** scikit-learn / SciPy figures (test/fixtures/extension/make_reference.py), losses in nats. */
export const REFERENCE = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/extension/reference.json'), 'utf8'));

export const BITS = Math.LN2;

export async function entropyLens(): Promise<EntropyLensApi> {
  const extension = vscode.extensions.getExtension<EntropyLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} not found`);
  return extension.activate();
}

export function sampleUri(name: string): vscode.Uri {
  return vscode.Uri.file(join(ROOT, 'samples', name));
}

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.file(join(ROOT, 'test/fixtures/extension', name));
}

export async function show(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(uri, { preview: false });
}

/** Runs an analysis command and asserts it produced a result. */
export async function analyzed(command: string, ...args: unknown[]): Promise<AnalysisCommandResult> {
  const result = await vscode.commands.executeCommand<AnalysisCommandResult | CommandFailure>(command, ...args);
  assert.ok(result, `${command} returned nothing`);
  assert.ok(result.ok, `${command} failed: ${'message' in result ? result.message : ''}`);
  return result;
}

/** |actual − expected| ≤ rel·|expected|, with a message naming both. */
export function close(actual: number | null | undefined, expected: number, rel: number, what: string): void {
  assert.ok(typeof actual === 'number', `${what}: no number (${String(actual)})`);
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} is not ${expected} (rel ${rel})`);
}

/** Resolves with the next onDidAnalyze event for `uri` (the explicit signal; never a sleep). */
export function nextAnalysis(api: EntropyLensApi, uri: vscode.Uri): Promise<Parameters<Parameters<EntropyLensApi['onDidAnalyze']>[0]>[0]> {
  return new Promise((resolve) => {
    const subscription = api.onDidAnalyze((event) => {
      if (event.uri.toString() !== uri.toString()) return;
      subscription.dispose();
      resolve(event);
    });
  });
}

/** Resolves once the diagnostics of `uri` change (or at once if `ready()` already holds). */
export function diagnosticsChanged(uri: vscode.Uri, ready: () => boolean): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise((resolve) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString()) && ready()) {
        subscription.dispose();
        resolve();
      }
    });
  });
}

/** Sets an entropyLens.* setting for the test run (user scope in the sandbox). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('entropyLens').update(key, value, vscode.ConfigurationTarget.Global);
}
