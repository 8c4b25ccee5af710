import {
  getNamedType,
  getVariableValues,
  Kind,
  visit,
  type ASTNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type DocumentNode,
  type GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { createHash } from 'node:crypto';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/pagination';

/** What one mutation field costs before its selection: writes are dearer than reads. */
export const MUTATION_COST = 10;

/** Assumed length of an object list that has no page size (none today; a guard for new fields). */
export const UNPAGED_LIST_SIZE = DEFAULT_PAGE_SIZE;

/**
 * Objects that are computed or served from memory: no row is read for them, so they cost
 * nothing of their own (their children still count).
 */
const FREE_TYPES = new Set(['PageInfo', 'Viewer', 'UserError', 'CspRegion', 'Country']);

function isConnectionType(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.name.endsWith('Connection') && 'edges' in type.getFields();
}

function isEdgeType(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.name.endsWith('Edge') && 'node' in type.getFields();
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/**
 * The page size a connection will be asked for: what pagination.ts allows, at most 100. A size
 * it refuses (negative, too large) is priced at the most, so that no value costs less than the
 * default without being served for less.
 */
function pageSize(args: Record<string, unknown>): number {
  const requested = [args.first, args.last].find((n): n is number => typeof n === 'number');
  if (requested === undefined) return DEFAULT_PAGE_SIZE;
  return Number.isInteger(requested) && requested >= 0 && requested <= MAX_PAGE_SIZE
    ? requested
    : MAX_PAGE_SIZE;
}

/**
 * Arguments the cost model reads; the cost cache is keyed on the variables used in them (and in
 * @include/@skip), so the model is handed these and no others.
 */
const COST_ARGUMENTS = ['first', 'last', 'ids'] as const;

/**
 * The cost arguments of one field call. An explicit null costs what leaving the argument out
 * costs: its default where it has one (graphql-js passes the null on, the default does not apply).
 */
function costArguments(
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of COST_ARGUMENTS) {
    if (!(name in args)) continue;
    const value = args[name];
    const declared = value === null ? field.args.find((a) => a.name === name) : undefined;
    picked[name] = declared?.defaultValue !== undefined ? declared.defaultValue : value;
  }
  return picked;
}

/**
 * The cost model, in the manner of GitHub's and Shopify's: every object that has to be read
 * costs 1, scalars cost 0, and a connection costs its page size times what one of its items
 * costs (plus 1 for the list query itself). So `customers(first: 50) { nodes { name } }` costs
 * 51 and nesting multiplies: the cost is the number of objects the query may return whatever
 * the data holds. Mutations add MUTATION_COST per field. Introspection is free.
 */
export const connectionCostEstimator: ComplexityEstimator = ({
  type,
  field,
  args: allArgs,
  childComplexity,
}) => {
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
  const named = getNamedType(field.type);
  if (isLeafType(named)) return 0;
  if (type.name === 'Mutation') return MUTATION_COST + childComplexity;
  const args = costArguments(field, allArgs);
  const own = FREE_TYPES.has(named.name) || isEdgeType(named) ? 0 : 1;
  if (isConnectionType(named)) return 1 + pageSize(args) * childComplexity;
  if (isConnectionType(type) && field.name === 'edges') return childComplexity;
  if (isConnectionType(type) && field.name === 'nodes') return own + childComplexity;
  if (isList(field.type)) {
    const size = Array.isArray(args.ids) ? args.ids.length : UNPAGED_LIST_SIZE;
    return size * (own + childComplexity);
  }
  return own + childComplexity;
};

/** Selections one operation may expand to (fragments spread many times multiply them). */
export const MAX_COSTED_SELECTIONS = 10_000;

/**
 * How many selections the document expands to once every fragment spread is replaced by the
 * fragment (the spread counting too, as graphql-query-complexity counts it): linear in the document's size (each fragment is counted once and remembered), so
 * a hostile document of fragments that double at every level is refused before anything
 * walks its expansion.
 */
export function expandedSelectionCount(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const sizes = new Map<string, number>();
  const sizeOf = (set: SelectionSetNode | undefined, active: Set<string>): number => {
    let total = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Cycles and unknown fragments are the validator's to refuse.
        if (!fragment || active.has(name)) continue;
        if (!sizes.has(name)) {
          active.add(name);
          sizes.set(name, sizeOf(fragment.selectionSet, active));
          active.delete(name);
        }
        total += 1 + sizes.get(name)!;
      } else {
        total += 1 + sizeOf(selection.selectionSet, active);
      }
      if (total > Number.MAX_SAFE_INTEGER / 2) return Infinity;
    }
    return total;
  };
  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      total += sizeOf(definition.selectionSet, new Set());
    }
  }
  return total;
}

