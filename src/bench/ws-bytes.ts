// What the gateway benchmark's client and its floor server share: reading a message's first bytes and its id
// without decoding it, and sending so that one turn's messages leave in one write. Both sides must cost as
// little as they can, since they share the machine with what they measure.

import type WebSocket from 'ws';

export function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

/** The decimal digits right after the first occurrence of key, as a number (0 when none). */
export function integerAfter(data: Buffer, key: Buffer): number {
  let value = 0;
  for (let i = data.indexOf(key) + key.length; i < data.length && data[i]! >= 0x30 && data[i]! <= 0x39; i++) value = value * 10 + data[i]! - 0x30;
  return value;
}

/** A send for socket whose texts of one event-loop turn leave in one write (the raw socket corked until the turn ends). */
export function turnCorkedSend(socket: WebSocket): (text: string) => void {
  const raw = (socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    raw.uncork();
  };
  return (text) => {
    if (!corked) {
      corked = true;
      raw.cork();
      process.nextTick(uncork);
    }
    socket.send(text);
  };
}
