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

const MINUS = 45;
const DOT = 46;
const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * The number of fraction digits of a decimal (`-?\d+(\.\d+)?`), or null when the text is
 * not one. Leading zeros of the whole part do not count towards the 15 digits. A scan of
 * character codes, allocating nothing: every Money amount a response shows passes here.
 */
export function fractionDigits(text: string): number | null {
  const end = text.length;
  let i = text.charCodeAt(0) === MINUS ? 1 : 0;
  const wholeStart = i;
  let significant = 0;
  for (; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code === DOT) break;
    if (!isDigit(code)) return null;
    // A zero followed by another digit of the whole part is a leading zero.
    if (significant === 0 && code === 48 && isDigit(text.charCodeAt(i + 1))) continue;
    significant += 1;
  }
  if (i === wholeStart) return null;
  if (i === end) return significant <= MAX_DECIMAL_DIGITS ? 0 : null;
  const fractionStart = i + 1;
  if (fractionStart === end) return null;
  for (let j = fractionStart; j < end; j += 1) if (!isDigit(text.charCodeAt(j))) return null;
  const fraction = end - fractionStart;
  return significant + fraction <= MAX_DECIMAL_DIGITS ? fraction : null;
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
  // The common case (a price such as 4.99 or 2.1) converts the number to text once and splits nothing.
  const text = String(value);
  if (!text.includes('e')) {
    const dot = text.indexOf('.');
    if (dot === -1) return `${text}.00`;
    return text.length - dot === 2 ? `${text}0` : text;
  }
  const [whole, fraction = ''] = value.toFixed(20).replace(/0+$/, '').split('.');
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
