// The architecture rule of eslint.config.mjs (layers/imports): an import that points outward —
// core to anything, cli to worker, any layer but host to vscode, core or webview to Node — is an
// error naming both layers; inward imports pass.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/imports').map((m) => m.message);
}

describe('layers/imports', () => {
  it('refuses outward imports with both layers named', async () => {
    expect(await layerErrors('src/core/probe.ts', "import { formatNumber } from '../protocol/numberFormat';\nexport const f = formatNumber;\n")).toEqual([
      'core/ may not import protocol/: core/ imports nothing outside itself',
    ]);
    expect(await layerErrors('src/cli/probe.ts', "import { analyzeDisk } from '../worker/analyzeDisk';\nexport const f = analyzeDisk;\n")).toEqual([
      'cli/ may not import worker/: cli/ depends on analysis, core, data, protocol only',
    ]);
    expect(await layerErrors('src/analysis/probe.ts', "import * as vscode from 'vscode';\nexport const f = vscode;\n")).toEqual(['analysis/ may not import vscode: only host/ imports vscode']);
    expect(await layerErrors('src/webview/probe.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toEqual([
      'webview/ may not import node:fs: webview/ runs without Node',
    ]);
  }, 60_000);

  it('lets inward imports through: worker to analysis, host to vscode, core within itself', async () => {
    expect(await layerErrors('src/worker/probe.ts', "import { analyzeTable } from '../analysis/analyzeTable';\nexport const f = analyzeTable;\n")).toEqual([]);
    expect(await layerErrors('src/host/probe.ts', "import * as vscode from 'vscode';\nexport const f = vscode;\n")).toEqual([]);
    expect(await layerErrors('src/core/fit/probe.ts', "import { softplus } from '../stable';\nexport const f = softplus;\n")).toEqual([]);
  }, 60_000);
});
