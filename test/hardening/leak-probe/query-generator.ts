import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isListType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/** Objects that carry a global ID (implement Node). */
function isNodeType(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');
}

function isConnectionType(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.name.endsWith('Connection');
}

function nullableOf(type: GraphQLOutputType): GraphQLOutputType {
  return isNonNullType(type) ? type.ofType : type;
}

function requiredArgs(field: GraphQLField<unknown, unknown>): GraphQLArgument[] {
  return field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
}

function isConnectionField(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((a) => a.name === 'first');
}

/**
 * Selects everything a field can give, generated from the schema so that fields added later are
 * probed without anyone listing them: every scalar, every value object (contacts, addresses,
 * profiles) and, `hops` objects deep, every related object and list (a page of `pageSize`). Past
 * that, related objects give only their ID, which the probe checks too.
 */
export class QueryGenerator {
  constructor(
    private readonly schema: GraphQLSchema,
    /** Larger than any list of the fixture, so that a page holds all of it. */
    private readonly pageSize = 25,
  ) {}

  /** Root query fields the generic probe can call (no required arguments). */
  rootFields(): Array<GraphQLField<unknown, unknown>> {
    return Object.values(this.schema.getQueryType()!.getFields()).filter(
      (f) => requiredArgs(f).length === 0,
    );
  }

  /** Arguments that take an object's ID: `customerId`, `indirectResellerId`, `resourceId`... */
  idArguments(type: GraphQLObjectType): Array<{ field: string; arg: string }> {
    return Object.values(type.getFields()).flatMap((field) =>
      field.args
        .filter((a) => getNamedType(a.type).name === 'ID' || /Ids?$/.test(a.name))
        .filter(() => requiredArgs(field).length === 0)
        .map((a) => ({ field: field.name, arg: a.name })),
    );
  }

  /** `name(args) { ... }` for one field. */
  field(field: GraphQLField<unknown, unknown>, hops: number, args = ''): string {
    const named = getNamedType(field.type);
    const page = isConnectionField(field) ? `first: ${this.pageSize}` : '';
    const allArgs = [page, args].filter(Boolean).join(', ');
    const call = `${field.name}${allArgs ? `(${allArgs})` : ''}`;
    if (isLeafType(named)) return call;
    const inner = this.selection(named, hops, new Set());
    return inner ? `${call} { ${inner} }` : '';
  }

  selection(type: GraphQLNamedType, hops: number, valueTypes: Set<string>): string {
    if (isAbstractType(type)) {
      const fragments = this.schema
        .getPossibleTypes(type)
        .map((t) => `... on ${t.name} { ${this.selection(t, hops, valueTypes)} }`);
      return ['__typename', ...fragments].join(' ');
    }
    if (!isObjectType(type)) return '';
    const node = isNodeType(type);
    if (node && hops <= 0) return '__typename id';
    const nextHops = node ? hops - 1 : hops;
    // Value objects can refer to each other (Country -> CspRegion -> Country): once per path.
    if (!node && valueTypes.has(type.name)) return '';
    const path = node ? new Set<string>() : new Set([...valueTypes, type.name]);
    const parts: string[] = ['__typename'];
    for (const field of Object.values(type.getFields())) {
      if (requiredArgs(field).length > 0) continue;
      const named = getNamedType(field.type);
      if (isLeafType(named)) {
        parts.push(field.name);
        continue;
      }
      // Lists of value objects are reference data (an offer's regions and their countries).
      if (!isNodeType(named) && !isConnectionType(named) && isListType(nullableOf(field.type))) {
        if (path.size > 0 || !node) continue;
      }
      const inner = this.selection(named, nextHops, path);
      if (!inner) continue;
      const page = isConnectionField(field) ? `(first: ${this.pageSize})` : '';
      parts.push(`${field.name}${page} { ${inner} }`);
    }
    return parts.join(' ');
  }
}
