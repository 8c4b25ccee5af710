/**
 * Control C: the same schema (schema.graphql, as emitted from the code) on plain graphql-js,
 * with hand-written resolvers, per-request DataLoaders and mysql2. Documents are parsed and
 * validated once and cached, as Apollo does, so that the comparison is about execution.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import DataLoader from 'dataloader';
import {
  buildSchema,
  execute,
  extendSchema,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
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
  type Caller,
} from './common';
import {
  changeQuantity,
  ControlRequestError,
  customersOfResellers,
  inList,
  resellersPage,
  times,
  visible,
  type Page,
} from './sql';

const env = controlEnv();
const db = new CountingPool(env.databaseUrl, env.poolSize);

/** Q3's mutation, for as long as the graph's schema does not have it yet. */
const Q3_SDL = `
input ChangeSubscriptionQuantityInput { subscriptionId: ID! quantity: Int! version: Int! }
type ChangeSubscriptionQuantityPayload { subscription: Subscription userErrors: [UserError!]! }
extend type Mutation {
  changeSubscriptionQuantity(input: ChangeSubscriptionQuantityInput!): ChangeSubscriptionQuantityPayload!
}`;

function loadSchema(): GraphQLSchema {
  const schema = buildSchema(readFileSync(resolve(__dirname, '../../../schema.graphql'), 'utf8'));
  return schema.getMutationType()?.getFields().changeSubscriptionQuantity
    ? schema
    : extendSchema(schema, parse(Q3_SDL));
}

interface Ctx {
  caller: Caller | null;
  sql: { count: number };
  loaders: Map<string, DataLoader<number, any>>;
}

function loader<V>(ctx: Ctx, key: string, batch: (ids: readonly number[]) => Promise<V[]>) {
  let l = ctx.loaders.get(key);
  if (!l) {
    l = new DataLoader<number, V>(batch, { maxBatchSize: 10_000 });
    ctx.loaders.set(key, l);
  }
  return l as DataLoader<number, V>;
}

