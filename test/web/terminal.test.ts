// The web terminal in a real browser: Debian's chromium driven by playwright-core against a real
// `tokex demo --serve` process (free port, temp data dir). The page loads without console errors, lists the
// series, draws the chart and adds candles as the simulator trades, places a limit order from the ticket that
// shows in open orders and in the book, cancels it, and the hedge calculator gives the hand-computed lots.
// Every wait is for a condition, never a fixed sleep. Without chromium it skips locally and fails in CI.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { decimalToTicks, ticksToDecimal } from '../../src/core/decimal.js';

const root = new URL('../..', import.meta.url).pathname;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.CI) throw new Error(`${chromiumPath} is missing: CI must have Debian's chromium (.ci/run installs it)`);
const skip = haveChromium ? false : `no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH); the browser test is skipped locally, never in CI`;

const waitMs = 30_000;
const dataDir = mkdtempSync(join(tmpdir(), 'tokex-web-'));
let server: ChildProcess | undefined;
let serverOut = '';
let url = '';
let browser: Browser | undefined;
let page: Page;
const consoleErrors: string[] = [];

before(async () => {
  if (skip) return;
  server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--serve', '--port', '0', '--data-dir', dataDir, '--rate', '50'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      serverOut += String(chunk);
      const found = /Open the trading terminal: (http:\/\/\S+?)\/?\s/.exec(serverOut);
      if (found) resolve(found[1]!);
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', onData);
    server!.once('exit', (code) => reject(new Error(`tokex demo --serve exited ${code}:\n${serverOut}`)));
  });
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1500, height: 1200 } });
  page.setDefaultTimeout(waitMs);
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(`${url}/`);
  await page.waitForSelector('body[data-ready="true"]');
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGINT');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('the page loads with the market list and index levels, and no console errors', { skip }, async () => {
  const series = (await (await fetch(`${url}/v1/series`)).json()) as { series: { symbol: string }[] };
  await page.waitForFunction((n) => document.querySelectorAll('#markets-body tr[data-symbol]').length === n, series.series.length);
  for (const symbol of series.series.map((s) => s.symbol).slice(0, 3)) assert.equal(await page.locator(`#markets-body tr[data-symbol="${symbol}"]`).count(), 1);
  // The demo fixes today's indices before listing: the frontier index has a level.
  await page.waitForFunction(() => /^\d+\.\d+$/.test(document.querySelector('#indices-body tr[data-index="TTI-FRONTIER-USD"] td.num')?.textContent ?? ''));
  assert.deepEqual(consoleErrors, []);
});

test('the chart draws candles and adds new ones as the simulator trades', { skip }, async () => {
  await page.waitForFunction(() => Number(document.getElementById('chart')!.dataset.bars) >= 1);
  const drawn = await page.evaluate(() => {
    let coloured = 0;
    for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('#chart canvas'))) {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0) continue;
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      // Candle and volume colours (teal / red) are the drawing; the background and grid are grey-blue.
      for (let i = 0; i < pixels.length; i += 4) if (Math.abs(pixels[i]! - pixels[i + 1]!) > 60 || Math.abs(pixels[i + 1]! - pixels[i + 2]!) > 60) coloured++;
    }
    return coloured;
  });
  assert.ok(drawn > 20, `the chart canvas shows candles (${drawn} coloured pixels)`);
  const lastBar = Number(await page.locator('#chart').getAttribute('data-last-bar'));
  await page.waitForFunction((t) => Number(document.getElementById('chart')!.dataset.lastBar) > t, lastBar);
  assert.deepEqual(consoleErrors, []);
});

test('a limit order from the ticket shows in open orders and the book; cancel removes it', { skip }, async () => {
  const symbol = await page.locator('#chart').getAttribute('data-symbol');
  assert.ok(symbol);
  const series = (await (await fetch(`${url}/v1/series`)).json()) as { series: { symbol: string; tickSize: string; limitDown: string }[] };
  const s = series.series.find((x) => x.symbol === symbol)!;
  // Just inside the daily limit: far below where the simulated market trades (its value stays within 6%).
  const price = ticksToDecimal(decimalToTicks(s.limitDown, s.tickSize)! + 3, s.tickSize);
  await page.selectOption('#ticket-side', 'buy');
  await page.selectOption('#ticket-type', 'limit');
  await page.fill('#ticket-qty', '7');
  await page.fill('#ticket-price', price);
  await page.click('#ticket-send');
  await page.waitForFunction(() => /^order \d+: new/.test(document.getElementById('ticket-status')!.textContent ?? ''));
  const orderId = /^order (\d+)/.exec((await page.textContent('#ticket-status'))!)![1]!;
  const row = page.locator(`#orders-body tr[data-order-id="${orderId}"]`);
  await row.waitFor();
  assert.match((await row.textContent())!, new RegExp(`${symbol}buy${price.replace('.', '\\.')}0/7`));
  const level = page.locator(`#book-body tr[data-side="bid"][data-price="${price}"]`);
  await level.waitFor();
  assert.equal(await level.locator('td.qty').textContent(), '7');

  await row.locator('button.cancel').click();
  await row.waitFor({ state: 'detached' });
  await level.waitFor({ state: 'detached' });
  assert.deepEqual(consoleErrors, []);
});

test('the hedge calculator gives the hand-computed lots', { skip }, async () => {
  // 123,000 million tokens a month of TKF (10,000 million a lot): 12.3 → 12 lots a month, 36 over 3 months.
  await page.selectOption('#hedge select[name="product"]', 'TKF');
  await page.selectOption('#hedge select[name="side"]', 'buy');
  await page.fill('#hedge input[name="months"]', '3');
  await page.fill('#hedge input[name="quantity"]', '123000');
  await page.waitForFunction(() => document.getElementById('hedge-lots-per-month')?.textContent === '12');
  assert.equal(await page.textContent('#hedge-lots-total'), '36');
  assert.equal(await page.locator('#hedge-months tr').count(), 3);
  assert.equal(await page.locator('#hedge-chart svg polyline').count(), 2);
  // 2,500 GPU-hours a month (1,000 a lot): half a lot rounds up to 3; over 5 months, 15.
  await page.selectOption('#hedge select[name="product"]', 'GPH');
  await page.fill('#hedge input[name="months"]', '5');
  await page.fill('#hedge input[name="quantity"]', '2500');
  await page.waitForFunction(() => document.getElementById('hedge-lots-total')?.textContent === '15');
  assert.equal(await page.textContent('#hedge-lots-per-month'), '3');
  // Less than half a contract cannot be hedged with whole lots: the calculator says so, naming the field.
  await page.fill('#hedge input[name="quantity"]', '400');
  await page.waitForSelector('#hedge-error[data-field="quantity"]');
  assert.deepEqual(consoleErrors, []);
});

test('Ctrl-C stops the live demo cleanly (the current turn finishes, the journal closes)', { skip }, async () => {
  await browser?.close();
  browser = undefined;
  const exited = new Promise<number | null>((resolve) => server!.once('exit', resolve));
  server!.kill('SIGINT');
  assert.equal(await exited, 0);
  assert.match(serverOut, /stopped: \d+ turns, \d+ trades this run, last seq \d+/);
});
