import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

const cache = new WeakMap<FieldNode, Map<string, readonly string[]>>();

/**
 * Which of `fields` the query asks for on the object a field returns, when that object is a
 * `typeName`: plain selections, inline fragments without a type or on `typeName`, and named
 * fragments on it. Used to read single-object edges with their parent (by-id.ts); a selection
 * it does not recognise only costs the statement it would have saved. Cached per field node
 * (Apollo caches parsed documents, so a repeated query reuses the answer).
 */
export function selectedFieldsOn(
  info: SelectionInfo,
  typeName: string,
  fields: readonly string[],
): readonly string[] {
  if (info.fieldNodes.length !== 1) return [];
  const node = info.fieldNodes[0];
  const key = `${typeName}:${fields.join(',')}`;
  let byKey = cache.get(node);
  if (!byKey) cache.set(node, (byKey = new Map()));
  let selected = byKey.get(key);
  if (!selected) {
    const found = new Set<string>();
    collect(node.selectionSet, info, typeName, new Set(fields), found, new Set());
    selected = fields.filter((f) => found.has(f));
    byKey.set(key, selected);
  }
  return selected;
}

function collect(
  selectionSet: SelectionSetNode | undefined,
  info: SelectionInfo,
  typeName: string,
  wanted: ReadonlySet<string>,
  found: Set<string>,
  visited: Set<string>,
): void {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === 'Field') {
      if (wanted.has(selection.name.value)) found.add(selection.name.value);
    } else if (selection.kind === 'InlineFragment') {
      const on = selection.typeCondition?.name.value;
      if (on === undefined || on === typeName) {
        collect(selection.selectionSet, info, typeName, wanted, found, visited);
      }
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = info.fragments?.[selection.name.value];
      if (fragment && fragment.typeCondition.name.value === typeName) {
        collect(fragment.selectionSet, info, typeName, wanted, found, visited);
      }
    }
  }
}
