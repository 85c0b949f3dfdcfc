// A double-entry ledger in integer minor units. Every movement is one entry whose legs sum to zero within one
// currency, so money is never created or lost inside the exchange: the only way in or out is the external
// "bank" ledger account. Entries are append-only; a mistake is undone by a reversing entry, never by an edit.
// Balances are a cache of the entries and `verify()` recomputes them from scratch.
//
// Amounts and balances are exact integers either way: float64 below 2^53 (a trade posts its legs without a
// bigint: each bigint operation allocated, several per leg), bigint beyond, kept beside the number columns
// (NaN there). A balance moves between the two as it crosses 2^53.

import { assert } from '../core/assert.js';
import { ExactColumn } from './exact-column.js';
import { EntryColumns, refText, splitRef } from './ledger-entries.js';
import { amountMinorMax, ledgerAccountsMax, ledgerLegsPerEntryMax } from './limits.js';
import { currencies, type Currency } from './spec.js';

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
  private readonly balancesMinor = new ExactColumn(1024, ledgerAccountsMax);
  private readonly entries = new EntryColumns();
  /** Running sum of every balance per currency, kept beside the per-account cache so the check is O(1). */
  private readonly runningTotal = { USD: 0n, CNY: 0n };
  /** The legs of the entry being built (begin → leg → commit): reused, so posting allocates no arrays. */
  private readonly stagedLedgerIds = new Int32Array(ledgerLegsPerEntryMax);
  /** A staged amount, or NaN where it is past 2^53 and in stagedBigAmountsMinor. */
  private readonly stagedAmountsMinor = new Float64Array(ledgerLegsPerEntryMax);
  private readonly stagedBigAmountsMinor: bigint[] = new Array<bigint>(ledgerLegsPerEntryMax).fill(0n);
  private staged = 0;
  /** The last reference split into parts: the end of day posts 100,000s of entries with one reference. */
  private lastRef = '';
  private lastRefParts = splitRef('');

  /** The ledger account for (kind, owner, currency), opened on first use. */
  account(kind: LedgerAccountKind, ownerId: number, currency: Currency): number {
    const key = ledgerKey(ownerId, currency);
    const existing = this.idsByKey[kindIndex[kind]]!.get(key);
    if (existing !== undefined) return existing;
    assert(this.accounts.length < ledgerAccountsMax, 'ledger accounts exhausted');
    const id = this.accounts.length;
    this.accounts.push(Object.freeze({ id, kind, ownerId, currency }));
    this.balancesMinor.open(id);
    this.idsByKey[kindIndex[kind]]!.set(key, id);
    return id;
  }

  /** Balance of a ledger account that may not exist yet (then zero), without opening it. */
  balanceOf(kind: LedgerAccountKind, ownerId: number, currency: Currency): bigint {
    const id = this.idsByKey[kindIndex[kind]]!.get(ledgerKey(ownerId, currency));
    return id === undefined ? 0n : this.balancesMinor.at(id);
  }

  /** balanceOf as a float64 integer, NaN when past 2^53: pre-trade risk reads cash this way, without a bigint. */
  balanceNumberOf(kind: LedgerAccountKind, ownerId: number, currency: Currency): number {
    const id = this.idsByKey[kindIndex[kind]]!.get(ledgerKey(ownerId, currency));
    return id === undefined ? 0 : this.balancesMinor.numberAt(id);
  }

  balance(ledgerId: number): bigint {
    // Checked on every order: the message (with its number-to-string work) is built only when it fails.
    if (!(Number.isInteger(ledgerId) && ledgerId >= 0 && ledgerId < this.accounts.length)) assert(false, `unknown ledger account ${ledgerId}`);
    return this.balancesMinor.at(ledgerId);
  }

  accountInfo(ledgerId: number): LedgerAccount {
    const account = this.accounts[ledgerId];
    if (!(account !== undefined)) assert(false, `unknown ledger account ${ledgerId}`);
    return account;
  }

  /** Posts one balanced entry; legs of zero are dropped, an entry with no legs left is not recorded. */
  post(kind: EntryKind, currency: Currency, tsMicros: number, legs: readonly Leg[], ref: string, reverses?: number): Entry | undefined {
    this.begin();
    for (const leg of legs) this.leg(leg.ledgerId, leg.amountMinor);
    const parts = this.refParts(ref);
    const id = this.commit(kind, currency, tsMicros, parts.head, parts.number, parts.tail, reverses ?? -1);
    return id < 0 ? undefined : this.entry(id);
  }

  /**
   * The per-trade path: `begin`, a `leg` per ledger account, then `commit` with the reference in parts
   * (head, number, tail: "trade ", 17, " TKFH27"), so no legs array, entry object or reference text is made.
   * Same rules as post: legs of zero are dropped, nothing is recorded without legs, the legs must balance.
   */
  begin(): void {
    this.staged = 0;
  }

  leg(ledgerId: number, amountMinor: bigint): void {
    if (amountMinor === 0n) return;
    if (amountMinor >= safeMinBig && amountMinor <= safeMaxBig) {
      this.legNumber(ledgerId, Number(amountMinor));
      return;
    }
    if (!(this.staged < ledgerLegsPerEntryMax)) assert(false, `an entry has more than ${ledgerLegsPerEntryMax} legs`);
    this.stagedLedgerIds[this.staged] = ledgerId;
    this.stagedBigAmountsMinor[this.staged] = amountMinor;
    this.stagedAmountsMinor[this.staged++] = Number.NaN;
  }

  /** leg for an amount that is a float64 integer below 2^53 (asserted): the per-trade path, without a bigint. */
  legNumber(ledgerId: number, amountMinor: number): void {
    if (amountMinor === 0) return;
    if (!Number.isSafeInteger(amountMinor)) assert(false, `ledger amount ${amountMinor} is not an integer below 2^53`);
    if (!(this.staged < ledgerLegsPerEntryMax)) assert(false, `an entry has more than ${ledgerLegsPerEntryMax} legs`);
    this.stagedLedgerIds[this.staged] = ledgerId;
    this.stagedAmountsMinor[this.staged++] = amountMinor;
  }

  /** Records the staged legs as one entry; returns its id, or −1 when every leg was zero. */
  commit(kind: EntryKind, currency: Currency, tsMicros: number, refHead: string, refNumber: number, refTail: string, reverses = -1): number {
    const legs = this.staged;
    this.staged = 0;
    if (legs === 0) return -1;
    // Summed in float64 while every partial sum is exact (a safe integer); otherwise again in bigint.
    let sumMinor = 0;
    for (let i = 0; i < legs; i++) {
      const account = this.accountInfo(this.stagedLedgerIds[i]!);
      if (!(account.currency === currency)) assert(false, `entry ${kind} mixes ${currency} with ${account.currency}`);
      sumMinor += this.stagedAmountsMinor[i]!;
      if (!Number.isSafeInteger(sumMinor)) sumMinor = Number.NaN;
    }
    if (!(sumMinor === 0)) {
      const sum = this.stagedSum(legs);
      if (!(sum === 0n)) assert(false, `entry ${kind} (${refText(refHead, refNumber, refTail)}) does not balance: legs sum to ${sum}`);
    }
    const id = this.entries.append(entryKindCode[kind], currencyCode(currency), tsMicros, refHead, refNumber, refTail, reverses,
      this.stagedLedgerIds, this.stagedAmountsMinor, this.stagedBigAmountsMinor, legs);
    // runningTotal would gain the legs' sum, just checked to be zero: it is left as it is.
    for (let i = 0; i < legs; i++) this.addToBalance(this.stagedLedgerIds[i]!, i);
    return id;
  }

  private stagedSum(legs: number): bigint {
    let sum = 0n;
    for (let i = 0; i < legs; i++) sum += this.stagedAmountAt(i);
    return sum;
  }

  private stagedAmountAt(i: number): bigint {
    const amount = this.stagedAmountsMinor[i]!;
    return Number.isNaN(amount) ? this.stagedBigAmountsMinor[i]! : BigInt(amount);
  }

  /** Adds staged leg i to a balance: in float64 while both and the result are below 2^53, else in bigint. */
  private addToBalance(ledgerId: number, i: number): void {
    const amount = this.stagedAmountsMinor[i]!;
    if (Number.isNaN(amount)) this.balancesMinor.add(ledgerId, this.stagedBigAmountsMinor[i]!);
    else this.balancesMinor.addNumber(ledgerId, amount);
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
    const parts = this.refParts(ref);
    this.begin();
    this.leg(fromId, -amountMinor);
    this.leg(toId, amountMinor);
    this.staged = 0;
    this.entries.append(entryKindCode[kind], currencyCode(currency), tsMicros, parts.head, parts.number, parts.tail, -1,
      this.stagedLedgerIds, this.stagedAmountsMinor, this.stagedBigAmountsMinor, 2);
    this.addToBalance(fromId, 0);
    this.addToBalance(toId, 1);
  }

  /** Undoes an entry by posting its negation; the original stays in the ledger. */
  reverse(entryId: number, tsMicros: number, ref: string): Entry {
    const original = this.entry(entryId);
    assert(original.kind !== 'reversal', 'a reversal is not reversed; post a new entry instead');
    const legs = original.legs.map((leg) => ({ ledgerId: leg.ledgerId, amountMinor: -leg.amountMinor }));
    const entry = this.post('reversal', original.currency, tsMicros, legs, ref, entryId);
    assert(entry !== undefined, 'a recorded entry always has legs');
    return entry;
  }

  entryCount(): number {
    return this.entries.count;
  }

  /** The entry as an object, built from the columns on each call (frozen, like every entry ever handed out). */
  entry(id: number): Entry {
    const entries = this.entries;
    if (!(Number.isInteger(id) && id >= 0 && id < entries.count)) assert(false, `unknown entry ${id}`);
    const legs: Leg[] = [];
    for (let leg = entries.legFirst(id); leg < entries.legEnd(id); leg++) {
      legs.push(Object.freeze({ ledgerId: entries.legLedgerIdAt(leg), amountMinor: entries.legAmountMinorAt(leg) }));
    }
    const reverses = entries.reversesOf(id);
    return Object.freeze({
      id, kind: entryKinds[entries.kindCodeOf(id)]!, currency: currencies[entries.currencyCodeOf(id)]!, tsMicros: entries.tsMicrosOf(id),
      legs: Object.freeze(legs), ref: entries.refOf(id), ...(reverses < 0 ? {} : { reverses }),
    });
  }

  entriesFrom(firstId: number): readonly Entry[] {
    const out: Entry[] = [];
    for (let id = Math.max(0, firstId); id < this.entries.count; id++) out.push(this.entry(id));
    return out;
  }

  accountCount(): number {
    return this.accounts.length;
  }

  /** Sum of every balance in a currency: zero by construction, checked. */
  totalMinor(currency: Currency): bigint {
    let sum = 0n;
    for (let i = 0; i < this.accounts.length; i++) if (this.accounts[i]!.currency === currency) sum += this.balancesMinor.at(i);
    return sum;
  }

  /** Sum of balances of one kind in a currency (e.g. all client cash). */
  totalOfKind(kind: LedgerAccountKind, currency: Currency): bigint {
    let sum = 0n;
    for (let i = 0; i < this.accounts.length; i++) {
      const account = this.accounts[i]!;
      if (account.kind === kind && account.currency === currency) sum += this.balancesMinor.at(i);
    }
    return sum;
  }

  /** Recomputes every balance from the entries and asserts the cache and the zero sum per currency. */
  verify(): void {
    const recomputed = this.accounts.map(() => 0n);
    const entries = this.entries;
    for (let id = 0; id < entries.count; id++) {
      let sum = 0n;
      for (let leg = entries.legFirst(id); leg < entries.legEnd(id); leg++) {
        const amount = entries.legAmountMinorAt(leg);
        recomputed[entries.legLedgerIdAt(leg)]! += amount;
        sum += amount;
      }
      assert(sum === 0n, `entry ${id} does not balance`);
    }
    for (let i = 0; i < recomputed.length; i++) {
      const balance = this.balancesMinor.at(i);
      assert(recomputed[i] === balance, `ledger account ${i} balance ${balance} != recomputed ${recomputed[i]}`);
      // Past 2^53 only in the bigint map, and below it only in the column: the fast paths rely on it.
      assert(this.balancesMinor.oneForm(i), `ledger account ${i} balance kept in both forms or neither`);
    }
    for (const currency of ['USD', 'CNY'] as const) assert(this.totalMinor(currency) === 0n, `ledger ${currency} does not sum to zero`);
  }

  /** Cheap check after every command: the balances, as posted leg by leg, sum to zero per currency. */
  assertBalanced(): void {
    const { USD, CNY } = this.runningTotal;
    if (!(USD === 0n && CNY === 0n)) assert(false, `ledger out of balance: USD ${USD}, CNY ${CNY}`);
  }

  toJSON(): LedgerData {
    const entries = this.entries;
    const out: LedgerData['entries'][number][] = [];
    for (let id = 0; id < entries.count; id++) {
      const legs: (readonly [number, string])[] = [];
      for (let leg = entries.legFirst(id); leg < entries.legEnd(id); leg++) legs.push([entries.legLedgerIdAt(leg), entries.legAmountMinorAt(leg).toString()]);
      const reverses = entries.reversesOf(id);
      out.push({
        kind: entryKinds[entries.kindCodeOf(id)]!, currency: currencies[entries.currencyCodeOf(id)]!, tsMicros: entries.tsMicrosOf(id), ref: entries.refOf(id),
        legs, ...(reverses < 0 ? {} : { reverses }),
      });
    }
    return { accounts: this.accounts.map((a) => [a.kind, a.ownerId, a.currency] as const), entries: out };
  }

  static fromJSON(data: LedgerData): Ledger {
    const ledger = new Ledger();
    for (const [kind, ownerId, currency] of data.accounts) ledger.account(kind, ownerId, currency);
    for (const e of data.entries) {
      ledger.begin();
      for (const [ledgerId, amount] of e.legs) ledger.leg(ledgerId, BigInt(amount));
      const parts = splitRef(e.ref);
      ledger.commit(e.kind, e.currency, e.tsMicros, parts.head, parts.number, parts.tail, e.reverses ?? -1);
    }
    return ledger;
  }

  private refParts(ref: string): RefParts {
    if (ref !== this.lastRef) {
      this.lastRefParts = splitRef(ref);
      this.lastRef = ref;
    }
    return this.lastRefParts;
  }
}

type RefParts = ReturnType<typeof splitRef>;

const entryKinds: readonly EntryKind[] = [
  'deposit', 'withdrawal', 'fee', 'variationMargin', 'realisedPnl', 'finalSettlement', 'liquidationLoss', 'defaultFundContribution',
  'guaranteeDeposit', 'reversal',
];
const entryKindCode = Object.fromEntries(entryKinds.map((kind, i) => [kind, i])) as Readonly<Record<EntryKind, number>>;

const safeMaxBig = BigInt(Number.MAX_SAFE_INTEGER);
const safeMinBig = -safeMaxBig;

function currencyCode(currency: Currency): number {
  return currency === 'USD' ? 0 : 1;
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
