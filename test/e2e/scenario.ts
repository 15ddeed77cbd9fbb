// What a UI scenario is: one named behaviour checked in the running workbench. Each file in
// scenarios/ exports one `scenario`; the runner (run.ts) finds them, so adding a file adds a test.
import type { Page } from 'playwright-core';
import type { ExtensionManifest } from './manifest';

/** Everything a scenario may use; the page starts with the samples/ folder open and no editors. */
export interface ScenarioContext {
  readonly page: Page;
  /** Absolute path of the workspace folder (samples/). */
  readonly workspace: string;
  /** The sandbox's user settings.json (JSON): a scenario that edits it restores it before it ends. */
  readonly userSettingsFile: string;
  /** package.json of the installed extension, read from the extensions dir (what the .vsix holds). */
  readonly manifest: ExtensionManifest;
  /** Saves a PNG to test-results/ui/<scenario file>-<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** A visible remark in the report that is not a failure (e.g. "no commands contributed yet"). */
  note(message: string): void;
}

/** A UI scenario. `run` throws (e.g. an assertion) to fail; its string result is printed. */
export interface Scenario {
  /** A sentence of the contract, e.g. "every contributed command is in the palette". */
  readonly name: string;
  /** Default 60 000. */
  readonly timeoutMs?: number;
  run(context: ScenarioContext): Promise<string | void>;
}
