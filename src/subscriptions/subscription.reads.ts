import { visibilityOf } from '../access/visibility';
import type { ListSource } from '../core/list-query';
import { sql, Sql } from '../db/sql';
import type { ConnectionData } from '../core/connection';
import type { RequestContext } from '../core/request-context';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { loadOffer, offerById } from '../catalog/offer.reads';
import type { Offer } from '../catalog/offer.entity';
import { OFFER_NODE_COLUMNS } from '../catalog/offer.types';
import { Customer } from '../customers/customer.entity';
import { CUSTOMER_NODE_COLUMNS } from '../customers/customer.types';
import type { Organization } from '../organizations/organization.entity';
import {
  EdgeJoins,
  type EdgeSelection,
  joinedEdge,
  loadByIdWithEdges,
  loadOptionalById,
  selectionKey,
  type ByIdSpec,
  type JoinedEdge,
} from '../access/by-id';
import { objectSelection } from '../core/selected-fields';
import { organizationById } from '../organizations/organization.loaders';
import { loadCustomer } from '../customers/customer.loaders';
import { listConnection, nestedConnection, type NestedList } from '../core/list-connection';
import { connectionNodeColumns, connectionNodeEdges } from '../core/selected-columns';
import type { PageRequest } from '../core/pagination';
import type { SubscriptionStatus } from './subscription-enums';
import { Order } from './order.entity';
import { Subscription } from './subscription.entity';
import { SUBSCRIPTION_NODE_COLUMNS } from './subscription.types';

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

/** The subscription's single-object edges that can be read in the subscription's statement. */
const SUBSCRIPTION_EDGES: Readonly<Record<string, JoinedEdge>> = {
  customer: {
    field: 'customer',
    column: 'customer_id',
    spec: organizationById,
    fieldColumns: CUSTOMER_NODE_COLUMNS,
  },
  offer: { field: 'offer', column: 'offer_id', spec: offerById, fieldColumns: OFFER_NODE_COLUMNS },
};
const EDGE_COLUMNS = Object.fromEntries(
  Object.entries(SUBSCRIPTION_EDGES).map(([field, edge]) => [field, edge.fieldColumns!]),
);

/** Subscription.offer: joined with the subscription's page, or loaded. */
export function subscriptionOffer(ctx: RequestContext, s: Subscription) {
  const joined = joinedEdge<Offer>(s, 'offer');
  return joined !== undefined ? joined : loadOffer(ctx, s.offerId);
}

/** Subscription.customer: joined with the subscription's page, or loaded. */
export function subscriptionCustomer(ctx: RequestContext, s: Subscription) {
  const joined = joinedEdge<Organization>(s, 'customer');
  if (joined === undefined) return loadCustomer(ctx, s.customerId);
  return joined instanceof Customer ? joined : null;
}

/**
 * A subscription by `node(id:)`, with the customer and offer joined in when the query asks for
 * them, all narrowed to the fields asked for: one statement where the edges' loaders would add
 * one each (the benchmark's Q1).
 */
