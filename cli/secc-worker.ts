/**
 * A worker process of `kopher-v2g secc --workers N`: forked by the command's cluster primary, it serves its share of
 * the connections with the sessions the command line chose, and writes their lines itself (the output is shared).
 */
import { serveAsSeccWorker } from '../actors/stack/secc-cluster-worker.js';
import { servedSessions, type SeccSessionChoice } from './secc-sessions.js';

serveAsSeccWorker<SeccSessionChoice>(({ data }) => {
  const sessions = servedSessions(data);
  return { station: sessions.options, serving: (servers) => sessions.watch(servers) };
});
