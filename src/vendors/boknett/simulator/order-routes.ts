import { randomUUID } from 'node:crypto';
import type { Route, SimRequest, SimResponse } from '../../simulator-kit';
import { findProduct, type CatalogueProduct } from './catalogue';
import { errorResponse } from './errors';
import { checkApiRequest, contentMediaType, type RequestCheckContext } from './request-checks';

/** An order as DDS received it (wire-shaped), plus where it lives. */
export interface BoknettSimulatorOrder {
  /** As sent (a number is stringified); generated for subscription orders sent without one. */
  orderid: string;
  /** As sent (its case kept). */
  resid: string;
  /** As sent: a string of digits or a non-negative integer (øre incl. VAT); 0 for a subscription order without one. */
  spd: string | number;
  id?: string;
  firstname?: string;
  lastname?: string;
  /** As sent; absent when not sent (DDS then treats it as false). */
  excerpt?: boolean;
  /** Placed through `POST /order/subscription`. */
  subscription: boolean;
  fulfilmentId: string;
}

/** Orders by orderid and by fulfilment id. */
export class OrderBook {
  private readonly byOrderId = new Map<string, BoknettSimulatorOrder>();
  private readonly byFulfilmentId = new Map<string, BoknettSimulatorOrder>();
  /** orderid → how often an order under it was refused because the orderid was taken (409). */
  private readonly refusedAsTaken = new Map<string, number>();

  /** How often an order under `orderid` was refused because DDS already held one (409). */
  duplicates(orderid: string): number {
    return this.refusedAsTaken.get(orderid) ?? 0;
  }

  refuseDuplicate(orderid: string): void {
    this.refusedAsTaken.set(orderid, this.duplicates(orderid) + 1);
  }

  get(orderid: string): BoknettSimulatorOrder | undefined {
    return this.byOrderId.get(orderid);
  }

  byFulfilment(fulfilmentId: string): BoknettSimulatorOrder | undefined {
    return this.byFulfilmentId.get(fulfilmentId);
  }

  add(order: BoknettSimulatorOrder): void {
    this.byOrderId.set(order.orderid, order);
    this.byFulfilmentId.set(order.fulfilmentId, order);
  }

  /** Every order, oldest first: what a state file keeps. */
  all(): BoknettSimulatorOrder[] {
    return [...this.byOrderId.values()];
  }
}

/** `save` runs after every order DDS accepts; `locationBase` (default: the request's base URL) is what its `Location` names. */
export function orderRoutes(orders: OrderBook, ctx: RequestCheckContext, save: () => void, locationBase?: string): Route[] {
  const place = (subscription: boolean) => (req: SimRequest) => {
    const response = placeOrder(req, orders, ctx, subscription, locationBase ?? req.baseUrl);
    if (response.status === 201) save();
    return response;
  };
  return [
    { method: 'POST', pattern: '/order', handler: place(false) },
    { method: 'POST', pattern: '/order/subscription', handler: place(true) },
  ];
}

function placeOrder(req: SimRequest, orders: OrderBook, ctx: RequestCheckContext, subscription: boolean, locationBase: string): SimResponse {
  const checked = checkApiRequest(req, ctx);
  if (!checked.ok) return checked.response;

  if (contentMediaType(req) !== 'application/json') return errorResponse(400, 'Content-Type must be application/json');
  if (req.rawBody.trim() === '') return errorResponse(400, 'missing JSON body');
  if (req.json === undefined) return errorResponse(400, 'body is not valid JSON');
  if (req.json === null || typeof req.json !== 'object' || Array.isArray(req.json)) {
    return errorResponse(400, 'body must be a JSON object');
  }

  const parsed = parseOrder(req.json as Record<string, unknown>, subscription);
  if (parsed.problems.length > 0) return errorResponse(400, `invalid order: ${parsed.problems.join('; ')}`);
  const { fields, product } = parsed;
  if (!product) return errorResponse(404, `unknown resid ${fields.resid}`);

  const fulfilmentId = randomUUID();
  // A subscription order sent without an orderid gets one DDS generates, derived from the fulfilment id.
  const orderid = fields.orderid ?? `subscription-${fulfilmentId}`;
  if (orders.get(orderid)) {
    orders.refuseDuplicate(orderid);
    return errorResponse(409, `orderid ${orderid} has already been used for an order`);
  }

  // Wire-shaped: optional fields appear only when they were sent.
  const order: BoknettSimulatorOrder = { orderid, resid: fields.resid, spd: fields.spd, subscription, fulfilmentId };
  if (fields.id !== undefined) order.id = fields.id;
  if (fields.firstname !== undefined) order.firstname = fields.firstname;
  if (fields.lastname !== undefined) order.lastname = fields.lastname;
  if (fields.excerpt !== undefined) order.excerpt = fields.excerpt;
  orders.add(order);
  return { status: 201, headers: { location: `${locationBase.replace(/\/$/, '')}/content/${fulfilmentId}` } };
}

