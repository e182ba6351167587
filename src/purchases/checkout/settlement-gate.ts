import type { Ledger, LedgerEntry, Transition } from '../../ledger';

interface Held {
  change: Transition;
  resolve: (entry: LedgerEntry | null) => void;
  reject: (error: unknown) => void;
}

/**
 * The settlements of one checkout's lines, held until every line has answered (at most
 * `holdMs` after the first held one), then asked for in one turn of the event loop: one
 * commit for answers arriving close together, and no commit holding the event loop (SQLite)
 * or waiting for a WAL flush (PostgreSQL) while the other answers arrive. Each is still its
 * own compare-and-set, and none is told before its commit.
 */
export class SettlementGate {
  private held: Held[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ledger: Ledger,
    private expected: number,
    private readonly holdMs: number,
  ) {}

  settle(change: Transition): Promise<LedgerEntry | null> {
    return new Promise((resolve, reject) => {
      this.held.push({ change, resolve, reject });
      this.expected -= 1;
      if (this.expected <= 0) this.release();
      else this.timer ??= setTimeout(() => this.release(), this.holdMs);
    });
  }

  private release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const held = this.held;
    this.held = [];
    for (const { change, resolve, reject } of held) this.ledger.transition(change).then(resolve, reject);
  }
}
