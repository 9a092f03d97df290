/**
 * Titles and descriptions of the scenario schema's properties, by path, for
 * hovers on keys the cost model does not read. The schema is the one source
 * of these texts; a property it lacks simply has no description.
 */
import type { PathSegment } from './locate';
import { schemaAt } from './schemaWalk';

export interface SchemaInfo {
  title?: string;
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  examples?: unknown[];
}

/** Title, descriptions, default and examples of the property at `path`, if the schema has them. */
export function schemaInfo(path: readonly PathSegment[]): SchemaInfo | undefined {
  const node = schemaAt(path);
  if (!node) return undefined;
  const out: SchemaInfo = {};
  if (typeof node.title === 'string') out.title = node.title;
  if (typeof node.description === 'string') out.description = node.description;
  if (typeof node.markdownDescription === 'string') out.markdownDescription = node.markdownDescription;
  if (node.default !== undefined) out.default = node.default;
  if (Array.isArray(node.examples)) out.examples = node.examples;
  return Object.keys(out).length ? out : undefined;
}
