import { fulfilmentKey, isFulfilmentOver, type Order, type OrderItem, type OrderItemStatus } from '../../src/domain';

function line(orderLineId: number, status: OrderItemStatus, links = status === 'COMPLETED'): OrderItem {
  return {
    orderId: 1,
    orderLineId,
    assetId: 1001,
    customer: 'Clara Schumann',
    unitPrice: { amount: '4.99', currency: 'USD' },
    lineItemPrice: { amount: '4.99', currency: 'USD' },
    quantity: 1,
    countryCode: 'NO',
    status,
    vendorStatus: status,
    downloadUrl: links ? `https://vendor.example/files/1/${orderLineId}?signature=${Math.random()}` : null,
    viewUrl: links ? `https://vendor.example/viewer/1/${orderLineId}?signature=${Math.random()}` : null,
  };
}

function order(status: Order['status'], items: OrderItem[] = [], failureMessage: string | null = null): Order {
  return { orderId: 1, status, failureMessage, items };
}

describe('when an order’s fulfilment is over', () => {
  it.each([
    ['PROCESSING (the vendor answers 202 while any line is)', order('PROCESSING'), false],
    ['FAILED', order('FAILED', [], 'fulfilment failed'), true],
    ['COMPLETED, every line COMPLETED', order('COMPLETED', [line(1, 'COMPLETED'), line(2, 'COMPLETED')]), true],
    ['COMPLETED, lines COMPLETED and CANCELLED', order('COMPLETED', [line(1, 'COMPLETED'), line(2, 'CANCELLED')]), true],
    ['COMPLETED, a line FAILED', order('COMPLETED', [line(1, 'COMPLETED'), line(2, 'FAILED')]), true],
    ['COMPLETED, a line still PROCESSING', order('COMPLETED', [line(1, 'COMPLETED'), line(2, 'PROCESSING')]), false],
    ['COMPLETED, a line in a status the graph does not know', order('COMPLETED', [line(1, 'UNKNOWN')]), false],
  ])('%s: %s', (_what, value, over) => {
    expect(isFulfilmentOver(value)).toBe(over);
  });
});

describe('what a watcher sees change', () => {
  it('links signed afresh are no change; links appearing, a status or a line changing are', () => {
    const completed = order('COMPLETED', [line(1, 'COMPLETED')]);
    expect(fulfilmentKey(order('COMPLETED', [line(1, 'COMPLETED')]))).toBe(fulfilmentKey(completed));
    expect(fulfilmentKey(order('COMPLETED', [line(1, 'COMPLETED', false)]))).not.toBe(fulfilmentKey(completed));
    expect(fulfilmentKey(order('COMPLETED', [line(1, 'CANCELLED', true)]))).not.toBe(fulfilmentKey(completed));
    expect(fulfilmentKey(order('COMPLETED', [line(1, 'COMPLETED'), line(2, 'COMPLETED')]))).not.toBe(fulfilmentKey(completed));
    expect(fulfilmentKey(order('PROCESSING'))).not.toBe(fulfilmentKey(order('FAILED', [], 'x')));
    expect(fulfilmentKey(order('FAILED', [], 'x'))).not.toBe(fulfilmentKey(order('FAILED', [], 'y')));
  });
});
