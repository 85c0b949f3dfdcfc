// Child process of the crash test: trades on a data directory with the history recorder attached until the
// parent kills it (SIGKILL, at whatever point the recorder's transactions have reached).

import { HistoryRecorder } from '../recorder.js';
import { burst, openService, startSession } from './session.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: crash-child.ts DATA_DIR');
const service = await openService(dir);
HistoryRecorder.attach(service, { dataDir: dir });
const session = await startSession(service, 21);
for (let round = 0; ; round++) {
  await session.simulation.run(20);
  await burst(session, 300, round);
}
