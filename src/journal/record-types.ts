// The record types of the tokex journal. Stored as u16 on disk: never renumber, only add.

export const RecordType = {
  /** A binary-encoded exchange command { symbol, command } (codec.ts). */
  engineCommand: 1,
  /** A JSON admin command { type, ... } (deposits, account creation; admin-codec.ts). */
  admin: 2,
  /** An exchange pipeline command (src/exchange/codec.ts): what the server journals and replays. */
  exchangeCommand: 3,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

const namesByType = new Map<number, string>(Object.entries(RecordType).map(([name, type]) => [type, name]));

export function recordTypeName(type: number): string {
  return namesByType.get(type) ?? `type${type}`;
}
