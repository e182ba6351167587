import { contentLocation, needsParameters, toDownload, toOrderWire, type PlaceDdsOrderRequest } from '../../src/vendors/boknett/mapping';
import { orderRefusal } from '../../src/vendors/boknett/refusals';
import { rfc1123Date } from '../../src/vendors/boknett/rfc1123-date';
import { KnownSecrets, type VendorResponse } from '../../src/vendors/http';

const BASE = 'https://api.bokbasen.io/dds/';
/** The legacy API host, whose Location the contract shows. */
const LEGACY_BASE = 'https://api.dds.boknett.no/';
const NO_SECRETS = new KnownSecrets();

describe('Boknett DDS mapping', () => {
  describe('the fulfilment id in an order’s Location', () => {
    it.each([
      [
        'https://api.dds.boknett.no/content/0b1c4e50-bb00-46ea-bc24-27d1b32fb2a3',
        LEGACY_BASE,
        '0b1c4e50-bb00-46ea-bc24-27d1b32fb2a3',
        'https://api.dds.boknett.no/content/0b1c4e50-bb00-46ea-bc24-27d1b32fb2a3',
      ],
      ['content/abc-123', BASE, 'abc-123', 'https://api.bokbasen.io/dds/content/abc-123'],
      ['https://api.bokbasen.io/dds/content/abc/', BASE, 'abc', 'https://api.bokbasen.io/dds/content/abc/'],
    ])('reads %s (API base %s)', (location, base, fulfilmentId, contentUrl) => {
      expect(contentLocation(location, base)).toEqual({ fulfilmentId, contentUrl });
    });

    it('reads a content URL on another host than the API’s: the contract’s own example answers on the legacy host', () => {
      expect(contentLocation('https://api.dds.boknett.no/content/abc', BASE)).toEqual({ fulfilmentId: 'abc', contentUrl: 'https://api.dds.boknett.no/content/abc' });
      expect(contentLocation('https://user:secret@cdn.example/content/abc', BASE)).toEqual({ fulfilmentId: 'abc', contentUrl: 'https://cdn.example/content/abc' });
    });

    it.each([
      undefined,
      '',
      '   ',
      'https://api.dds.boknett.no/elsewhere/abc',
      'https://api.dds.boknett.no/content/',
      'https://x/content/a%20b',
      'ftp://x/content/abc',
      'https://x/content/%E0%A4%A',
    ])('refuses %p', (location) => {
      expect(contentLocation(location, BASE)).toBeUndefined();
    });
  });

  describe('the order body', () => {
    const order: PlaceDdsOrderRequest = {
      orderId: 'o-1',
      resid: 'r-1',
      priceOre: 18_900,
      consumerId: null,
      firstName: null,
      lastName: null,
      excerpt: false,
      subscription: false,
    };

    it('sends spd as a string of digits and leaves out what was not given', () => {
      expect(toOrderWire(order)).toEqual({ orderid: 'o-1', resid: 'r-1', spd: '18900', excerpt: false });
    });

    it('names the consumer and buyer in DDS’s words', () => {
      expect(toOrderWire({ ...order, consumerId: 'c-1', firstName: 'Ola', lastName: 'Nordmann' })).toEqual({
        orderid: 'o-1',
        resid: 'r-1',
        spd: '18900',
        id: 'c-1',
        firstname: 'Ola',
        lastname: 'Nordmann',
        excerpt: false,
      });
    });

    it('has no excerpt in the subscription variant', () => {
      expect(toOrderWire({ ...order, subscription: true })).not.toHaveProperty('excerpt');
    });
  });

  describe('a 300 for a download', () => {
    const audio = { fulfilmentId: 'f', type: 'audio/x', bitrate: null };

    it('names what the request lacked when there is no body', () => {
      expect(needsParameters(undefined, audio, NO_SECRETS)).toEqual({
        status: 'FAILED',
        url: null,
        message: 'Boknett DDS needs bitrate to download type audio/x.',
        missingParameters: ['bitrate'],
      });
      expect(needsParameters(undefined, { ...audio, type: '' }, NO_SECRETS).missingParameters).toEqual(['type']);
      expect(needsParameters(undefined, { ...audio, bitrate: 64 }, NO_SECRETS).missingParameters).toEqual([]);
    });

    it('keeps the vendor’s message and adds each list of choices as a needed parameter', () => {
      expect(needsParameters({ message: 'Pick one', bitrates: [64, 128], formats: ['a', 'b'] }, { ...audio, bitrate: 32 }, NO_SECRETS)).toEqual({
        status: 'FAILED',
        url: null,
        message: 'Pick one. Choices: bitrate: 64, 128; format: a, b.',
        missingParameters: ['bitrate', 'format'],
      });
    });

    it('ignores what is not a list of choices', () => {
      const result = needsParameters({ missing: ['x'], status: 300, types: 'epub', empties: [], nested: [{ a: 1 }] }, { ...audio, bitrate: 32 }, NO_SECRETS);
      expect(result.missingParameters).toEqual([]);
      expect(needsParameters('not json', audio, NO_SECRETS).missingParameters).toEqual(['bitrate']);
    });
  });

  describe('order refusals', () => {
    const response = (status: number, message?: string): VendorResponse => ({ status, headers: {}, text: '', json: message ? { status, message } : undefined });

    it('reads a 400 about names, for an order sent without them, as BUYER_NAMES_REQUIRED', () => {
      expect(orderRefusal(response(400, 'invalid order: lastname is required for this product (social DRM)'), false, NO_SECRETS)).toEqual({
        code: 'BUYER_NAMES_REQUIRED',
        message: 'invalid order: lastname is required for this product (social DRM)',
        field: ['input', 'lastName'],
      });
      expect(orderRefusal(response(400, 'firstname must be at least 2 characters'), true, NO_SECRETS)!.code).toBe('INVALID_INPUT');
    });

    it('reads a plain-text body as DDS’s words (the contract documents no error body), and nothing else that is not JSON', () => {
      const text = (type: string, body: string): VendorResponse => ({ status: 400, headers: { 'content-type': type }, text: body, json: undefined });
      expect(orderRefusal(text('text/plain; charset=utf-8', 'firstname and lastname are required for social DRM (SDRM) titles'), false, NO_SECRETS)).toEqual({
        code: 'BUYER_NAMES_REQUIRED',
        message: 'firstname and lastname are required for social DRM (SDRM) titles',
        field: ['input', 'firstName'],
      });
      expect(orderRefusal(text('text/html', '<html><body>Bad Request</body></html>'), false, NO_SECRETS)).toEqual({
        code: 'INVALID_INPUT',
        message: 'Boknett DDS rejected the order as invalid.',
        field: null,
      });
    });

    it('falls back to its own message when DDS sent none', () => {
      expect(orderRefusal(response(409), false, NO_SECRETS)).toEqual({ code: 'ORDER_ID_IN_USE', message: expect.stringMatching(/orderId/), field: null });
    });

    it.each([200, 201, 401, 403, 406, 429, 500])('is no refusal for %i', (status) => {
      expect(orderRefusal(response(status, 'x'), false, NO_SECRETS)).toBeUndefined();
    });
  });

  describe('a READY status page', () => {
    it('hands on an http(s) download URL as DDS sent it', () => {
      const url = 'https://files.example/b.epub?sig=a%2Fb';
      expect(toDownload({ status: 'READY', downloadURL: url }, NO_SECRETS)).toEqual({ status: 'READY', url, message: null, missingParameters: [] });
    });

    it.each(['javascript:alert(1)', 'data:text/html,<script>x</script>', '/relative/b.epub', 'files.example/b.epub', ''])('gives nothing for %p: it goes to browsers', (downloadURL) => {
      expect(toDownload({ status: 'READY', downloadURL }, NO_SECRETS)).toBeUndefined();
    });
  });

  it('writes the Date header in RFC 1123 form', () => {
    expect(rfc1123Date(Date.UTC(2014, 5, 10, 16, 23, 42))).toBe('Tue, 10 Jun 2014 16:23:42 GMT');
  });
});
