import { demo } from '../../support/demo';
import {
  CHANGE_QUANTITY,
  Ids,
  newKey,
  PLACE_ORDER,
  SET_PARTNER_OF_RECORD,
  SUSPEND,
} from '../../support/subscriptions';
import {
  expectOk,
  startTestServer,
  type GqlClient,
  type TestServer,
} from '../../support/test-server';
import { auditCount, outcomes, PARALLEL, race, tally } from './race';

/**
 * R-27 under concurrency: license quantity changes with optimistic concurrency. Guarded by the
 * version check and increment in one `UPDATE subscription ... WHERE id = ? AND version = ?`
 * (src/subscriptions/subscription.writes.ts): of the changes decided on one version exactly one
 * matches the row; the others match none and get CONFLICT. No update is lost, and every
 * acknowledged change has its audit record, in the order the changes were made.
 */
describe('races: changeSubscriptionQuantity (R-27)', () => {
  let api: TestServer;
  let contoso: GqlClient;
  let northwind: string;
  let basic: string;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    const ids = new Ids(api.dataSource);
    northwind = await ids.customer('Northwind Traders');
    basic = await ids.offer('MS-365-BB-M'); // 1..300 licenses
    contoso = await api.as(demo.contoso.sales);
  });
  afterAll(() => api.close());

  /** A fresh ACTIVE subscription of `quantity` licenses, version 1. */
  async function newSubscription(quantity: number): Promise<string> {
    const placed = expectOk(
      await contoso.query(PLACE_ORDER, {
        input: {
          customerId: northwind,
          idempotencyKey: newKey(),
          lines: [{ offerId: basic, quantity }],
        },
      }),
    ).placeOrder;
    expect(placed.userErrors).toEqual([]);
    return placed.subscriptions[0].id;
  }

  async function current(
    id: string,
  ): Promise<{ quantity: number; version: number; status: string }> {
    return expectOk(
      await contoso.query(
        'query($id: ID!) { node(id: $id) { ... on Subscription { quantity version status } } }',
        { id },
      ),
    ).node;
  }

  /** The subscription's audit trail of one operation, oldest first, as stored. */
  async function trail(operation: string, id: string) {
    const rows = (await api.dataSource.query(
      'SELECT old_value, new_value FROM audit_record WHERE operation = ? AND resource_id = ? ORDER BY id',
      [operation, id],
    )) as Array<{ old_value: string; new_value: string }>;
    return rows.map((r) => ({ old: JSON.parse(r.old_value), new: JSON.parse(r.new_value) }));
  }

  const change = (id: string, version: number, quantity: number) =>
    contoso.query(CHANGE_QUANTITY, { input: { subscriptionId: id, version, quantity } });

  test(`R-27 ${PARALLEL} changes decided on one version: one is acknowledged, ${PARALLEL - 1} get CONFLICT, the quantity is the winner's`, async () => {
    const id = await newSubscription(10);
    const answers = outcomes(
      await race(PARALLEL, (i) => change(id, 1, 100 + i)),
      'changeSubscriptionQuantity',
    );

    expect(tally(answers)).toEqual({ OK: 1, CONFLICT: PARALLEL - 1 });
    const winner = answers.find((a) => a.ok)!.payload.subscription;
    expect(winner).toMatchObject({ id, version: 2 });
    for (const loser of answers.filter((a) => !a.ok)) {
      expect(loser.payload.subscription).toBeNull();
      expect(loser.payload.userErrors).toEqual([
        expect.objectContaining({ code: 'CONFLICT', field: 'input.version' }),
      ]);
    }
    expect(await current(id)).toEqual({ quantity: winner.quantity, version: 2, status: 'ACTIVE' });
    expect(await trail('changeSubscriptionQuantity', id)).toEqual([
      { old: { quantity: 10, version: 1 }, new: { quantity: winner.quantity, version: 2 } },
    ]);
  });

  test(`R-27 ${PARALLEL} clients each add one license, reading and retrying on CONFLICT: no update is lost`, async () => {
    const id = await newSubscription(10);
    const addOne = async () => {
      // Each round one client wins, so the last one needs at most PARALLEL attempts.
      for (let attempt = 0; attempt < PARALLEL * 2; attempt++) {
        const seen = await current(id);
        const [answer] = outcomes(
          [await change(id, seen.version, seen.quantity + 1)],
          'changeSubscriptionQuantity',
        );
        if (answer.ok) return answer.payload.subscription as { quantity: number; version: number };
        expect(answer.code).toBe('CONFLICT');
      }
      throw new Error('gave up: too many conflicts');
    };
    const acknowledged = await race(PARALLEL, addOne);

    // Every acknowledged change counted: 10 + 50, and each version was handed out once.
    expect(await current(id)).toEqual({
      quantity: 10 + PARALLEL,
      version: 1 + PARALLEL,
      status: 'ACTIVE',
    });
    expect(acknowledged.map((s) => s.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: PARALLEL }, (_, i) => i + 2),
    );
    expect(acknowledged.every((s) => s.quantity === s.version + 9)).toBe(true);

    // one record per acknowledged change, none for the refused ones, and they chain:
    // each change starts from where the previous one ended.
    const log = await trail('changeSubscriptionQuantity', id);
    expect(log).toHaveLength(PARALLEL);
    log.forEach((entry, i) => {
      expect(entry.old).toEqual({ quantity: 10 + i, version: 1 + i });
      expect(entry.new).toEqual({ quantity: 11 + i, version: 2 + i });
    });
  }, 180_000);

  test(`R-27 quantity changes racing a suspension on one version: exactly one change of either kind wins`, async () => {
    const id = await newSubscription(10);
    const results = await race(PARALLEL, (i) =>
      i % 5 === 0
        ? contoso.query(SUSPEND, {
            input: { subscriptionId: id, version: 1, reason: 'NON_PAYMENT' },
          })
        : change(id, 1, 20 + i),
    );
    const suspends = outcomes(
      results.filter((_, i) => i % 5 === 0),
      'suspendSubscription',
    );
    const changes = outcomes(
      results.filter((_, i) => i % 5 !== 0),
      'changeSubscriptionQuantity',
    );
    const all = [...suspends, ...changes];
    expect(all.filter((a) => a.ok)).toHaveLength(1);
    expect(all.filter((a) => !a.ok).map((a) => a.code)).toEqual(
      Array.from({ length: PARALLEL - 1 }, () => 'CONFLICT'),
    );

    const now = await current(id);
    expect(now.version).toBe(2);
    const suspended = suspends.some((a) => a.ok);
    const changed = changes.find((a) => a.ok);
    expect(now).toEqual(
      suspended
        ? { quantity: 10, version: 2, status: 'SUSPENDED' }
        : { quantity: changed!.payload.subscription.quantity, version: 2, status: 'ACTIVE' },
    );
    expect(
      (await auditCount(api.dataSource, 'suspendSubscription', id)) +
        (await auditCount(api.dataSource, 'changeSubscriptionQuantity', id)),
    ).toBe(1);
  });

  test(`R-25/R-27 ${PARALLEL} partner-of-record changes sent without a version: all acknowledged, none lost, no CONFLICT`, async () => {
    // Without a version the client asks for "whatever is current": it has nothing to be stale.
    const id = await newSubscription(10);
    const trey = await new Ids(api.dataSource).partner('Trey Research IT');
    const answers = outcomes(
      await race(PARALLEL, (i) =>
        contoso.query(SET_PARTNER_OF_RECORD, {
          input: { subscriptionId: id, resellerId: i % 2 ? trey : null },
        }),
      ),
      'setSubscriptionPartnerOfRecord',
    );
    expect(tally(answers)).toEqual({ OK: PARALLEL });
    expect((await current(id)).version).toBe(1 + PARALLEL);
    const log = await trail('setSubscriptionPartnerOfRecord', id);
    expect(log).toHaveLength(PARALLEL);
    log.forEach((entry, i) => {
      expect(entry.old.version).toBe(1 + i);
      expect(entry.new.version).toBe(2 + i);
    });
  });
});
