import {
  isObjectType,
  GraphQLScalarType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { needsValidation, validateArgs } from './validate-args';

type Storage = ReturnType<typeof getMetadataStorage>;
type HandlerMetadata = Storage['queries'][number];
type FieldResolverMetadata = Storage['fieldResolvers'][number];
type ParamMetadata = NonNullable<HandlerMetadata['params']>[number];
type Resolver = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;
type ParamGetter = (
  root: unknown,
  args: Record<string, unknown>,
  ctx: unknown,
  info: unknown,
) => unknown;

/**
 * type-graphql wraps every resolver method in a generic handler that, on each call, sorts the
 * parameter metadata, builds a resolver-data object, converts the arguments with linear
 * metadata look-ups and awaits an (async) validation of each of them, so that even a resolver
 * that returns a plain value becomes a promise. For the nested lists of a large read that was a
 * fifth of the allocations of the whole request (bench/README.md).
 *
 * This replaces that wrapper, for the resolvers it can take over exactly, with one built once:
 * the method is called on the resolver instance with its parameters read in order. It takes a
 * resolver only when type-graphql's wrapper would do nothing else: no middleware or auth (none
 * is registered in this schema), parameters of the kinds root, context, info, arg and args, and
 * arguments that are scalars, enums or argument classes of such (their conversion is the
 * identity plus the class instance). Argument classes with class-validator rules are validated
 * with the same `validateArgs` before the call. Anything else keeps type-graphql's wrapper.
 * Returns the fields taken over, as `Type.field`.
 */
export function callResolversDirectly(
  schema: GraphQLSchema,
  resolverClasses: readonly Function[],
): string[] {
  const storage = getMetadataStorage();
  const classes = new Set(resolverClasses);
  const instances = new Map<Function, object>();
  const instanceOf = (target: Function) => {
    let instance = instances.get(target);
    if (!instance) {
      instance = new (target as new () => object)();
      instances.set(target, instance);
    }
    return instance;
  };
  const replaced: string[] = [];
  const take = (
    type: GraphQLObjectType | null | undefined,
    name: string,
    metadata: HandlerMetadata | FieldResolverMetadata,
  ) => {
    const field = type?.getFields()[name];
    if (!field) return;
    const internal = 'kind' in metadata && metadata.kind === 'internal';
    if (!internal && !classes.has(metadata.target)) return;
    const resolve = internal
      ? directResolver(storage, metadata, null)
      : directResolver(storage, metadata, instanceOf(metadata.target));
    if (!resolve) return;
    field.resolve = resolve;
    replaced.push(`${type!.name}.${name}`);
  };
  for (const query of storage.queries) take(schema.getQueryType(), query.schemaName, query);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const resolver of fieldResolversOf(storage, type))
      take(type, resolver.schemaName, resolver);
  }
  return replaced;
}

/**
 * The field resolvers type-graphql attached to an object type: those of resolver classes for
 * the type's class, a superclass of it or an interface it implements, the nearest winning, as
 * in type-graphql's schema generator.
 */
function fieldResolversOf(storage: Storage, type: GraphQLObjectType): FieldResolverMetadata[] {
  const objectType = storage.objectTypes.find((o) => o.name === type.name);
  if (!objectType) return [];
  const lineage: Function[] = [];
  for (let c = objectType.target; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    lineage.push(c);
  }
  lineage.push(...(objectType.interfaceClasses ?? []));
  const byName = new Map<string, FieldResolverMetadata>();
  for (const owner of lineage) {
    for (const resolver of storage.fieldResolvers) {
      if (byName.has(resolver.schemaName)) continue;
      if (resolver.getObjectType?.() === owner) byName.set(resolver.schemaName, resolver);
    }
  }
  return [...byName.values()];
}

/**
 * `instance`: the resolver class's instance; null for a field declared on the object type's own
 * class (a getter or method of the object, called on the value being resolved).
 */
function directResolver(
  storage: Storage,
  metadata: HandlerMetadata | FieldResolverMetadata,
  instance: object | null,
): Resolver | undefined {
  if (metadata.middlewares?.length || metadata.roles) return undefined;
  if (instance === null) return ownMemberResolver(storage, metadata as FieldResolverMetadata);
  const method = (instance as Record<string, unknown>)[metadata.methodName];
  if (typeof method !== 'function') return undefined;
  const params = [...(metadata.params ?? [])].sort((a, b) => a.index - b.index);
  if (params.some((p, i) => p.index !== i)) return undefined;
  const getters: ParamGetter[] = [];
  const validated: Array<{ index: number; type: unknown }> = [];
  for (const param of params) {
    const getter = paramGetter(storage, param);
    if (!getter) return undefined;
    getters.push(getter);
    if (param.kind === 'args' && needsValidation(param.getType())) {
      validated.push({ index: param.index, type: param.getType() });
    }
  }
  const call = method as (...values: unknown[]) => unknown;
  const n = getters.length;
  if (validated.length > 0) {
    return async (root, args, ctx, info) => {
      const values = getters.map((get) => get(root, args, ctx, info));
      for (const { index, type } of validated) {
        await validateArgs(
          values[index],
          type as never,
          { root, args, context: ctx, info } as never,
        );
      }
      return call.apply(instance, values);
    };
  }
  // Fixed arities: no arguments array per call for the common shapes.
  const [g0, g1, g2, g3] = getters;
  if (n === 0) return () => call.call(instance);
  if (n === 1) return (r, a, c, i) => call.call(instance, g0(r, a, c, i));
  if (n === 2) return (r, a, c, i) => call.call(instance, g0(r, a, c, i), g1(r, a, c, i));
  if (n === 3)
    return (r, a, c, i) => call.call(instance, g0(r, a, c, i), g1(r, a, c, i), g2(r, a, c, i));
  if (n === 4)
    return (r, a, c, i) =>
      call.call(instance, g0(r, a, c, i), g1(r, a, c, i), g2(r, a, c, i), g3(r, a, c, i));
  return (r, a, c, i) =>
    call.apply(
      instance,
      getters.map((get) => get(r, a, c, i)),
    );
}

