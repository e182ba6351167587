import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mediaType } from '../http';

/** `application/xml`, `text/xml` and `…+xml`. */
const XML_MEDIA_TYPE = /^(?:application|text)\/(?:[\w.-]+\+)?xml$/;

/** A status page is a few hundred bytes; a larger XML one is not read (parsing it would hold the event loop). */
const MAX_PAGE_CHARS = 64 * 1024;

// `htmlEntities` decodes character references (`&#38;`, `&#xF8;`) as well as the named ones.
const parser = new XMLParser({ ignoreDeclaration: true, ignoreAttributes: true, parseTagValue: false, trimValues: true, htmlEntities: true });

/**
 * A download status page sent as XML (`<downloadStatus><status/><downloadURL/></downloadStatus>`,
 * the form the contract says public clients read), in the JSON page's shape for `downloadStatusWire`;
 * undefined when the body is not XML, is larger than a status page, or holds no `downloadStatus`.
 * A DTD is refused: the page needs none, and its entities could expand without bound.
 */
export function statusPageFromXml(text: string, contentType: string | string[] | undefined): unknown {
  if (!XML_MEDIA_TYPE.test(mediaType(contentType)) || text.length > MAX_PAGE_CHARS || /<!DOCTYPE/i.test(text)) return undefined;
  if (XMLValidator.validate(text) !== true) return undefined;
  let document: { downloadStatus?: unknown };
  try {
    document = parser.parse(text) as typeof document;
  } catch {
    // Well-formed but beyond the parser's own bounds (elements nested 100 deep).
    return undefined;
  }
  const page = document.downloadStatus;
  return page !== null && typeof page === 'object' ? page : undefined;
}
