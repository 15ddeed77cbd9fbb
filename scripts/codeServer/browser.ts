// Debian's Chromium, headless, through playwright-core (never `npx playwright install`): a fresh
// profile inside the run's sandbox, and flags that keep it off the network except for 127.0.0.1.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_PATH } from './paths';
import { onShutdown } from './processes';
import type { Sandbox } from './server';

/** A running browser with one page; `close()` is idempotent. */
export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Flags verified with code-server 4.100.3 and Debian Chromium (see test/README.md). */
const CHROMIUM_ARGS = [
  '--no-sandbox', // CI runs as root
  '--disable-gpu',
  '--disable-dev-shm-usage', // containers often have a tiny /dev/shm
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking', // no calls to Google on a closed network
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium with its profile and XDG dirs in the sandbox. */
export async function launchBrowser(sandbox: Sandbox, viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const profile = join(sandbox.root, 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    env: { ...process.env, ...sandbox.xdgEnv },
    args: CHROMIUM_ARGS,
    // Our own handlers stop code-server and the browser together (see processes.ts).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= context
      .close()
      .catch(() => undefined)
      .finally(() => unregister());
    return closing;
  };
  const unregister = onShutdown(close);
  return { context, page, close };
}
