import { In } from 'typeorm';
import type { WriteContext } from '../core/unit-of-work';
import { runIdempotent } from '../idempotency/idempotency.service';
import { loadCustomerToOrderFor, loadTransactingPartner } from './order.policy';
import { placeOrderLines, type OrderLineRequest } from './order-placement.service';
import { Order } from './order.entity';
import { Subscription } from './subscription.entity';

export interface PlaceOrderRequest {
  customerId: number;
  /** A UUID, lower-cased: the same key in another case is the same key. */
  idempotencyKey: string;
  lines: OrderLineRequest[];
}

/** What an idempotency record keeps of a placed order, to replay it. */
interface PlacedOrder {
  orderId: number;
  subscriptionIds: number[];
}

/** The request as R-29 compares it: absent optional values and null are the same request. */
function canonicalRequest(request: PlaceOrderRequest) {
  return {
    customerId: request.customerId,
    lines: request.lines.map((line) => ({
      offerId: line.offerId,
      quantity: line.quantity,
      partnerOfRecordId: line.partnerOfRecordId ?? null,
      supportContactId: line.supportContactId ?? null,
      friendlyName: line.friendlyName ?? null,
    })),
  };
}

/**
 * `placeOrder`: R-29 first (a retry with the same key replays the first order and writes
 * nothing; the key is claimed before anything else, so concurrent duplicates wait for the first
 * and then replay it), then R-24 (who may order, for whom), then the lines.
 */
export async function placeOrder(
  w: WriteContext,
  request: PlaceOrderRequest,
): Promise<{ order: Order; subscriptions: Subscription[] }> {
  const { result } = await runIdempotent<PlacedOrder>(
    w,
    request.idempotencyKey,
    canonicalRequest(request),
    async () => {
      const partner = await loadTransactingPartner(w);
      const customer = await loadCustomerToOrderFor(
        w,
        partner,
        request.customerId,
        'input.customerId',
      );
      const placed = await placeOrderLines(w, {
        customer,
        billingPartner: partner,
        lines: request.lines,
        idempotencyKey: request.idempotencyKey,
      });
      return {
        orderId: placed.order.id,
        subscriptionIds: placed.subscriptions.map((s) => s.id),
      };
    },
  );
  // The first call and every replay answer from the stored rows, so their answers are identical.
  const order = await w.manager.findOneByOrFail(Order, { id: result.orderId });
  const rows = await w.manager.findBy(Subscription, { id: In(result.subscriptionIds) });
  const byId = new Map(rows.map((s) => [s.id, s]));
  return { order, subscriptions: result.subscriptionIds.map((id) => byId.get(id)!) };
}
