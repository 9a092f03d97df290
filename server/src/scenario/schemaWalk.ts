/**
 * The scenario schema by path, for the features that need its structure
 * (which keys a mapping takes, in which order, which are required, which
 * values an enum allows): completion, and the fixes that insert keys.
 * `schemaInfo.ts` gives the descriptions for hovers.
 */
import schema from '../../../schemas/scenario.schema.json';

export type SchemaNode = {
  $ref?: string; type?: string | string[]; properties?: Record<string, SchemaNode>; items?: SchemaNode; required?: string[];
  enum?: unknown[]; const?: unknown; title?: string; description?: string; markdownDescription?: string; default?: unknown; examples?: unknown[];
};

const root = schema as unknown as SchemaNode & { $defs: Record<string, SchemaNode> };

/** Follows `$ref`s; the referring node's own annotations win over the target's. */
export function deref(n: SchemaNode | undefined, depth = 0): SchemaNode | undefined {
  if (!n?.$ref || depth > 8) return n;
  const { $ref, ...own } = n;
  return { ...(deref(root.$defs[$ref.replace('#/$defs/', '')], depth + 1) ?? {}), ...own };
}

/** The schema of the value at a path of keys and list indexes (numbers, or digit strings). */
export function schemaAt(path: readonly (string | number)[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const seg of path) {
    node = deref(node);
    node = typeof seg === 'number' || /^\d+$/.test(seg) ? node?.items : node?.properties?.[seg];
  }
  return deref(node);
}

/** The schema's key order of the mapping at `path`. */
export function propertyOrder(path: readonly (string | number)[]): string[] {
  return Object.keys(schemaAt(path)?.properties ?? {});
}
