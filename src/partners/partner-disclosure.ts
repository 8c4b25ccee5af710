import {
  defaultFieldResolver,
  getNullableType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { Row } from '../core/list-query';
import { sql, Sql } from '../db/sql';
import {
  disclosedWithoutLookup,
  disclosureColumn,
  PARTNER_FIELD_RULES,
  partnersMetThroughActivePartnership,
  type PartnerFieldRule,
} from '../access/partner-disclosure';
import { emptyConnection } from '../core/connection';
import type { RequestContext } from '../core/request-context';

function disclosureLoader(ctx: RequestContext) {
  return ctx.loaders.get<number, boolean>('partnerDisclosure', async (ids) => {
    const met = await partnersMetThroughActivePartnership(ctx.db, ctx.viewer!, ids);
    return ids.map((id) => met.has(id));
  });
}

/** Whether the caller may read this partner's hidden fields; batched per request. */
export function disclosed(ctx: RequestContext, partnerId: number): true | Promise<boolean> {
  if (disclosedWithoutLookup(ctx.viewer, partnerId)) return true;
  return disclosureLoader(ctx).load(partnerId);
}

/**
 * The select-list column a statement that reads partners (organization alias `alias`) adds so
 * that its rows answer `disclosed` without another statement; undefined when none is needed.
 */
export function disclosureSelect(ctx: RequestContext, alias: string): Sql | undefined {
  const column = disclosureColumn(ctx.viewer, alias);
  return column && sql`${column} AS ${Sql.raw(DISCLOSED)}`;
}

/** Records what a row read with `disclosureSelect` says about its partner. */
export function primeDisclosure(ctx: RequestContext, partnerId: number, row: Row): void {
  const value = row[DISCLOSED];
  if (value === undefined) return;
  disclosureLoader(ctx).prime(partnerId, Number(value) === 1);
}

const DISCLOSED = 'partner_disclosed__';

function hiddenValue(rule: Extract<PartnerFieldRule, { hidden: true }>): () => unknown {
  switch (rule.hiddenAs) {
    case 'null':
      return () => null;
    case 'emptyList':
      return () => [];
    case 'emptyObject':
      return () => ({});
    case 'emptyConnection':
      return () => emptyConnection();
  }
}

/** A hidden value must be one the field's GraphQL type can carry. */
function fits(rule: Extract<PartnerFieldRule, { hidden: true }>, type: unknown): boolean {
  const nullable = getNullableType(type as never);
  switch (rule.hiddenAs) {
    case 'null':
      return !isNonNullType(type);
    case 'emptyList':
      return isListType(nullable);
    case 'emptyObject':
      return (
        isObjectType(nullable) &&
        Object.values(nullable.getFields()).every((f) => !isNonNullType(f.type))
      );
    case 'emptyConnection':
      return isObjectType(nullable) && nullable.name.endsWith('Connection');
  }
}

/**
 * Applies access/partner-disclosure.ts to the built schema: each hidden field of `Partner`
 * answers its hidden value unless the caller may read it, on every path that reaches a partner
 * (`node(id:)`, lists, edges, payloads). Fails the build for a field the table does not
 * classify, or a hidden value the field's type cannot carry. The lookup is one statement per
 * batch of partners, and none for the vendor, customers or the partner itself.
 */
export function applyPartnerDisclosure(schema: GraphQLSchema): void {
  const type = schema.getType('Partner') as GraphQLObjectType;
  const fields = type.getFields();
  const unclassified = Object.keys(fields).filter((f) => !PARTNER_FIELD_RULES[f]);
  const stale = Object.keys(PARTNER_FIELD_RULES).filter((f) => !fields[f]);
  if (unclassified.length || stale.length) {
    throw new Error(
      `access/partner-disclosure.ts must classify every Partner field (R-30): unclassified ${unclassified.join(', ') || '-'}; unknown ${stale.join(', ') || '-'}`,
    );
  }
  for (const [name, field] of Object.entries(fields)) {
    const rule = PARTNER_FIELD_RULES[name];
    if (!('hidden' in rule)) continue;
    if (!fits(rule, field.type)) {
      throw new Error(`Partner.${name} cannot read as ${rule.hiddenAs} (${String(field.type)})`);
    }
    const resolve: GraphQLFieldResolver<unknown, RequestContext> =
      field.resolve ?? defaultFieldResolver;
    const hide = hiddenValue(rule);
    field.resolve = (source, args, ctx, info) => {
      const id = (source as { id: number }).id;
      const allowed = disclosed(ctx, id);
      if (allowed === true) return resolve(source, args, ctx, info);
      return allowed.then((ok) => (ok ? resolve(source, args, ctx, info) : hide()));
    };
  }
}
