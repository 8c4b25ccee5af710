import { randomUUID } from 'node:crypto';
import type { WriteContext } from '../core/unit-of-work';
import type { Partner } from '../partners/partner.entity';
import type { Order } from '../subscriptions/order.entity';
import { placeOrderLines, type OrderLineRequest } from '../subscriptions/order-placement.service';
import type { Subscription } from '../subscriptions/subscription.entity';
import type { Customer } from '../customers/customer.entity';

/** One first subscription of a new customer, IDs already parsed. */
export type FirstSubscriptionLine = OrderLineRequest;

/**
 * the new customer's first subscriptions, ordered by the partner adding it, which just got
 * the reseller relationship R-24 asks for. The order service checks on
 * every line before writing; a refused line throws, and the caller's transaction takes the
 * customer, its relationships and its admin user back with it. Without a client key the order
 * gets one of its own (an order always records one).
 */
export function placeFirstSubscriptions(
  w: WriteContext,
  request: {
    customer: Customer;
    billingPartner: Partner;
    lines: FirstSubscriptionLine[];
    idempotencyKey: string | null;
  },
): Promise<{ order: Order; subscriptions: Subscription[] }> {
  return placeOrderLines(w, {
    customer: request.customer,
    billingPartner: request.billingPartner,
    lines: request.lines,
    idempotencyKey: request.idempotencyKey ?? randomUUID(),
  });
}
