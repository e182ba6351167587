import { join } from 'node:path';
import { NodeChild } from './children';
import type { SimulatorsCommand, SimulatorsInfo } from './simulators';

export interface UpstreamCalls {
  total: number;
  byRoute: Record<string, number>;
}

/** The orchestrator's handle on the simulators child: its URLs, counters and switches. */
export class Simulators {
  private constructor(
    private readonly child: NodeChild,
    readonly info: SimulatorsInfo,
  ) {}

  static async start(options: { latencyMs: number; processingMs: number }): Promise<Simulators> {
    const child = new NodeChild('simulators', join(__dirname, 'simulators.js'), ['--latency-ms', String(options.latencyMs), '--processing-ms', String(options.processingMs)]);
    try {
      return new Simulators(child, await child.nextJson<SimulatorsInfo>());
    } catch (error) {
      await child.stop();
      throw error;
    }
  }

  get pid(): number {
    return this.child.pid;
  }

  async setInlineUrls(inline: boolean): Promise<void> {
    const command: SimulatorsCommand = { inlineUrls: inline };
    const answer = await this.child.ask<{ ok: boolean; error?: string }>(command);
    if (!answer.ok) throw new Error(`simulators refused ${JSON.stringify(command)}: ${answer.error}`);
  }

  async resetCalls(): Promise<void> {
    await Promise.all(this.origins().map((url) => control(url, 'DELETE')));
  }

  /** Both simulators' counters added up. */
  async calls(): Promise<UpstreamCalls> {
    const counts = await Promise.all(this.origins().map(async (url) => (await control(url, 'GET')) as UpstreamCalls));
    const byRoute: Record<string, number> = {};
    for (const [i, count] of counts.entries()) {
      const vendor = i === 0 ? 'hlconnect' : 'boknett';
      for (const [route, n] of Object.entries(count.byRoute)) byRoute[`${vendor} ${route}`] = n;
    }
    return { total: counts.reduce((sum, c) => sum + c.total, 0), byRoute };
  }

  /**
   * The counters once they stop moving for `quietMs`, and not before `atLeastMs`: requests
   * the load generator abandoned at the end of a run are still served, and their upstream
   * calls still arrive (an overloaded server may pause between two of them).
   */
  async settledCalls(options: { quietMs: number; atLeastMs?: number; maxWaitMs?: number }): Promise<UpstreamCalls> {
    const started = Date.now();
    const deadline = started + (options.maxWaitMs ?? 30_000);
    let last = await this.calls();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, options.quietMs));
      const now = await this.calls();
      const waitedEnough = Date.now() - started >= (options.atLeastMs ?? 0);
      if ((now.total === last.total && waitedEnough) || Date.now() > deadline) return now;
      last = now;
    }
  }

  stop(): Promise<void> {
    return this.child.stop();
  }

  private origins(): string[] {
    return [this.info.hlconnect.url, this.info.boknett.url];
  }
}

async function control(origin: string, method: 'GET' | 'DELETE'): Promise<unknown> {
  const response = await fetch(`${origin}/_simulator/calls`, { method });
  if (!response.ok) throw new Error(`${method} ${origin}/_simulator/calls answered ${response.status}`);
  return method === 'GET' ? response.json() : undefined;
}
