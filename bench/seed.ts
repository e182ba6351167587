import type { SeedPlan } from './scenarios';
import type { SimulatorsInfo } from './simulators';

/**
 * Registers the plan's orders directly at the HL Connect simulator (validate, then
 * register, per line) and waits until every order has left PROCESSING (the simulator's
 * processing delay).
 */
export async function seedHlConnect(hl: SimulatorsInfo['hlconnect'], plan: SeedPlan, timeoutMs = 15_000): Promise<void> {
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const response = await fetch(`${hl.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${hl.token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  };

  const registerLine = async (orderNumber: number, orderLineId: number): Promise<void> => {
    const validated = await call('POST', '/purchase/validate-purchase-before-payment', {
      asset_id: plan.assetId,
      customer_ip: plan.customerIp,
      quantity: 1,
    });
    if (validated.status !== 200) throw new Error(`seed: validate answered ${validated.status} ${JSON.stringify(validated.json)}`);
    const registered = await call('POST', '/purchase/register', {
      token: (validated.json as { token: string }).token,
      order_number: orderNumber,
      order_line_id: orderLineId,
      line_item_price: 4.99,
      unit_price: 4.99,
      customer: 'Bench Buyer',
    });
    if (registered.status !== 201) throw new Error(`seed: register answered ${registered.status} ${JSON.stringify(registered.json)}`);
  };

  await Promise.all(plan.orders.flatMap(({ orderNumber, lines }) => Array.from({ length: lines }, (_, i) => registerLine(orderNumber, i + 1))));

  const deadline = Date.now() + timeoutMs;
  for (const { orderNumber } of plan.orders) {
    for (;;) {
      const info = await call('GET', `/purchase/info?order_id=${orderNumber}`);
      if (info.status === 200) break;
      if (info.status !== 202 || Date.now() > deadline) throw new Error(`seed: order ${orderNumber} is not complete (${info.status})`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
