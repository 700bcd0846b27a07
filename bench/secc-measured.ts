/**
 * What every process that serves sessions in `bench:secc` does, the single SECC process and each worker of a cluster
 * alike: the bench's sessions (DIN 70121 and ISO 15118-2 DC, a fast simulated DC stage per session), their outcomes
 * counted at the end, and its own CPU, event loop delay and memory over the window.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { systemClock } from '../base/clock.js';
import type { SeccWorkerStationOptions } from '../actors/stack/secc-cluster-worker.js';
import type { SeccServers } from '../actors/stack/secc-station.js';
import type { StationLimits } from '../actors/stack/station-limits.js';
import { createDcSupplySimulator, type DcSupplySimulator } from '../adapters/simulators/dc-supply.js';
import { seccSettingsFor } from '../cli/protocol-choice.js';
import type { SessionOutcome } from '../machines/session/session-events.js';
import { collector } from './measure.js';
import type { StationMemory, Tally, WindowFigures } from './secc-bench-ipc.js';
import { TallyCounter } from './tally.js';

/** The demo's 150 kW stage, with a 50 ms insulation test and a ramp that reaches any PreCharge target in a tick. */
const STAGE = { maxVoltage: 500, maxCurrent: 300, maxPower: 150_000, minVoltage: 150, minCurrent: 0, isolationCheckMs: 50, rampVoltsPerSecond: 100_000 } as const;
/** After SessionStop the station closes each channel, which settles its outcome within moments. */
const OUTCOME_BOUND_MS = 10_000;

export function memory(): StationMemory {
  const collect = collector();
  collect?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed, collected: collect !== undefined };
}

function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Every EVCC of the bench dials from ::1, a thousand at once: the station's limits, made for the EVs at a station's
 * connectors, are lifted.
 */
export const BENCH_LIMITS: StationLimits = { maxConnections: Infinity, maxConnectionsPerPeer: Infinity, maxSessions: Infinity };

/** The sessions one process serves: their options, then their outcomes. */
export class BenchSessions {
  private readonly supplies: DcSupplySimulator[] = [];
  private readonly outcomes: Promise<SessionOutcome>[] = [];

  readonly options: SeccWorkerStationOptions = {
    protocols: ['din', 'iso2', 'iso20-dc'],
    evseId: 'DE*KPH*E0000001',
    settings: seccSettingsFor('dc'),
    powerModule: () => {
      const supply = createDcSupplySimulator({ clock: systemClock, ...STAGE });
      this.supplies.push(supply);
      return supply;
    },
  };

  follow(servers: SeccServers): void {
    servers.sessions$.subscribe((session) => this.outcomes.push(session.outcome));
  }

  /** How every session ended; one still open after the bound counts as failed. */
  async tally(): Promise<Tally> {
    const tally = new TallyCounter();
    const unsettled: SessionOutcome = { result: 'failed', reason: `no outcome within ${OUTCOME_BOUND_MS} ms` };
    for (const outcome of await Promise.all(this.outcomes.map((o) => within(o, OUTCOME_BOUND_MS, unsettled)))) {
      if (outcome.result === 'stopped') tally.succeeded();
      else tally.failed(`${outcome.result}${outcome.reason ? `: ${outcome.reason}` : ''}`);
    }
    return tally.tally();
  }

  /** The stages' status ticks are timers: stopped, they let the process leave. */
  stop(): void {
    for (const supply of this.supplies) supply.stop();
  }
}

/** This process's own CPU and event loop delay over the window, and its memory at the end of it. */
export class WindowMeter {
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 1 });
  private cpu = process.cpuUsage();
  private start = process.hrtime.bigint();

  open(): void {
    this.loopDelay.reset();
    this.loopDelay.enable();
    this.cpu = process.cpuUsage();
    this.start = process.hrtime.bigint();
  }

  close(): WindowFigures {
    const cpu = process.cpuUsage(this.cpu);
    const wallMs = Number(process.hrtime.bigint() - this.start) / 1e6;
    this.loopDelay.disable();
    return { cpuMicros: cpu.user + cpu.system, systemMicros: cpu.system, wallMs, memory: memory(), loopDelayP99Ms: this.loopDelay.percentile(99) / 1e6 };
  }
}
