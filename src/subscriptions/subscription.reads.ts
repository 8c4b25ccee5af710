import type { ListSource } from '../db/list-query';
import { sql, Sql } from '../db/sql';
import type { ConnectionData } from '../graphql/connection';
import type { RequestContext } from '../graphql/context';
import type { GraphQLResolveInfo } from 'graphql';
import { offerById } from '../catalog/offer.reads';
import {
  loadByIdWithEdges,
  loadOptionalById,
  type ByIdSpec,
  type JoinedEdge,
} from '../graphql/by-id';
import { selectedFieldsOn } from '../graphql/selected-fields';
import { organizationById } from '../organizations/organization.loaders';
import { listConnection, nestedConnection } from '../graphql/list-connection';
import type { PageRequest } from '../graphql/pagination';
import type { SubscriptionStatus } from './subscription-enums';
import { Order } from './order.entity';
import { Subscription } from './subscription.entity';

export const subscriptionById: ByIdSpec<Subscription> = {
  name: 'subscription',
  target: Subscription,
  table: 'subscription',
  alias: 's',
  visible: (v) => v.subscription('s'),
};

export const orderById: ByIdSpec<Order> = {
  name: 'order',
  target: Order,
  table: 'csp_order',
  alias: 'ord',
  visible: (v) => v.order('ord'),
};

/** The subscription's single-object edges that `node(id:)` can read in its own statement. */
const SUBSCRIPTION_EDGES: Readonly<Record<string, JoinedEdge>> = {
  customer: { column: 'customer_id', spec: organizationById },
  offer: { column: 'offer_id', spec: offerById },
};
const EDGE_FIELDS = Object.keys(SUBSCRIPTION_EDGES);

/**
 * A subscription by `node(id:)`, with the customer and offer joined in when the query asks for
 * them: one statement where the edges' loaders would add one each (the benchmark's Q1).
 */
export function loadSubscriptionNode(
  ctx: RequestContext,
  id: number,
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
) {
  const edges = selectedFieldsOn(info, 'Subscription', EDGE_FIELDS).map(
    (field) => SUBSCRIPTION_EDGES[field],
  );
  return loadByIdWithEdges(ctx, subscriptionById, id, edges);
}

export function loadOrder(ctx: RequestContext, id: number | null | undefined) {
  return loadOptionalById(ctx, orderById, id);
}

export interface SubscriptionFilter {
  status?: SubscriptionStatus;
  customerId?: number;
}

function filters(alias: string, filter: SubscriptionFilter): Array<Sql | undefined> {
  const a = Sql.raw(alias);
  return [
    filter.status ? sql`${a}.status = ${filter.status}` : undefined,
    filter.customerId !== undefined ? sql`${a}.customer_id = ${filter.customerId}` : undefined,
  ];
}

/** Root `subscriptions`: all the caller may see. */
export function listSubscriptions(
  ctx: RequestContext,
  filter: SubscriptionFilter,
  req: PageRequest,
): Promise<ConnectionData<Subscription>> {
  const subs = ctx.app.hydrator(Subscription, 's');
  const src: ListSource = {
    from: Sql.raw('subscription s'),
    select: subs.columns,
    key: 's.id',
    where: [...filters('s', filter), ctx.visibility.subscription('s')],
  };
  return listConnection(ctx, src, req, (row, cursor) => ({ cursor, node: subs.one(row) }));
}

/** A customer's subscriptions, as far as the caller may see them. */
export function customerSubscriptions(
  ctx: RequestContext,
  customerId: number,
  filter: Omit<SubscriptionFilter, 'customerId'>,
  req: PageRequest,
  columns: readonly string[] | null = null,
): Promise<ConnectionData<Subscription>> {
  const subs = ctx.app.hydrator(Subscription, 's', columns);
  const src: ListSource = {
    from: Sql.raw('subscription s'),
    select: subs.columns,
    key: 's.id',
    where: [...filters('s', filter), ctx.visibility.subscription('s')],
  };
  return nestedConnection(
    ctx,
    `customerSubscriptions:${filter.status ?? ''}:${columns?.join(',') ?? '*'}`,
    src,
    's.customer_id',
    customerId,
    req,
    (row, cursor) => ({
      cursor,
      node: subs.one(row),
    }),
  );
}

/**
 * The subscriptions a partner takes part in: bills, is partner of record or support contact
 * for, or was hired to service.
 */
export function partnerSubscriptions(
  ctx: RequestContext,
  partnerId: number,
  filter: SubscriptionFilter,
  req: PageRequest,
): Promise<ConnectionData<Subscription>> {
  const subs = ctx.app.hydrator(Subscription, 's');
  const src: ListSource = {
    from: Sql.raw(
      'organization party JOIN subscription s ON party.id IN (s.billing_partner_id, s.partner_of_record_id, s.support_contact_id, s.service_partner_id)',
    ),
    select: subs.columns,
    key: 's.id',
    where: [...filters('s', filter), ctx.visibility.subscription('s')],
  };
  const key = `partnerSubscriptions:${filter.status ?? ''}:${filter.customerId ?? ''}`;
  return nestedConnection(ctx, key, src, 'party.id', partnerId, req, (row, cursor) => ({
    cursor,
    node: subs.one(row),
  }));
}

/** Root `orders`: those the caller may see (R-30: its own as billing partner or customer). */
export function listOrders(
  ctx: RequestContext,
  filter: { customerId?: number },
  req: PageRequest,
): Promise<ConnectionData<Order>> {
  const orders = ctx.app.hydrator(Order, 'ord');
  const src: ListSource = {
    from: Sql.raw('csp_order ord'),
    select: orders.columns,
    key: 'ord.id',
    where: [
      filter.customerId !== undefined ? sql`ord.customer_id = ${filter.customerId}` : undefined,
      ctx.visibility.order('ord'),
    ],
  };
  return listConnection(ctx, src, req, (row, cursor) => ({ cursor, node: orders.one(row) }));
}

/** The subscriptions an order created, as far as the caller may see them. */
export function orderSubscriptions(
  ctx: RequestContext,
  orderId: number,
  req: PageRequest,
): Promise<ConnectionData<Subscription>> {
  const subs = ctx.app.hydrator(Subscription, 's');
  const src: ListSource = {
    from: Sql.raw('subscription s'),
    select: subs.columns,
    key: 's.id',
    where: [ctx.visibility.subscription('s')],
  };
  return nestedConnection(
    ctx,
    'orderSubscriptions',
    src,
    's.order_id',
    orderId,
    req,
    (row, cursor) => ({
      cursor,
      node: subs.one(row),
    }),
  );
}
