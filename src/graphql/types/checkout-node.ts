import type { DdsOrder, OrderLineRef } from '../../domain';
import type { CheckoutLineView, CheckoutView } from '../../purchases';
import { encodeNodeId } from '../ids/node-id';
import type { Checkout } from './checkout.type';
import type { CheckoutLine } from './checkout-line.type';

/** A checkout line as the graph roots it: its fields, plus what its links read. */
export type CheckoutLineRoot = CheckoutLine & { hlLine: OrderLineRef | null; ddsOrder: DdsOrder | null };

export type CheckoutRoot = Omit<Checkout, 'lines'> & { id: string; lines: CheckoutLineRoot[] };

function lineRoot(line: CheckoutLineView, hlCurrency: string): CheckoutLineRoot {
  const { spec } = line.record;
  const hl = spec.kind === 'HL' ? spec : null;
  const dds = spec.kind === 'DDS' ? spec : null;
  return {
    lineNumber: line.lineNumber,
    vendor: line.vendor,
    accepted: line.record.accepted,
    outcome: line.outcome,
    userErrors: line.userErrors,
    price: line.price,
    assetId: hl?.assetId ?? null,
    quantity: hl?.quantity ?? null,
    unitPrice: hl ? { amount: hl.unitPrice, currency: hlCurrency } : null,
    validationExpiresAt: line.record.tokenExpiresAt ? new Date(line.record.tokenExpiresAt) : null,
    resid: dds?.resid ?? null,
    excerpt: dds?.excerpt ?? null,
    subscription: dds?.subscription ?? null,
    socialDrm: dds?.socialDrm ?? null,
    hlLine: line.hlLine,
    ddsOrder: line.ddsOrder,
  };
}

/** The plain record behind a `Checkout` (node roots are records, never class instances). */
export function checkoutRoot(view: CheckoutView, hlCurrency: string): CheckoutRoot {
  const { checkout } = view;
  return {
    id: encodeNodeId({ type: 'Checkout', checkoutId: checkout.id }),
    idempotencyKey: checkout.idempotencyKey,
    state: view.state,
    lines: view.lines.map((line) => lineRoot(line, hlCurrency)),
    totals: view.totals,
    validUntil: view.validUntil,
    paymentReference: checkout.completion?.paymentReference ?? null,
    orderNumber: checkout.completion?.orderNumber ?? null,
    createdAt: checkout.createdAt,
    updatedAt: checkout.updatedAt,
  };
}
