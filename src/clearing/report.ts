// The end-of-day settlement report: per account and currency, positions with their settlement prices and
// variation margin, fees, margin requirement and equity. Amounts are integer minor units written as strings
// (JSON has no 64-bit integers); prices are integer ticks. The CSV has one row per position (an account with no
// position still gets one row), with the account's totals repeated on each row so that any row stands alone.

import type { MarginBreakdown } from './margin.js';
import type { SettlementPrice } from './settlement-price.js';
import type { Currency } from './spec.js';

export interface PositionLine {
  readonly symbol: string;
  readonly qtyLots: number;
  /** Average entry price in ticks, to 2 decimals of a tick (cost ÷ qty). */
  readonly averagePriceTicks: string;
  readonly settlementPriceTicks: number;
  readonly variationMarginMinor: string;
  readonly realisedPnlMinor: string;
  readonly unrealisedPnlMinor: string;
}

export interface AccountLine {
  readonly accountId: number;
  readonly memberId: number;
  readonly owner: string;
  readonly currency: Currency;
  readonly status: string;
  readonly positions: readonly PositionLine[];
  readonly variationMarginMinor: string;
  readonly feesMinor: string;
  readonly realisedTodayMinor: string;
  readonly cashMinor: string;
  readonly equityMinor: string;
  readonly initialMarginMinor: string;
  readonly maintenanceMarginMinor: string;
  readonly outrightMarginMinor: string;
  readonly spreadCreditMinor: string;
  readonly interProductCreditMinor: string;
  readonly marginCallMinor: string;
}

export interface SettlementReport {
  readonly date: string;
  readonly prices: readonly SettlementPrice[];
  readonly openInterest: readonly { readonly symbol: string; readonly lots: number }[];
  readonly accounts: readonly AccountLine[];
  readonly totals: readonly { readonly currency: Currency; readonly variationMarginPaidMinor: string; readonly feesMinor: string; readonly defaultFundMinor: string }[];
}

/** The calendar-spread credit of a margin breakdown: what the portfolio saves against outright margins. */
export function spreadCreditOf(margin: MarginBreakdown | undefined): bigint {
  if (!margin) return 0n;
  const credit = margin.outrightMinor - margin.scanRiskMinor - margin.spreadChargeMinor;
  return credit > 0n ? credit : 0n;
}

const csvColumns = [
  'date', 'accountId', 'memberId', 'owner', 'currency', 'status', 'symbol', 'qtyLots', 'averagePriceTicks', 'settlementPriceTicks',
  'positionVariationMarginMinor', 'realisedPnlMinor', 'unrealisedPnlMinor', 'variationMarginMinor', 'feesMinor', 'cashMinor',
  'equityMinor', 'initialMarginMinor', 'maintenanceMarginMinor', 'marginCallMinor',
] as const;

export function reportToCsv(report: SettlementReport): string {
  const lines: string[] = [csvColumns.join(',')];
  for (const account of report.accounts) {
    const totals = [account.variationMarginMinor, account.feesMinor, account.cashMinor, account.equityMinor,
      account.initialMarginMinor, account.maintenanceMarginMinor, account.marginCallMinor];
    const head = [report.date, account.accountId, account.memberId, csvField(account.owner), account.currency, account.status];
    if (account.positions.length === 0) lines.push([...head, '', '', '', '', '', '', '', ...totals].join(','));
    for (const p of account.positions) {
      lines.push([...head, p.symbol, p.qtyLots, p.averagePriceTicks, p.settlementPriceTicks, p.variationMarginMinor,
        p.realisedPnlMinor, p.unrealisedPnlMinor, ...totals].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

export function reportToJson(report: SettlementReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** RFC 4180 quoting for the one free-text field. */
function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
