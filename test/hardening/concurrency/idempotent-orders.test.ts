import { countRows } from '../../support/db-state';
import { demo } from '../../support/demo';
import { Ids, newKey, PLACE_ORDER } from '../../support/subscriptions';
import { startTestServer, type GqlClient, type TestServer } from '../../support/test-server';
import { auditCount, outcomes, PARALLEL, race, tally } from './race';

/**
 * R-29 under concurrency: many `placeOrder` calls with one idempotency key. Guarded by the
 * unique index on idempotency_record (organization, key): the first request claims the key by
 * inserting its record before anything else; every concurrent duplicate blocks on that index,
 * fails when the first commits, and its rerun (runMutation) finds the record and replays it.
 */
describe('races: placeOrder with one idempotency key (R-29)', () => {
  let api: TestServer;
  let ids: Ids;
  let northwind: string;
  let basic: string;
  let sales: GqlClient;
  let admin: GqlClient;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    ids = new Ids(api.dataSource);
    northwind = await ids.customer('Northwind Traders');
    basic = await ids.offer('MS-365-BB-M');
    // Two users of one partner: a key belongs to the organization, not to the user.
    sales = await api.as(demo.contoso.sales);
    admin = await api.as(demo.contoso.adminAgent);
  });
  afterAll(() => api.close());

  const orderInput = (key: string, quantity: number) => ({
    customerId: northwind,
    idempotencyKey: key,
    lines: [{ offerId: basic, quantity }],
  });

  const rowsFor = async (key: string) => ({
    orders: await countRows(api.dataSource, 'csp_order', 'idempotency_key = ?', [key]),
    subscriptions: await countRows(
      api.dataSource,
      'subscription',
      'order_id IN (SELECT id FROM csp_order WHERE idempotency_key = ?)',
      [key],
    ),
    records: await countRows(api.dataSource, 'idempotency_record', 'idempotency_key = ?', [key]),
  });

  test(`R-29 ${PARALLEL} identical orders in parallel: one order, one subscription, every answer the same`, async () => {
    const key = newKey();
    const input = orderInput(key, 7);
    const auditBefore = await countRows(api.dataSource, 'audit_record');
    const answers = outcomes(
      await race(PARALLEL, (i) => (i % 2 ? sales : admin).query(PLACE_ORDER, { input })),
      'placeOrder',
    );

    expect(tally(answers)).toEqual({ OK: PARALLEL });
    const first = answers[0].payload;
    expect(first.subscriptions).toHaveLength(1);
    expect(first.subscriptions[0]).toMatchObject({ quantity: 7, version: 1, status: 'ACTIVE' });
    for (const answer of answers) expect(answer.payload).toEqual(first);

    expect(await rowsFor(key)).toEqual({ orders: 1, subscriptions: 1, records: 1 });
    // one Order record and one Subscription record, whatever the number of requests.
    expect(await countRows(api.dataSource, 'audit_record')).toBe(auditBefore + 2);
    expect(await auditCount(api.dataSource, 'placeOrder', first.order.id)).toBe(1);
    expect(await auditCount(api.dataSource, 'placeOrder', first.subscriptions[0].id)).toBe(1);
  });

  test(`R-29 ${PARALLEL} different orders with one key in parallel: one is placed, every other is IDEMPOTENCY_KEY_REUSED`, async () => {
    const key = newKey();
    const answers = outcomes(
      await race(PARALLEL, (i) =>
        (i % 2 ? sales : admin).query(PLACE_ORDER, { input: orderInput(key, 1 + i) }),
      ),
      'placeOrder',
    );

    expect(tally(answers)).toEqual({ OK: 1, IDEMPOTENCY_KEY_REUSED: PARALLEL - 1 });
    const winner = answers.findIndex((a) => a.ok);
    for (const loser of answers.filter((a) => !a.ok)) {
      expect(loser.payload).toMatchObject({ order: null, subscriptions: [] });
      expect(loser.payload.userErrors).toEqual([
        expect.objectContaining({ field: 'input.idempotencyKey' }),
      ]);
    }
    expect(await rowsFor(key)).toEqual({ orders: 1, subscriptions: 1, records: 1 });
    // The order placed is the winner's, not a mix of requests.
    const [row] = (await api.dataSource.query(
      'SELECT s.quantity FROM subscription s JOIN csp_order o ON o.id = s.order_id WHERE o.idempotency_key = ?',
      [key],
    )) as Array<{ quantity: number }>;
    expect(Number(row.quantity)).toBe(1 + winner);
  });

  test(`R-29 two payloads, ${PARALLEL / 2} requests each, one key: the winning payload is replayed to all its senders, the other is refused`, async () => {
    const key = newKey();
    const results = await race(PARALLEL, (i) =>
      sales.query(PLACE_ORDER, { input: orderInput(key, i % 2 ? 11 : 12) }),
    );
    const answers = outcomes(results, 'placeOrder');
    const winners = answers.filter((a) => a.ok);
    expect(winners).toHaveLength(PARALLEL / 2);
    const placed = winners[0].payload;
    for (const w of winners) expect(w.payload).toEqual(placed);
    const losingQuantity = placed.subscriptions[0].quantity === 11 ? 12 : 11;
    answers.forEach((a, i) => {
      expect(a.code).toBe((i % 2 ? 11 : 12) === losingQuantity ? 'IDEMPOTENCY_KEY_REUSED' : 'OK');
    });
    expect(await rowsFor(key)).toEqual({ orders: 1, subscriptions: 1, records: 1 });
  });

  test(`R-29 ${PARALLEL} refused orders with one key in parallel: all INVALID_QUANTITY (R-23), the key stays free`, async () => {
    // The first request claims the key, then fails and rolls back: the waiting duplicates then
    // race for the key among themselves (InnoDB answers such a pile-up with deadlocks).
    const key = newKey();
    const auditBefore = await countRows(api.dataSource, 'audit_record');
    const answers = outcomes(
      await race(PARALLEL, () => sales.query(PLACE_ORDER, { input: orderInput(key, 301) })),
      'placeOrder',
    );
    expect(tally(answers)).toEqual({ INVALID_QUANTITY: PARALLEL });
    expect(await rowsFor(key)).toEqual({ orders: 0, subscriptions: 0, records: 0 });
    expect(await countRows(api.dataSource, 'audit_record')).toBe(auditBefore);

    // The key was never used: a valid order with it is placed.
    const retried = outcomes(
      [await sales.query(PLACE_ORDER, { input: orderInput(key, 3) })],
      'placeOrder',
    );
    expect(tally(retried)).toEqual({ OK: 1 });
  });

  test(`R-29 one key, two partners, ${PARALLEL} requests: keys are per organization, so each partner gets its own order`, async () => {
    const key = newKey();
    const fabrikam = await api.as(demo.fabrikam.adminAgent);
    const wingtip = await ids.customer('Wingtip Toys');
    const answers = outcomes(
      await race(PARALLEL, (i) =>
        i % 2
          ? sales.query(PLACE_ORDER, { input: orderInput(key, 5) })
          : fabrikam.query(PLACE_ORDER, {
              input: {
                customerId: wingtip,
                idempotencyKey: key,
                lines: [{ offerId: basic, quantity: 5 }],
              },
            }),
      ),
      'placeOrder',
    );
    expect(tally(answers)).toEqual({ OK: PARALLEL });
    const orderIds = new Set(answers.map((a) => a.payload.order.id));
    expect(orderIds.size).toBe(2);
    expect(await rowsFor(key)).toEqual({ orders: 2, subscriptions: 2, records: 2 });
  });
});
