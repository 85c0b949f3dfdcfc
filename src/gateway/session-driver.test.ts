import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Phase } from '../engine/protocol.js';
import { Exchange } from '../exchange/exchange.js';
import { demoReferenceTicks } from '../exchange/reference-prices.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { phaseSteps, sessionCommands } from './session-driver.js';

test('phase steps: open through the auction, close from anywhere, an operator halt stands while open', () => {
  assert.deepEqual(phaseSteps(Phase.closed, 'continuous'), [Phase.preOpen, Phase.continuous]);
  assert.deepEqual(phaseSteps(Phase.preOpen, 'continuous'), [Phase.continuous]);
  assert.deepEqual(phaseSteps(Phase.closed, 'preOpen'), [Phase.preOpen]);
  assert.deepEqual(phaseSteps(Phase.halted, 'continuous'), []);
  assert.deepEqual(phaseSteps(Phase.halted, 'closed'), [Phase.closed]);
  assert.deepEqual(phaseSteps(Phase.continuous, 'closed'), [Phase.closed]);
  assert.deepEqual(phaseSteps(Phase.closed, 'closed'), []);
});

test('real sessions: a Wednesday 15:00 UTC (09:00 Chicago) opens TKF; a Saturday closes it again', () => {
  const exchange = new Exchange({ catalogue: defaultCatalogue(), sessions: 'real' });
  const wednesday = Date.UTC(2026, 10, 25, 15, 0) * 1000;
  exchange.submit({ type: 'listSeries', isoDate: '2026-11-25', referenceTicksByProduct: demoReferenceTicks(exchange.options.catalogue) }, wednesday);
  const tkf = exchange.allInstruments().filter((i) => i.product.code === 'TKF');
  assert.ok(tkf.every((i) => i.engine.phase === Phase.closed));
  for (const command of sessionCommands(exchange, wednesday)) assert.equal(exchange.submit(command, wednesday).rejection, undefined);
  assert.ok(tkf.every((i) => i.engine.phase === Phase.continuous));
  assert.deepEqual(sessionCommands(exchange, wednesday + 1_000_000), [], 'nothing to do once there');
  const saturday = Date.UTC(2026, 10, 28, 15, 0) * 1000;
  for (const command of sessionCommands(exchange, saturday)) exchange.submit(command, saturday);
  assert.ok(exchange.allInstruments().every((i) => i.engine.phase === Phase.closed));
});
