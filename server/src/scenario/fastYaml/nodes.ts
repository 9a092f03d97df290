/**
 * The fast reader's node factories (see index.ts): the package's Scalar,
 * Pair, YAMLMap and YAMLSeq nodes made without running the package's
 * constructors, checked once against the package's own nodes.
 */
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/**
 * The package's node-type key: `isScalar`, `isPair`, `isMap`, `isSeq`,
 * `isNode`, `isCollection` (and with them visit, toJS, clone, toString) read
 * `node[NODE_TYPE]`.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');

/**
 * Node constructors that make the package's nodes without running its
 * constructors, whose `Object.defineProperty(this, NODE_TYPE, …)` per node is
 * most of the cost of making a node. Each one's prototype is an object made
 * once per class, whose prototype is the class's prototype and which carries
 * NODE_TYPE with the package's own value and attributes (non-enumerable,
 * non-writable, non-configurable). A node made so has the same own
 * properties, in the same order and with the same attributes, as the
 * package's constructor gives it, except NODE_TYPE, which it inherits:
 * `node[NODE_TYPE]`, `instanceof`, `constructor` (the class's, through the
 * prototype chain), the methods, enumeration (for-in, Object.keys, spreads,
 * JSON, util.inspect even with showHidden) and assignment (strict-mode
 * TypeError for NODE_TYPE) behave the same;
 * `clone()` copies the prototype and the own properties, so clones inherit
 * NODE_TYPE the same way. Only reflection on own symbols
 * (Object.getOwnPropertySymbols, Reflect.ownKeys, hasOwnProperty(NODE_TYPE),
 * redefining NODE_TYPE) and Object.getPrototypeOf tell them apart, and neither the package nor the
 * server uses those on nodes except clone (see test/unit/fastYaml.test.ts).
 * Checked once against the package's own nodes: when its constructors make
 * anything else (another version), the package's constructors are used.
 */
interface NodeFactories {
  scalar: (value: unknown) => Scalar;
  pair: (key: unknown, value: unknown) => Pair;
  map: (schema: unknown) => YAMLMap;
  seq: (schema: unknown) => YAMLSeq;
}

function nodeProto(cls: { prototype: object }, sample: object): object {
  const proto = Object.create(cls.prototype) as object;
  Object.defineProperty(proto, NODE_TYPE, { value: (sample as Record<symbol, unknown>)[NODE_TYPE] });
  return proto;
}

/** Own keys and attributes of a node, in Reflect.ownKeys order (strings, then NODE_TYPE when own). */
function ownShape(node: object): string {
  const d = Object.getOwnPropertyDescriptors(node) as Record<string | symbol, PropertyDescriptor>;
  return Reflect.ownKeys(node)
    .map((k) => `${String(k)}:${d[k]!.enumerable}${d[k]!.writable}${d[k]!.configurable}${typeof d[k]!.value === 'symbol' ? String(d[k]!.value) : ''}`)
    .join(',');
}

function nodeFactories(): NodeFactories {
  const Sc = Scalar;
  const Pa = Pair;
  const Ma = YAMLMap;
  const Se = YAMLSeq;
  const viaPackage: NodeFactories = {
    scalar: (value) => new Sc(value),
    pair: (key, value) => new Pa(key, value),
    map: (schema) => new Ma(schema as never),
    seq: (schema) => new Se(schema as never),
  };
  const schema = {};
  const samples = [new Sc(1), new Pa(1, 2), new Ma(schema as never), new Se(schema as never)] as const;
  const nodeType = (type: string) => `Symbol(yaml.node.type):falsefalsefalseSymbol(yaml.${type})`;
  const expected = [
    `value:truetruetrue,${nodeType('scalar')}`,
    `key:truetruetrue,value:truetruetrue,${nodeType('pair')}`,
    `schema:falsetruetrue,items:truetruetrue,${nodeType('map')}`,
    `schema:falsetruetrue,items:truetruetrue,${nodeType('seq')}`,
  ];
  for (let i = 0; i < samples.length; i++) if (ownShape(samples[i]) !== expected[i]) return viaPackage;
  // Plain constructor functions (not Object.create) so that V8 sizes the
  // nodes' in-object fields from the fields set after construction too.
  const ScalarNode = function (this: { value: unknown }, value: unknown) {
    this.value = value;
  } as unknown as new (value: unknown) => Scalar;
  ScalarNode.prototype = nodeProto(Sc, samples[0]);
  const PairNode = function (this: { key: unknown; value: unknown }, key: unknown, value: unknown) {
    this.key = key;
    this.value = value;
  } as unknown as new (key: unknown, value: unknown) => Pair;
  PairNode.prototype = nodeProto(Pa, samples[1]);
  // Collection's constructor: `schema` (non-enumerable, writable, configurable), then YAMLMap/YAMLSeq's `items`.
  const collection = (proto: object) => {
    const C = function (this: { items: unknown[] }, schema: unknown) {
      Object.defineProperty(this, 'schema', { value: schema, configurable: true, enumerable: false, writable: true });
      this.items = [];
    } as unknown as new (schema: unknown) => YAMLMap & YAMLSeq;
    C.prototype = proto;
    return C;
  };
  const MapNode = collection(nodeProto(Ma, samples[2]));
  const SeqNode = collection(nodeProto(Se, samples[3]));
  const made = [new ScalarNode(1), new PairNode(1, 2), new MapNode(schema), new SeqNode(schema)];
  const own = ['value:truetruetrue', 'key:truetruetrue,value:truetruetrue', 'schema:falsetruetrue,items:truetruetrue', 'schema:falsetruetrue,items:truetruetrue'];
  for (let i = 0; i < made.length; i++) {
    if (ownShape(made[i]!) !== own[i] || !(made[i] instanceof samples[i]!.constructor)) return viaPackage;
    if ((made[i] as unknown as Record<symbol, unknown>)[NODE_TYPE] !== (samples[i] as unknown as Record<symbol, unknown>)[NODE_TYPE]) return viaPackage;
  }
  return {
    scalar: (value) => new ScalarNode(value),
    pair: (key, value) => new PairNode(key, value),
    map: (schema) => new MapNode(schema),
    seq: (schema) => new SeqNode(schema),
  };
}

const nodes = nodeFactories();
export const newScalar = nodes.scalar;
export const newPair = nodes.pair;
export const newMap = nodes.map;
export const newSeq = nodes.seq;
export const PLAIN_TYPE = Scalar.PLAIN;
export const QUOTE_SINGLE_TYPE = Scalar.QUOTE_SINGLE;
export const QUOTE_DOUBLE_TYPE = Scalar.QUOTE_DOUBLE;
