// What the figures were measured on: CPU, cores, memory, load, runtime versions, date, and the BLAS
// numpy uses (on Debian whatever update-alternatives selects, which moves scikit-learn's times).
import { spawnSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  loadAverage: number[];
  node: string;
  v8: string;
  platform: string;
  /** Which BLAS numpy runs on and how the system selects it; set once Python has been probed. */
  blas?: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: totalmem() / 2 ** 30,
    freeMemoryGiB: freemem() / 2 ** 30,
    loadAverage: loadavg(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** stdout of a command, or undefined when it is missing or fails (non-Debian systems). */
function commandOutput(command: string, args: string[]): string | undefined {
  const child = spawnSync(command, args, { encoding: 'utf8' });
  return child.status === 0 ? child.stdout.trim() : undefined;
}

/**
 * The BLAS behind numpy: `numpyBlas` is what the Python probe saw loaded (threadpoolctl); the
 * system side is update-alternatives' choice for libblas.so.3 and whether the OpenBLAS pthread
 * package (the realistic user setup on Debian) is installed. numpy.show_config() is not used: on
 * Debian it names the generic libblas.so.3 it was built against, not the library the alternative points to.
 */
export function blasInfo(numpyBlas: string | undefined): string {
  const parts: string[] = [`numpy loads ${numpyBlas ?? 'unknown (Python not available)'}`];
  const alternatives = commandOutput('update-alternatives', ['--query', `libblas.so.3-${process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch}-linux-gnu`]);
  if (alternatives) {
    const field = (name: string): string | undefined => new RegExp(`^${name}: (.*)$`, 'm').exec(alternatives)?.[1];
    const choices = [...alternatives.matchAll(/^Alternative: (.*)$/gm)].map((m) => m[1]);
    parts.push(`update-alternatives libblas.so.3 → ${field('Value') ?? 'none'} (${field('Status') ?? '?'}; choices: ${choices.join(', ')})`);
  } else parts.push('update-alternatives: no libblas.so.3 alternative (not Debian, or none registered)');
  const openblas = commandOutput('dpkg-query', ['-W', '-f=${Status} ${Version}', 'libopenblas0-pthread']);
  parts.push(openblas?.startsWith('install ok installed') ? `libopenblas0-pthread ${openblas.split(' ').pop()} installed` : 'libopenblas0-pthread not installed');
  return parts.join('; ');
}
