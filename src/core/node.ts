import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * Relay global object identification. Every object with an identity exposes an opaque `id`;
 * the class behind it keeps its database key in `id` and computes the global one in `nodeId`.
 */
@InterfaceType('Node', {
  description:
    'An object with a globally unique, opaque ID. Fetch any of them with `node(id:)`; an object outside your visibility (R-30) resolves to null exactly like an unknown one.',
})
export abstract class Node {
  // `simple: false` keeps type-graphql from reading `id` (the numeric key) on simple-resolver types.
  @Field(() => ID, { name: 'id', description: 'Opaque global ID.', simple: false })
  abstract readonly nodeId: string;
}
