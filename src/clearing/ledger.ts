// A double-entry ledger in integer minor units. Every movement is one entry whose legs sum to zero within one
// currency, so money is never created or lost inside the exchange: the only way in or out is the external
// "bank" ledger account. Entries are append-only; a mistake is undone by a reversing entry, never by an edit.
// Balances are a cache of the entries and `verify()` recomputes them from scratch.

import { assert } from '../core/assert.js';
import type { Currency } from './spec.js';
import { amountMinorMax, ledgerAccountsMax, ledgerEntriesMax } from './limits.js';

export type LedgerAccountKind = 'clientCash' | 'memberGuarantee' | 'feeIncome' | 'defaultFund' | 'settlement' | 'bank';

export type EntryKind =
  | 'deposit'
  | 'withdrawal'
  | 'fee'
  | 'variationMargin'
  | 'realisedPnl'
  | 'finalSettlement'
  | 'liquidationLoss'
  | 'defaultFundContribution'
  | 'guaranteeDeposit'
  | 'reversal';

export interface LedgerAccount {
  readonly id: number;
  readonly kind: LedgerAccountKind;
  /** Client account id or member id; 0 for the exchange's own accounts. */
  readonly ownerId: number;
  readonly currency: Currency;
}

export interface Leg {
  readonly ledgerId: number;
  /** Positive credits the ledger account (its balance rises), negative debits it. */
  readonly amountMinor: bigint;
}

export interface Entry {
  readonly id: number;
  readonly kind: EntryKind;
  readonly currency: Currency;
  readonly tsMicros: number;
  readonly legs: readonly Leg[];
  /** What caused it, for people reading the ledger ("trade 17 TKFH27", "settlement 2027-03-15"). */
  readonly ref: string;
  /** Set on a reversal: the entry it undoes. */
  readonly reverses?: number;
}

export class Ledger {
  private readonly accounts: LedgerAccount[] = [];
  /** (kind, owner, currency) → ledger account id; a numeric key because the end of day looks up 100,000s. */
  private readonly idsByKey: Map<number, number>[] = Array.from({ length: 6 }, () => new Map());
  private balances: bigint[] = [];
  private readonly entries: Entry[] = [];
  /** Running sum of every balance per currency, kept beside the per-account cache so the check is O(1). */
  private readonly runningTotal = { USD: 0n, CNY: 0n };

  /** The ledger account for (kind, owner, currency), opened on first use. */
  account(kind: LedgerAccountKind, ownerId: number, currency: Currency): number {
    const key = ledgerKey(ownerId, currency);
    const existing = this.idsByKey[kindIndex[kind]]!.get(key);
    if (existing !== undefined) return existing;
    assert(this.accounts.length < ledgerAccountsMax, 'ledger accounts exhausted');
    const id = this.accounts.length;
    this.accounts.push(Object.freeze({ id, kind, ownerId, currency }));
    this.balances.push(0n);
    this.idsByKey[kindIndex[kind]]!.set(key, id);
    return id;
  }

  /** Balance of a ledger account that may not exist yet (then zero), without opening it. */
  balanceOf(kind: LedgerAccountKind, ownerId: number, currency: Currency): bigint {
    const id = this.idsByKey[kindIndex[kind]]!.get(ledgerKey(ownerId, currency));
    return id === undefined ? 0n : this.balances[id]!;
  }

  balance(ledgerId: number): bigint {
    // Checked on every order: the message (with its number-to-string work) is built only when it fails.
    if (!(ledgerId >= 0 && ledgerId < this.balances.length)) assert(false, `unknown ledger account ${ledgerId}`);
    return this.balances[ledgerId]!;
  }

  accountInfo(ledgerId: number): LedgerAccount {
    const account = this.accounts[ledgerId];
    if (!(account !== undefined)) assert(false, `unknown ledger account ${ledgerId}`);
    return account;
  }

