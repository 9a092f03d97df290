/**
 * Schema validation: runs the ajv validator (generated ahead of time from
 * `schemas/scenario.schema.json`, so nothing is compiled per keystroke) and
 * turns each ajv error into a plain-words {@link Problem} on the exact key or
 * value that causes it.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import validateScenario from '../generated/validateScenario.js';
import scenarioSchema from '../../../schemas/scenario.schema.json';
import { fieldPath, QUANTITY_FIELDS } from './fields';
import { deref as derefNode, type SchemaNode } from './schemaWalk';
import { closest } from './similarity';
import type { Problem, Repair, Span } from './types';
import { entries, lineSpanAt, nodeSpan, resolveNode, type Entry } from './yamlDocument';
import { plainOrQuoted } from './model';

/** The shape of an ajv error, as the generated validator reports it. */
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type JsonSchema = { [k: string]: unknown };

/** Where a path leads in the YAML tree. */
interface Located {
  node: Node | null;
  /** Key node of the pair holding `node`, if it sits in a mapping. */
  keyNode?: Node;
  /** Whether `node` is an item of a sequence. */
  inSeq: boolean;
}

/** Validates the JS value of `doc` and maps every error to a located problem. */
export function validateSchema(doc: Document, value: unknown, text: string): Problem[] {
  if (validateScenario(value)) return [];
  return schemaProblems(doc, (validateScenario.errors ?? []) as AjvError[], text);
}

/**
 * Maps the errors of the whole-schema validator, in its order, to located
 * problems. The incremental check (incremental/schema.ts) hands in the same
 * list, put together from parts, so it gets the same problems.
 */
