/**
 * An exact decimal amount as text: an optional minus, digits, and an optional fraction
 * ("9.50", "0", "-3.2"). Never a binary float: money is not rounded on its way through.
 */
export type Decimal = string;

/** An amount in a known currency (ISO 4217 code). */
export interface Money {
  amount: Decimal;
  currency: string;
}

/**
 * At most 15 significant digits: every such decimal survives the trip through a JSON
 * number (an IEEE double) unchanged, which is how HL Connect takes and gives prices.
 */
export const MAX_DECIMAL_DIGITS = 15;

const DECIMAL = /^-?(\d+)(?:\.(\d+))?$/;

/** The number of fraction digits of a decimal, or null when the text is not one. */
export function fractionDigits(text: string): number | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const digits = (match[1]!.replace(/^0+(?=\d)/, '') + (match[2] ?? '')).length;
  return digits <= MAX_DECIMAL_DIGITS ? (match[2]?.length ?? 0) : null;
}

export function isDecimal(text: string): boolean {
  return fractionDigits(text) !== null;
}

/** The JSON number a vendor expects for a decimal; exact for every `isDecimal` text. */
export function decimalToNumber(amount: Decimal): number {
  return Number(amount);
}

/**
 * The decimal a vendor meant by a JSON number: its shortest round-trip text, which is the
 * text it sent for any amount of up to 15 significant digits. At least two fraction digits
 * ("9.5" → "9.50"), more only when the vendor sent them.
 */
export function decimalFromNumber(value: number): Decimal {
  const text = Math.abs(value) < 1e21 && !String(value).includes('e') ? String(value) : value.toFixed(20).replace(/0+$/, '');
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** Øre (1/100 NOK) as an amount of Norwegian kroner: 18900 → "189.00". */
export function nokFromOre(ore: number): Money {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  return { amount: `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`, currency: 'NOK' };
}

/**
 * Exact totals of many amounts, one per currency in order of first appearance: summed as
 * whole units of the finest fraction given (BigInt), never as binary floats.
 */
export function totalsByCurrency(amounts: readonly Money[]): Money[] {
  const byCurrency = new Map<string, Decimal[]>();
  for (const money of amounts) byCurrency.set(money.currency, [...(byCurrency.get(money.currency) ?? []), money.amount]);
  return [...byCurrency].map(([currency, decimals]) => ({ currency, amount: sumDecimals(decimals) }));
}

function sumDecimals(decimals: readonly Decimal[]): Decimal {
  const scale = Math.max(2, ...decimals.map((d) => fractionDigits(d) ?? 0));
  const units = (d: Decimal): bigint => {
    const [whole = '0', fraction = ''] = d.replace('-', '').split('.');
    const value = BigInt(whole + fraction.padEnd(scale, '0'));
    return d.startsWith('-') ? -value : value;
  };
  const total = decimals.reduce((sum, d) => sum + units(d), 0n);
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, '0');
  return `${total < 0n ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