interface OrderFields {
  orderid: string | undefined;
  resid: string;
  spd: string | number;
  id: string | undefined;
  firstname: string | undefined;
  lastname: string | undefined;
  excerpt: boolean | undefined;
}

/** Checks every field and collects all problems, so one 400 names them all. */
function parseOrder(body: Record<string, unknown>, subscription: boolean): { problems: string[]; fields: OrderFields; product: CatalogueProduct | undefined } {
  const problems: string[] = [];

  let orderid: string | undefined;
  if (body.orderid === undefined) {
    if (!subscription) problems.push('orderid is required');
  } else if (typeof body.orderid === 'number' && Number.isFinite(body.orderid)) {
    orderid = String(body.orderid);
  } else if (typeof body.orderid === 'string' && body.orderid.trim() !== '') {
    orderid = body.orderid;
  } else {
    problems.push('orderid must be a non-empty string');
  }

  let resid = '';
  if (body.resid === undefined) problems.push('resid is required');
  else if (typeof body.resid !== 'string' || body.resid.trim() === '') problems.push('resid must be a non-empty string');
  else resid = body.resid;

  let spd: string | number = 0;
  if (body.spd === undefined) {
    if (!subscription) problems.push('spd is required (price in øre incl. VAT, e.g. "18900")');
  } else if (typeof body.spd === 'string' && /^\d+$/.test(body.spd)) {
    spd = body.spd;
  } else if (typeof body.spd === 'number' && Number.isSafeInteger(body.spd) && body.spd >= 0) {
    spd = body.spd;
  } else {
    problems.push(`spd must be a whole number of øre (a string of digits such as "18900" or a non-negative integer), got ${JSON.stringify(body.spd)}`);
  }

  const id = optionalString(body, 'id', problems);
  const firstname = optionalName(body, 'firstname', problems);
  const lastname = optionalName(body, 'lastname', problems);

  let excerpt: boolean | undefined;
  if (subscription) {
    if (body.excerpt !== undefined) problems.push('excerpt is not supported for subscription orders');
  } else if (body.excerpt !== undefined) {
    if (typeof body.excerpt === 'boolean') excerpt = body.excerpt;
    else problems.push('excerpt must be a boolean');
  }

  const product = resid === '' ? undefined : findProduct(resid);
  if (product?.sdrm) {
    if (body.firstname === undefined) problems.push('firstname is required for this product (social DRM)');
    if (body.lastname === undefined) problems.push('lastname is required for this product (social DRM)');
  }

  return { problems, fields: { orderid, resid, spd, id, firstname, lastname, excerpt }, product };
}

function optionalString(body: Record<string, unknown>, field: string, problems: string[]): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  problems.push(`${field} must be a string`);
  return undefined;
}

function optionalName(body: Record<string, unknown>, field: string, problems: string[]): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    problems.push(`${field} must be a string`);
    return undefined;
  }
  if (value.trim().length < 2) {
    problems.push(`${field} must be at least 2 characters`);
    return undefined;
  }
  return value;
}
