import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * For a node type: each GraphQL field that may be served from a narrowed row, with the database
 * columns its resolver reads (the primary key and the discriminator always come along). A
 * field that is not listed needs the whole row.
 */
export type FieldColumns = Readonly<Record<string, readonly string[]>>;

const cache = new WeakMap<FieldNode, Map<FieldColumns, readonly string[] | null>>();

/**
 * The columns a connection field's nodes need, from the fields the query selects on them
 * (`edges { node { ... } }` and `nodes { ... }`), or null for the whole row: when a selected
 * field is not in `map`, or a fragment is involved (kept simple on purpose: a wrong guess would
 * be a silent wrong answer, a null only costs the columns). Lists pay row parsing, hydration and
 * garbage for every column they fetch: about a quarter of a nested query's CPU before this.
 * Cached per field node: Apollo caches parsed documents, so a repeated query reuses the answer.
 */
export function connectionNodeColumns(
  info: Pick<GraphQLResolveInfo, 'fieldNodes'>,
  map: FieldColumns,
): readonly string[] | null {
  if (info.fieldNodes.length !== 1) return null;
  const node = info.fieldNodes[0];
  let byMap = cache.get(node);
  if (!byMap) cache.set(node, (byMap = new Map()));
  let columns = byMap.get(map);
  if (columns === undefined) {
    columns = compute(node.selectionSet, map);
    byMap.set(map, columns);
  }
  return columns;
}

function compute(connection: SelectionSetNode | undefined, map: FieldColumns): string[] | null {
  if (!connection) return null;
  const needed = new Set<string>();
  for (const selection of connection.selections) {
    if (selection.kind !== 'Field') return null;
    if (selection.name.value === 'nodes') {
      if (!addNodeFields(selection.selectionSet, map, needed)) return null;
    } else if (selection.name.value === 'edges') {
      for (const edgeField of selection.selectionSet?.selections ?? []) {
        if (edgeField.kind !== 'Field') return null;
        if (edgeField.name.value === 'node') {
          if (!addNodeFields(edgeField.selectionSet, map, needed)) return null;
        } else if (edgeField.name.value !== 'cursor' && edgeField.name.value !== '__typename') {
          return null; // custom edge fields (a relationship, a partnership) read more
        }
      }
    }
    // pageInfo, totalCount and __typename read no node column.
  }
  return [...needed].sort();
}

function addNodeFields(
  selectionSet: SelectionSetNode | undefined,
  map: FieldColumns,
  needed: Set<string>,
): boolean {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind !== 'Field') return false;
    const name = selection.name.value;
    if (name === '__typename') continue;
    const columns = map[name];
    if (!columns) return false;
    for (const column of columns) needed.add(column);
  }
  return true;
}

const edgeCache = new WeakMap<FieldNode, Map<object, readonly NodeEdgeSelection[]>>();

/** A single-object edge a connection's nodes select, with the columns its target needs. */
export interface NodeEdgeSelection {
  field: string;
  /** Null: the whole row (a field outside the map, a fragment, the edge selected twice). */
  columns: readonly string[] | null;
}

/**
 * Which single-object edges of the node type (`edges`: each field with the columns its target's
 * fields read) a connection field's query selects directly on its nodes, through
 * `nodes { ... }` or `edges { node { ... } }`: those can be joined into the page's statement
 * (EdgeJoins), narrowed to what the selection reads, or whole when a fragment beside them might
 * select more of the same object. An edge selected only through a fragment is not seen and
 * only costs the statement the join would have saved. Cached per field node.
 */
export function connectionNodeEdges(
  info: Pick<GraphQLResolveInfo, 'fieldNodes'>,
  edges: Readonly<Record<string, FieldColumns>>,
): readonly NodeEdgeSelection[] {
  if (info.fieldNodes.length !== 1) return [];
  const node = info.fieldNodes[0];
  let byMap = edgeCache.get(node);
  if (!byMap) edgeCache.set(node, (byMap = new Map()));
  let selected = byMap.get(edges);
  if (!selected) {
    const fields: FieldNode[] = [];
    // A fragment on the nodes may select an edge too, with other fields: whole rows then.
    let fragments = false;
    const collect = (set: SelectionSetNode | undefined) => {
      for (const s of set?.selections ?? []) {
        if (s.kind !== 'Field') fragments = true;
        else fields.push(s);
      }
    };
    for (const s of node.selectionSet?.selections ?? []) {
      if (s.kind !== 'Field') continue;
      if (s.name.value === 'nodes') collect(s.selectionSet);
      if (s.name.value === 'edges') {
        for (const e of s.selectionSet?.selections ?? []) {
          if (e.kind === 'Field' && e.name.value === 'node') collect(e.selectionSet);
        }
      }
    }
    selected = edgeSelections(fields, edges, !fragments);
    byMap.set(edges, selected);
  }
  return selected;
}

/**
 * Each of `edges` that `fields` (the field selections on one object) select, with the columns
 * its selection reads: whole rows when the edge is selected more than once, its selection holds
 * a fragment or a field outside the map, or `narrow` is false.
 */
export function edgeSelections(
  fields: readonly FieldNode[],
  edges: Readonly<Record<string, FieldColumns>>,
  narrow = true,
): NodeEdgeSelection[] {
  return Object.keys(edges).flatMap((edge) => {
    const occurrences = fields.filter((f) => f.name.value === edge);
    if (occurrences.length === 0) return [];
    const needed = new Set<string>();
    const narrowed =
      narrow &&
      occurrences.length === 1 &&
      addNodeFields(occurrences[0].selectionSet, edges[edge], needed);
    return [{ field: edge, columns: narrowed ? [...needed].sort() : null }];
  });
}
