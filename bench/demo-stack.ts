/**
 * What `kopher-v2g demo --inspect` runs, in process, for the inspector benchmark: an SECC station and EVCCs
 * on loopback with the simulators, every actor watched by one inspector.
 */
import type { InspectionEvent } from 'xstate';
import { scaledClock, systemClock } from '../base/clock.js';
import { runEvcc, type EvccResult } from '../actors/stack/evcc-client.js';
import { startSeccStation, type SeccStation } from '../actors/stack/secc-station.js';
import { simulatedBattery, simulatedSupply, type VehicleScenario } from '../cli/simulation.js';
import type { TimingOverrides } from '../machines/timing/v2g-timers.js';

export interface DemoStack {
  readonly station: SeccStation;
  /** Runs one EVCC to the end of its session (DIN 70121, DC); `inspect` watches it too when given. */
  runEv(inspect?: (event: InspectionEvent) => void): Promise<EvccResult>;
  close(): Promise<void>;
}

export interface DemoStackOptions {
  /** Simulated physics this many times faster than real time (the demo's --speed); default 100. */
  readonly speed?: number;
  /** Each EV's state of charge at the start and its target; default the demo's. */
  readonly scenario?: VehicleScenario;
  /** The EVs' timer overrides, e.g. a tolerant CurrentDemand timeout when many simulated EVs share one host. */
  readonly evTiming?: TimingOverrides;
}

export async function startDemoStack(seccInspect: ((event: InspectionEvent) => void) | undefined, options: DemoStackOptions = {}): Promise<DemoStack> {
  const physics = scaledClock(systemClock, options.speed ?? 100);
  const stops: Array<() => void> = [];
  // Session n's power stage feeds the n-th EV's battery; all EVs start alike, so a race between them changes nothing.
  const batteries: Array<ReturnType<typeof simulatedBattery>> = [];
  const station = await startSeccStation({
    host: '::1',
    sdpPort: 0,
    protocols: ['din'],
    evseId: 'DE*KPH*E0000001',
    powerModule: (session) => {
      const supply = simulatedSupply(physics, 'dc', batteries[session - 1]);
      stops.push(() => supply.stop());
      return supply;
    },
    inspect: seccInspect,
  });
  let ev = 0;
  return {
    station,
    async runEv(inspect) {
      const battery = simulatedBattery(physics, 'dc', options.scenario);
      stops.push(() => battery.stop());
      batteries.push(battery);
      ev++;
      return runEvcc({
        sdpTarget: '::1',
        sdpPort: station.sdpPort,
        protocols: ['din'],
        vehicle: battery,
        evccId: Uint8Array.of(2, 0, 0, 0, ev >> 8, ev & 0xff),
        settings: {},
        loopInterval: 50,
        timing: options.evTiming,
        inspect,
      });
    },
    async close() {
      await station.close();
      for (const stop of stops) stop();
    },
  };
}
