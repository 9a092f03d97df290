/**
 * Titles and descriptions of the scenario schema's properties, by path, for
 * hovers on keys the cost model does not read. The schema is the one source
 * of these texts; a property it lacks simply has no description.
 */
import schema from '../../../schemas/scenario.schema.json';
import type { PathSegment } from './locate';

export interface SchemaInfo {
  title?: string;
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  examples?: unknown[];
}

type SchemaNode = {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  title?: string;
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  examples?: unknown[];
};

const root = schema as unknown as SchemaNode & { $defs?: Record<string, SchemaNode> };

/** Follows a local `#/$defs/x` reference; the node's own annotations win over the target's. */
function deref(node: SchemaNode | undefined, depth = 0): SchemaNode | undefined {
  if (!node || !node.$ref || depth > 8) return node;
  const m = /^#\/\$defs\/(.+)$/.exec(node.$ref);
  const target = m ? root.$defs?.[m[1]!] : undefined;
  const { $ref: _ref, ...own } = node;
  return { ...(deref(target, depth + 1) ?? {}), ...own };
}

/** The schema node at a path of keys and list indexes. */
function nodeAt(path: readonly PathSegment[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const seg of path) {
    node = deref(node);
    if (!node) return undefined;
    node = typeof seg === 'number' ? node.items : node.properties?.[seg];
  }
  return deref(node);
}

/** Title, descriptions, default and examples of the property at `path`, if the schema has them. */
export function schemaInfo(path: readonly PathSegment[]): SchemaInfo | undefined {
  const node = nodeAt(path);
  if (!node) return undefined;
  const out: SchemaInfo = {};
  if (typeof node.title === 'string') out.title = node.title;
  if (typeof node.description === 'string') out.description = node.description;
  if (typeof node.markdownDescription === 'string') out.markdownDescription = node.markdownDescription;
  if (node.default !== undefined) out.default = node.default;
  if (Array.isArray(node.examples)) out.examples = node.examples;
  return Object.keys(out).length ? out : undefined;
}
