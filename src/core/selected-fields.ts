import {
  isAbstractType,
  isObjectType,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { edgeSelections, type FieldColumns, type NodeEdgeSelection } from './selected-columns';

type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'schema'>;

/** What a query reads of one object: the columns of its own row and its joinable edges. */
export interface ObjectSelection {
  /** Null: the whole row (a field outside the map). */
  columns: readonly string[] | null;
  edges: readonly NodeEdgeSelection[];
}

const cache = new WeakMap<FieldNode, Map<object, ObjectSelection>>();

/**
 * What the query asks for on the object a field returns (`node(id:)`), when that object is a
 * `typeName`: plain selections, and fragments (inline or named) without a type condition or on
 * a type the object is one of (the type itself, an interface or union it belongs to); fragments
 * on other types do not apply to it. `columns` maps
 * the type's fields to the columns they read; `edges` its single-object edges to the columns
 * their targets' fields read. An edge selected more than once, or with fragments inside, reads
 * whole rows. Cached per field node and type (Apollo caches parsed documents); a type has one
 * `columns` map, the key.
 */
export function objectSelection(
  info: SelectionInfo,
  typeName: string,
  columns: FieldColumns,
  edges: Readonly<Record<string, FieldColumns>>,
): ObjectSelection {
  if (info.fieldNodes.length !== 1) return { columns: null, edges: [] };
  const node = info.fieldNodes[0];
  let byMap = cache.get(node);
  if (!byMap) cache.set(node, (byMap = new Map()));
  let selection = byMap.get(columns);
  if (!selection) {
    const fields: FieldNode[] = [];
    collect(node.selectionSet, info, appliesTo(info, typeName), fields, new Set());
    const needed = new Set<string>();
    let whole = false;
    for (const field of fields) {
      const name = field.name.value;
      if (name === '__typename') continue;
      const read = columns[name];
      if (!read) whole = true;
      else for (const column of read) needed.add(column);
    }
    selection = {
      columns: whole ? null : [...needed].sort(),
      edges: edgeSelections(fields, edges),
    };
    byMap.set(columns, selection);
  }
  return selection;
}

/** Whether a fragment on the named type applies to an object of `typeName`. */
function appliesTo(info: SelectionInfo, typeName: string): (on: string) => boolean {
  const target = info.schema.getType(typeName);
  return (on) => {
    if (on === typeName) return true;
    const type = info.schema.getType(on);
    return isAbstractType(type) && isObjectType(target) && info.schema.isSubType(type, target);
  };
}

function collect(
  selectionSet: SelectionSetNode | undefined,
  info: SelectionInfo,
  applies: (on: string) => boolean,
  fields: FieldNode[],
  visited: Set<string>,
): void {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === 'Field') {
      fields.push(selection);
    } else if (selection.kind === 'InlineFragment') {
      const on = selection.typeCondition?.name.value;
      if (on === undefined || applies(on)) {
        collect(selection.selectionSet, info, applies, fields, visited);
      }
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = info.fragments?.[selection.name.value];
      if (fragment && applies(fragment.typeCondition.name.value)) {
        collect(fragment.selectionSet, info, applies, fields, visited);
      }
    }
  }
}
