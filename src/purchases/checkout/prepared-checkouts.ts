import type { StoredCheckout } from '../../ledger';

/**
 * The checkouts this process created last, as it stored them, so that completing one need not
 * read it back before fixing the payment (a round trip less before the vendor calls). Only a
 * guess, never the truth: the payment is fixed by a compare-and-set on the stored version, so a
 * checkout changed since (a repeat on another replica) loses it and is read. An entry is taken
 * once, and only while young: the erasure of personal data (after days) leaves the version as it
 * is, so a copy must never outlive half the retention period.
 */
export class PreparedCheckouts {
  /** Insertion order is age order: the first entry is the oldest. */
  private readonly byId = new Map<number, { checkout: StoredCheckout; at: number }>();

  constructor(private readonly options: { max: number; maxAgeMs: number }) {}

  remember(checkout: StoredCheckout): void {
    this.forgetOld();
    if (checkout.state !== 'PREPARED' || checkout.completion) return;
    this.byId.set(checkout.id, { checkout, at: Date.now() });
    if (this.byId.size > this.options.max) this.byId.delete(this.byId.keys().next().value!);
  }

  take(id: number): StoredCheckout | undefined {
    this.forgetOld();
    const found = this.byId.get(id);
    this.byId.delete(id);
    return found?.checkout;
  }

  private forgetOld(): void {
    const oldest = Date.now() - this.options.maxAgeMs;
    for (const [id, { at }] of this.byId) {
      if (at > oldest) return;
      this.byId.delete(id);
    }
  }
}