/**
 * type-graphql's resolver for a getter or method of the object type itself: the value as an
 * instance of its class, then the getter's value or the method's result.
 */
function ownMemberResolver(
  storage: Storage,
  metadata: FieldResolverMetadata,
): Resolver | undefined {
  const ObjectClass = metadata.getObjectType?.();
  if (typeof ObjectClass !== 'function') return undefined;
  const getters: ParamGetter[] = [];
  for (const param of [...(metadata.params ?? [])].sort((a, b) => a.index - b.index)) {
    const getter = paramGetter(storage, param);
    if (!getter || (param.kind === 'args' && needsValidation(param.getType()))) return undefined;
    getters.push(getter);
  }
  const name = metadata.methodName;
  return (root, args, ctx, info) => {
    const target = asInstance(ObjectClass, root) as Record<string, unknown>;
    const member = target[name];
    if (typeof member !== 'function') return member;
    return (member as (...values: unknown[]) => unknown).apply(
      target,
      getters.map((get) => get(root, args, ctx, info)),
    );
  };
}

function paramGetter(storage: Storage, param: ParamMetadata): ParamGetter | undefined {
  switch (param.kind) {
    case 'root': {
      const property = param.propertyName;
      const getType = param.getType;
      return (root) => {
        const value = property ? (root as Record<string, unknown>)[property] : root;
        return getType ? asInstance(getType(), value) : value;
      };
    }
    case 'context': {
      const property = param.propertyName;
      return property
        ? (_r, _a, ctx) => (ctx as Record<string, unknown>)[property]
        : (_r, _a, ctx) => ctx;
    }
    case 'info':
      return (_r, _a, _c, info) => info;
    case 'arg': {
      if (param.validateFn || param.validateSettings !== undefined) return undefined;
      if (!isPlainArgType(param.getType())) return undefined;
      const name = param.name;
      return (_r, args) => args[name];
    }
    case 'args':
      if (param.validateFn || param.validateSettings !== undefined) return undefined;
      return argsClassGetter(storage, param.getType() as Function);
    default:
      return undefined;
  }
}

/** Scalars, enums (plain objects) and lists of them: type-graphql passes their values as they are. */
function isPlainArgType(type: unknown): boolean {
  if (type instanceof GraphQLScalarType) return true;
  if (typeof type !== 'function') return typeof type === 'object' && type !== null; // an enum
  if ([String, Number, Boolean, Date].includes(type as never)) return true;
  return false;
}

/**
 * An instance of an argument class with the given arguments, as type-graphql's
 * convertArgsToInstance builds it: the class's own fields and those of its superclasses,
 * undefined values left out, properties the class initializes kept as defaults.
 */
function argsClassGetter(storage: Storage, ArgsClass: Function): ParamGetter | undefined {
  const fields: string[] = [];
  for (let c = ArgsClass; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const argsType = storage.argumentTypes.find((t) => t.target === c);
    if (!argsType) {
      if (c === ArgsClass) return undefined;
      continue;
    }
    for (const field of argsType.fields ?? []) {
      if (!isPlainArgType(field.getType())) return undefined;
      fields.push(field.name);
    }
  }
  const Class = ArgsClass as new () => Record<string, unknown>;
  return (_r, args) => {
    const instance = new Class();
    for (const key of Object.keys(instance)) {
      if (instance[key] === undefined && !(key in args)) delete instance[key];
    }
    for (const name of fields) {
      const value = args[name];
      if (value !== undefined) instance[name] = value;
    }
    return instance;
  };
}

/** type-graphql's convertToType for a root value: kept as is when it already is an instance. */
function asInstance(Target: unknown, value: unknown): unknown {
  if (value == null || typeof Target !== 'function' || value instanceof Target) return value;
  if (Target instanceof GraphQLScalarType) return value;
  const constructor = (value as object).constructor;
  if ([String, Boolean, Number, Date, Array, Promise].includes(constructor as never)) return value;
  const instance = new (Target as new () => Record<string, unknown>)();
  for (const key of Object.keys(instance)) {
    if (instance[key] === undefined && !(key in (value as object))) delete instance[key];
  }
  return Object.assign(instance, value);
}
