import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ; 100 on Linux almost everywhere). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU the process has used, in seconds (utime + stime of /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: fields are counted after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Field 3 (state) is fields[0]; utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Peak resident set size in bytes (VmHWM of /proc/<pid>/status). */
export function peakRssBytes(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/**
 * Starts a new peak: the kernel sets VmHWM to the current RSS (`5` to /proc/<pid>/clear_refs).
 * False when not allowed; the peak then covers the process's whole life so far.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface ProcessUsage {
  /** CPU used over the window, as % of one core (200 = two cores busy). */
  cpuPercent: number;
  /** Peak RSS over the window (since the process started when the reset was refused), MB. */
  peakRssMb: number;
  /** Whether the peak covers only the window. */
  peakIsWindow: boolean;
}

/** CPU and peak memory of one process over a window of time. */
export class ProcessMeter {
  private startCpu = 0;
  private startAt = 0;
  private peakIsWindow = false;

  constructor(readonly pid: number) {}

  start(): void {
    this.peakIsWindow = resetPeakRss(this.pid);
    this.startCpu = cpuSeconds(this.pid);
    this.startAt = performance.now();
  }

  stop(): ProcessUsage {
    const seconds = (performance.now() - this.startAt) / 1000;
    const cpu = cpuSeconds(this.pid) - this.startCpu;
    return {
      cpuPercent: seconds > 0 ? (100 * cpu) / seconds : 0,
      peakRssMb: peakRssBytes(this.pid) / (1024 * 1024),
      peakIsWindow: this.peakIsWindow,
    };
  }
}

export interface OtherLoad {
  /** CPU the machine's other processes used over the sample, % of one core. */
  cpuPercent: number;
  /** The busiest of them: command name and % of one core. */
  busiest: { command: string; cpuPercent: number }[];
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** What processes other than `ours` keep the CPUs busy, sampled over `ms`. */
export async function otherLoad(ours: number[], ms = 1_000): Promise<OtherLoad> {
  const skip = new Set(ours);
  const sample = () => {
    const cpu = new Map<number, number>();
    for (const pid of allPids()) {
      if (skip.has(pid)) continue;
      try {
        cpu.set(pid, cpuSeconds(pid));
      } catch {
        // gone meanwhile
      }
    }
    return cpu;
  };
  const before = sample();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = sample();
  const used = [...after].map(([pid, seconds]) => ({ pid, cpuPercent: (100 * (seconds - (before.get(pid) ?? seconds))) / (ms / 1000) }));
  const busy = used.filter((p) => p.cpuPercent >= 5).sort((a, b) => b.cpuPercent - a.cpuPercent);
  return {
    cpuPercent: used.reduce((sum, p) => sum + p.cpuPercent, 0),
    busiest: busy.slice(0, 5).map((p) => ({ command: commandOf(p.pid), cpuPercent: Math.round(p.cpuPercent) })),
  };
}
