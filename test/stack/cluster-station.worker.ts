/**
 * A worker of the cluster station under test (cluster.test.ts): the stack harness's sessions (DIN 70121 and
 * ISO 15118-2, a simulated stage per session on fast physics) in a process of its own, reporting how each session
 * ended and on which worker, since the test cannot see another process's sessions.
 */
import { serveAsSeccWorker } from '../../actors/stack/secc-cluster-worker.js';
import type { SessionOutcome } from '../../machines/session/session-events.js';
import { seccSettingsFor } from '../../cli/protocol-choice.js';
import { simulatedSupply, type SimulatedSupply } from '../../cli/simulation.js';
import { physicsClock } from './harness.js';

export interface ClusterTestData {
  readonly mode: 'ac' | 'dc';
}

/** One session of one worker, once it ended. */
export interface ClusterTestReport {
  readonly slot: number;
  readonly index: number;
  readonly result: SessionOutcome['result'];
  readonly reason?: string;
}

serveAsSeccWorker<ClusterTestData, never, ClusterTestReport>(({ slot, data }) => {
  const physics = physicsClock();
  const supplies: SimulatedSupply[] = [];
  return {
    station: {
      protocols: ['din', 'iso2'],
      evseId: 'DE*KPH*E0000001',
      settings: seccSettingsFor(data.mode),
      powerModule: () => {
        const supply = simulatedSupply(physics, data.mode);
        supplies.push(supply);
        return supply;
      },
    },
    serving: (servers, post) =>
      servers.sessions$.subscribe((session) => {
        void session.outcome.then(({ result, reason }) => post({ slot, index: session.index, result, reason }));
      }),
    closed: () => {
      for (const supply of supplies) supply.stop();
    },
  };
});
