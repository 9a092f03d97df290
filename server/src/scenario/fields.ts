/**
 * The quantity fields of the format and the units they take. The model reader
 * parses these with the quantity parser and reports their problems; the schema
 * layer leaves them to it, so one cause gives one message.
 */
import type { QuantityField } from './quantity';

/** Dotted paths with `*` for list indexes, e.g. `hardware.accelerators.*.count`. */
export const QUANTITY_FIELDS: Readonly<Record<string, QuantityField>> = {
  'assumptions.utilization': { name: 'utilization', kind: 'percent' },
  'site.gridCapacity': { name: 'gridCapacity', kind: 'power', defaultPowerUnit: 'MW' },
  'site.gridIntensity': { name: 'gridIntensity', kind: 'carbonIntensity' },
  'site.landCost': { name: 'landCost', kind: 'money' },
  'site.buildCostPerMW': { name: 'buildCostPerMW', kind: 'money' },
  'hardware.accelerators.*.count': { name: 'count', kind: 'count' },
  'hardware.accelerators.*.unitPrice': { name: 'unitPrice', kind: 'money' },
  'hardware.accelerators.*.power': { name: 'power', kind: 'power', defaultPowerUnit: 'W' },
  'hardware.hostOverhead': { name: 'hostOverhead', kind: 'percent', maxPercent: 200 },
  'hardware.systems': { name: 'systems', kind: 'percent' },
  'hardware.networking': { name: 'networking', kind: 'percent' },
  'hardware.storage': { name: 'storage', kind: 'percent' },
  'power.price': { name: 'price', kind: 'energyPrice' },
  'power.renewableShare': { name: 'renewableShare', kind: 'percent' },
  'operations.staff': { name: 'staff', kind: 'count' },
  'operations.costPerStaff': { name: 'costPerStaff', kind: 'money' },
  'operations.maintenance': { name: 'maintenance', kind: 'percent' },
  'funding.*.amount': { name: 'amount', kind: 'money' },
  'funding.*.rate': { name: 'rate', kind: 'percent' },
  'constraints.maxEuAmount': { name: 'maxEuAmount', kind: 'money' },
  'constraints.maxEuShare': { name: 'maxEuShare', kind: 'percent' },
};

/** `['hardware', 'accelerators', 0, 'count']` → `hardware.accelerators.*.count`. */
export function fieldPath(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' || /^\d+$/.test(String(p)) ? '*' : p)).join('.');
}

/** The quantity field at a path, if it is one. */
export function quantityFieldAt(path: readonly (string | number)[]): QuantityField | undefined {
  return QUANTITY_FIELDS[fieldPath(path)];
}
