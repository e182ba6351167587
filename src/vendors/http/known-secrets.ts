import type { Secret } from '../../config';

/** A secret of the gateway: a configured one, or where to read the vendor credential in use now. */
export type SecretSource = Secret | (() => string | undefined);

/**
 * The gateway's own secrets, so that a vendor's text can be masked of them before it is
 * shown or logged (vendor-text.ts): a vendor may echo back what the gateway sent it.
 */
export class KnownSecrets {
  private readonly sources: SecretSource[] = [];

  add(...sources: SecretSource[]): this {
    this.sources.push(...sources);
    return this;
  }

  /** `text` with every secret replaced by `by`: as it is, JSON-escaped and URL-encoded. */
  mask(text: string, by: string): string {
    let masked = text;
    for (const form of this.forms()) masked = masked.split(form).join(by);
    return masked;
  }

  /** Each secret's forms, longest first, so that a secret containing another is masked whole. */
  private forms(): string[] {
    const forms = new Set<string>();
    for (const source of this.sources) {
      const value = typeof source === 'function' ? source() : source.reveal();
      if (!value) continue;
      forms.add(value).add(JSON.stringify(value).slice(1, -1)).add(encodeURIComponent(value));
    }
    return [...forms].sort((a, b) => b.length - a.length);
  }
}
