import fc from 'fast-check';
import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
} from 'graphql';

/**
 * Operations that pass every argument of a field as a variable, and the hostile values sent in
 * them: explicit nulls, lists and objects nested far deeper than any input type, and values
 * far out of range (numbers past 2^31 or 2^53, strings and lists of thousands). Nothing here
 * knows a particular field.
 */

/** `[[[ ... "a" ... ]]]`, `levels` lists deep. */
export function nestedList(levels: number, leaf: unknown = 'a'): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

function nestedObject(levels: number): unknown {
  let value: unknown = 'a';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

const LARGE_VALUES: unknown[] = [
  2 ** 31,
  -(2 ** 31) - 1,
  2_147_483_647,
  -2_147_483_648,
  Number.MAX_SAFE_INTEGER,
  1e308,
  -1e308,
  'x'.repeat(100_000),
  Array.from({ length: 5_000 }, () => 'a'),
  Array.from({ length: 2_000 }, (_, i) => i),
];

/** One hostile value: null, nested (up to 1,000 levels: the client's JSON.stringify copes), or large. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.integer({ min: 2, max: 1_000 }).map((n) => nestedList(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 200 }).map(nestedObject) },
  { weight: 2, arbitrary: fc.constantFrom(...LARGE_VALUES) },
);

/**
 * The type a variable is declared with: the argument's own, except that an argument with a
 * default is declared nullable, the way clients write it (`$r: Boolean` for `Boolean! = false`),
 * so that an explicit null reaches the server past validation.
 */
function declaredType(arg: GraphQLArgument): string {
  if (arg.defaultValue !== undefined && isNonNullType(arg.type)) return String(arg.type.ofType);
  return String(arg.type);
}

/** What one field returns, selected as cheaply as its cost model allows: a page of typenames. */
function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return '';
  if (isObjectType(named) && 'nodes' in named.getFields()) return '{ nodes { __typename } }';
  return '{ __typename }';
}

export interface FieldProbe {
  field: string;
  args: string[];
  query: string;
}

/** `query Probe($a: T, ...) { root: field(a: $a, ...) { ... } }` for one root field. */
export function fieldProbe(field: GraphQLField<unknown, unknown>, root: 'query' | 'mutation') {
  const declarations = field.args.map((a) => `$${a.name}: ${declaredType(a)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const payload = root === 'mutation' ? '{ __typename }' : selectionFor(field);
  return {
    field: field.name,
    args: field.args.map((a) => a.name),
    query: `${root} Probe(${declarations}) { ${field.name}(${args}) ${payload} }`,
  };
}

/**
 * The variables of one probe: one argument (or, now and then, all of them) gets a hostile
 * value and the others are left out, so that the same document without it is the baseline.
 */
export function probeVariables(args: string[]): fc.Arbitrary<Record<string, unknown>> {
  const one = fc
    .record({ name: fc.constantFrom(...args), value: hostileValue })
    .map(({ name, value }) => ({ [name]: value }));
  const allNull = fc.constant(Object.fromEntries(args.map((a) => [a, null])));
  return fc.oneof({ weight: 5, arbitrary: one }, { weight: 1, arbitrary: allNull });
}

/**
 * For a mutation's `input`: the whole input hostile, or an object whose fields each get a
 * hostile value (nested inputs stay as the schema's generator elsewhere makes them).
 */
export function inputVariables(fieldNames: string[]): fc.Arbitrary<Record<string, unknown>> {
  const wholeInput = hostileValue.map((value) => ({ input: value }));
  const fields = fc
    .dictionary(fc.constantFrom(...fieldNames), hostileValue, { minKeys: 1 })
    .map((input) => ({ input }));
  return fc.oneof(wholeInput, fields);
}
