import { loggedVendorText, shownVendorText } from '../../src/vendors/http/vendor-text';

describe('vendor refusal text', () => {
  const leaky =
    'Purchase not allowed in your region: postgres://admin:s3cret@db.internal:5432/shop failed\n' +
    '    at Object.<anonymous> (/srv/app.js:10:5)\n    at Module._compile (node:internal/modules/cjs/loader:1105:14)';

  it('keeps the vendor’s words and drops URLs, credentials, paths and stack frames', () => {
    expect(shownVendorText(leaky)).toBe('Purchase not allowed in your region: failed');
    expect(shownVendorText('Cannot read /var/lib/app/config.json: admin:hunter2@db refused')).toBe('Cannot read: refused');
    expect(shownVendorText('Asset 1001 is not sold in NO since 2024/01/02. See https://vendor.example/faq?id=3 for details.')).toBe(
      'Asset 1001 is not sold in NO since 2024/01/02. See for details.',
    );
    expect(shownVendorText('Bad path C:\\srv\\app\\index.js here')).toBe('Bad path here');
  });

  it('leaves a plain message as it is', () => {
    expect(shownVendorText('The validation token has expired.')).toBe('The validation token has expired.');
  });

  it('caps the length at 300 characters', () => {
    const shown = shownVendorText(`${'word '.repeat(200)}end`)!;
    expect(shown.length).toBe(300);
    expect(shown.endsWith('…')).toBe(true);
  });

  it('is undefined when nothing worth showing is left', () => {
    expect(shownVendorText('   ')).toBeUndefined();
    expect(shownVendorText('https://db.internal/x')).toBeUndefined();
    expect(shownVendorText(undefined)).toBeUndefined();
  });

  it('logs the raw text with credentials in URLs masked', () => {
    const logged = loggedVendorText(leaky);
    expect(logged).toContain('postgres://***@db.internal:5432/shop');
    expect(logged).toContain('/srv/app.js:10:5');
    expect(logged).not.toContain('s3cret');
  });
});
