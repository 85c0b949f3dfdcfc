// End-of-day benchmark: mark-to-market, variation margin into the ledger and portfolio margin for 1,000,000
// positions across 100,000 accounts (4 products × 10 months = 40 series, 10 positions per account, buyers and
// sellers paired so every series nets to zero). Setup (accounts, deposits, fills) is not timed; the three
// end-of-day phases are, and the report (which builds a million objects) is timed separately.
// Usage: npm run bench:clearing [-- --positions N --accounts N --json]
// The machine may be shared: `cpuSeconds` (user + system CPU of the timed phases) is printed beside the wall
// time, which is what `seconds` reports. With --json the last line is one JSON object: {positions, accounts, seconds, positionsPerSec, ...}.

import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ClearingHouse } from '../clearing-house.js';
import { decidePrices, marginAll, markToMarket, buildReport } from '../settlement.js';
import { specFor } from '../testkit.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const positionsN = arg('positions', 1_000_000);
const accountsN = arg('accounts', 100_000);
const json = process.argv.includes('--json');
const perAccount = Math.round(positionsN / accountsN);

let clockMicros = 1_800_000_000_000_000;
const house = new ClearingHouse({ clock: () => clockMicros });
const state = house.internals();
const products = [['TKF', 5000], ['TKE', 3000], ['TKC', 300], ['GPH', 2200]] as const;
const monthsN = 10;
for (const [product, price] of products) {
  for (let m = 0; m < monthsN; m++) {
    const month = 202701 + m;
    house.registerSeries(specFor(product, `${product}${month}`, month), price + m * 7);
  }
}
const seriesN = products.length * monthsN;

const setupStart = performance.now();
let seed = 12345;
const rand = (n: number): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % n;
};
const members = [house.addMember('Member A'), house.addMember('Member B')];
for (let i = 0; i < accountsN; i++) {
  const account = house.addAccount(members[i % 2]!.id, `acct${i}`, 'speculator');
  house.deposit(account.id, 'USD', 50_000_000n);
  house.deposit(account.id, 'CNY', 50_000_000n);
}
// Accounts in pairs (2k+1, 2k+2) take opposite sides of the same fills: every series nets to zero.
for (let i = 1; i + 1 <= accountsN; i += 2) {
  const used = new Set<number>();
  for (let k = 0; k < perAccount; k++) {
    let s = rand(seriesN);
    while (used.has(s)) s = (s + 1) % seriesN;
    used.add(s);
    const lots = 1 + rand(20);
    const series = state.series.at(s);
    const price = series.markPriceTicks + rand(21) - 10;
    state.positions.applyFill(state.positions.slot(i, s), lots, price);
    state.positions.applyFill(state.positions.slot(i + 1, s), -lots, price);
  }
}
const setupSeconds = (performance.now() - setupStart) / 1000;
let positionCount = 0;
for (const _slot of state.positions.slots()) positionCount++;

// Collect the setup's garbage first, so the timed phases pay only for their own.
setFlagsFromString('--expose-gc');
(runInNewContext('gc') as () => void)();
clockMicros += 1;
const entriesBefore = state.ledger.entryCount();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const prices = decidePrices(state, {
  closingWindowStartMicros: 0,
  series: Object.fromEntries(state.series.all().map((s) => [s.spec.symbol, { settlementPriceTicks: s.markPriceTicks + 13 }])),
});
const t1 = performance.now();
const marked = markToMarket(state, '2027-01-15', prices);
const t2 = performance.now();
const margins = marginAll(state, clockMicros + 1);
const t3 = performance.now();
const cpu = process.cpuUsage(cpu0);
const report = buildReport(state, '2027-01-15', prices, margins);
const t4 = performance.now();
house.verify();

const seconds = (t3 - t0) / 1000;
const result = {
  positions: marked, accounts: accountsN, seconds: round(seconds), positionsPerSec: Math.round(marked / seconds),
  cpuSeconds: round((cpu.user + cpu.system) / 1e6), pricesSeconds: round((t1 - t0) / 1000), markToMarketSeconds: round((t2 - t1) / 1000), marginSeconds: round((t3 - t2) / 1000),
  reportSeconds: round((t4 - t3) / 1000), setupSeconds: round(setupSeconds), ledgerEntries: state.ledger.entryCount() - entriesBefore,
  marginCalls: state.marginCalls.size, reportAccounts: report.accounts.length,
};
if (positionCount !== marked) throw new Error(`marked ${marked} of ${positionCount} positions`);
console.log(`clearing end of day: ${marked.toLocaleString('en-US')} positions, ${accountsN.toLocaleString('en-US')} accounts, ${seriesN} series`);
console.log(`  prices ${result.pricesSeconds}s, mark-to-market + VM ledger entries ${result.markToMarketSeconds}s (${result.ledgerEntries} entries), margin ${result.marginSeconds}s`);
console.log(`  total ${result.seconds}s = ${result.positionsPerSec.toLocaleString('en-US')} positions/s; CPU ${result.cpuSeconds}s (report, not timed above: ${result.reportSeconds}s; setup ${result.setupSeconds}s)`);
if (json) console.log(JSON.stringify(result));

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
