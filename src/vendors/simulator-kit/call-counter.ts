/** Counts the calls a simulator receives, by route (`'GET /purchase/info'`). */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  record(routeKey: string): void {
    this.counts.set(routeKey, (this.counts.get(routeKey) ?? 0) + 1);
  }

  count(routeKey: string): number {
    return this.counts.get(routeKey) ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}
