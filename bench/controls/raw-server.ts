/**
 * Control B: a hand-written mysql2 handler per query, running the fewest statements that answer
 * it (joins where a list level allows) and building the graph's JSON by hand, with the graph's
 * IDs, cursors and R-30 rules for the caller.
 */
import { randomUUID } from 'node:crypto';
import {
  controlEnv,
  CountingPool,
  countryName,
  cursor,
  decodeGlobalId,
  globalId,
  regionName,
  regionOfCountry,
  serveJson,
  type ControlRequest,
} from './common';
import {
  changeQuantity,
  ControlRequestError,
  customersOfResellers,
  resellersPage,
  subscriptionsOfCustomers,
  times,
  visible,
} from './sql';

const env = controlEnv();
const db = new CountingPool(env.databaseUrl, env.poolSize);

const unauthenticated = {
  errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }],
};

async function q1({ body, caller, sql }: ControlRequest) {
  if (!caller) return unauthenticated;
  const id = decodeGlobalId(body.variables?.id, 'Subscription');
  if (id === undefined) return { data: { node: null } };
  const me = caller.organizationId;
  const vs = visible.subscription('s');
  const vc = visible.customer('c');
  const [row] = await db.query(
    sql,
    `SELECT s.id, s.friendly_name, s.quantity, s.status, s.version,
            c.id AS customer_id, c.name AS customer_name, f.id AS offer_id, f.name AS offer_name,
            f.product_family
     FROM subscription s JOIN offer f ON f.id = s.offer_id
     LEFT JOIN organization c ON c.id = s.customer_id AND c.type = 'CUSTOMER' AND ${vc.text}
     WHERE s.id = ? AND ${vs.text}`,
    [...times(vc.params, me), id, ...times(vs.params, me)],
  );
  if (!row) return { data: { node: null } };
  return {
    data: {
      node: {
        __typename: 'Subscription',
        id: globalId('Subscription', row.id),
        friendlyName: row.friendly_name,
        quantity: row.quantity,
        status: row.status,
        version: row.version,
        customer:
          row.customer_id == null
            ? null
            : { id: globalId('Customer', row.customer_id), name: row.customer_name },
        offer: {
          id: globalId('Offer', row.offer_id),
          name: row.offer_name,
          productFamily: row.product_family,
        },
      },
    },
  };
}

async function q2({ body, caller, sql }: ControlRequest) {
  if (!caller) return unauthenticated;
  const { resellers: r, customers: c, subscriptions: s } = body.variables as Record<string, number>;
  const me = caller.organizationId;
  const page = await resellersPage(db, sql, me, r);
  const resellers = page.slice(0, r);
  const customers = await customersOfResellers(
    db,
    sql,
    me,
    resellers.map((x) => x.id),
    c,
  );
  const customerIds = [...customers.values()].flatMap((p) => p.rows.map((x: any) => x.id));
  const subs = await subscriptionsOfCustomers(db, sql, me, customerIds, s);
  const edges = resellers.map((reseller) => ({
    cursor: cursor(reseller.pid),
    node: {
      id: globalId('Partner', reseller.id),
      name: reseller.name,
      customers: {
        nodes: customers.get(reseller.id)!.rows.map((customer: any) => ({
          id: globalId('Customer', customer.id),
          name: customer.name,
          subscriptions: {
            nodes: subs.get(customer.id)!.rows.map((sub: any) => ({
              id: globalId('Subscription', sub.id),
              quantity: sub.quantity,
              status: sub.status,
              offer: { id: globalId('Offer', sub.offer_id), name: sub.offer_name },
            })),
          },
        })),
      },
    },
  }));
  return {
    data: {
      indirectResellers: {
        edges,
        pageInfo: {
          hasNextPage: page.length > r,
          endCursor: edges.length ? edges[edges.length - 1].cursor : null,
        },
      },
    },
  };
}