  /** Posts one balanced entry; legs of zero are dropped, an entry with no legs left is not recorded. */
  post(kind: EntryKind, currency: Currency, tsMicros: number, legs: readonly Leg[], ref: string, reverses?: number): Entry | undefined {
    const kept = legs.filter((leg) => leg.amountMinor !== 0n);
    if (kept.length === 0) return undefined;
    let sum = 0n;
    for (const leg of kept) {
      const account = this.accountInfo(leg.ledgerId);
      if (!(account.currency === currency)) assert(false, `entry ${kind} mixes ${currency} with ${account.currency}`);
      sum += leg.amountMinor;
    }
    if (!(sum === 0n)) assert(false, `entry ${kind} (${ref}) does not balance: legs sum to ${sum}`);
    assert(this.entries.length < ledgerEntriesMax, 'ledger entries exhausted');
    const entry: Entry = Object.freeze({
      id: this.entries.length, kind, currency, tsMicros, legs: Object.freeze(kept.map((l) => Object.freeze({ ...l }))), ref,
      ...(reverses === undefined ? {} : { reverses }),
    });
    this.entries.push(entry);
    for (const leg of kept) {
      this.balances[leg.ledgerId]! += leg.amountMinor;
      this.runningTotal[currency] += leg.amountMinor;
    }
    return entry;
  }

  /** A two-leg movement of a positive amount from one ledger account to another. */
  transfer(kind: EntryKind, currency: Currency, tsMicros: number, fromId: number, toId: number, amountMinor: bigint, ref: string): Entry | undefined {
    if (!(amountMinor >= 0n && amountMinor <= amountMinorMax * 1000n)) assert(false, `transfer amount out of range: ${amountMinor}`);
    return this.post(kind, currency, tsMicros, [
      { ledgerId: fromId, amountMinor: -amountMinor },
      { ledgerId: toId, amountMinor },
    ], ref);
  }

  /**
   * The end-of-day fast path: a two-leg entry moving a signed amount from one account to the other (negative
   * moves it back). Same checks as post, without the intermediate arrays.
   */
  postPair(kind: EntryKind, currency: Currency, tsMicros: number, fromId: number, toId: number, amountMinor: bigint, ref: string): void {
    if (amountMinor === 0n) return;
    const from = this.accounts[fromId];
    const to = this.accounts[toId];
    assert(from !== undefined && to !== undefined && from.currency === currency && to.currency === currency && fromId !== toId,
      `entry ${kind} needs two distinct ${currency} ledger accounts`);
    assert(this.entries.length < ledgerEntriesMax, 'ledger entries exhausted');
    this.entries.push(new PairEntry(this.entries.length, kind, currency, tsMicros, ref, fromId, toId, amountMinor));
    this.balances[fromId]! -= amountMinor;
    this.balances[toId]! += amountMinor;
  }

  /** Undoes an entry by posting its negation; the original stays in the ledger. */
  reverse(entryId: number, tsMicros: number, ref: string): Entry {
    const original = this.entries[entryId];
    assert(original !== undefined, `unknown entry ${entryId}`);
    assert(original.kind !== 'reversal', 'a reversal is not reversed; post a new entry instead');
    const legs = original.legs.map((leg) => ({ ledgerId: leg.ledgerId, amountMinor: -leg.amountMinor }));
    const entry = this.post('reversal', original.currency, tsMicros, legs, ref, entryId);
    assert(entry !== undefined, 'a recorded entry always has legs');
    return entry;
  }

  entryCount(): number {
    return this.entries.length;
  }

  entry(id: number): Entry {
    const entry = this.entries[id];
    assert(entry !== undefined, `unknown entry ${id}`);
    return entry;
  }

  entriesFrom(firstId: number): readonly Entry[] {
    return this.entries.slice(firstId);
  }

  accountCount(): number {
    return this.accounts.length;
  }

  /** Sum of every balance in a currency: zero by construction, checked. */
  totalMinor(currency: Currency): bigint {
    let sum = 0n;
    for (let i = 0; i < this.accounts.length; i++) if (this.accounts[i]!.currency === currency) sum += this.balances[i]!;
    return sum;
  }

