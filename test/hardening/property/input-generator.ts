import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { hostileInt, hostileString, malformedIds, nonInt, plainText } from './arbitraries';
import { idValue, semanticInt, semanticString } from './field-values';
import type { RealObjects } from './real-objects';

/**
 * Walks a mutation's argument types as the schema declares them and builds a fast-check
 * arbitrary of its variables: every String, Int, ID, Boolean, enum, list and input object gets
 * hostile values, plausible ones (by field name), real IDs and, now and then, a value of the
 * wrong type or a null for a required field. Nothing here knows a particular mutation.
 *
 * `hostility` (0..1) is the share of hostile leaves: at 0 every value is plausible, so that
 * whole calls pass validation and reach the business rules and the success paths.
 */
export interface Generation {
  real: RealObjects;
  hostility: number;
}

/** Picks hostile or plausible by the run's hostility (fc.oneof refuses a zero weight). */
function either<T>(g: Generation, hostile: fc.Arbitrary<T>, plausible: fc.Arbitrary<T>) {
  const h = Math.round(g.hostility * 100);
  if (h === 0) return plausible;
  if (h === 100) return hostile;
  return fc.oneof({ weight: h, arbitrary: hostile }, { weight: 100 - h, arbitrary: plausible });
}

export function valueFor(
  type: GraphQLInputType,
  field: string,
  g: Generation,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    return either(g, fc.constant(null), nullableValueFor(type.ofType, field, g, depth));
  }
  const inner = nullableValueFor(type, field, g, depth);
  // Optional references (a partner of record, a reseller) are often left out: a plausible
  // call that names fewer objects gets further.
  return fc.oneof(
    { weight: 3, arbitrary: inner },
    { weight: 1, arbitrary: either(g, fc.constant(null), inner) },
    { weight: 2, arbitrary: fc.constant(undefined) }, // omitted
  );
}

function nullableValueFor(
  type: GraphQLInputType,
  field: string,
  g: Generation,
  depth: number,
): fc.Arbitrary<unknown> {
  if (isListType(type)) {
    const item = valueFor(type.ofType, field, g, depth + 1);
    // Plausible lists do not repeat an item (region codes, roles must not).
    const some = fc.uniqueArray(item, {
      minLength: 1,
      maxLength: 3,
      selector: (v) => JSON.stringify(v),
    });
    return either(
      g,
      fc.oneof(
        fc.constant([]),
        // Long lists: nested inputs stay moderate so that one run stays cheap.
        fc.array(item, { minLength: 20, maxLength: depth > 0 ? 40 : 120 }),
      ),
      some,
    );
  }
  if (isInputObjectType(type)) {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, f] of Object.entries(type.getFields())) {
      model[name] = valueFor(f.type, name, g, depth + 1);
    }
    return fc
      .record(model)
      .map((o) =>
        Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)),
      ) as fc.Arbitrary<unknown>;
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return either(
      g,
      fc.constantFrom('NOT_A_VALUE', values[0].toLowerCase(), ''),
      fc.constantFrom(...values),
    );
  }
  if (isScalarType(type)) return scalarValue(type.name, field, g);
  throw new Error(`unexpected input type ${String(type)}`);
}

function scalarValue(scalar: string, field: string, g: Generation): fc.Arbitrary<unknown> {
  switch (scalar) {
    case 'ID':
      return either(
        g,
        fc.oneof(malformedIds(), fc.constantFrom(1, 0, -1), fc.constantFrom(...g.real.anyIds)),
        idValue(field, g.real),
      );
    case 'String':
      return either(g, hostileString, semanticString(field, g.real) ?? plainText);
    case 'Int':
      return either(
        g,
        fc.oneof({ weight: 3, arbitrary: hostileInt }, { weight: 1, arbitrary: nonInt }),
        semanticInt(field, g.real),
      );
    case 'Boolean':
      // Consent flags must be true for anything to happen.
      return either<unknown>(
        g,
        fc.constantFrom('true', 1, null),
        fc.oneof(
          { weight: 3, arbitrary: fc.constant(true) },
          { weight: 1, arbitrary: fc.boolean() },
        ),
      );
    default:
      return hostileString;
  }
}

/** `{ userErrors { code field message } ... }`: leaf fields, and leaves one level down. */
function selection(type: GraphQLObjectType, depth = 0): string {
  const parts: string[] = ['__typename'];
  for (const [name, f] of Object.entries(type.getFields())) {
    if (f.args.some((a) => isNonNullType(a.type))) continue;
    const named = getNamedType(f.type);
    if (isLeafType(named)) parts.push(name);
    else if (isObjectType(named) && depth === 0) parts.push(`${name} { ${selection(named, 1)} }`);
  }
  return parts.join(' ');
}

export interface MutationCase {
  name: string;
  query: string;
  /** Who calls (an email, or null for no token) and with which variables. */
  calls: fc.Arbitrary<{ caller: string | null; variables: Record<string, unknown> }>;
}

/**
 * One operation per Mutation field, its variables generated from the argument types. The
 * caller is drawn first and the real IDs are those that concern the caller's organization
 * (`realFor`), so that plausible calls can succeed.
 */
export function mutationCase(
  field: GraphQLField<unknown, unknown>,
  callers: readonly (string | null)[],
  realFor: (caller: string | null) => RealObjects,
): MutationCase {
  // Half the runs are wholly plausible (they reach the rules and the success paths), the rest
  // carry some, many or mostly hostile values.
  const levels: Array<[number, number]> = [
    [0, 4],
    [0.05, 1],
    [0.2, 2],
    [0.6, 1],
  ];
  const payload = getNamedType(field.type);
  if (!isObjectType(payload)) throw new Error(`${field.name} returns ${String(payload)}`);
  const declarations = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const query = `mutation Probe${declarations ? `(${declarations})` : ''} { ${field.name}${
    args ? `(${args})` : ''
  } { ${selection(payload)} } }`;
  const perCaller = callers.map((caller) => {
    const real = realFor(caller);
    const variables = levels.map(([hostility, weight]) => {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const a of field.args) model[a.name] = valueFor(a.type, a.name, { real, hostility });
      return { weight, arbitrary: fc.record(model) };
    });
    return fc.record({ caller: fc.constant(caller), variables: fc.oneof(...variables) });
  });
  return { name: field.name, query, calls: fc.oneof(...perCaller) };
}
