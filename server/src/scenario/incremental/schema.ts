/**
 * The schema check of successive versions of one document, validating only
 * the list items whose value changed.
 *
 * The generated module (scripts/build.mjs) holds, besides the whole-schema
 * validator, a "shallow" validator: the same schema with the items of the
 * long lists (hardware.accelerators, funding) unchecked and a marker keyword
 * in their place, and one validator per list item schema. With `allErrors`,
 * the whole-schema validator's error list is the shallow one with each
 * list's marker replaced by the errors of its items, in item order, each
 * item's errors being exactly those of the item validator on that item with
 * the item's path in front:
 *
 * - ajv runs a schema's keywords in a fixed order, and the array keywords
 *   of a list (its type, minItems) are the same in both schemas; the marker
 *   is an array keyword after them, as `items` is, and like `items` it runs
 *   only when the value is an array;
 * - the items' schemas are `$ref`s into `$defs`, which ajv compiles to one
 *   function each, called per item with the item's path; the item validator
 *   is that function's schema, so its errors (schema paths included) are the
 *   same, relative to the item;
 * - neither list sits inside oneOf/anyOf/if/not, so the marker's failure
 *   changes no other keyword's outcome.
 *
 * `test/unit/incrementalSchema.test.ts` checks the assembled list against
 * the whole-schema validator's after random edits. The list then goes
 * through the same error → problem mapping as a full check
 * ({@link schemaProblems}), which reads every position from the current YAML
 * nodes: nothing positional is cached.
 *
 * Item errors are kept per list position together with the item's JS value;
 * an item is validated again when the value at its position is another
 * object (or another primitive). The incremental analyzer copies every
 * container on the path to an edited value and shares the rest, and JS values
 * are never changed in place, so an item object that is still there holds
 * the same data.
 */
import type { Document } from 'yaml';
import * as generated from '../../generated/validateScenario.js';
import { schemaProblems, type AjvError } from '../schemaValidation';
import type { Problem } from '../types';

type Validate = typeof generated.validateShallow;

interface ListState {
  /** The array whose items `errors` belong to. */
  items: readonly unknown[];
  /** Each item's own errors (paths relative to the item); undefined when it is valid. */
  errors: (AjvError[] | undefined)[];
  /** How many items have errors. */
  failing: number;
}

interface List {
  path: readonly string[];
  validateItem: Validate;
}

const LISTS = new Map<string, List>(generated.lists.map((l) => [l.instancePath, { path: l.path, validateItem: generated[l.exportName] }]));

/** Schema problems of successive values of one document; see the file comment. */
export class IncrementalSchema {
  private states = new Map<string, ListState>();
  /** Items validated by the latest check (for tests and measurements). */
  itemsValidated = 0;

  /** The problems `validateSchema(doc, value, text)` gives, in its order. */
  validate(doc: Document, value: unknown, text: string): Problem[] {
    return schemaProblems(doc, this.errors(value), text);
  }

  /** The errors the whole-schema validator gives for `value`, in its order. */
  errors(value: unknown): AjvError[] {
    this.itemsValidated = 0;
    const shallow = generated.validateShallow;
    const out: AjvError[] = [];
    const seen = new Set<string>();
    if (!shallow(value)) {
      for (const e of shallow.errors ?? []) {
        const list = e.keyword === generated.listMarker ? LISTS.get(e.instancePath) : undefined;
        if (!list) {
          out.push(e);
          continue;
        }
        seen.add(e.instancePath);
        const state = this.update(e.instancePath, list, valueAt(value, list.path) as unknown[]);
        if (state.failing === 0) continue;
        const { errors } = state;
        for (let i = 0; i < errors.length; i++) {
          const own = errors[i];
          if (!own) continue;
          const prefix = `${e.instancePath}/${i}`;
          for (const x of own) out.push({ ...x, instancePath: prefix + x.instancePath });
        }
      }
    }
    // Lists that are no arrays now: their items are gone.
    for (const path of this.states.keys()) if (!seen.has(path)) this.states.delete(path);
    return out;
  }

  /** Forgets every item's errors. */
  clear(): void {
    this.states.clear();
  }

  private update(path: string, list: List, items: readonly unknown[]): ListState {
    const prev = this.states.get(path);
    if (prev?.items === items) return prev;
    if (prev !== undefined && prev.items.length === items.length) {
      // The same positions: only the items that are other values now are validated again.
      const before = prev.items;
      prev.items = items;
      for (let i = 0; i < items.length; i++) if (before[i] !== items[i]) this.check(list, prev, i);
      return prev;
    }
    const state: ListState = { items, errors: [], failing: 0 };
    for (let i = 0; i < items.length; i++) state.errors.push(undefined);
    for (let i = 0; i < items.length; i++) this.check(list, state, i);
    this.states.set(path, state);
    return state;
  }

  /** Validates item `i` of `state.items` and records its errors. */
  private check(list: List, state: ListState, i: number): void {
    this.itemsValidated++;
    const own = list.validateItem(state.items[i]) ? undefined : ((list.validateItem.errors ?? []) as AjvError[]);
    state.failing += (own ? 1 : 0) - (state.errors[i] ? 1 : 0);
    state.errors[i] = own;
  }
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const key of path) cur = (cur as Record<string, unknown>)[key];
  return cur;
}
