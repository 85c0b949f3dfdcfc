// The sequenced command log on JetStream: appending (gateways), following in order (engines), and the outcome
// stream beside it. The stream sequence of TOKEX_CMDS is the order in which every replica applies commands;
// a retried append carries the same Nats-Msg-Id, so inside the duplicate window it is stored once and the
// acknowledgement names the sequence of the first copy.

import { DeliverPolicy, type Consumer, type ConsumerMessages, type JsMsg, type PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { assert } from '../core/assert.js';
import type { Outcome } from '../exchange/outcome.js';
import { retrying, type LogConnection } from './connection.js';
import { decodeEntry, decodeOutcome, encodeEnvelope, encodeOutcome, type CommandEnvelope, type LogEntry } from './envelope.js';
import { consumerBufferMessagesMax, consumerCreateDeadlineMs, consumerExpiresMs, followerStallCheckMs, publishRetryMs, publishTimeoutMs } from './limits.js';
import {
  commandStream, commandSubject, gatewayOutcomes, groupOutcomes, header, outcomeMsgIdOf, outcomeStream, outcomeSubject,
} from './subjects.js';

export class LogDeadlineError extends Error {
  override name = 'LogDeadlineError';
}

export interface Follower {
  /** Settles when following stops: resolved by stop(), rejected if the entry handler threw. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

export interface AnsweredOutcome {
  readonly logSeq: number;
  readonly group: string;
  readonly requestId: string;
  readonly outcome: Outcome;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The consumer's own account of trouble (missed heartbeats, re-creation after a server died), for operators. */
const noticed = new Set(['heartbeats_missed', 'reset', 'ordered_consumer_recreated', 'consumer_not_found', 'consumer_deleted', 'stream_not_found', 'no_responders']);
function watchNotices(messages: ConsumerMessages, onNotice: (type: string, notice: string) => void): void {
  void (async () => {
    for await (const status of messages.status()) {
      if (noticed.has(status.type)) onNotice(status.type, JSON.stringify(status));
    }
  })().catch(() => undefined);
}

export class CommandLog {
  constructor(readonly connection: LogConnection) {}

  /**
   * Appends a command, retrying (same message id) until the stream stores it or deadlineAt passes: during a
   * leader election publishes fail for a few seconds, and a retry of one that was in fact stored is deduplicated.
   */
  async append(group: string, envelope: CommandEnvelope, deadlineAt: number): Promise<PubAck> {
    const { data, headers, msgId } = encodeEnvelope(envelope);
    return await this.publishUntil(commandSubject(group), data, { msgID: msgId, headers }, deadlineAt);
  }

  async publishOutcome(group: string, entry: Pick<LogEntry, 'logSeq' | 'gatewayId' | 'requestId'>, outcome: Outcome, deadlineAt: number): Promise<PubAck> {
    const headers = natsHeaders();
    headers.set(header.logSeq, String(entry.logSeq));
    headers.set(header.group, group);
    const subject = outcomeSubject(entry.gatewayId, group, entry.requestId);
    return await this.publishUntil(subject, encodeOutcome(outcome), { msgID: outcomeMsgIdOf(group, entry.logSeq), headers }, deadlineAt);
  }

  private async publishUntil(subject: string, data: Uint8Array, options: { msgID: string; headers: ReturnType<typeof natsHeaders> }, deadlineAt: number): Promise<PubAck> {
    for (;;) {
      try {
        return await this.connection.js.publish(subject, data, { ...options, timeout: publishTimeoutMs });
      } catch (error) {
        if (Date.now() + publishRetryMs > deadlineAt) throw new LogDeadlineError(`publish to ${subject} (${options.msgID}) failed until the deadline: ${(error as Error).message}`);
        await sleep(publishRetryMs);
      }
    }
  }

  /** The sequence of the group's newest command (0 when it has none). */
  async lastSeq(group: string): Promise<number> {
    const message = await this.connection.jsm.streams.getMessage(commandStream, { last_by_subj: commandSubject(group) });
    return message?.seq ?? 0;
  }

  /** The log sequence of the newest outcome the group's primaries stored (0 when none). */
  async lastAnsweredSeq(group: string): Promise<number> {
    const message = await this.connection.jsm.streams.getMessage(outcomeStream, { last_by_subj: groupOutcomes(group) });
    if (!message) return 0;
    const logSeq = Number(message.header.get(header.logSeq));
    assert(Number.isSafeInteger(logSeq) && logSeq > 0, `outcome ${message.seq} without a log sequence`);
    return logSeq;
  }

  /** The stored outcome of one request, if its primary published it. */
  async readOutcome(gatewayId: string, group: string, requestId: string): Promise<AnsweredOutcome | undefined> {
    const message = await this.connection.jsm.streams.getMessage(outcomeStream, { last_by_subj: outcomeSubject(gatewayId, group, requestId) });
    return message ? { logSeq: Number(message.header.get(header.logSeq)), group, requestId, outcome: decodeOutcome(message.data) } : undefined;
  }

  /** Calls onEntry for each of the group's commands after afterSeq, in log order, until stop(). */
  async follow(group: string, afterSeq: number, onEntry: (entry: LogEntry) => void, onNotice?: (notice: string) => void): Promise<Follower> {
    const position = afterSeq === 0 ? { deliver_policy: DeliverPolicy.All } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 };
    let lastSeq = afterSeq;
    return await this.followStream(commandStream, commandSubject(group), position, afterSeq, (message) => {
      const seq = message.info.streamSequence;
      // An ordered consumer never skips or repeats; if it ever did, applying would fork the state.
      assert(seq > lastSeq, `log ${group}: sequence ${seq} after ${lastSeq}`);
      lastSeq = seq;
      onEntry(decodeEntry(seq, message.info.timestampNanos, message.headers, message.data));
    }, onNotice, () => this.lastSeq(group));
  }

  /** Calls onOutcome for each outcome addressed to the gateway from now on. */
  async followOutcomes(gatewayId: string, onOutcome: (answer: AnsweredOutcome) => void, onNotice?: (notice: string) => void): Promise<Follower> {
    return await this.followStream(outcomeStream, gatewayOutcomes(gatewayId), { deliver_policy: DeliverPolicy.New }, 0, (message) => {
      const tokens = message.subject.split('.');
      onOutcome({ logSeq: Number(message.headers?.get(header.logSeq)), group: tokens[3]!, requestId: tokens[4]!, outcome: decodeOutcome(message.data) });
    }, onNotice);
  }

  /**
   * An ordered consumer that is re-created from the sequence after the last one handled whenever it stalls.
   * The client library does not always recover by itself: when the server hosting an ordered consumer dies
   * (it lives on the stream leader's node), the client may wait for ever, sometimes reporting missed
   * heartbeats, sometimes reporting nothing (seen with @nats-io/jetstream 3.4 and nats-server 2.9). So a
   * watchdog asks the consumer, after a quiet interval, whether it has pending messages it is not delivering
   * (or whether it exists at all). Re-creating from lastSeq + 1 can neither skip nor repeat a message.
   *
   * The consumer's own answer is not enough: it is a single replica (R1) on one node, and its pending count is that
   * node's copy of the stream. On a replica that lags or stopped catching up after a leader change it reports
   * nothing pending and delivers nothing, for as long as the replica stays behind. So when streamEnd is given
   * (where the stream leader says the filter ends), a sequence that was in the stream one quiet interval ago and is
   * still not delivered also counts as a stall. An error of the consumer itself (not of the handler) re-creates it
   * too: a follower stops only when stopped or when its handler threw.
   */
  private async followStream(
    stream: string, filter: string, initial: { deliver_policy: DeliverPolicy; opt_start_seq?: number }, afterSeq: number,
    handle: (message: JsMsg) => void, onNotice?: (notice: string) => void, streamEnd?: () => Promise<number>,
  ): Promise<Follower> {
    let lastStreamSeq = afterSeq;
    let stopped = false;
    const open = (): Promise<{ consumer: Consumer; messages: ConsumerMessages }> => retrying(`following ${filter}`, consumerCreateDeadlineMs, async () => {
      const position = lastStreamSeq > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: lastStreamSeq + 1 } : initial;
      const consumer = await this.connection.js.consumers.get(stream, { filter_subjects: filter, ...position });
      return { consumer, messages: await consumer.consume({ max_messages: consumerBufferMessagesMax, expires: consumerExpiresMs }) };
    });
    let current = await open();
    let delivered = false;
    let checking = false;
    /** A sequence the stream leader had at the last quiet check; still undelivered at the next one is a stall. */
    let awaitedSeq = 0;
    const stall = (why: string): void => {
      if (stopped) return;
      awaitedSeq = 0;
      onNotice?.(JSON.stringify({ type: 'stalled', filter, lastSeq: lastStreamSeq, why }));
      void current.messages.close();
    };
    const check = async (watched: typeof current): Promise<void> => {
      if (awaitedSeq > lastStreamSeq) return stall(`sequence ${awaitedSeq} is in the stream but was not delivered in ${followerStallCheckMs} ms`);
      let info;
      try {
        info = await watched.consumer.info();
      } catch (error) {
        if (watched === current) stall((error as Error).message);
        return;
      }
      if (delivered || watched !== current) return;
      if (info.num_pending > 0) return stall(`${info.num_pending} pending, none delivered`);
      // Where the leader says the stream ends; unknown while it elects one (the next check asks again).
      const endSeq = await streamEnd?.().catch(() => 0) ?? 0;
      if (!delivered && watched === current && endSeq > lastStreamSeq) awaitedSeq = endSeq;
    };
    const watchdog = setInterval(() => {
      if (delivered || checking) {
        if (delivered) awaitedSeq = 0;
        delivered = false;
        return;
      }
      checking = true;
      void check(current).finally(() => { checking = false; });
    }, followerStallCheckMs);
    const done = (async () => {
      try {
        for (;;) {
          const { messages } = current;
          watchNotices(messages, (type, notice) => {
            onNotice?.(notice);
            if (type === 'heartbeats_missed') stall('heartbeats missed');
          });
          let handlerFailed = false;
          try {
            for await (const message of messages) {
              try {
                handle(message);
              } catch (error) {
                handlerFailed = true;
                await messages.close();
                throw error;
              }
              lastStreamSeq = message.info.streamSequence;
              delivered = true;
            }
          } catch (error) {
            if (handlerFailed) throw error;
            if (stopped) return;
            // The library gave up on the consumer (e.g. it could not re-create it during an election): we re-create it.
            onNotice?.(JSON.stringify({ type: 'consumerFailed', filter, lastSeq: lastStreamSeq, why: (error as Error).message }));
            await sleep(publishRetryMs);
          }
          if (stopped) return;
          onNotice?.(JSON.stringify({ type: 'recreating', filter, fromSeq: lastStreamSeq + 1 }));
          current = await open();
          if (stopped) await current.messages.close();
        }
      } finally {
        clearInterval(watchdog);
      }
    })();
    done.catch(() => undefined);
    return { done, stop: async () => { stopped = true; await current.messages.close(); await done.catch(() => undefined); } };
  }
}