/**
 * What pricing an operation came to: its cost (Infinity when it expands, through fragments, to
 * more selections than can be costed), variables that do not fit the operation (graphql-js's
 * BAD_USER_INPUT), or a failure of the cost calculation itself, which the caller must refuse.
 */
export type Pricing =
  | { kind: 'cost'; cost: number }
  | { kind: 'badVariables'; error: GraphQLError }
  | { kind: 'unknown'; error: unknown };

/**
 * Prices the operation that will run. Only costs are cached, keyed on the operation and the
 * variables the cost reads; variables that do not fit and failures are worked out afresh each
 * time (they may depend on any variable). Call variableProblem first: values nested without
 * bound would overflow the stack in the cache key.
 */
export function calculateQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): Pricing {
  // Checked on every request, cached cost or not: the cache key holds only the variables the
  // cost reads, and a malformed one elsewhere is refused before anything is charged.
  if (operation.variableDefinitions?.length) {
    const { errors } = getVariableValues(schema, operation.variableDefinitions, variables ?? {});
    if (errors?.length) return { kind: 'badVariables', error: errors[0] };
  }
  // Apollo hands the same parsed document for the same query text, so a client repeating an
  // operation with the same variables is costed once.
  let byRequest = costCache.get(document);
  if (!byRequest) costCache.set(document, (byRequest = new Map()));
  const key = costKey(document, operationName, variables);
  const cached = byRequest.get(key);
  if (cached !== undefined) return { kind: 'cost', cost: cached };
  const pricing = costOf(schema, document, variables, operationName);
  if (pricing.kind === 'cost') {
    if (byRequest.size >= COSTS_PER_DOCUMENT) byRequest.clear();
    byRequest.set(key, pricing.cost);
  }
  return pricing;
}

const costCache = new WeakMap<DocumentNode, Map<string, number>>();
const costVariableNames = new WeakMap<DocumentNode, readonly string[]>();

/** The directives that drop fields (and their cost). */
const CONDITIONAL_DIRECTIVES = new Set(['include', 'skip']);
const COST_ARGUMENT_NAMES = new Set<string>(COST_ARGUMENTS);

/** Keys longer than this are hashed, so that long ID lists do not pile up in the cache. */
const LONGEST_PLAIN_KEY = 256;

/**
 * The variables a document's cost can depend on: those used in page sizes, ID lists and
 * @include/@skip conditions. Only they key the cost cache, so that a mutation whose input
 * changes with every request (a new version each time) is priced once, not on every call.
 * An explicit null and a variable left out (its default applies) are different keys.
 */
function costKey(
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): string {
  let names = costVariableNames.get(document);
  if (!names) {
    const found = new Set<string>();
    const collect = (node: ASTNode) =>
      visit(node, { Variable: (v) => void found.add(v.name.value) });
    visit(document, {
      Argument(argument, _key, _parent, _path, ancestors) {
        // The parent is the `arguments` array; the node holding it comes last among the ancestors.
        const owner = ancestors[ancestors.length - 1] as ASTNode | undefined;
        const conditional =
          owner?.kind === Kind.DIRECTIVE && CONDITIONAL_DIRECTIVES.has(owner.name.value);
        if (
          conditional ||
          (owner?.kind === Kind.FIELD && COST_ARGUMENT_NAMES.has(argument.name.value))
        )
          collect(argument.value);
      },
    });
    names = [...found].sort();
    costVariableNames.set(document, names);
  }
  // [] for a variable left out, [value] for one sent (null included).
  const values = names.map((name) =>
    variables && Object.prototype.hasOwnProperty.call(variables, name) ? [variables[name]] : [],
  );
  const text = JSON.stringify(values);
  const key =
    text.length > LONGEST_PLAIN_KEY ? createHash('sha256').update(text).digest('base64') : text;
  return `${operationName ?? ''}\u0000${key}`;
}
const COSTS_PER_DOCUMENT = 64;

function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): Pricing {
  if (expandedSelectionCount(document) > MAX_COSTED_SELECTIONS) {
    return { kind: 'cost', cost: Infinity };
  }
  try {
    const cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName,
      estimators: [connectionCostEstimator],
      maxQueryNodes: MAX_COSTED_SELECTIONS + 1,
    });
    if (!Number.isFinite(cost) || cost < 0) return { kind: 'unknown', error: cost };
    return { kind: 'cost', cost };
  } catch (error) {
    if (/maximum allowed number of nodes/.test((error as Error).message)) {
      return { kind: 'cost', cost: Infinity };
    }
    return { kind: 'unknown', error };
  }
}
