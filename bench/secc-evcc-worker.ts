/**
 * The EVCC fleet of `bench:secc`, in its own process so the SECC's CPU is measured alone. It opens `sessions`
 * connections to the SECC's V2G port directly (no SDP: discovery is one UDP exchange per plug-in and says nothing
 * about the SECC under load), at most SETUP_CONCURRENCY setting up at once, and runs a scripted EVCC on each
 * (bench/evcc-script.ts). Once every session is in the CurrentDemand loop it records round trips for the window,
 * then stops every session properly when the bench says so.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connectTcp } from '../transport/tcp.js';
import { connectTls } from '../transport/tls.js';
import type { Connection } from '../transport/connection-port.js';
import { STANDARD_TIMING } from '../machines/timing/v2g-timers.js';
import { dinScript } from './din-script.js';
import type { EvccScript } from './evcc-script.js';
import { iso2Script } from './iso2-script.js';
import { iso20Script } from './iso20-script.js';
import { takeBenchMessages } from './bench-messages.js';
import { LatencyRecorder } from './latency.js';
import { runScriptedEvcc } from './scripted-evcc.js';
import type { FleetPlan, FromFleet, ToFleet } from './secc-bench-ipc.js';
import { TallyCounter } from './tally.js';

const SCRIPTS: Readonly<Record<FleetPlan['protocols'][number], EvccScript>> = { din: dinScript, iso2: iso2Script, 'iso20-dc': iso20Script };
/** Sessions connecting and setting up at once: enough to fill 1000 in seconds, few enough for the listen backlog. */
const SETUP_CONCURRENCY = { tcp: 50, 'tls1.2': 10, 'tls1.3': 10 } as const;
const RETRY_MS = 20;
/** Generous: a late answer is a figure to report, not a reason to end the session (see overTimeout). */
const RESPONSE_TIMEOUT_MS = 10_000;
const EV_CURRENT_DEMAND_TIMEOUT_NS = STANDARD_TIMING.iso2.V2G_EVCC_Msg_Timeout.CurrentDemand * 1e6;

function post(message: FromFleet): void {
  process.send?.(message);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function runFleet(plan: FleetPlan, stop: Promise<void>): void {
  const started = process.hrtime.bigint();
  const { tls } = plan;
  const security = tls?.version ?? 'tcp';
  const connect = (): Promise<Connection> =>
    tls === undefined
      ? connectTcp({ host: plan.secc.address, port: plan.secc.port })
      : connectTls({ host: plan.secc.address, port: plan.secc.port, version: tls.version, trustedRoots: [tls.trustedRoot] });
  const latency = new LatencyRecorder();
  const tally = new TallyCounter();
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  let recording = false;
  let stopping = false;
  let settingUp = 0;
  let launched = 0;
  let inLoop = 0;
  let setupFailed = 0;
  const sessions: Promise<void>[] = [];

  let windowCpu = process.cpuUsage();
  let windowStart = process.hrtime.bigint();
  const windowOver = (): void => {
    recording = false;
    loopDelay.disable();
    const cpu = process.cpuUsage(windowCpu);
    post({
      type: 'window',
      latency: latency.summary(),
      wallMs: Number(process.hrtime.bigint() - windowStart) / 1e6,
      overTimeout: latency.countAbove(EV_CURRENT_DEMAND_TIMEOUT_NS),
      cpuMicros: cpu.user + cpu.system,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    });
  };
  const allInLoop = (): void => {
    if (inLoop + setupFailed < plan.sessions) return;
    post({ type: 'inLoop', setupMs: Number(process.hrtime.bigint() - started) / 1e6, failed: setupFailed });
    windowCpu = process.cpuUsage();
    windowStart = process.hrtime.bigint();
    loopDelay.enable();
    recording = true;
    setTimeout(windowOver, plan.windowMs);
  };

  const launch = (): void => {
    while (settingUp < SETUP_CONCURRENCY[security] && launched < plan.sessions) {
      const script = SCRIPTS[plan.protocols[launched % plan.protocols.length]!];
      launched++;
      settingUp++;
      let looping = false;
      const leaveSetup = (): void => {
        settingUp--;
        launch();
        allInLoop();
      };
      const session = (async () => {
        const steps = script.start(security);
        const connection = await connect();
        await runScriptedEvcc({
          session: steps,
          connection,
          loopIntervalMs: plan.loopIntervalMs,
          loopJitter: plan.loopJitter,
          retryMs: RETRY_MS,
          responseTimeoutMs: RESPONSE_TIMEOUT_MS,
          onLoop: () => {
            looping = true;
            inLoop++;
            leaveSetup();
          },
          onCurrentDemand: (ns) => {
            if (recording) latency.add(ns);
          },
          stopping: () => stopping,
        });
      })().then(
        () => tally.succeeded(),
        (error: unknown) => {
          tally.failed(`${script.protocol}: ${reasonOf(error)}`);
          if (looping) return;
          setupFailed++;
          leaveSetup();
        },
      );
      sessions.push(session);
    }
  };

  launch();
  void stop.then(async () => {
    stopping = true;
    // The bench stops the fleet only after the window, which opens once every session was launched: the list is whole.
    await Promise.all(sessions);
    post({ type: 'done', sessions: tally.tally() });
    process.disconnect?.();
  });
}

let stopRequested: () => void = () => undefined;
const stop = new Promise<void>((resolve) => (stopRequested = resolve));
takeBenchMessages((message: ToFleet) => {
  if (message.type === 'start') runFleet(message.plan, stop);
  else stopRequested();
});