async function q3({ body, caller, sql }: ControlRequest) {
  if (!caller) return unauthenticated;
  const input = body.variables?.input ?? {};
  const subscriptionId = decodeGlobalId(input.subscriptionId, 'Subscription');
  if (subscriptionId === undefined) {
    return {
      errors: [
        {
          message: 'input.subscriptionId is not a valid Subscription ID',
          extensions: { code: 'BAD_USER_INPUT', field: 'input.subscriptionId' },
        },
      ],
    };
  }
  let result;
  try {
    result = await changeQuantity(db, sql, caller, randomUUID(), {
      subscriptionId,
      quantity: input.quantity,
      version: input.version,
    });
  } catch (error) {
    if (!(error instanceof ControlRequestError)) throw error;
    return {
      data: null,
      errors: [{ message: error.message, extensions: { code: error.code } }],
    };
  }
  return {
    data: {
      changeSubscriptionQuantity: result.ok
        ? {
            subscription: {
              id: globalId('Subscription', result.id),
              quantity: result.quantity,
              version: result.version,
            },
            userErrors: [],
          }
        : {
            subscription: null,
            userErrors: [{ code: result.code, field: result.field, message: result.message }],
          },
    },
  };
}

async function q4({ body, sql }: ControlRequest) {
  const { country, name } = body.variables as { country: string; name: string };
  const limit = 20;
  const rows = await db.query(
    sql,
    `SELECT o.id, o.name, o.country_code, pp.summary, pp.website, pp.offers_technical_training,
            pp.offers_marketing_help, pp.offers_financing, pp.contact_name, pp.contact_email,
            (SELECT GROUP_CONCAT(pa.region_code ORDER BY pa.region_code SEPARATOR ',')
               FROM provider_authorization pa WHERE pa.provider_id = o.id) AS regions
     FROM organization o JOIN provider_profile pp ON pp.provider_id = o.id
     WHERE o.type = 'PARTNER' AND o.kind = 'INDIRECT_PROVIDER' AND o.status = 'ACTIVE' AND pp.listed = 1
       AND EXISTS (SELECT 1 FROM provider_authorization pa WHERE pa.provider_id = o.id
                   AND pa.region_code = ?)
       AND o.name LIKE ? ESCAPE '!'
     ORDER BY o.id LIMIT ?`,
    [
      regionOfCountry.get(country) ?? '',
      `%${name.replace(/[!%_]/g, (ch) => `!${ch}`)}%`,
      limit + 1,
    ],
  );
  const edges = rows.slice(0, limit).map((row: any) => ({
    cursor: cursor(row.id),
    node: {
      providerId: globalId('Partner', row.id),
      name: row.name,
      country: { code: row.country_code, name: countryName.get(row.country_code) },
      profile: {
        summary: row.summary,
        website: row.website,
        offersTechnicalTraining: row.offers_technical_training === 1,
        offersMarketingHelp: row.offers_marketing_help === 1,
        offersFinancing: row.offers_financing === 1,
        contact: { name: row.contact_name, email: row.contact_email },
      },
      authorizedRegions: (row.regions ? String(row.regions).split(',') : []).map((code) => ({
        code,
        name: regionName.get(code),
      })),
    },
  }));
  return {
    data: {
      providerDirectory: {
        edges,
        pageInfo: {
          hasNextPage: rows.length > limit,
          endCursor: edges.length ? edges[edges.length - 1].cursor : null,
        },
      },
    },
  };
}

const handlers: Record<string, (req: ControlRequest) => Promise<unknown>> = {
  Q1: q1,
  Q2: q2,
  Q3: q3,
  Q4: q4,
};

const server = serveJson(
  async (req) => {
    const handler = handlers[req.body.operationName ?? ''];
    if (!handler)
      return { errors: [{ message: `control B does not know ${req.body.operationName}` }] };
    return handler(req);
  },
  env.secret,
  db,
);

server.listen(env.port, '127.0.0.1', () => process.stdout.write(`control B on ${env.port}\n`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void db.end().then(() => process.exit(0));
});