export function schemaProblems(doc: Document, ajvErrors: readonly AjvError[], text: string): Problem[] {
  if (ajvErrors.length === 0) return [];
  entryIndex = new WeakMap();
  const errors = selectBranches(ajvErrors);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const p = toProblem(doc, error, text);
    if (!p) continue;
    const key = `${p.span.start}:${p.span.end}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(p);
  }
  return problems;
}

function pathOf(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * For `oneOf`/`anyOf`, keeps the errors of the closest branch only (the one
 * that got deepest into the value, then the one with the fewest errors) and
 * drops the "matches none" summary when a branch explains the failure.
 */
export function selectBranches(errors: readonly AjvError[]): AjvError[] {
  const unions = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  let out = errors.filter((e) => e.keyword !== 'if');
  for (const u of unions) {
    const prefix = u.schemaPath + '/';
    const branches = new Map<string, AjvError[]>();
    for (const e of out) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      let list = branches.get(branch);
      if (!list) branches.set(branch, (list = []));
      list.push(e);
    }
    if (branches.size === 0) continue;
    const score = (list: AjvError[]) => {
      const depth = Math.max(...list.map((e) => e.instancePath.split('/').length));
      const typeOnly = list.every((e) => e.keyword === 'type') ? 1 : 0;
      return [depth, -typeOnly, -list.length] as const;
    };
    let best: AjvError[] | undefined;
    for (const list of branches.values()) {
      if (!best) { best = list; continue; }
      const a = score(list), b = score(best);
      if (a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])))) best = list;
    }
    const drop = new Set<AjvError>([u]);
    for (const list of branches.values()) if (list !== best) list.forEach((e) => drop.add(e));
    out = out.filter((e) => !drop.has(e));
  }
  return out;
}

/**
 * Entries of each mapping by key, built once per validation: a mapping with
 * thousands of unknown keys gets one error per key, and scanning the mapping
 * for each of them was quadratic (40,000 keys took minutes).
 */
let entryIndex = new WeakMap<object, Map<string, Entry>>();

/** The first entry for `key` in the mapping `map` (aliases resolved), through the index. */
function entryByKey(doc: Document, map: Node | null, key: string): Entry | undefined {
  if (map === null) return undefined;
  let index = entryIndex.get(map);
  if (!index) {
    index = new Map();
    for (const e of entries(doc, map)) if (!index.has(e.key)) index.set(e.key, e);
    entryIndex.set(map, index);
  }
  return index.get(key);
}

/** Follows a JSON path through the YAML tree, resolving aliases. */
function locate(doc: Document, path: string[]): Located {
  let node: Node | null = resolveNode(doc, doc.contents);
  let keyNode: Node | undefined;
  let inSeq = false;
  for (const seg of path) {
    if (isMap(node)) {
      const e = entryByKey(doc, node, seg);
      if (!e) return { node, inSeq, ...(keyNode ? { keyNode } : {}) };
      node = e.value;
      keyNode = e.keyNode;
      inSeq = false;
    } else if (isSeq(node)) {
      const raw = node.items[Number(seg)];
      const item = raw === undefined ? undefined : resolveNode(doc, raw);
      if (item === undefined) return { node, inSeq };
      node = item;
      keyNode = undefined;
      inSeq = true;
    } else {
      break;
    }
  }
  return keyNode ? { node, keyNode, inSeq } : { node, inSeq };
}

/** Resolves a JSON pointer fragment (`#/$defs/site/properties`) in the schema. */
function schemaAt(pointer: string): JsonSchema | undefined {
  let cur: unknown = scenarioSchema;
  for (const raw of pointer.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur && typeof cur === 'object' ? (cur as JsonSchema) : undefined;
}

/** The schema object that holds the keyword of an error (its "parent schema"). */
function parentSchema(e: AjvError): JsonSchema | undefined {
  return schemaAt(e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/')));
}

/** Follows `$ref`s (schemaWalk's rule: the referring node's own annotations win). */
function deref(s: JsonSchema | undefined): JsonSchema | undefined {
  return derefNode(s as SchemaNode | undefined) as JsonSchema | undefined;
}

/** The schema of the property `name` within an object schema, through `$ref`s. */
function propertySchema(obj: JsonSchema | undefined, name: string): JsonSchema | undefined {
  const props = deref(obj)?.properties as Record<string, JsonSchema> | undefined;
  return deref(props?.[name]);
}

function fieldName(path: string[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (!/^\d+$/.test(path[i]!)) return path[i]!;
  return 'the scenario';
}

/** Describes a mapping by where it is: `site`, `funding line 2`, `the top level`. */
function describeMapping(path: string[]): string {
  if (path.length === 0) return 'the scenario';
  const last = path[path.length - 1]!;
  if (/^\d+$/.test(last)) {
    const list = path[path.length - 2] === 'accelerators' ? 'accelerator line' : path[path.length - 2] === 'funding' ? 'funding line' : 'item';
    return `${list} ${Number(last) + 1}`;
  }
  return `\`${last}\``;
}

function found(node: Node | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'nothing';
  if (isScalar(node)) return typeof node.value === 'string' ? `"${node.value}"` : String(node.value);
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  return 'a value';
}

function spanOrLine(node: Node | null | undefined, keyNode: Node | undefined, text: string): Span {
  return nodeSpan(node) ?? nodeSpan(keyNode) ?? lineSpanAt(text, 0);
}

/** Where a "missing field" problem goes: the key of the mapping that lacks it. */
function missingSpan(doc: Document, loc: Located, text: string): Span {
  if (loc.inSeq) {
    const first = entries(doc, loc.node)[0];
    if (first) return nodeSpan(first.keyNode)!;
    return nodeSpan(loc.node) ?? lineSpanAt(text, 0);
  }
  if (loc.keyNode) return nodeSpan(loc.keyNode)!;
  // At the top level the spec puts it on the first line of the file, comments included.
  return lineSpanAt(text, 0);
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number', number: 'a number', string: 'text', object: 'a mapping of keys to values',
  array: 'a list', boolean: 'true or false', null: 'nothing',
};

function typeWords(t: unknown): string {
  const list = Array.isArray(t) ? t : [t];
  return list.map((x) => TYPE_WORDS[String(x)] ?? String(x)).join(' or ');
}

function example(s: JsonSchema | undefined): string | undefined {
  const ex = (s?.examples as unknown[] | undefined)?.[0] ?? s?.default;
  if (ex === undefined || (typeof ex === 'object' && ex !== null)) return undefined;
  return typeof ex === 'string' ? `"${ex}"` : String(ex);
}

/** Plain descriptions of the format's patterns, so no regular expression reaches a user. */
const PATTERN_WORDS: Record<string, string> = {
  'metadata.name': 'lowercase letters, digits and hyphens, starting with a letter or digit (e.g. "bavaria-base")',
};

function toProblem(doc: Document, e: AjvError, text: string): Problem | undefined {
  const path = pathOf(e.instancePath);
  // The value of a quantity field is judged by the quantity parser (one cause,
  // one message); whether the key may appear at all is still the schema's call.
  if (e.keyword !== 'false schema' && e.keyword !== 'not') {
    for (let i = path.length; i > 0; i--) if (QUANTITY_FIELDS[fieldPath(path.slice(0, i))]) return undefined;
  }
  const loc = locate(doc, path);
  const name = fieldName(path);
  const parent = parentSchema(e);
  const err = (span: Span, message: string, code: string, repairs?: Repair[]): Problem =>
    repairs && repairs.length > 0 ? { span, severity: 'error', code, message, repairs } : { span, severity: 'error', code, message };

  switch (e.keyword) {
    case 'required': {
      const missing = String(e.params.missingProperty);
      const sub = propertySchema(parent, missing);
      const ex = example(sub);
      const where = describeMapping(path);
      const loan = path[0] === 'funding' && missing === 'rate';
      const message = loan
        ? `${describeMapping(path).replace(/^./, (c) => c.toUpperCase())} is a loan and needs \`rate\`, its yearly interest rate (e.g. "3.5%").`
        : `${where === 'the scenario' ? 'The scenario' : where.replace(/^./, (c) => c.toUpperCase())} is missing \`${missing}\`${sub?.title ? ` (${String(sub.title).replace(/\.$/, '')})` : ''}${ex ? `, e.g. ${missing}: ${ex.replace(/^"|"$/g, '')}` : ''}.`;
      const p = err(missingSpan(doc, loc, text), message, loan ? 'schema-loan-rate' : 'schema-required');
      const scope = nodeSpan(loc.node);
      if (scope) p.scope = scope;
      p.data = { missingKey: missing };
      return p;
    }
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const keyEntry = entryByKey(doc, loc.node, key);
      const span = keyEntry ? nodeSpan(keyEntry.keyNode)! : spanOrLine(loc.node, loc.keyNode, text);
      const known = Object.keys((deref(parent)?.properties as object | undefined) ?? {});
      const guess = closest(key, known);
      const where = describeMapping(path);
      if (key === '<<') {
        return err(span, `Merge keys (<<) are not part of the scenario format; write the keys out in ${where}.`, 'schema-merge-key');
      }
      const message = `Unknown key \`${key}\` in ${where}${guess ? `; did you mean \`${guess}\`?` : `. Known keys: ${known.join(', ')}.`}`;
      const repairs: Repair[] = guess ? [{ title: `Rename to ${guess}`, edits: [{ span, text: guess }], preferred: true }] : [];
      return err(span, message, 'schema-unknown-key', repairs);
    }
    case 'false schema': {
      // A key that the schema forbids in this context (loan-only fields on a non-loan line).
      const parentPath = path.slice(0, -1);
      const keyEntry = entryByKey(doc, locate(doc, parentPath).node, name);
      const span = keyEntry ? nodeSpan(keyEntry.keyNode)! : spanOrLine(loc.node, loc.keyNode, text);
      if (parentPath[0] === 'funding') {
        const typeNode = entryByKey(doc, locate(doc, parentPath).node, 'type')?.value;
        const t = isScalar(typeNode) ? String(typeNode.value) : 'not a loan';
        return err(span, `\`${name}\` applies only to loans (eib-loan, private-debt); this line's type is ${t}. Remove it or change the type.`, 'schema-loan-only');
      }
      return err(span, `\`${name}\` is not allowed here.`, 'schema-not-allowed');
    }
    case 'type': {
      const sub = deref(parent);
      const ex = example(sub);
      return err(spanOrLine(loc.node, loc.keyNode, text), `\`${name}\` takes ${typeWords(e.params.type)}${ex ? ` such as ${ex}` : ''}; found ${found(loc.node)}.`, 'schema-type');
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const value = isScalar(loc.node) ? String(loc.node.value) : '';
      const guess = value ? closest(value, allowed) : undefined;
      const span = spanOrLine(loc.node, loc.keyNode, text);
      const message = `\`${name}\` takes one of ${allowed.join(', ')}; found ${found(loc.node)}${guess ? `. Did you mean ${guess}?` : '.'}`;
      return err(span, message, 'schema-enum', guess ? [{ title: `Change to ${guess}`, edits: [{ span, text: plainOrQuoted(guess) }], preferred: true }] : []);
    }
    case 'const': {
      const want = String(e.params.allowedValue);
      const span = spanOrLine(loc.node, loc.keyNode, text);
      return err(span, `\`${name}\` must be ${want}; found ${found(loc.node)}.`, 'schema-const', [{ title: `Change to ${want}`, edits: [{ span, text: want }], preferred: true }]);
    }
    case 'pattern': {
      const words = PATTERN_WORDS[fieldPath(path)] ?? `the form of ${example(deref(parent)) ?? 'its examples'}`;
      return err(spanOrLine(loc.node, loc.keyNode, text), `\`${name}\` takes ${words}; found ${found(loc.node)}.`, 'schema-pattern');
    }
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
      const cmp = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than' }[e.keyword];
      const s = deref(parent);
      const bounds = describeBounds(s);
      return err(spanOrLine(loc.node, loc.keyNode, text), `\`${name}\` must be ${bounds ?? `${cmp} ${String(e.params.limit)}`}; found ${found(loc.node)}.`, 'schema-range');
    }
    case 'minItems': {
      const span = loc.keyNode ? nodeSpan(loc.keyNode)! : spanOrLine(loc.node, undefined, text);
      return err(span, `\`${name}\` needs at least ${String(e.params.limit)} item${e.params.limit === 1 ? '' : 's'}.`, 'schema-min-items');
    }
    case 'minLength': {
      return err(spanOrLine(loc.node, loc.keyNode, text), `\`${name}\` cannot be empty.`, 'schema-min-length');
    }
    case 'uniqueItems': {
      return err(spanOrLine(loc.node, loc.keyNode, text), `\`${name}\` lists the same item twice.`, 'schema-unique');
    }
    case 'oneOf': case 'anyOf': {
      const ex = example(deref(parent));
      return err(spanOrLine(loc.node, loc.keyNode, text), `\`${name}\` does not take ${found(loc.node)}${ex ? `; for example ${ex}` : ''}.`, 'schema-shape');
    }
    default:
      return err(spanOrLine(loc.node, loc.keyNode, text), `\`${name}\` ${e.message ?? 'is not valid'}.`, `schema-${e.keyword}`);
  }
}

/** "greater than 1 and at most 3" from a schema's numeric bounds. */
function describeBounds(s: JsonSchema | undefined): string | undefined {
  if (!s) return undefined;
  const parts: string[] = [];
  if (typeof s.exclusiveMinimum === 'number') parts.push(`greater than ${s.exclusiveMinimum}`);
  if (typeof s.minimum === 'number') parts.push(`at least ${s.minimum}`);
  if (typeof s.exclusiveMaximum === 'number') parts.push(`less than ${s.exclusiveMaximum}`);
  if (typeof s.maximum === 'number') parts.push(`at most ${s.maximum}`);
  return parts.length ? parts.join(' and ') : undefined;
}
