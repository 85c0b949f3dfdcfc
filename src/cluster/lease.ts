// Leadership of a product group: a lease in a JetStream KV bucket (history 1), changed only by
// revision-checked compare-and-set. The holder renews every leaseRenewMs; a node that sees the same revision
// unchanged for leaseMs (on its own clock: no two machines' clocks are compared) takes the lease with a CAS on
// that revision, so of two standbys racing only one wins. A holder whose renewal CAS fails has lost the lease;
// one that cannot reach the cluster for leaseSelfFenceMs gives it up on its own.
//
// Two primaries at once would be harmless for the state (both apply the same log the same way; outcomes carry
// a message id per log sequence and are stored once), so the lease only decides who answers, not what is true.

import { assert } from '../core/assert.js';
import type { LogConnection } from './connection.js';
import { leaseMs, leaseRenewMs, leaseSelfFenceMs, nodeIdBytesMax } from './limits.js';
import { isToken, leaseStream, leaseSubject } from './subjects.js';

const wrongLastSequence = 10071;

interface LeaseValue {
  readonly holder: string;
}

export interface LeaseOptions {
  readonly group: string;
  readonly nodeId: string;
  /** Called once per change of this node's leadership. */
  readonly onChange: (holding: boolean) => void;
  readonly clock?: () => number;
  readonly log?: (line: string) => void;
}

export class Lease {
  private holdingRevision = 0;
  private renewedAtMs = 0;
  private seenRevision = -1;
  private seenAtMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** This process held the lease at some point: a lease naming this node is then one this process wrote. A restarted
   *  engine (same node id, replaying the log) must not take it back at once: it waits leaseMs like any standby. */
  private heldBefore = false;
  private readonly clock: () => number;

  constructor(private readonly connection: LogConnection, private readonly options: LeaseOptions) {
    assert(isToken(options.nodeId, nodeIdBytesMax), `nodeId ${JSON.stringify(options.nodeId)}`);
    this.clock = options.clock ?? Date.now;
  }

  get holding(): boolean {
    return this.holdingRevision > 0;
  }

  start(): void {
    this.running = true;
    void this.loop();
  }

  /** Stops renewing; when holding, frees the lease so that a standby takes over at once instead of after leaseMs. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    if (this.holding) {
      await this.write({ holder: '' }, this.holdingRevision).catch(() => undefined);
      this.setHolding(0);
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.tick();
      } catch (error) {
        this.options.log?.(`lease ${this.options.group}: ${(error as Error).message}`);
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => { this.timer = setTimeout(resolve, leaseRenewMs); });
    }
  }

  /** One step of the protocol; exposed for tests that drive time by hand. */
  async tick(): Promise<void> {
    const now = this.clock();
    if (this.holding) {
      try {
        this.setHolding(await this.write({ holder: this.options.nodeId }, this.holdingRevision));
        this.renewedAtMs = now;
      } catch (error) {
        if (codeOf(error) === wrongLastSequence) this.setHolding(0);
        else if (now - this.renewedAtMs >= leaseSelfFenceMs) this.setHolding(0);
        throw error;
      }
      return;
    }
    const current = await this.read();
    if (current === undefined || current.value.holder === '') {
      await this.acquire(current?.revision ?? 0, now);
    } else if (current.value.holder === this.options.nodeId && this.heldBefore) {
      // Still ours: this process fenced itself while renewals failed (the bucket's stream leader died and the
      // cluster was electing another), or its last renewal was stored but the acknowledgement was lost. Nobody
      // took the lease since (a taker writes its own name), so take it back at once, by CAS on what is there,
      // rather than wait leaseMs as for a dead holder: that wait is answers nobody gives.
      this.options.log?.(`lease ${this.options.group}: still ours at revision ${current.revision}, taking it back`);
      await this.acquire(current.revision, now);
    } else if (current.revision !== this.seenRevision) {
      this.seenRevision = current.revision;
      this.seenAtMs = now;
    } else if (now - this.seenAtMs >= leaseMs) {
      this.options.log?.(`lease ${this.options.group}: ${current.value.holder} did not renew for ${now - this.seenAtMs} ms, taking over`);
      await this.acquire(current.revision, now);
    }
  }

  private async acquire(revision: number, now: number): Promise<void> {
    try {
      this.setHolding(await this.write({ holder: this.options.nodeId }, revision));
      this.renewedAtMs = now;
    } catch (error) {
      if (codeOf(error) !== wrongLastSequence) throw error;
      // Someone else won the race; watch their revision from now on.
    }
  }

  private setHolding(revision: number): void {
    const was = this.holding;
    if (revision > 0) this.heldBefore = true;
    this.holdingRevision = revision;
    if (was !== this.holding) this.options.onChange(this.holding);
  }

  private async read(): Promise<{ revision: number; value: LeaseValue } | undefined> {
    const message = await this.connection.jsm.streams.getMessage(leaseStream, { last_by_subj: leaseSubject(this.options.group) });
    if (!message) return undefined;
    return { revision: message.seq, value: JSON.parse(new TextDecoder().decode(message.data)) as LeaseValue };
  }

  private async write(value: LeaseValue, revision: number): Promise<number> {
    const ack = await this.connection.js.publish(leaseSubject(this.options.group), JSON.stringify(value), { expect: { lastSubjectSequence: revision }, timeout: leaseRenewMs });
    return ack.seq;
  }
}

function codeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}
