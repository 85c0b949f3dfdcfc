// What one command did, as the gateways need it: accepted or refused (with code, reason and the field at
// fault), the engine events it caused per series, and the book updates to publish.

import { reasonSlug } from '../core/reasons.js';
import type { EngineEvent } from '../engine/protocol.js';
import type { BookUpdate } from '../marketdata/book-feed.js';

export interface Rejection {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
  readonly field?: string;
}

export interface SymbolEvent {
  readonly symbol: string;
  readonly event: EngineEvent;
}

export interface Outcome {
  /** 0 when the command was refused before it entered the sequence (and so changed nothing). */
  readonly seq: number;
  readonly rejection?: Rejection;
  readonly orderId?: number;
  readonly events: readonly SymbolEvent[];
  readonly bookUpdates: readonly BookUpdate[];
  /** Command-specific answer (an account created, a cash balance, a settlement result). */
  readonly result?: unknown;
}

/** Outcomes with no events or no book updates share these (frozen; the Outcome type's lists are readonly). */
export const noEvents: readonly SymbolEvent[] = Object.freeze([]);
export const noBookUpdates: readonly BookUpdate[] = Object.freeze([]);

export function rejection(code: number, message: string, field?: string): Rejection {
  return field === undefined ? { code, reason: reasonSlug(code), message } : { code, reason: reasonSlug(code), message, field };
}

export function refused(code: number, message: string, field?: string): Outcome {
  return { seq: 0, rejection: rejection(code, message, field), events: noEvents, bookUpdates: noBookUpdates };
}