  /** Sum of balances of one kind in a currency (e.g. all client cash). */
  totalOfKind(kind: LedgerAccountKind, currency: Currency): bigint {
    let sum = 0n;
    for (let i = 0; i < this.accounts.length; i++) {
      const account = this.accounts[i]!;
      if (account.kind === kind && account.currency === currency) sum += this.balances[i]!;
    }
    return sum;
  }

  /** Recomputes every balance from the entries and asserts the cache and the zero sum per currency. */
  verify(): void {
    const recomputed = this.accounts.map(() => 0n);
    for (const entry of this.entries) {
      let sum = 0n;
      for (const leg of entry.legs) {
        recomputed[leg.ledgerId]! += leg.amountMinor;
        sum += leg.amountMinor;
      }
      assert(sum === 0n, `entry ${entry.id} does not balance`);
    }
    for (let i = 0; i < recomputed.length; i++) {
      assert(recomputed[i] === this.balances[i], `ledger account ${i} balance ${this.balances[i]} != recomputed ${recomputed[i]}`);
    }
    for (const currency of ['USD', 'CNY'] as const) assert(this.totalMinor(currency) === 0n, `ledger ${currency} does not sum to zero`);
  }

  /** Cheap check after every command: the balances, as posted leg by leg, sum to zero per currency. */
  assertBalanced(): void {
    const { USD, CNY } = this.runningTotal;
    if (!(USD === 0n && CNY === 0n)) assert(false, `ledger out of balance: USD ${USD}, CNY ${CNY}`);
  }

  toJSON(): LedgerData {
    return {
      accounts: this.accounts.map((a) => [a.kind, a.ownerId, a.currency] as const),
      entries: this.entries.map((e) => ({
        kind: e.kind, currency: e.currency, tsMicros: e.tsMicros, ref: e.ref,
        legs: e.legs.map((l) => [l.ledgerId, l.amountMinor.toString()] as const),
        ...(e.reverses === undefined ? {} : { reverses: e.reverses }),
      })),
    };
  }

  static fromJSON(data: LedgerData): Ledger {
    const ledger = new Ledger();
    for (const [kind, ownerId, currency] of data.accounts) ledger.account(kind, ownerId, currency);
    for (const e of data.entries) {
      const legs = e.legs.map(([ledgerId, amount]) => ({ ledgerId, amountMinor: BigInt(amount) }));
      ledger.post(e.kind, e.currency, e.tsMicros, legs, e.ref, e.reverses);
    }
    return ledger;
  }
}

/** A two-leg entry kept as one object (the end of day writes 100,000s); its legs are built when read. */
class PairEntry implements Entry {
  constructor(
    readonly id: number, readonly kind: EntryKind, readonly currency: Currency, readonly tsMicros: number, readonly ref: string,
    private readonly fromId: number, private readonly toId: number, private readonly amountMinor: bigint,
  ) {}

  get legs(): readonly Leg[] {
    return [{ ledgerId: this.fromId, amountMinor: -this.amountMinor }, { ledgerId: this.toId, amountMinor: this.amountMinor }];
  }
}

const kindIndex: Readonly<Record<LedgerAccountKind, number>> = {
  clientCash: 0, memberGuarantee: 1, feeIncome: 2, defaultFund: 3, settlement: 4, bank: 5,
};

/** Per kind, owner × 2 + currency: a small integer, which V8 hashes fastest. */
function ledgerKey(ownerId: number, currency: Currency): number {
  if (!(Number.isSafeInteger(ownerId) && ownerId >= 0 && ownerId < 2 ** 29)) assert(false, `ledger owner id out of range: ${ownerId}`);
  return ownerId * 2 + (currency === 'USD' ? 0 : 1);
}

export interface LedgerData {
  readonly accounts: readonly (readonly [LedgerAccountKind, number, Currency])[];
  readonly entries: readonly {
    readonly kind: EntryKind;
    readonly currency: Currency;
    readonly tsMicros: number;
    readonly ref: string;
    readonly legs: readonly (readonly [number, string])[];
    readonly reverses?: number;
  }[];
}
