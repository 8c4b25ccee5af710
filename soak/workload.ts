import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../src/core/node-id';
import { RETRYABLE, type Outcome, type SoakClient } from './client';
import type { Channel } from './database';
import { ADD_CUSTOMER, CHANGE_QUANTITY, PLACE_ORDER, REACTIVATE, READS, SUSPEND } from './queries';

/** A subscription as its owning client last knew it (from an acknowledged answer or a read). */
export interface KnownSubscription {
  id: string;
  version: number;
  quantity: number;
  status: string;
  min: number;
  max: number;
  /** Its version when the order created it: every later version has one audit record. */
  initialVersion: number;
  /** A write's outcome is unknown (it failed): re-read before the next change. */
  stale: boolean;
}

export interface AckedOrder {
  idempotencyKey: string;
  orderId: string;
  subscriptionIds: string[];
  /** Attempts it took (retries with the same key after retryable failures). */
  attempts: number;
}

export interface AckedChange {
  requestId: string;
  operation: string;
  subscriptionId: string;
  version: number;
  quantity: number;
  status: string;
}

export interface AckedCustomer {
  idempotencyKey: string;
  customerId: string;
  tenantDomainPrefix: string;
}

/** What the clients were told was done: the verifier must find all of it, exactly once. */
export interface Ledger {
  orders: AckedOrder[];
  customers: AckedCustomer[];
  changes: AckedChange[];
  /** Every idempotency key and tenant prefix sent, acknowledged or not. */
  orderKeysSent: Set<string>;
  customerPrefixesSent: Set<string>;
  /** Writes abandoned without an answer (the run ended during an outage). */
  abandoned: number;
  /** Changes refused with CONFLICT on a retry whose earlier attempt turned out to be committed. */
  committedWithoutAck: number;
  retries: number;
  /** Write attempts answered with a retryable code, by request ID: a committed one is traced. */
  failedAttempts: Map<string, { operation: string; code: string; at: number; ms: number }>;
  subscriptions: Map<string, KnownSubscription>;
}

