import { statusPageFromXml } from '../../src/vendors/boknett/status-page-xml';
import { downloadStatusWire } from '../../src/vendors/boknett/wire';

const XML = 'application/xml';

describe('a DDS download status page in XML', () => {
  it.each([
    [
      '<?xml version="1.0" encoding="UTF-8"?><downloadStatus><status>READY</status><downloadURL>https://files.example/b.epub?a=1&amp;b=2</downloadURL></downloadStatus>',
      XML,
      { status: 'READY', downloadURL: 'https://files.example/b.epub?a=1&b=2' },
    ],
    ['<downloadStatus>\n  <status> processing </status>\n</downloadStatus>', 'text/xml; charset=utf-8', { status: 'processing' }],
    [
      '<downloadStatus><status>FAILED</status><message>could not be prepared</message></downloadStatus>',
      'application/vnd.bokbasen+xml',
      { status: 'FAILED', message: 'could not be prepared' },
    ],
    [
      '<downloadStatus><status>READY</status><downloadURL>https://files.example/b.epub?sig=abc&#38;exp=99&#x26;v=1</downloadURL></downloadStatus>',
      XML,
      { status: 'READY', downloadURL: 'https://files.example/b.epub?sig=abc&exp=99&v=1' },
    ],
    ['<downloadStatus><status>FAILED</status><message>Filen kunne ikke klarg&#248;res</message></downloadStatus>', XML, { status: 'FAILED', message: 'Filen kunne ikke klargøres' }],
  ])('reads %s', (text, type, page) => {
    const read = statusPageFromXml(text, type);
    expect(read).toEqual(page);
    expect(downloadStatusWire.safeParse(read).success).toBe(true);
  });

  it.each([
    ['a JSON content type', '<downloadStatus><status>READY</status></downloadStatus>', 'application/json'],
    ['no content type', '<downloadStatus><status>READY</status></downloadStatus>', undefined],
    ['malformed XML', '<downloadStatus><status>READY</downloadStatus>', XML],
    ['another document', '<error><message>no</message></error>', XML],
    ['elements nested past the parser’s bound', `<downloadStatus><status>READY</status><links>${'<a>'.repeat(120)}${'</a>'.repeat(120)}</links></downloadStatus>`, XML],
    ['a page larger than any status page', `<downloadStatus><status>READY</status><pad>${'x'.repeat(70_000)}</pad></downloadStatus>`, XML],
    ['a DTD (entities could expand without bound)', '<!DOCTYPE d [<!ENTITY a "READY">]><downloadStatus><status>&a;</status></downloadStatus>', XML],
  ])('gives nothing for %s', (_name, text, type) => {
    expect(statusPageFromXml(text, type)).toBeUndefined();
  });

  it('leaves a page with two statuses for the wire check to refuse', () => {
    const read = statusPageFromXml('<downloadStatus><status>READY</status><status>FAILED</status></downloadStatus>', XML);
    expect(downloadStatusWire.safeParse(read).success).toBe(false);
  });
});
