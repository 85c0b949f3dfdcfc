// The journal's public surface, for the server pipeline and the crash tests (README.md describes each).

export { decodeAdmin, encodeAdmin, type AdminCommand } from './admin-codec.js';
export { commandBytesMax, decodeCommand, encodeCommand, type ExchangeCommand } from './codec.js';
export { JournalBackpressureError, JournalCorruptError, JournalFailedError } from './errors.js';
export type { JournalRecord } from './format.js';
export { statsOfDataDir, verifyDataDir, type StatsReport, type VerifyReport } from './inspect.js';
export { journalDir, snapshotDir } from './paths.js';
export { collectRecords, listSegments, openJournal, type JournalInfo, type OpenOptions } from './reader.js';
export { RecordType, recordTypeName } from './record-types.js';
export type { RecordVisitor, SegmentScan, TornTail } from './scan.js';
export {
  listSnapshots,
  loadNewestSnapshot,
  loadSnapshot,
  pruneSnapshots,
  writeSnapshot,
  type LoadedSnapshot,
  type NewestSnapshot,
  type SkippedSnapshot,
} from './snapshot-store.js';
export { JournalWriter, type AppendRecord, type WriterOptions, type WriterStats } from './writer.js';