function me(ctx: Ctx): number {
  if (!ctx.caller) {
    throw new GraphQLError('Authentication required', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  return ctx.caller.organizationId;
}

const subscriptionObject = (row: any) => ({
  __typename: 'Subscription',
  _id: row.id,
  id: globalId('Subscription', row.id),
  friendlyName: row.friendly_name,
  quantity: row.quantity,
  status: row.status,
  version: row.version,
  _customerId: row.customer_id,
  _offerId: row.offer_id,
});

function subscriptionById(ctx: Ctx) {
  return loader(ctx, 'subscription', async (ids) => {
    const v = visible.subscription('s');
    const rows = await db.query(
      ctx.sql,
      `SELECT s.id, s.friendly_name, s.quantity, s.status, s.version, s.customer_id, s.offer_id
       FROM subscription s WHERE s.id IN ${inList(ids.length)} AND ${v.text}`,
      [...ids, ...times(v.params, me(ctx))],
    );
    const byId = new Map(rows.map((r) => [r.id, subscriptionObject(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

function customerById(ctx: Ctx) {
  return loader(ctx, 'customer', async (ids) => {
    const v = visible.customer('c');
    const rows = await db.query(
      ctx.sql,
      `SELECT c.id, c.name FROM organization c
       WHERE c.id IN ${inList(ids.length)} AND c.type = 'CUSTOMER' AND ${v.text}`,
      [...ids, ...times(v.params, me(ctx))],
    );
    const byId = new Map(rows.map((r) => [r.id, customerObject(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

const customerObject = (row: any) => ({
  __typename: 'Customer',
  _id: row.id,
  id: globalId('Customer', row.id),
  name: row.name,
});

function offerById(ctx: Ctx) {
  return loader(ctx, 'offer', async (ids) => {
    const rows = await db.query(
      ctx.sql,
      `SELECT id, name, product_family FROM offer WHERE id IN ${inList(ids.length)}`,
      [...ids],
    );
    const byId = new Map(
      rows.map((r) => [
        r.id,
        { id: globalId('Offer', r.id), name: r.name, productFamily: r.product_family },
      ]),
    );
    return ids.map((id) => byId.get(id) ?? null);
  });
}

function pageOf<T>(page: Page<any>, toNode: (row: any) => T) {
  return { nodes: page.rows.map(toNode) };
}

const resolvers: Record<string, Record<string, (...args: any[]) => unknown>> = {
  Query: {
    node: (_root, args: { id: string }, ctx: Ctx) => {
      me(ctx);
      const id = decodeGlobalId(args.id, 'Subscription');
      return id === undefined ? null : subscriptionById(ctx).load(id);
    },
    indirectResellers: async (_root, args: { first: number }, ctx: Ctx) => {
      const rows = await resellersPage(db, ctx.sql, me(ctx), args.first);
      const edges = rows.slice(0, args.first).map((r) => ({
        cursor: cursor(r.pid),
        node: { __typename: 'Partner', _id: r.id, id: globalId('Partner', r.id), name: r.name },
      }));
      return {
        edges,
        pageInfo: {
          hasNextPage: rows.length > args.first,
          endCursor: edges.length ? edges[edges.length - 1].cursor : null,
        },
      };
    },
    providerDirectory: async (
      _root,
      args: { first: number; servesCountryCode: string; name: string },
      ctx: Ctx,
    ) => {
      const rows = await db.query(
        ctx.sql,
        `SELECT o.id, o.name, o.country_code, pp.summary, pp.website, pp.offers_technical_training,
                pp.offers_marketing_help, pp.offers_financing, pp.contact_name, pp.contact_email
         FROM organization o JOIN provider_profile pp ON pp.provider_id = o.id
         WHERE o.type = 'PARTNER' AND o.kind = 'INDIRECT_PROVIDER' AND o.status = 'ACTIVE' AND pp.listed = 1
           AND EXISTS (SELECT 1 FROM provider_authorization pa WHERE pa.provider_id = o.id AND pa.region_code = ?)
           AND o.name LIKE ? ESCAPE '!'
         ORDER BY o.id LIMIT ?`,
        [
          regionOfCountry.get(args.servesCountryCode) ?? '',
          `%${args.name.replace(/[!%_]/g, (ch) => `!${ch}`)}%`,
          args.first + 1,
        ],
      );
      const edges = rows.slice(0, args.first).map((row: any) => ({
        cursor: cursor(row.id),
        node: {
          _id: row.id,
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
        },
      }));
      return {
        edges,
        pageInfo: {
          hasNextPage: rows.length > args.first,
          endCursor: edges.length ? edges[edges.length - 1].cursor : null,
        },
      };
    },
  },
  Mutation: {
    changeSubscriptionQuantity: async (_root, args: { input: any }, ctx: Ctx) => {
      const caller = ctx.caller;
      if (!caller) return me(ctx);
      const subscriptionId = decodeGlobalId(args.input.subscriptionId, 'Subscription');
      if (subscriptionId === undefined) {
        throw new GraphQLError('input.subscriptionId is not a valid Subscription ID', {
          extensions: { code: 'BAD_USER_INPUT', field: 'input.subscriptionId' },
        });
      }
      const result = await changeQuantity(db, ctx.sql, caller, randomUUID(), {
        subscriptionId,
        quantity: args.input.quantity,
        version: args.input.version,
      }).catch((error) => {
        if (error instanceof ControlRequestError) {
          throw new GraphQLError(error.message, { extensions: { code: error.code } });
        }
        throw error;
      });
      return result.ok
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
          };
    },
  },
  Partner: {
    customers: (partner: any, args: { first: number }, ctx: Ctx) =>
      loader(ctx, `customers:${args.first}`, async (ids) => {
        const pages = await customersOfResellers(db, ctx.sql, me(ctx), ids, args.first);
        return ids.map((id) => pageOf(pages.get(id)!, customerObject));
      }).load(partner._id),
  },
  Customer: {
    subscriptions: (customer: any, args: { first: number }, ctx: Ctx) =>
      loader(ctx, `subscriptions:${args.first}`, async (ids) => {
        const v = visible.subscription('s');
        const rows = await db.query(
          ctx.sql,
          `SELECT id, quantity, status, friendly_name, version, customer_id, offer_id, parent_id FROM (
             SELECT s.id, s.quantity, s.status, s.friendly_name, s.version, s.customer_id, s.offer_id,
                    s.customer_id AS parent_id,
                    ROW_NUMBER() OVER (PARTITION BY s.customer_id ORDER BY s.id) AS rn
             FROM subscription s WHERE s.customer_id IN ${inList(ids.length)} AND ${v.text}
           ) t WHERE rn <= ? ORDER BY parent_id, rn`,
          [...ids, ...times(v.params, me(ctx)), args.first + 1],
        );
        const pages = new Map<number, any[]>(ids.map((id) => [id, []]));
        for (const row of rows) {
          const page = pages.get(row.parent_id)!;
          if (page.length < args.first) page.push(subscriptionObject(row));
        }
        return ids.map((id) => ({ nodes: pages.get(id)! }));
      }).load(customer._id),
  },
  Subscription: {
    customer: (s: any, _args, ctx: Ctx) => customerById(ctx).load(s._customerId),
    offer: (s: any, _args, ctx: Ctx) => offerById(ctx).load(s._offerId),
  },
  ProviderDirectoryEntry: {
    authorizedRegions: (entry: any, _args, ctx: Ctx) =>
      loader(ctx, 'authorizedRegions', async (ids) => {
        const rows = await db.query(
          ctx.sql,
          `SELECT provider_id, region_code FROM provider_authorization
           WHERE provider_id IN ${inList(ids.length)} ORDER BY region_code`,
          [...ids],
        );
        const byProvider = new Map<number, any[]>(ids.map((id) => [id, []]));
        for (const r of rows)
          byProvider
            .get(r.provider_id)!
            .push({ code: r.region_code, name: regionName.get(r.region_code) });
        return ids.map((id) => byProvider.get(id)!);
      }).load(entry._id),
  },
};

const schema = loadSchema();
for (const [typeName, fields] of Object.entries(resolvers)) {
  const type = schema.getType(typeName) as any;
  for (const [fieldName, resolve] of Object.entries(fields))
    type.getFields()[fieldName].resolve = resolve;
}
for (const name of ['Node', 'Organization']) {
  (schema.getType(name) as any).resolveType = (value: { __typename: string }) => value.__typename;
}

const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

function documentFor(query: string): DocumentNode | readonly GraphQLError[] {
  let doc = documents.get(query);
  if (!doc) {
    const parsed = parse(query);
    const errors = validate(schema, parsed);
    doc = errors.length ? errors : parsed;
    documents.set(query, doc);
  }
  return doc;
}

const server = serveJson(
  async ({ body, caller, sql }) => {
    const doc = documentFor(body.query ?? '');
    if (Array.isArray(doc)) return { errors: doc.map((e) => e.toJSON()) };
    const result = await execute({
      schema,
      document: doc as DocumentNode,
      variableValues: body.variables,
      operationName: body.operationName,
      contextValue: { caller, sql, loaders: new Map() } satisfies Ctx,
    });
    return result.errors ? { ...result, errors: result.errors.map((e) => e.toJSON()) } : result;
  },
  env.secret,
  db,
);

server.listen(env.port, '127.0.0.1', () => process.stdout.write(`control C on ${env.port}\n`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void db.end().then(() => process.exit(0));
});
