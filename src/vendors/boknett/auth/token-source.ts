/**
 * Where the Boknett client gets its `Authorization` header. Implementations cache the
 * credential, share one login among concurrent callers and renew it before it expires.
 */
export interface TokenSource {
  /** The header value to send now, e.g. `Boknett TGT-…` or `Bearer …`; logs in when needed. */
  authorization(): Promise<string>;
  /**
   * DDS refused this header value (401): forget it so the next `authorization()` logs in
   * again. A value other than the cached one (already replaced) is ignored.
   */
  invalidate(rejected: string): void;
  /** The credential held now without its scheme (the ticket or access token), if any; never logs in. */
  inUse(): string | undefined;
  /** Ends the session where the vendor offers a logout; never throws. */
  close(): Promise<void>;
}

/** The clock token sources read, in epoch ms. */
export type Clock = () => number;
