/**
 * The SECC process of `bench:secc`: one `startSeccStation` on [::1] with DIN 70121 and ISO 15118-2 (DC), TLS 1.2 as
 * well when credentials are given, and a simulated DC power stage per session. The stage's insulation test and
 * PreCharge ramp are made fast so a session's setup takes milliseconds; its status still reports every 100 ms, as a
 * real stage's would. It measures itself over the window the bench marks: CPU (process.cpuUsage), event loop delay,
 * and memory after a full collection when started with --expose-gc. Run it with --cpu-prof to see where the time goes.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { systemClock } from '../actors/runtime/clock.js';
import { startSeccStation, type SeccStation } from '../actors/stack/secc-station.js';
import { createDcSupplySimulator, type DcSupplySimulator } from '../adapters/simulators/dc-supply.js';
import { seccSettingsFor } from '../cli/protocol-choice.js';
import type { SessionOutcome } from '../machines/session/events.js';
import { collector } from './measure.js';
import type { FromStation, StationMemory, ToStation } from './secc-bench-ipc.js';
import { TallyCounter } from './tally.js';

/** The demo's 150 kW stage, with a 50 ms insulation test and a ramp that reaches any PreCharge target in a tick. */
const STAGE = { maxVoltage: 500, maxCurrent: 300, maxPower: 150_000, minVoltage: 150, minCurrent: 0, isolationCheckMs: 50, rampVoltsPerSecond: 100_000 } as const;
/** After SessionStop the station closes each channel, which settles its outcome within moments. */
const OUTCOME_BOUND_MS = 10_000;

function post(message: FromStation): void {
  process.send?.(message);
}

function memory(): StationMemory {
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

let station: SeccStation | undefined;
const supplies: DcSupplySimulator[] = [];
const outcomes: Promise<SessionOutcome>[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
let windowCpu = process.cpuUsage();
let windowStart = process.hrtime.bigint();

async function handle(message: ToStation): Promise<void> {
  switch (message.type) {
    case 'start': {
      station = await startSeccStation({
        host: '::1',
        sdpPort: 0,
        protocols: ['din', 'iso2'],
        tls: message.tls ? { credentials: message.tls } : undefined,
        evseId: 'DE*KPH*E0000001',
        settings: seccSettingsFor('dc'),
        powerModule: () => {
          const supply = createDcSupplySimulator({ clock: systemClock, ...STAGE });
          supplies.push(supply);
          return supply;
        },
      });
      station.sessions$.subscribe((session) => outcomes.push(session.outcome));
      post({ type: 'listening', address: station.tlsAddress ?? station.address, idle: memory() });
      return;
    }
    case 'windowStart':
      loopDelay.reset();
      loopDelay.enable();
      windowCpu = process.cpuUsage();
      windowStart = process.hrtime.bigint();
      return;
    case 'windowEnd': {
      const cpu = process.cpuUsage(windowCpu);
      const wallMs = Number(process.hrtime.bigint() - windowStart) / 1e6;
      loopDelay.disable();
      post({ type: 'window', cpuMicros: cpu.user + cpu.system, systemMicros: cpu.system, wallMs, memory: memory(), loopDelayP99Ms: loopDelay.percentile(99) / 1e6 });
      return;
    }
    case 'close': {
      const tally = new TallyCounter();
      const unsettled: SessionOutcome = { result: 'failed', reason: `no outcome within ${OUTCOME_BOUND_MS} ms` };
      for (const outcome of await Promise.all(outcomes.map((o) => within(o, OUTCOME_BOUND_MS, unsettled)))) {
        if (outcome.result === 'stopped') tally.succeeded();
        else tally.failed(`${outcome.result}${outcome.reason ? `: ${outcome.reason}` : ''}`);
      }
      await station?.close();
      for (const supply of supplies) supply.stop();
      post({ type: 'closed', sessions: tally.tally() });
      process.disconnect?.();
      return;
    }
  }
}

process.on('message', (message: ToStation) => {
  handle(message).catch((error: unknown) => {
    console.error(`SECC process: ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
});
