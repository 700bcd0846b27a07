/**
 * What `kopher-v2g secc` does in every process that serves sessions, the station itself or each of its workers with
 * `--workers`: a simulated power stage per session, and a line per state and a summary (or a JSON line) per session.
 */
import { scaledClock, systemClock } from '../base/clock.js';
import type { SeccWorkerStationOptions } from '../actors/stack/secc-cluster-worker.js';
import type { SeccServers } from '../actors/stack/secc-station.js';
import { isIso20Session, type SessionProtocol } from '../actors/stack/session-machines.js';
import { writeOut } from './io.js';
import { stackLog } from './stack-log.js';
import { evSocOf, followStates, formatChargingSample, LiveView } from './live-status.js';
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
  readonly dinEvseId: string;
  readonly json: boolean;
  /** The simulated stage's limits given on the command line; the rest are the mode's defaults. */
  readonly stage?: StageLimits;
  /** `--strict`: the EVs' messages in conformance mode. */
  readonly strict: boolean;
  /** The stack's routine lines on stderr too (--verbose). */
  readonly verbose: boolean;
}

export interface ServedSessions {
  readonly options: SeccWorkerStationOptions;
  /** Reports each session of `servers` as it runs and when it ends. */
  watch(servers: SeccServers): void;
}

export function servedSessions(choice: SeccSessionChoice): ServedSessions {
  const physics = scaledClock(systemClock, choice.speed);
  const supplies = new Map<number, SimulatedSupply>();
  /** The SoC each session's EV last reported (DC only). */
  const socs = new Map<number, number>();
  // The status line shows every session that draws current now, by its number.
  const view = choice.json
    ? undefined
    : new LiveView(process.stdout, () => {
        const flowing = [...supplies].filter(([, supply]) => supply.status.presentCurrent > 0);
        if (flowing.length === 0) return undefined;
        return flowing
          .map(([index, { status }]) => {
            const phases = 'phases' in status && typeof status.phases === 'number' ? status.phases : 1;
            const powerW = status.presentVoltage * status.presentCurrent * phases;
            return `#${index} ${formatChargingSample({ soc: socs.get(index), voltage: status.presentVoltage, current: status.presentCurrent, powerW, energyWh: status.meterWh })}`;
          })
          .join(' | ');
      });
  return {
    options: {
      protocols: choice.protocols,
      evseId: choice.evseId,
      dinEvseId: choice.dinEvseId,
      settings: seccSettingsFor(choice.mode),
      powerModule: (index) => {
        // A station that runs ISO 15118-20 offers BPT (seccSettingsFor): its stage takes energy back too.
        const supply = simulatedSupply(physics, choice.mode, undefined, choice.stage, choice.protocols.some(isIso20Session));
        supplies.set(index, supply);
        return supply;
      },
      keepMessages: true,
      strict: choice.strict,
      log: stackLog(choice.verbose),
    },
    watch(servers) {
      servers.sessions$.subscribe((session) => {
        const start = systemClock.now();
        if (view) {
          session.actors$.subscribe(({ layer, actor }) => followStates(actor, `#${session.index} ${layer}`, start, systemClock.now, () => '', view.line));
          session.messages$.subscribe((m) => {
            const soc = m.dir === 'EV->EVSE' ? evSocOf(m.message) : undefined;
            if (soc !== undefined) socs.set(session.index, soc);
          });
        }
        void session.outcome.then(async (outcome) => {
          const protocol = (await session.protocol) ?? 'no protocol';
          const supply = supplies.get(session.index);
          supplies.delete(session.index);
          socs.delete(session.index);
          supply?.stop();
          const energyWh = Math.round((supply?.status.meterWh ?? 0) * 10) / 10;
          const energyDischargedWh = Math.round((supply?.status.meterReturnedWh ?? 0) * 10) / 10;
          if (choice.json) {
            await writeOut(`${JSON.stringify({ session: session.index, protocol, result: outcome.result, ...(outcome.reason ? { reason: outcome.reason } : {}), energyWh, energyDischargedWh, messages: session.messages.length })}\n`);
          } else {
            await writeOut(formatSummary({ protocol: `#${session.index} ${protocol}`, result: outcome.result, reason: outcome.reason, energyWh, energyDischargedWh, messages: session.messages, seconds: (systemClock.now() - start) / 1000 }));
          }
        });
      });
    },
  };
}
