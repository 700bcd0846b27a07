/**
 * A worker of the SECC under test when `bench:secc` runs with `--workers` above 1: the bench's sessions
 * (bench/secc-measured.ts) on its share of the connections, measuring itself, and answering the primary's questions
 * (its idle memory, its window figures, how its sessions ended).
 */
import { serveAsSeccWorker } from '../actors/stack/secc-cluster-worker.js';
import type { FromClusterWorker, ToClusterWorker } from './secc-bench-ipc.js';
import { BenchSessions, memory, WindowMeter } from './secc-measured.js';

serveAsSeccWorker<null, ToClusterWorker, FromClusterWorker>(({ messages$ }) => {
  const sessions = new BenchSessions();
  const meter = new WindowMeter();
  return {
    station: sessions.options,
    serving: (servers, post) => {
      sessions.follow(servers);
      messages$.subscribe((message) => {
        switch (message.type) {
          case 'idle':
            return post({ type: 'idle', memory: memory() });
          case 'windowStart':
            return meter.open();
          case 'windowEnd':
            return post({ type: 'window', figures: meter.close() });
          case 'tally':
            void sessions.tally().then((tally) => post({ type: 'tally', sessions: tally }));
            return;
        }
      });
    },
    closed: () => sessions.stop(),
  };
});
