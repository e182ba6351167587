import { CachedCredential, renewalMarginMs, type IssuedCredential } from '../../src/vendors/boknett/auth/cached-credential';

function setup(lifetimeMs = 60_000) {
  const clock = { ms: 1_000_000 };
  let serial = 0;
  /** Fetches waiting for the test to let them answer. */
  const pending: (() => void)[] = [];
  const fetch = jest.fn(
    (): Promise<IssuedCredential> =>
      new Promise((resolve) => {
        serial += 1;
        const value = `credential-${serial}`;
        pending.push(() => resolve({ value, lifetimeMs }));
      }),
  );
  const credential = new CachedCredential(fetch, () => clock.ms);
  const settle = async () => {
    while (pending.length) pending.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, fetch, credential, settle };
}

describe('CachedCredential', () => {
  it('shares one fetch among concurrent callers', async () => {
    const { fetch, credential, settle } = setup();
    const all = Promise.all(Array.from({ length: 50 }, () => credential.get()));
    await settle();
    expect(new Set(await all)).toEqual(new Set(['credential-1']));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('reuses the credential until the renewal margin before its expiry', async () => {
    const { clock, fetch, credential, settle } = setup(600_000);
    const first = credential.get();
    await settle();
    await first;
    clock.ms += 600_000 - renewalMarginMs(600_000) - 1;
    expect(await credential.get()).toBe('credential-1');
    clock.ms += 1;
    const renewed = credential.get();
    await settle();
    expect(await renewed).toBe('credential-2');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('renews a tenth of the lifetime early, at most a minute', () => {
    expect(renewalMarginMs(2 * 60 * 60 * 1000)).toBe(60_000);
    expect(renewalMarginMs(10_000)).toBe(1_000);
  });

  it('forgets only the credential that was refused', async () => {
    const { fetch, credential, settle } = setup();
    const first = credential.get();
    await settle();
    await first;
    credential.invalidate('credential-0');
    expect(await credential.get()).toBe('credential-1');
    credential.invalidate('credential-1');
    const second = credential.get();
    await settle();
    expect(await second).toBe('credential-2');
    credential.invalidate('credential-1'); // a late 401 for the old one
    expect(await credential.get()).toBe('credential-2');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('does not cache a failed fetch', async () => {
    const clock = { ms: 0 };
    const fetch = jest.fn<Promise<IssuedCredential>, []>().mockRejectedValueOnce(new Error('login refused')).mockResolvedValue({ value: 'ok', lifetimeMs: 1_000 });
    const credential = new CachedCredential(fetch, () => clock.ms);
    await expect(credential.get()).rejects.toThrow('login refused');
    expect(await credential.get()).toBe('ok');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('hands over a live credential once for logout, and nothing when it has expired', async () => {
    const clock = { ms: 0 };
    const credential = new CachedCredential(
      async () => ({ value: 'tgt', lifetimeMs: 1_000 }),
      () => clock.ms,
    );
    await credential.get();
    expect(await credential.take()).toBe('tgt');
    expect(await credential.take()).toBeUndefined();
    await credential.get();
    clock.ms += 1_000;
    expect(await credential.take()).toBeUndefined();
  });
});
