// Ledger growth stall benchmark: posts trade-like entries (two per trade, three legs each, through the per-trade
// begin/legNumber/commit path) and prints the longest single commit and the total time. The longest commit is
// the event-loop stall a column growth causes; it is printed, not asserted, because the machine may be shared.
// Usage: node --import tsx src/clearing/bench/ledger-growth-bench.ts [--trades N]   (default 4,000,000)

import { performance } from 'node:perf_hooks';
import { Ledger } from '../ledger.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const tradesN = arg('trades', 4_000_000);
const accountsN = 1_000;

const ledger = new Ledger();
const cashIds = Array.from({ length: accountsN }, (_, i) => ledger.account('clientCash', i + 1, 'USD'));
const settlementId = ledger.account('settlement', 0, 'USD');
const feeId = ledger.account('feeIncome', 0, 'USD');

let longestMs = 0;
let longestAtTrade = -1;
const slowCommits = { over1Ms: 0, over10Ms: 0 };
const start = performance.now();
for (let trade = 0; trade < tradesN; trade++) {
  const t0 = performance.now();
  // Buyer pays the settlement account and a fee, seller is paid less a fee: two entries of three legs.
  const buyer = cashIds[trade % accountsN]!;
  const seller = cashIds[(trade * 7 + 1) % accountsN]!;
  const valueMinor = 1_000 + (trade % 977);
  ledger.begin();
  ledger.legNumber(buyer, -valueMinor - 3);
  ledger.legNumber(settlementId, valueMinor);
  ledger.legNumber(feeId, 3);
  ledger.commit('realisedPnl', 'USD', trade, 'trade ', trade, ' TKFH27');
  ledger.begin();
  ledger.legNumber(seller, valueMinor - 3);
  ledger.legNumber(settlementId, -valueMinor);
  ledger.legNumber(feeId, 3);
  ledger.commit('realisedPnl', 'USD', trade, 'trade ', trade, ' TKFH27');
  const ms = performance.now() - t0;
  if (ms > 1) slowCommits.over1Ms++;
  if (ms > 10) slowCommits.over10Ms++;
  if (ms > longestMs) {
    longestMs = ms;
    longestAtTrade = trade;
  }
}
const totalMs = performance.now() - start;
ledger.assertBalanced();
console.log(`trades ${tradesN.toLocaleString('en-US')}  entries ${ledger.entryCount().toLocaleString('en-US')}`);
console.log(`total ${(totalMs / 1000).toFixed(2)} s  (${((totalMs * 1000) / tradesN).toFixed(3)} us/trade)`);
console.log(`longest trade (2 commits) ${longestMs.toFixed(2)} ms at trade ${longestAtTrade.toLocaleString('en-US')}`);
console.log(`trades over 1 ms ${slowCommits.over1Ms}, over 10 ms ${slowCommits.over10Ms}`);
