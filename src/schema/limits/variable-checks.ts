import {
  GraphQLError,
  isInputObjectType,
  isListType,
  Kind,
  isNonNullType,
  typeFromAST,
  TypeInfo,
  ValidationContext,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { ErrorCode } from '../../core/errors';

/**
 * Checks of an operation's variables that must come before anything walks them (the cost
 * calculation, its cache key, the executor): values nested deeper than their type allows, and
 * explicit nulls where the variable is used in a position that does not accept null. Both are
 * BAD_USER_INPUT naming the variable (HTTP 400); the rest of the coercion is graphql-js's.
 */

/** What an input type may nest when it refers to itself (none does today): a generous bound. */
const RECURSIVE_INPUT_DEPTH = 32;

const typeDepths = new WeakMap<GraphQLInputType, number>();

/**
 * How many arrays and objects a value of this type may nest: 0 for a scalar or an enum, one
 * more per list and per input object. A single value may stand for a list (GraphQL's list
 * coercion), so a valid value is never deeper than this, but may be shallower.
 */
export function inputTypeDepth(type: GraphQLInputType, visiting = new Set<string>()): number {
  const known = typeDepths.get(type);
  if (known !== undefined) return known;
  let depth = 0;
  if (isNonNullType(type)) depth = inputTypeDepth(type.ofType, visiting);
  else if (isListType(type)) depth = 1 + inputTypeDepth(type.ofType, visiting);
  else if (isInputObjectType(type)) {
    if (visiting.has(type.name)) return RECURSIVE_INPUT_DEPTH;
    visiting.add(type.name);
    const fields = Object.values(type.getFields());
    depth = 1 + Math.max(0, ...fields.map((f) => inputTypeDepth(f.type, visiting)));
    visiting.delete(type.name);
    depth = Math.min(depth, RECURSIVE_INPUT_DEPTH);
  }
  typeDepths.set(type, depth);
  return depth;
}

/**
 * Whether a JSON value nests arrays and objects more than `limit` levels. Iterative and stops
 * at the first container too deep: a hostile value nested 20,000 levels costs no stack.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const pending: Array<[object, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [container, level] = pending.pop()!;
    if (level > limit) return true;
    const items = Array.isArray(container) ? container : Object.values(container);
    for (const item of items) {
      if (item !== null && typeof item === 'object') pending.push([item as object, level + 1]);
    }
  }
  return false;
}

interface VariablePlan {
  name: string;
  type: string;
  /** Arrays and objects its type allows (inputTypeDepth). */
  depth: number;
  /** A position the variable is used in that refuses null, when its own type allows null. */
  nonNullUse?: { type: string; hasDefault: boolean; nullDefault: boolean };
}

const plans = new WeakMap<OperationDefinitionNode, VariablePlan[]>();

/** Worked out once per operation: Apollo hands the same parsed document for the same text. */
function planOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): VariablePlan[] {
  let plan = plans.get(operation);
  if (plan) return plan;
  const context = new ValidationContext(schema, document, new TypeInfo(schema), () => undefined);
  const usages = context.getRecursiveVariableUsages(operation);
  plan = (operation.variableDefinitions ?? []).map((definition) => {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    const entry: VariablePlan = {
      name,
      type: String(type ?? definition.type),
      depth: type ? inputTypeDepth(type) : 0,
    };
    if (type && !isNonNullType(type)) {
      const use = usages.find((u) => u.node.name.value === name && u.type && isNonNullType(u.type));
      if (use?.type) {
        // Left out, the variable's own default or else the argument's (or field's) applies;
        // a default of `null` is an explicit null all the same.
        const nullDefault = definition.defaultValue?.kind === Kind.NULL;
        const hasDefault =
          (Boolean(definition.defaultValue) && !nullDefault) || use.defaultValue !== undefined;
        entry.nonNullUse = { type: String(use.type), hasDefault, nullDefault };
      }
    }
    return entry;
  });
  plans.set(operation, plan);
  return plan;
}

function badVariable(name: string, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: name, http: { status: 400 } },
  });
}

/**
 * The first problem with the operation's variables that graphql-js would not report as bad
 * input (or would meet only by overflowing its stack or inside a resolver), or undefined.
 * graphql-js passes an explicit null on to a field whose argument has a default only to fail
 * there; graphql-jit hands it to the resolver. Either way the client sent malformed input.
 */
export function variableProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): GraphQLError | undefined {
  if (!operation.variableDefinitions?.length) return undefined;
  for (const { name, type, depth, nonNullUse } of planOf(schema, document, operation)) {
    const sent = variables !== undefined && Object.prototype.hasOwnProperty.call(variables, name);
    if (!sent && !nonNullUse?.nullDefault) continue;
    const value = sent ? variables[name] : null;
    if (value === null && nonNullUse) {
      const fallback = nonNullUse.hasDefault
        ? ' Leave the variable out to use the default instead.'
        : '';
      return badVariable(
        name,
        `Variable "$${name}" is null, but it is used where a value of type ${nonNullUse.type} is required.${fallback}`,
      );
    }
    if (nestsDeeperThan(value, depth)) {
      return badVariable(
        name,
        `Variable "$${name}" nests lists or objects deeper than its type ${type} allows (${depth} ${depth === 1 ? 'level' : 'levels'}).`,
      );
    }
  }
  return undefined;
}