export function loadSubscriptionNode(
  ctx: RequestContext,
  id: number,
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'schema'>,
) {
  const selection = objectSelection(info, 'Subscription', SUBSCRIPTION_NODE_COLUMNS, EDGE_COLUMNS);
  return loadByIdWithEdges(
    ctx,
    subscriptionById,
    id,
    selection.columns,
    selection.edges.map(({ field, columns }) => ({ edge: SUBSCRIPTION_EDGES[field], columns })),
  );
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

type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes'>;

/** What a subscription list reads of its nodes; `key` names it for loader keys. */
interface NodeSelection {
  key: string;
  columns: readonly string[] | null;
  edges: readonly EdgeSelection[];
}

const WHOLE: NodeSelection = { key: '*:', columns: null, edges: [] };
const selections = new WeakMap<FieldNode, NodeSelection>();

/**
 * What a subscription list reads for its nodes: the columns its selected fields need, and the
 * single-object edges it selects (customer, offer), joined into the page's statement so that a
 * list with its offers costs one statement per list level. Cached per field node: a nested
 * list asks for it once per parent.
 */
function subscriptionNodes(info: SelectionInfo | undefined): NodeSelection {
  if (!info || info.fieldNodes.length !== 1) return WHOLE;
  let selection = selections.get(info.fieldNodes[0]);
  if (!selection) {
    const columns = connectionNodeColumns(info, SUBSCRIPTION_NODE_COLUMNS);
    const edges = connectionNodeEdges(info, EDGE_COLUMNS).map(({ field, columns }) => ({
      edge: SUBSCRIPTION_EDGES[field],
      columns,
    }));
    selection = { key: selectionKey(columns, edges), columns, edges };
    selections.set(info.fieldNodes[0], selection);
  }
  return selection;
}

function subscriptionList(
  ctx: RequestContext,
  nodes: NodeSelection,
  from: Sql,
  where: Array<Sql | undefined>,
): NestedList<SubscriptionEdgeData> {
  const subs = ctx.hydrator(Subscription, 's', nodes.columns);
  const joins = new EdgeJoins(ctx, 's', nodes.edges);
  return {
    src: {
      from,
      select: subs.columns,
      key: 's.id',
      where,
      joined: joins.empty ? undefined : joins,
    },
    toEdge: (row, cursor) => {
      const node = subs.one(row);
      joins.attach(node, row);
      return { cursor, node };
    },
  };
}

type SubscriptionEdgeData = { cursor: string; node: Subscription };

/** Root `subscriptions`: all the caller may see. */
export function listSubscriptions(
  ctx: RequestContext,
  filter: SubscriptionFilter,
  req: PageRequest,
  info?: SelectionInfo,
): Promise<ConnectionData<Subscription>> {
  const { src, toEdge } = subscriptionList(
    ctx,
    subscriptionNodes(info),
    Sql.raw('subscription s'),
    [...filters('s', filter), visibilityOf(ctx).subscription('s')],
  );
  return listConnection(ctx, src, req, toEdge);
}

/** A customer's subscriptions, as far as the caller may see them. */
export function customerSubscriptions(
  ctx: RequestContext,
  customerId: number,
  filter: Omit<SubscriptionFilter, 'customerId'>,
  req: PageRequest,
  info?: SelectionInfo,
): Promise<ConnectionData<Subscription>> {
  const nodes = subscriptionNodes(info);
  const key = `customerSubscriptions:${filter.status ?? ''}:${nodes.key}`;
  return nestedConnection(ctx, key, 's.customer_id', customerId, req, () =>
    subscriptionList(ctx, nodes, Sql.raw('subscription s'), [
      ...filters('s', filter),
      visibilityOf(ctx).subscription('s'),
    ]),
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
  info?: SelectionInfo,
): Promise<ConnectionData<Subscription>> {
  const nodes = subscriptionNodes(info);
  const key = `partnerSubscriptions:${filter.status ?? ''}:${filter.customerId ?? ''}:${nodes.key}`;
  return nestedConnection(ctx, key, 'party.id', partnerId, req, () =>
    subscriptionList(
      ctx,
      nodes,
      Sql.raw(
        'organization party JOIN subscription s ON party.id IN (s.billing_partner_id, s.partner_of_record_id, s.support_contact_id, s.service_partner_id)',
      ),
      [...filters('s', filter), visibilityOf(ctx).subscription('s')],
    ),
  );
}

/** Root `orders`: those the caller may see (R-30: its own as billing partner or customer). */
export function listOrders(
  ctx: RequestContext,
  filter: { customerId?: number },
  req: PageRequest,
): Promise<ConnectionData<Order>> {
  const orders = ctx.hydrator(Order, 'ord');
  const src: ListSource = {
    from: Sql.raw('csp_order ord'),
    select: orders.columns,
    key: 'ord.id',
    where: [
      filter.customerId !== undefined ? sql`ord.customer_id = ${filter.customerId}` : undefined,
      visibilityOf(ctx).order('ord'),
    ],
  };
  return listConnection(ctx, src, req, (row, cursor) => ({ cursor, node: orders.one(row) }));
}

/** The subscriptions an order created, as far as the caller may see them. */
export function orderSubscriptions(
  ctx: RequestContext,
  orderId: number,
  req: PageRequest,
  info?: SelectionInfo,
): Promise<ConnectionData<Subscription>> {
  const nodes = subscriptionNodes(info);
  return nestedConnection(ctx, `orderSubscriptions:${nodes.key}`, 's.order_id', orderId, req, () =>
    subscriptionList(ctx, nodes, Sql.raw('subscription s'), [visibilityOf(ctx).subscription('s')]),
  );
}
