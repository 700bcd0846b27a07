/**
 * The vehicle network as an actor the inspector shows beside the session's machines: its context is the network's
 * view (each supervised message with its latest signal values, when it was last seen, its timeout and whether it ran
 * out; what the EVCC sends; the extras; the faults). A transition actor holding the latest view, fed from the
 * adapter, so it stays pure; views come at most every `periodMs` (frames arrive every few ms) and at once on a fault.
 */
import { createActor, fromTransition, type InspectionEvent } from 'xstate';
import type { Clock } from '../../base/clock.js';
import type { CanVehicle, VehicleNetworkView } from '../../adapters/can/can-vehicle.js';

export type VehicleNetworkEvent = { readonly type: 'network.view'; readonly view: VehicleNetworkView };

export const vehicleNetworkLogic = fromTransition(
  (_: VehicleNetworkView | undefined, event: VehicleNetworkEvent): VehicleNetworkView | undefined => event.view,
  undefined as VehicleNetworkView | undefined,
);

export interface VehicleNetworkInspection {
  stop(): void;
}

/** The default pace of views: a few a second, enough to watch values change without flooding the event log. */
const PERIOD_MS = 250;

export function inspectVehicleNetwork(vehicle: CanVehicle, options: { readonly inspect: (event: InspectionEvent) => void; readonly clock: Clock; readonly id?: string; readonly periodMs?: number }): VehicleNetworkInspection {
  const { clock } = options;
  const actor = createActor(vehicleNetworkLogic, { inspect: options.inspect, id: options.id ?? 'evcc/vehicle-network' });
  actor.start();
  let timer: unknown;
  let faults = 0;
  const post = (): void => {
    timer = undefined;
    faults = vehicle.faults.length;
    actor.send({ type: 'network.view', view: vehicle.view() });
  };
  post();
  const changes = vehicle.changes$.subscribe(() => {
    if (vehicle.faults.length !== faults) {
      if (timer !== undefined) clock.clearTimeout(timer);
      return post();
    }
    timer ??= clock.setTimeout(post, options.periodMs ?? PERIOD_MS);
  });
  return {
    stop() {
      changes.unsubscribe();
      if (timer !== undefined) clock.clearTimeout(timer);
      actor.stop();
    },
  };
}
