// Where the journal and snapshots live under the server's data directory. The server, the operator commands
// and the crash tests all go through these two functions, so the layout is decided once.

import { join } from 'node:path';

export function journalDir(dataDir: string): string {
  return join(dataDir, 'journal');
}

export function snapshotDir(dataDir: string): string {
  return join(dataDir, 'snapshots');
}
