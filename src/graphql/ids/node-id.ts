/**
 * Global object ids (the Relay and Apollo Client convention): opaque, stable, one per
 * object across the whole graph. An id is base64url of `Type:key`; clients must not
 * parse it. The vendors' own keys stay fields of their own (`orderId`, `assetId`, …).
 */
export type NodeKey =
  | { type: 'Order'; orderId: number }
  | { type: 'OrderItem'; orderId: number; orderLineId: number }
  | { type: 'Asset'; assetId: number }
  | { type: 'DdsOrder'; orderId: string }
  | { type: 'LedgerEntry'; entryId: number }
  | { type: 'Checkout'; checkoutId: number };

export type NodeType = NodeKey['type'];

function keyText(key: NodeKey): string {
  switch (key.type) {
    case 'Order':
      return String(key.orderId);
    case 'OrderItem':
      return `${key.orderId}:${key.orderLineId}`;
    case 'Asset':
      return String(key.assetId);
    case 'DdsOrder':
      return key.orderId;
    case 'LedgerEntry':
      return String(key.entryId);
    case 'Checkout':
      return String(key.checkoutId);
    default:
      return unreachable(key);
  }
}

/** Closes an exhaustive switch over node keys. */
export function unreachable(value: never): never {
  throw new Error(`unexpected node key ${JSON.stringify(value)}`);
}

export function encodeNodeId(key: NodeKey): string {
  return Buffer.from(`${key.type}:${keyText(key)}`, 'utf8').toString('base64url');
}

const positive = (text: string | undefined): number | null => {
  const n = Number(text);
  return /^[1-9]\d*$/.test(text ?? '') && Number.isSafeInteger(n) ? n : null;
};

function parseKey(type: string, rest: string): NodeKey | null {
  switch (type) {
    case 'Order': {
      const orderId = positive(rest);
      return orderId === null ? null : { type, orderId };
    }
    case 'OrderItem': {
      const [order, line, ...extra] = rest.split(':');
      const orderId = positive(order);
      const orderLineId = positive(line);
      return orderId === null || orderLineId === null || extra.length > 0 ? null : { type, orderId, orderLineId };
    }
    case 'Asset': {
      const assetId = positive(rest);
      return assetId === null ? null : { type, assetId };
    }
    case 'DdsOrder':
      // The shop's own text, which may hold colons: everything after the type.
      return rest.trim() === '' ? null : { type, orderId: rest };
    case 'LedgerEntry': {
      const entryId = positive(rest);
      return entryId === null ? null : { type, entryId };
    }
    case 'Checkout': {
      const checkoutId = positive(rest);
      return checkoutId === null ? null : { type, checkoutId };
    }
    default:
      return null;
  }
}

/** The key in an id, or null when it is not an id this gateway issued. */
export function decodeNodeId(id: string): NodeKey | null {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const key = parseKey(text.slice(0, colon), text.slice(colon + 1));
  // Only the one canonical spelling of each id is accepted, so every object has exactly one.
  return key && encodeNodeId(key) === id ? key : null;
}
