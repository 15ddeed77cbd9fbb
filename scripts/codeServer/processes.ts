// Child processes for the harness: run a command and capture its output, and make sure every
// process group we start is ended on success, failure, Ctrl-C and SIGTERM.
import { spawn } from 'node:child_process';

/** Output of a finished command: exit code (null when killed by a signal) and combined text. */
export interface CommandResult {
  readonly code: number | null;
  readonly output: string;
}

/** Options for {@link runCommand}. */
export interface CommandOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Also copy the output to our stderr as it arrives. */
  readonly echo?: boolean;
  /**
   * Run in its own process group, killed with us on any exit (default). apt-get opts out: it
   * should see a terminal's Ctrl-C itself rather than be SIGKILLed half-way through dpkg.
   */
  readonly ownGroup?: boolean;
}

/**
 * Runs `command args` with no stdin (CI has none, and nothing here may prompt) and resolves with
 * its exit code and output; never rejects for a non-zero exit, so callers can report it.
 */
export function runCommand(command: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolvePromise) => {
    const ownGroup = options.ownGroup ?? true;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: ownGroup,
    });
    const untrack = ownGroup && child.pid !== undefined ? trackProcessGroup(child.pid) : () => undefined;
    const chunks: string[] = [];
    const collect = (data: Buffer): void => {
      const text = data.toString('utf8');
      chunks.push(text);
      if (options.echo) process.stderr.write(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => {
      untrack();
      resolvePromise({ code: 127, output: `${chunks.join('')}${error.message}\n` });
    });
    child.on('close', (code) => {
      untrack();
      resolvePromise({ code, output: chunks.join('') });
    });
  });
}

/** The last `lines` lines of some output, for error messages. */
export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

type Cleanup = () => Promise<void>;
const cleanups = new Set<Cleanup>();
const processGroups = new Set<number>();
let handlersInstalled = false;
let shuttingDown = false;

/** True once a SIGINT/SIGTERM/SIGHUP has started the shutdown cleanups. */
export function isShuttingDown(): boolean {
  return shuttingDown;
}

/** Kills a whole process group (negative pid); a group that is already gone is fine. */
export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group has already exited.
  }
}

/**
 * Remembers a detached child's process group, so it is SIGKILLed when this process exits by any
 * path, even one that skips the async cleanups (an uncaught exception, process.exit()).
 */
export function trackProcessGroup(pgid: number): () => void {
  processGroups.add(pgid);
  installHandlers();
  return () => processGroups.delete(pgid);
}

/** Registers an async cleanup run on SIGINT/SIGTERM/SIGHUP; returns a function that unregisters it. */
export function onShutdown(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  installHandlers();
  return () => cleanups.delete(cleanup);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const pgid of processGroups) killGroup(pgid, 'SIGKILL');
  });
  const exitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [signal, exitCode] of Object.entries(exitCodes) as [NodeJS.Signals, number][]) {
    process.on(signal, () => shutDown(signal, exitCode));
  }
  // `npm run` does not always pass a signal on to us (e.g. SIGINT sent to npm alone); when our
  // parent goes away we are re-parented, and then clean up as if the terminal had hung up.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutDown('parent exited', 129);
  }, 1000).unref();
}

function shutDown(reason: string, exitCode: number): void {
  if (shuttingDown) return; // a second Ctrl-C while cleaning up: the deadline still holds
  shuttingDown = true;
  process.stderr.write(`\n[harness] ${reason}: stopping child processes and cleaning up\n`);
  // Cleanups get a few seconds; the exit handler then SIGKILLs whatever is left.
  const deadline = new Promise<void>((done) => setTimeout(done, 8000)); // ref'd: we exit through process.exit below
  // Last registered first (the browser before the server before its sandbox).
  const all = [...cleanups].reverse().reduce<Promise<unknown>>((previous, cleanup) => previous.then(cleanup, cleanup), Promise.resolve());
  void Promise.race([all.catch(() => undefined), deadline]).then(() => process.exit(exitCode));
}
