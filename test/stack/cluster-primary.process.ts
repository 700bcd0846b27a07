/**
 * A cluster station's primary in a process of its own (cluster.test.ts), so that the test can kill it outright and
 * see what becomes of its workers: it starts two, prints its own and their process IDs as one JSON line, and serves
 * until it is killed.
 */
import { startSeccCluster } from '../../actors/stack/secc-cluster.js';
import type { ClusterTestData } from './cluster-station.worker.js';

const bound = Number(process.argv[2]);
const station = await startSeccCluster<ClusterTestData>({
  workers: 2,
  workerModule: new URL('./cluster-station.worker.js', import.meta.url),
  workerData: { mode: 'dc' },
  host: '::1',
  sdpPort: 0,
  startBoundMs: bound,
});
process.stdout.write(`${JSON.stringify({ primary: process.pid, workers: [...station.workers().values()] })}\n`);
