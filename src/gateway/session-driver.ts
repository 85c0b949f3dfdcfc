// With --sessions real, trading phases follow the catalogue's trading hours: once a second the server asks
// products/sessions.ts what the clock allows and sends the setPhase commands that bring each series there.
// An operator's halt stands until the operator resumes it or the session closes; a new day lists its series.

import { Phase } from '../engine/protocol.js';
import type { ExchangeCommand } from '../exchange/commands.js';
import type { Exchange } from '../exchange/exchange.js';
import { sessionStateAt, type SessionPhase } from '../products/sessions.js';
import { tsMicros } from '../core/units.js';

/** The phases to pass through, in order, from current to what the session allows. */
export function phaseSteps(current: Phase, wanted: SessionPhase): Phase[] {
  switch (wanted) {
    case 'closed': return current === Phase.closed ? [] : [Phase.closed];
    case 'preOpen': return current === Phase.closed ? [Phase.preOpen] : [];
    // From closed the opening auction is passed through, so that orders resting overnight cross fairly.
    case 'continuous': return current === Phase.closed ? [Phase.preOpen, Phase.continuous] : current === Phase.preOpen ? [Phase.continuous] : [];
  }
}

/** The setPhase commands that bring every live series to its session phase at nowMicros. */
export function sessionCommands(exchange: Exchange, nowMicros: number): ExchangeCommand[] {
  const commands: ExchangeCommand[] = [];
  for (const instrument of exchange.allInstruments()) {
    if (instrument.expired) continue;
    const wanted = sessionStateAt(instrument.product, tsMicros(nowMicros)).phase;
    for (const phase of phaseSteps(instrument.engine.phase, wanted)) commands.push({ type: 'setPhase', symbol: instrument.symbol, phase });
  }
  return commands;
}
