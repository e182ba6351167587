import type { LoadResult } from './load';
import type { OtherLoad, ProcessUsage } from './process-stats';

/** What one target (floor or gateway) did in one pass. */
export interface TargetRun {
  load: LoadResult;
  /** Upstream calls both simulators received, after the in-flight requests settled. */
  upstreamCalls: number;
  /** Upstream calls ÷ requests sent (every sent request is served, even when abandoned at the end). */
  callsPerRequest: number;
  callsByRoute: Record<string, number>;
  /** The target process (floor server or gateway). */
  process: ProcessUsage;
  /** The simulators' process over the same window. */
  simulatorsCpuPercent: number;
  /** The load generator (this process) over the same window. */
  loadGeneratorCpuPercent: number;
}

export type PassPurpose = 'throughput' | 'one-connection' | 'memory';

export interface PassResult {
  scenarioId: number;
  scenario: string;
  purpose: PassPurpose;
  connections: number;
  expectedUpstreamCalls: number;
  /** Sequential upstream round trips × simulator latency: the least a request can take. */
  criticalPathMs: number;
  floor: TargetRun;
  gateway: TargetRun;
  /** Gateway ÷ floor requests per second. */
  throughputRatio: number;
  /** Gateway p50 − floor p50, ms. */
  p50DeltaMs: number;
}

export interface TargetCheck {
  target: string;
  /** null: not measured in this run. */
  holds: boolean | null;
  detail: string;
}

export interface Machine {
  cpuModel: string;
  cpus: number;
  totalMemoryGiB: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started and ended: other work on the machine shows here. */
  loadAverageStart: number;
  loadAverageEnd: number;
  /** CPU other processes used just before the run and just before its end. */
  otherProcessesStart: OtherLoad;
  otherProcessesEnd: OtherLoad;
}

export interface RunReport {
  date: string;
  machine: Machine;
  settings: {
    quick: boolean;
    latencyMs: number;
    connections: number;
    durationS: number;
    rssConnections: number;
    upstreamConnections: number;
    scenarios: number[];
    gatewayEnv: Record<string, string>;
    /** The gateway's NODE_OPTIONS: the Dockerfile's, unless --gateway-env set others. */
    gatewayNodeOptions: string;
  };
  /** The code measured: HEAD, and how many files under src/ differed from it. */
  source: { revision: string; uncommittedSrcFiles: number };
  /** Spawn of `node dist/src/main.js` to the first 200 on /healthz, ms. */
  gatewayStartupMs: number;
  /** Per scenario: do floor and gateway answer the same JSON? */
  sameAnswers: { scenarioId: number; same: boolean; difference?: string; floorBytes: number; gatewayBytes: number }[];
  passes: PassResult[];
  targets: TargetCheck[];
  warnings: string[];
}
