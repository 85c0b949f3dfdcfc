import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { indexByName } from '../index/indices.js';
import { nanoToDecimal } from '../index/price.js';
import { fixIndex, fixingDays, loadReferenceData } from '../index/service.js';
import { FixingStore } from '../index/store.js';
import { defaultCatalogue } from '../products/catalogue.js';
import { ExchangeService } from './exchange-service.js';
import { finalSettlementTicks, listingReferencePrices } from './index-prices.js';

test('a new series lists at its index fixing rounded to the tick; a month of fixings gives the final settlement price', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokex-index-prices-'));
  try {
    const catalogue = defaultCatalogue();
    const def = indexByName('TTI-FRONTIER-USD')!;
    const reference = await loadReferenceData();
    const store = new FixingStore(dir);
    const days = fixingDays(def, '2026-10-01', '2026-11-24');
    for (const day of days) {
      const fixed = fixIndex(store, reference, def, day, { now: () => '2026-11-25T00:00:00Z' });
      assert.ok(fixed.ok, fixed.ok ? '' : fixed.message);
    }
    const latest = store.latest(def.name, '2026-11-24')!;
    const prices = listingReferencePrices(catalogue, store, '2026-11-25');
    // The level in USD per million tokens; TKF's tick is 0.001, so ticks = level × 1000 rounded half away from zero.
    const expectedTicks = Math.round(Number(nanoToDecimal(latest.result.levelNano)) * 1000);
    assert.equal(prices.get('TKF')!.priceTicks, expectedTicks);
    assert.match(prices.get('TKF')!.source, /^TTI-FRONTIER-USD 2026-11-24 v1$/);
    assert.match(prices.get('GPH')!.source, /demo price/, 'no GPU fixing was made, so GPH falls back and says so');

    // October's series: the mean of October's fixings, to the tick.
    const product = catalogue.byCode.get('TKF')!;
    const october = { symbol: 'TKFV26', longSymbol: 'TKF-2026-10', product: 'TKF', year: 2026, month: 10, contractMonth: '2026-10', firstTradingDay: '2026-01-02', lastTradingDay: '2026-10-30', finalSettlementDay: '2026-11-02', frontMonth: false, expiringToday: false };
    const final = finalSettlementTicks(product, october, store);
    assert.ok(final.ok, final.ok ? '' : final.message);
    const levels = store.range(def.name, '2026-10-01', '2026-10-31').map((r) => Number(nanoToDecimal(r.result.levelNano)));
    assert.equal(levels.length, fixingDays(def, '2026-10-01', '2026-10-31').length);
    assert.equal(final.priceTicks, Math.round((levels.reduce((a, b) => a + b, 0) / levels.length) * 1000));
    const september = { ...october, symbol: 'TKFU26', month: 9, contractMonth: '2026-09' };
    assert.equal(finalSettlementTicks(product, september, store).ok, false, 'a month with no fixing in or before it has no price');
    store.close();

    // The service lists today's series at those prices.
    const service = await ExchangeService.open({ dataDir: dir, catalogue, sessions: 'always-open', clock: () => Date.UTC(2026, 10, 25, 15) * 1000 });
    await service.ensureListed('2026-11-25');
    const tkf = service.exchange.allInstruments().find((i) => i.product.code === 'TKF')!;
    assert.equal(tkf.engine.referencePriceTicks, expectedTicks);
    await service.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