export function newLedger(): Ledger {
  return {
    orders: [],
    customers: [],
    changes: [],
    orderKeysSent: new Set(),
    customerPrefixesSent: new Set(),
    abandoned: 0,
    committedWithoutAck: 0,
    retries: 0,
    failedAttempts: new Map(),
    subscriptions: new Map(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

export interface WorkloadContext {
  client: SoakClient;
  channel: Channel;
  token: string;
  resellerToken: string;
  ledger: Ledger;
  /** When clients stop starting new operations. */
  deadline: number;
  /** How long past the deadline a write may still retry before it is abandoned. */
  retryGraceMs: number;
}

/**
 * One client: reads (about 60 %) and writes on the subscriptions it created itself, so that its
 * versions never race another client's. Writes are retried on retryable codes with the same
 * input (same idempotency key, same version): the server must apply each at most once.
 */
export async function runClient(ctx: WorkloadContext): Promise<void> {
  const owned: KnownSubscription[] = [];
  const customers = ctx.channel.customerIds.map((id) => toGlobalId('Customer', id));
  while (Date.now() < ctx.deadline) {
    const r = Math.random();
    let outcome: Outcome | undefined;
    if (r < 0.6 || owned.length === 0) {
      if (owned.length === 0 && r >= 0.6) await placeOrder(ctx, customers, owned);
      else outcome = await read(ctx, owned);
    } else if (r < 0.68 || owned.length < 3) {
      await placeOrder(ctx, customers, owned);
    } else if (r < 0.7) {
      await addCustomer(ctx, customers);
    } else {
      await changeSubscription(ctx, pick(owned));
    }
    // A failing read (outage) backs off like a real client instead of spinning.
    if (outcome && RETRYABLE.has(outcome.code)) await sleep(250);
  }
}

async function read(ctx: WorkloadContext, owned: KnownSubscription[]): Promise<Outcome> {
  const r = Math.random();
  if (r < 0.2) return ctx.client.send(ctx.token, READS.viewer, {});
  if (r < 0.45) return ctx.client.send(ctx.token, READS.nested, {});
  if (r < 0.55) return ctx.client.send(ctx.resellerToken, READS.nested, {});
  if (r < 0.8 && owned.length)
    return ctx.client.send(ctx.token, READS.node, { id: pick(owned).id });
  if (r < 0.9) return ctx.client.send(ctx.token, READS.orders, {});
  return ctx.client.send(undefined, READS.directory, {});
}

/** Sends one write until it is answered with something other than a retryable code. */
async function untilAnswered(
  ctx: WorkloadContext,
  operation: string,
  send: () => Promise<Outcome>,
): Promise<{ outcome: Outcome; attempts: number } | undefined> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await send();
    if (!RETRYABLE.has(outcome.code)) return { outcome, attempts: attempt };
    const { code, at, ms } = outcome;
    ctx.ledger.failedAttempts.set(outcome.requestId, { operation, code, at, ms });
    if (Date.now() > ctx.deadline + ctx.retryGraceMs) {
      ctx.ledger.abandoned++;
      return undefined;
    }
    ctx.ledger.retries++;
    await sleep(Math.min(2000, 200 * attempt));
  }
}

async function placeOrder(ctx: WorkloadContext, customers: string[], owned: KnownSubscription[]) {
  const key = randomUUID();
  const lines = Array.from({ length: between(1, 2) }, () => {
    const offer = pick(ctx.channel.offers);
    return {
      offerId: toGlobalId('Offer', offer.id),
      quantity: between(offer.min, Math.min(offer.max, offer.min + 40)),
    };
  });
  const input = { customerId: pick(customers), idempotencyKey: key, lines };
  ctx.ledger.orderKeysSent.add(key);
  const answered = await untilAnswered(ctx, 'placeOrder', () =>
    ctx.client.send(ctx.token, PLACE_ORDER, { input }, 'placeOrder'),
  );
  if (!answered || answered.outcome.code !== 'OK') return;
  const data = answered.outcome.data;
  ctx.ledger.orders.push({
    idempotencyKey: key,
    orderId: data.order.id,
    subscriptionIds: data.subscriptions.map((s: { id: string }) => s.id),
    attempts: answered.attempts,
  });
  for (const s of data.subscriptions) {
    const known: KnownSubscription = {
      id: s.id,
      version: s.version,
      quantity: s.quantity,
      status: s.status,
      min: s.offer.minQuantity,
      max: s.offer.maxQuantity,
      initialVersion: s.version,
      stale: false,
    };
    owned.push(known);
    ctx.ledger.subscriptions.set(s.id, known);
  }
}

async function addCustomer(ctx: WorkloadContext, customers: string[]) {
  const key = randomUUID();
  const prefix = `soak${key.replace(/-/g, '').slice(0, 20)}`;
  const input = {
    idempotencyKey: key,
    companyName: `Soak Customer ${prefix}`,
    tenantDomainPrefix: prefix,
    countryCode: 'US',
    address: { line1: '1 Soak Street', city: 'Seattle' },
    companyContact: { name: 'Soak Admin', email: `admin@${prefix}.example` },
  };
  ctx.ledger.customerPrefixesSent.add(prefix);
  const answered = await untilAnswered(ctx, 'addCustomer', () =>
    ctx.client.send(ctx.token, ADD_CUSTOMER, { input }, 'addCustomer'),
  );
  if (!answered || answered.outcome.code !== 'OK') return;
  const customerId = answered.outcome.data.customer.id;
  ctx.ledger.customers.push({ idempotencyKey: key, customerId, tenantDomainPrefix: prefix });
  customers.push(customerId);
}

/** Re-reads a subscription whose last write has an unknown outcome. */
async function refresh(ctx: WorkloadContext, s: KnownSubscription): Promise<boolean> {
  const answered = await untilAnswered(ctx, 'read', () =>
    ctx.client.send(ctx.token, READS.node, { id: s.id }),
  );
  const node = answered?.outcome.code === 'OK' ? answered.outcome.data.node : undefined;
  if (!node) return false;
  Object.assign(s, {
    version: node.version,
    quantity: node.quantity,
    status: node.status,
    stale: false,
  });
  return true;
}

async function changeSubscription(ctx: WorkloadContext, s: KnownSubscription) {
  if (s.stale && !(await refresh(ctx, s))) return;
  let operation: string;
  let query: string;
  let input: Record<string, unknown>;
  let expect: { quantity: number; status: string };
  if (s.status === 'SUSPENDED') {
    operation = 'reactivateSubscription';
    query = REACTIVATE;
    input = { subscriptionId: s.id, version: s.version };
    expect = { quantity: s.quantity, status: 'ACTIVE' };
  } else if (s.status === 'ACTIVE' && Math.random() < 0.2) {
    operation = 'suspendSubscription';
    query = SUSPEND;
    input = { subscriptionId: s.id, version: s.version, reason: 'CUSTOMER_REQUEST' };
    expect = { quantity: s.quantity, status: 'SUSPENDED' };
  } else if (s.status === 'ACTIVE') {
    let quantity = between(s.min, Math.min(s.max, s.min + 60));
    if (quantity === s.quantity) quantity = quantity === s.min ? quantity + 1 : quantity - 1;
    operation = 'changeSubscriptionQuantity';
    query = CHANGE_QUANTITY;
    input = { subscriptionId: s.id, version: s.version, quantity };
    expect = { quantity, status: 'ACTIVE' };
  } else {
    return;
  }
  let lastRequestId = '';
  const answered = await untilAnswered(ctx, operation, async () => {
    const outcome = await ctx.client.send(ctx.token, query, { input }, operation);
    lastRequestId = outcome.requestId;
    return outcome;
  });
  if (!answered) {
    s.stale = true;
    return;
  }
  const { outcome, attempts } = answered;
  if (outcome.code === 'OK') {
    const sub = outcome.data.subscription;
    Object.assign(s, { version: sub.version, quantity: sub.quantity, status: sub.status });
    ctx.ledger.changes.push({
      requestId: lastRequestId,
      operation,
      subscriptionId: s.id,
      version: sub.version,
      quantity: sub.quantity,
      status: sub.status,
    });
    return;
  }
  // Only this client writes this subscription: a CONFLICT after a retry means an earlier
  // attempt was committed although its answer said otherwise.
  const before = s.version;
  s.stale = true;
  if (!(await refresh(ctx, s))) return;
  if (
    outcome.code === 'CONFLICT' &&
    attempts > 1 &&
    s.version === before + 1 &&
    s.quantity === expect.quantity &&
    s.status === expect.status
  ) {
    ctx.ledger.committedWithoutAck++;
  }
}
