import { decimalFromNumber, decimalToNumber, fractionDigits, nokFromOre, totalsByCurrency } from '../../src/domain';

describe('exact money', () => {
  it('reads a vendor’s JSON number as the decimal it wrote, with at least two decimals', () => {
    expect([4.99, 2.1, 10, 0, 24.99, 1234567890123.45, 0.005].map(decimalFromNumber)).toEqual(['4.99', '2.10', '10.00', '0.00', '24.99', '1234567890123.45', '0.005']);
  });

  it('sends a decimal as the JSON number with the same text', () => {
    for (const amount of ['4.99', '0.10', '1234567890123.45', '9.5']) expect(JSON.stringify(decimalToNumber(amount))).toBe(String(Number(amount)));
    expect(JSON.stringify({ unit_price: decimalToNumber('4.99') })).toBe('{"unit_price":4.99}');
  });

  it('counts decimals, and refuses text that is not a decimal of at most 15 digits', () => {
    expect(fractionDigits('9.50')).toBe(2);
    expect(fractionDigits('-3')).toBe(0);
    for (const text of ['', '-', '1e3', '.5', '5.', ' 1', '1,00', 'NaN', '1234567890123456', '1.2.3', '--1']) expect(fractionDigits(text)).toBeNull();
    // Leading zeros of the whole part do not count towards the 15 digits; a lone 0 before the point does.
    expect(fractionDigits('000000000000000000001.5')).toBe(1);
    expect(fractionDigits('0.12345678901234')).toBe(14);
    expect(fractionDigits('0.123456789012345')).toBeNull();
  });

  it('turns øre into kroner exactly', () => {
    expect(nokFromOre(18_900)).toEqual({ amount: '189.00', currency: 'NOK' });
    expect(nokFromOre(5)).toEqual({ amount: '0.05', currency: 'NOK' });
  });
});

describe('checkout totals', () => {
  it('adds amounts exactly, one total per currency in order of appearance', () => {
    const totals = totalsByCurrency([
      { amount: '0.10', currency: 'USD' },
      { amount: '189.00', currency: 'NOK' },
      { amount: '0.20', currency: 'USD' },
      { amount: '1234567890123.45', currency: 'USD' },
      { amount: '0.05', currency: 'NOK' },
      { amount: '0.005', currency: 'USD' },
    ]);
    expect(totals).toEqual([
      { amount: '1234567890123.755', currency: 'USD' },
      { amount: '189.05', currency: 'NOK' },
    ]);
  });

  it('keeps two decimals for whole amounts and totals nothing as no currencies', () => {
    expect(
      totalsByCurrency([
        { amount: '3', currency: 'USD' },
        { amount: '4', currency: 'USD' },
      ]),
    ).toEqual([{ amount: '7.00', currency: 'USD' }]);
    expect(totalsByCurrency([])).toEqual([]);
  });
});
