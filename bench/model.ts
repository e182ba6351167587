import type { LoadResult } from './load';
import type { OtherLoad, ProcessUsage } from './process-stats';

/** The three servers measured with the same load: floor, plain Apollo reference, gateway. */
export type TargetName = 'floor' | 'reference' | 'gateway';
export const TARGET_NAMES: readonly TargetName[] = ['floor', 'reference', 'gateway'];

/** What one target did in one measured run. */
export interface TargetRun {
  load: LoadResult;
  /** Upstream calls both simulators received, after the in-flight requests settled. */
  upstreamCalls: number;
  /** Upstream calls ÷ requests sent (every sent request is served, even when abandoned at the end). */
  callsPerRequest: number;
  callsByRoute: Record<string, number>;
  /** The target process (floor, reference or gateway). */
  process: ProcessUsage;
  /** The simulators' process over the same window. */
  simulatorsCpuPercent: number;
  /** The load generator (this process) over the same window. */
  loadGeneratorCpuPercent: number;
}

export type PassPurpose = 'throughput' | 'one-connection' | 'memory';

/** A value over the runs of a pass: the median, and the spread from run to run. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** One target over the runs of one pass. */
export interface TargetSummary {
  requestsPerSecond: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  callsPerRequest: Spread;
  peakRssMb: Spread;
  cpuPercent: Spread;
  simulatorsCpuPercent: Spread;
  loadGeneratorCpuPercent: Spread;
  /** Failed answers, over all runs. */
  failures: { non2xx: number; transportErrors: number; graphqlErrors: number };
  /** Every run's peak RSS covers that run alone (the kernel allowed the reset). */
  peakIsWindow: boolean;
  runs: TargetRun[];
}

/** The gateway's median ÷ another target's median. */
export interface GatewayRatios {
  floor: number;
  reference: number;
}

export interface PassResult {
  scenarioId: number;
  scenario: string;
  purpose: PassPurpose;
  connections: number;
  expectedUpstreamCalls: number;
  /** Sequential upstream round trips × simulator latency: the least a request can take. */
  criticalPathMs: number;
  /** Measured runs; in each, floor, reference and gateway one after the other. */
  runs: number;
  targets: Record<TargetName, TargetSummary>;
  ratios: { requestsPerSecond: GatewayRatios; p50Ms: GatewayRatios; p99Ms: GatewayRatios };
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
    runs: number;
    scenarios: number[];
    gatewayEnv: Record<string, string>;
    /** The gateway's NODE_OPTIONS: the Dockerfile's, unless --gateway-env set others. */
    gatewayNodeOptions: string;
  };
  /** The code measured: HEAD, and how many files under src/ differed from it. */
  source: { revision: string; uncommittedSrcFiles: number };
  /** Spawn of `node dist/src/main.js` to the first 200 on /healthz, ms. */
  gatewayStartupMs: number;
  /** Spawn of the reference to listening (after its DDS login), ms. */
  referenceStartupMs: number;
  /** Per scenario: do the reference and the gateway answer the floor's JSON? */
  sameAnswers: SameAnswers[];
  passes: PassResult[];
  targets: TargetCheck[];
  warnings: string[];
}

export interface SameAnswers {
  scenarioId: number;
  same: boolean;
  /** Each target that answered otherwise than the floor, with the first difference. */
  differences: { target: TargetName; difference: string }[];
  bytes: Record<TargetName, number>;
}
