// The instrument's trading phases as one table: which transitions are allowed and what each phase accepts.
//
//   closed ──> preOpen ──> continuous ──> halted ──> preOpen | continuous
//      ^          │            │            │
//      └──────────┴────────────┴────────────┘   (any open phase may close; entering closed expires GFD orders)
//
// Leaving preOpen or halted for continuous runs the call auction.

import { Phase } from './protocol.js';

export interface PhaseRule {
  readonly name: string;
  readonly next: readonly Phase[];
  /** New limit orders (and parked stops) are accepted. */
  readonly acceptsOrders: boolean;
  /** Orders match on arrival; otherwise they only rest (market, IOC, FOK and post-only are refused). */
  readonly matches: boolean;
  /** Amends are accepted (cancels are accepted in every phase). */
  readonly acceptsAmends: boolean;
  /** Entering continuous from this phase runs the call auction. */
  readonly auctionOnOpen: boolean;
}

export const phaseRules: readonly PhaseRule[] = [
  { name: 'closed', next: [Phase.preOpen], acceptsOrders: false, matches: false, acceptsAmends: false, auctionOnOpen: false },
  { name: 'preOpen', next: [Phase.continuous, Phase.closed], acceptsOrders: true, matches: false, acceptsAmends: true, auctionOnOpen: true },
  { name: 'continuous', next: [Phase.halted, Phase.closed], acceptsOrders: true, matches: true, acceptsAmends: true, auctionOnOpen: false },
  { name: 'halted', next: [Phase.preOpen, Phase.continuous, Phase.closed], acceptsOrders: true, matches: false, acceptsAmends: true, auctionOnOpen: true },
];

export function phaseRule(phase: number): PhaseRule {
  return phaseRules[phase]!;
}

export function isPhase(value: number): value is Phase {
  return value === Phase.closed || value === Phase.preOpen || value === Phase.continuous || value === Phase.halted;
}
