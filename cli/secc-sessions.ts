/**
 * What `kopher-v2g secc` does in every process that serves sessions, the station itself or each of its workers with
 * `--workers`: a simulated power stage per session, and a line per state and a summary (or a JSON line) per session.
 */
import { scaledClock, systemClock } from '../actors/runtime/clock.js';
import type { SeccWorkerStationOptions } from '../actors/stack/secc-cluster-worker.js';
import type { SeccServers } from '../actors/stack/secc-station.js';
import type { SessionProtocol } from '../actors/stack/session-machines.js';
import { writeErr, writeOut } from './io.js';
import { followStates } from './live-status.js';
import { seccSettingsFor } from './protocol-choice.js';
import { simulatedSupply, type SimulatedSupply, type StageLimits } from './simulation.js';
import { formatSummary } from './summary.js';

/** The command line's choices for the sessions; JSON-safe, as a cluster hands it to its workers. */
export interface SeccSessionChoice {
  readonly mode: 'ac' | 'dc';
  /** Simulated physics this many times faster than real time. */
  readonly speed: number;
  readonly protocols: readonly SessionProtocol[];
  readonly evseId: string;
  readonly json: boolean;
  /** The simulated stage's limits given on the command line; the rest are the mode's defaults. */
  readonly stage?: StageLimits;
  /** `--strict`: the EVs' messages in conformance mode. */
  readonly strict: boolean;
}

export interface ServedSessions {
  readonly options: SeccWorkerStationOptions;
  /** Reports each session of `servers` as it runs and when it ends. */
  watch(servers: SeccServers): void;
}

export function servedSessions(choice: SeccSessionChoice): ServedSessions {
  const physics = scaledClock(systemClock, choice.speed);
  const supplies = new Map<number, SimulatedSupply>();
  return {
    options: {
      protocols: choice.protocols,
      evseId: choice.evseId,
      settings: seccSettingsFor(choice.mode),
      powerModule: (index) => {
        const supply = simulatedSupply(physics, choice.mode, undefined, choice.stage);
        supplies.set(index, supply);
        return supply;
      },
      keepMessages: true,
      strict: choice.strict,
      log: (line) => writeErr(`${line}\n`),
    },
    watch(servers) {
      servers.sessions$.subscribe((session) => {
        const start = systemClock.now();
        if (!choice.json) session.actors$.subscribe(({ layer, actor }) => followStates(actor, `#${session.index} ${layer}`, start, systemClock.now, () => '', (l) => void writeOut(l)));
        void session.outcome.then(async (outcome) => {
          const protocol = (await session.protocol) ?? 'no protocol';
          const supply = supplies.get(session.index);
          supplies.delete(session.index);
          supply?.stop();
          const energyWh = Math.round((supply?.status.meterWh ?? 0) * 10) / 10;
          if (choice.json) {
            await writeOut(`${JSON.stringify({ session: session.index, protocol, result: outcome.result, ...(outcome.reason ? { reason: outcome.reason } : {}), energyWh, messages: session.messages.length })}\n`);
          } else {
            await writeOut(formatSummary({ protocol: `#${session.index} ${protocol}`, result: outcome.result, reason: outcome.reason, energyWh, messages: session.messages, seconds: (systemClock.now() - start) / 1000 }));
          }
        });
      });
    },
  };
}
