import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** `application/xml`, `text/xml` and `…+xml`, with or without parameters. */
const XML_MEDIA_TYPE = /^\s*(?:application|text)\/(?:[\w.-]+\+)?xml\s*(?:;|$)/i;

const parser = new XMLParser({ ignoreDeclaration: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

/**
 * A download status page sent as XML (`<downloadStatus><status/><downloadURL/></downloadStatus>`,
 * the form the contract says public clients read), in the JSON page's shape for `downloadStatusWire`;
 * undefined when the body is not XML or holds no `downloadStatus`. A DTD is refused: the page needs
 * none, and its entities could expand without bound.
 */
export function statusPageFromXml(text: string, contentType: string | string[] | undefined): unknown {
  const type = Array.isArray(contentType) ? contentType[0] : contentType;
  if (!type || !XML_MEDIA_TYPE.test(type) || /<!DOCTYPE/i.test(text)) return undefined;
  if (XMLValidator.validate(text) !== true) return undefined;
  const page = (parser.parse(text) as { downloadStatus?: unknown }).downloadStatus;
  return page !== null && typeof page === 'object' ? page : undefined;
}
