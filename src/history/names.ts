// The engine's small-integer enums as the words stored in the history tables (operators read these rows).

import { OrderType, Side, TimeInForce } from '../engine/protocol.js';

function namesOf(values: Readonly<Record<string, number>>): Map<number, string> {
  return new Map(Object.entries(values).map(([name, value]) => [value, name]));
}

const sides = namesOf(Side);
const orderTypes = namesOf(OrderType);
const timesInForce = namesOf(TimeInForce);

export const sideName = (side: number): string => sides.get(side) ?? `side${side}`;
export const orderTypeName = (type: number): string => orderTypes.get(type) ?? `type${type}`;
export const timeInForceName = (tif: number): string => timesInForce.get(tif) ?? `tif${tif}`;
