import { isIP } from 'node:net';
import { fractionDigits, type Decimal, type UserError } from '../domain';

/**
 * Collects every problem with an input before any vendor call, each with the path of
 * the field at fault, so a caller can fix them all at once.
 */
export class InputCheck {
  readonly problems: UserError[] = [];

  constructor(private readonly root: string[] = ['input']) {}

  private add(field: string[], message: string): void {
    this.problems.push({ code: 'INVALID_INPUT', message, field: [...this.root, ...field] });
  }

  positiveId(value: number, ...field: string[]): this {
    if (!Number.isSafeInteger(value) || value < 1) this.add(field, `${field.at(-1)} must be a whole number from 1 to 2^53-1`);
    return this;
  }

  atLeastOne(value: number, ...field: string[]): this {
    if (!Number.isSafeInteger(value) || value < 1) this.add(field, `${field.at(-1)} must be a whole number of at least 1`);
    return this;
  }

  /** An exact amount of at least 0 with at most `maxFractionDigits` decimals (the vendor's precision). */
  price(value: Decimal, maxFractionDigits: number, ...field: string[]): this {
    const digits = fractionDigits(value);
    if (digits === null || value.startsWith('-') || digits > maxFractionDigits) {
      this.add(field, `${field.at(-1)} must be an amount of at least 0 with at most ${maxFractionDigits} decimals`);
    }
    return this;
  }

  nonEmpty(value: string, ...field: string[]): this {
    if (value.trim() === '') this.add(field, `${field.at(-1)} must not be empty`);
    return this;
  }

  nonNegativeInteger(value: number, ...field: string[]): this {
    if (!Number.isSafeInteger(value) || value < 0) this.add(field, `${field.at(-1)} must be a whole number of at least 0`);
    return this;
  }

  /** At least `min` characters once trimmed. */
  minLength(value: string, min: number, ...field: string[]): this {
    if (value.trim().length < min) this.add(field, `${field.at(-1)} must be at least ${min} characters`);
    return this;
  }

  /** A rule of its own: when it does not hold, `message` is the problem with `field`. */
  rule(holds: boolean, message: string, ...field: string[]): this {
    if (!holds) this.add(field, message);
    return this;
  }

  ipAddress(value: string, ...field: string[]): this {
    if (isIP(value) === 0) this.add(field, `${field.at(-1)} must be an IPv4 or IPv6 address`);
    return this;
  }

  /** A caller-chosen idempotency key, when given: 1 to 200 characters, not blank. */
  idempotencyKey(value: string | null | undefined, ...field: string[]): this {
    if (value === null || value === undefined) return this;
    if (value.trim() === '' || value.length > 200) this.add(field, `${field.at(-1)} must be 1 to 200 characters, not blank`);
    return this;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }
}
