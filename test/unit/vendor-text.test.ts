import { Secret } from '../../src/config';
import { KnownSecrets } from '../../src/vendors/http/known-secrets';
import { loggedVendorText, shownVendorText } from '../../src/vendors/http/vendor-text';

describe('vendor refusal text', () => {
  const none = new KnownSecrets();
  const leaky =
    'Purchase not allowed in your region: postgres://admin:s3cret@db.internal:5432/shop failed\n' +
    '    at Object.<anonymous> (/srv/app.js:10:5)\n    at Module._compile (node:internal/modules/cjs/loader:1105:14)';

  it('keeps the vendor’s words and drops URLs, credentials, paths and stack frames', () => {
    expect(shownVendorText(leaky, none)).toBe('Purchase not allowed in your region: failed');
    expect(shownVendorText('Cannot read /var/lib/app/config.json: admin:hunter2@db refused', none)).toBe('Cannot read: refused');
    expect(shownVendorText('Asset 1001 is not sold in NO since 2024/01/02. See https://vendor.example/faq?id=3 for details.', none)).toBe(
      'Asset 1001 is not sold in NO since 2024/01/02. See for details.',
    );
    expect(shownVendorText('Bad path C:\\srv\\app\\index.js here', none)).toBe('Bad path here');
  });

  it('drops credentials by their shape: schemes, tickets and `name=value` pairs', () => {
    expect(shownVendorText('Refused Bearer eyJhbGciOi.x-y and Basic dXNlcjpwYXNz for this', none)).toBe('Refused and for this');
    expect(shownVendorText('Ticket TGT-7-abcDEF-login.example has expired', none)).toBe('Ticket has expired');
    expect(shownVendorText('Login PASSWORD=hunter2 Client_Secret = x1 api_key=k2&x=1 x-api-key:k3 token=t4 refused', none)).toBe('Login &x=1 refused');
    expect(shownVendorText('author=Ibsen and the token has expired; token: see the docs', none)).toBe('author=Ibsen and the token has expired; token: see the docs');
  });

  it('drops the gateway’s own secrets wherever they appear, and the credential in use now', () => {
    let inUse: string | undefined = 'tok-A1';
    const secrets = new KnownSecrets().add(new Secret('hl-sandbox-token'), new Secret('p"w\\d'), () => inUse);
    expect(shownVendorText('token hl-sandbox-token refused (hl-sandbox-token)', secrets)).toBe('token refused');
    expect(shownVendorText('unknown tok-A1 for user', secrets)).toBe('unknown for user');
    inUse = 'tok-B2';
    expect(shownVendorText('unknown tok-B2 for user', secrets)).toBe('unknown for user');
    // A JSON body holds the secret escaped; a query string URL-encoded.
    expect(loggedVendorText(JSON.stringify({ message: 'bad p"w\\d' }), secrets)).toBe('{"message":"bad [redacted]"}');
    expect(loggedVendorText(`bad ${encodeURIComponent('p"w\\d')} here`, secrets)).toBe('bad [redacted] here');
  });

  it('leaves a plain message as it is', () => {
    expect(shownVendorText('The validation token has expired.', none)).toBe('The validation token has expired.');
  });

  it('caps the length at 300 characters', () => {
    const shown = shownVendorText(`${'word '.repeat(200)}end`, none)!;
    expect(shown.length).toBe(300);
    expect(shown.endsWith('…')).toBe(true);
  });

  it('is undefined when nothing worth showing is left', () => {
    expect(shownVendorText('   ', none)).toBeUndefined();
    expect(shownVendorText('https://db.internal/x', none)).toBeUndefined();
    expect(shownVendorText('Bearer abc', none)).toBeUndefined();
    expect(shownVendorText(undefined, none)).toBeUndefined();
  });

  it('logs the text with the same things masked as [redacted], the rest as sent', () => {
    const secrets = new KnownSecrets().add(new Secret('hl-sandbox-token'));
    const logged = loggedVendorText(`${leaky}\nsent hl-sandbox-token, "password": "hunter2"`, secrets);
    expect(logged).toBe('Purchase not allowed in your region: [redacted] failed\n    [redacted]\n    [redacted]\nsent [redacted], [redacted]');
  });

  it('logs an echoed body without the buyer’s names and IP address', () => {
    const echoed = '{"message":"invalid order","order":{"orderid":"o-1","firstname":"Clara","lastname":"Schumann","customer_ip":"203.0.113.9","customer":"Clara \\"C\\" S"}}';
    expect(loggedVendorText(echoed, none)).toBe(
      '{"message":"invalid order","order":{"orderid":"o-1","firstname":"[redacted]","lastname":"[redacted]","customer_ip":"[redacted]","customer":"[redacted]"}}',
    );
  });

  it('logs a plain-text echo without the buyer’s named fields, nor the names and IP the request carried wherever they appear', () => {
    const echoed = 'Order p-3 for Ola Nordmann (firstname=Ola, lastname=Nordmann) from 203.0.113.9 refused; request was "{"customer":"Ola Nordmann"}"';
    expect(loggedVendorText(echoed, none, ['Ola', 'Nordmann', '203.0.113.9', null, 'x'])).toBe(
      'Order p-3 for [redacted] [redacted] (firstname=[redacted], lastname=[redacted]) from [redacted] refused; request was "{"customer":"[redacted]"}"',
    );
  });
});
