// Participants: clearing members, and the client accounts each member guarantees. Ids come from counters
// (dense, starting at 1) so replays assign the same ids. Account status is one small table.

import { assert } from '../core/assert.js';
import { accountsMax, hedgeQuotaLotsMax, membersMax } from './limits.js';

export type AccountType = 'hedger' | 'marketMaker' | 'speculator';
export type AccountStatus = 'active' | 'reduceOnly' | 'suspended';

/** What each status lets an account do: the whole state machine of an account's trading rights. */
export const statusRights: Readonly<Record<AccountStatus, { readonly newRisk: boolean; readonly reduce: boolean }>> = {
  active: { newRisk: true, reduce: true },
  reduceOnly: { newRisk: false, reduce: true },
  suspended: { newRisk: false, reduce: false },
};

export interface Member {
  readonly id: number;
  readonly name: string;
}

export interface Account {
  readonly id: number;
  readonly memberId: number;
  readonly owner: string;
  readonly type: AccountType;
  status: AccountStatus;
  killSwitch: boolean;
  /** Approved hedge quota in lots per product code (hedgers only). */
  readonly hedgeQuotaLots: Record<string, number>;
  /** Set when a margin call passed its deadline: positions are being closed by the exchange. */
  liquidating: boolean;
}

export class Accounts {
  private readonly members: Member[] = [];
  private readonly accounts: Account[] = [];

  addMember(name: string): Member {
    assert(this.members.length < membersMax, 'members exhausted');
    assert(name.length > 0 && name.length <= 100, 'member name must be 1-100 characters');
    const member = Object.freeze({ id: this.members.length + 1, name });
    this.members.push(member);
    return member;
  }

  addAccount(memberId: number, owner: string, type: AccountType): Account {
    assert(this.member(memberId) !== undefined, `unknown member ${memberId}`);
    assert(this.accounts.length < accountsMax, 'accounts exhausted');
    assert(owner.length > 0 && owner.length <= 100, 'account owner must be 1-100 characters');
    const account: Account = {
      id: this.accounts.length + 1, memberId, owner, type, status: 'active', killSwitch: false, hedgeQuotaLots: {}, liquidating: false,
    };
    this.accounts.push(account);
    return account;
  }

  member(id: number): Member | undefined {
    return this.members[id - 1];
  }

  get(id: number): Account | undefined {
    return this.accounts[id - 1];
  }

  mustGet(id: number): Account {
    const account = this.accounts[id - 1];
    assert(account !== undefined, `unknown account ${id}`);
    return account;
  }

  setHedgeQuota(id: number, product: string, lots: number): void {
    const account = this.mustGet(id);
    assert(account.type === 'hedger', `account ${id} is not a hedger; only hedgers hold a hedge quota`);
    assert(Number.isSafeInteger(lots) && lots >= 0 && lots <= hedgeQuotaLotsMax, `hedge quota out of range: ${lots}`);
    account.hedgeQuotaLots[product] = lots;
  }

  all(): readonly Account[] {
    return this.accounts;
  }

  allMembers(): readonly Member[] {
    return this.members;
  }

  count(): number {
    return this.accounts.length;
  }

  toJSON(): AccountsData {
    return { members: this.members.map((m) => ({ ...m })), accounts: this.accounts.map((a) => ({ ...a, hedgeQuotaLots: { ...a.hedgeQuotaLots } })) };
  }

  static fromJSON(data: AccountsData): Accounts {
    const accounts = new Accounts();
    for (const m of data.members) accounts.addMember(m.name);
    for (const a of data.accounts) {
      const account = accounts.addAccount(a.memberId, a.owner, a.type);
      assert(account.id === a.id, `restored account id ${account.id} != ${a.id}`);
      account.status = a.status;
      account.killSwitch = a.killSwitch;
      account.liquidating = a.liquidating;
      Object.assign(account.hedgeQuotaLots, a.hedgeQuotaLots);
    }
    return accounts;
  }
}

export interface AccountsData {
  readonly members: readonly Member[];
  readonly accounts: readonly Account[];
}
