import { randomBytes } from 'node:crypto';

/** What a validation token stands for: the checked purchase, and whether it was spent. */
export interface ValidationGrant {
  asset_id: number;
  quantity: number;
  /** The buyer's country found at validation, recorded on the order line. */
  country: string;
  /** Epoch ms. */
  expiresAt: number;
  used: boolean;
}

export type TokenCheck = { ok: true; grant: ValidationGrant } | { ok: false; reason: string };

/** Tokens handed out by validate-purchase-before-payment and spent by register. */
export class TokenStore {
  private readonly grants = new Map<string, ValidationGrant>();

  constructor(
    private readonly now: () => number,
    private readonly ttlSeconds: number,
  ) {}

  /** Returns the wire `ValidationToken`: the token and its expiry in Unix seconds. */
  issue(purchase: { asset_id: number; quantity: number; country: string }): { token: string; exp_date: number } {
    const token = `hlv_${randomBytes(24).toString('base64url')}`;
    const expiresAt = this.now() + this.ttlSeconds * 1000;
    this.grants.set(token, { ...purchase, expiresAt, used: false });
    return { token, exp_date: Math.floor(expiresAt / 1000) };
  }

  /** Whether the token can still be spent; does not spend it. */
  check(token: string): TokenCheck {
    const grant = this.grants.get(token);
    if (!grant) return { ok: false, reason: 'validation token is unknown' };
    if (grant.used) return { ok: false, reason: 'validation token has already been used' };
    if (this.now() >= grant.expiresAt) return { ok: false, reason: 'validation token has expired' };
    return { ok: true, grant };
  }

  markUsed(token: string): void {
    const grant = this.grants.get(token);
    if (grant) grant.used = true;
  }

  /** The tokens that can still be spent: what a state file keeps. */
  unspent(): Array<[token: string, grant: ValidationGrant]> {
    return [...this.grants].filter(([, grant]) => !grant.used && this.now() < grant.expiresAt);
  }

  /** Puts back tokens saved by an earlier run. */
  restore(saved: ReadonlyArray<[token: string, grant: ValidationGrant]>): void {
    for (const [token, grant] of saved) this.grants.set(token, { ...grant });
  }
}
