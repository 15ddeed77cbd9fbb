// `npm run demo`: a real VS Code with the packaged extension installed and samples/ open, served
// by code-server on 127.0.0.1 until Ctrl-C. `npm run demo -- --desktop` opens desktop VS Code
// (`code` on PATH) with --extensionDevelopmentPath instead. The npm script builds and packages first.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCodeServer } from './install';
import { repoRoot, vsixPath } from './paths';
import { isShuttingDown, onShutdown } from './processes';
import { createSandbox, DEMO_SETTINGS, installVsix, startCodeServer, workbenchUrl } from './server';

const { values: options } = parseArgs({
  options: {
    desktop: { type: 'boolean', default: false },
    port: { type: 'string' },
  },
});

function findOnPath(binary: string): string | undefined {
  return (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, binary)).find((file) => existsSync(file));
}

/** Desktop VS Code with the extension loaded from this repository (dist/ built). */
async function desktop(root: string): Promise<number> {
  const code = findOnPath('code');
  if (code === undefined) throw new Error('--desktop needs the `code` command on PATH (VS Code: "Shell Command: Install \'code\' command in PATH"); without --desktop the demo uses code-server');
  const args = ['--new-window', `--extensionDevelopmentPath=${root}`, join(root, 'samples')];
  console.log(`${code} ${args.join(' ')}`);
  const child = spawn(code, args, { stdio: 'inherit' });
  return new Promise((done) => child.on('exit', (status) => done(status ?? 1)));
}

/** code-server with the .vsix installed, until Ctrl-C. */
async function server(root: string): Promise<number> {
  const vsix = vsixPath(root);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing; run \`npm run package\` first (npm run demo does)`);
  const install = await ensureCodeServer();
  const sandbox = createSandbox('demo');
  onShutdown(async () => sandbox.remove());
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { publisher: string; name: string };
  const listed = await installVsix(install, sandbox, vsix, `${manifest.publisher}.${manifest.name}`);
  const workspace = join(root, 'samples');
  const running = await startCodeServer(install, sandbox, {
    workspace,
    settings: DEMO_SETTINGS,
    ...(options.port === undefined ? {} : { port: Number(options.port) }),
  });
  console.log(`\nEntropy Lens demo: ${listed} in code-server ${install.version}, samples/ open\n`);
  console.log(`  ${workbenchUrl(running, workspace)}\n`);
  console.log('Open that URL in a browser on this machine (from elsewhere: ssh -L <port>:127.0.0.1:<port> <host>).');
  console.log(`Press Ctrl-C to stop. Server log: ${running.logFile}`);
  await running.exited;
  // Ctrl-C ends the demo through the shutdown handlers, which exit for us.
  if (isShuttingDown()) return new Promise<number>(() => undefined);
  console.error('code-server exited unexpectedly; see the log above');
  sandbox.remove();
  return 1;
}

async function main(): Promise<number> {
  const root = repoRoot();
  return options.desktop ? desktop(root) : server(root);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
