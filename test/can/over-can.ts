/**
 * What the CAN session tests share: the example matrix, an EVCC run with a vehicle on CAN against a test station,
 * and the DC_EVStatus the EV sent, to tell where a fault turned EVReady off.
 */
import { readFileSync } from 'node:fs';
import { runEvcc, type EvccResult } from '../../actors/stack/evcc-client.js';
import type { LoggedMessage } from '../../actors/stack/message-log.js';
import { parseMapping } from '../../adapters/can/mapping.js';
import type { VehicleAdapter } from '../../adapters/vehicle/vehicle-adapter.js';
import { evccSettingsFor, type DemoProtocol } from '../../cli/protocol-choice.js';
import { EXAMPLE_DBC, EXAMPLE_MAP } from '../../cli/vehicle-network.js';
import { parseDbc } from '../../codecs/can/dbc.js';
import { within } from '../shared/async.js';
import { EVCC_ID, LOOP_INTERVAL, QUICK_SDP } from '../stack/harness.js';

export const EXAMPLE = parseDbc(readFileSync(EXAMPLE_DBC, 'utf8'));
export const EXAMPLE_NETWORK = parseMapping(readFileSync(EXAMPLE_MAP, 'utf8'), EXAMPLE);

/** One EVCC run of `choice` with `vehicle`, bounded by `boundMs`. */
export function chargeWith(vehicle: VehicleAdapter, sdpPort: number, choice: DemoProtocol, boundMs: number, onMessage?: (m: LoggedMessage) => void): Promise<EvccResult> {
  const { protocol, settings } = evccSettingsFor(choice);
  return within(
    runEvcc({ sdpTarget: '::1', sdpPort, sdpTiming: QUICK_SDP, protocols: [protocol], evccId: EVCC_ID, settings, loopInterval: LOOP_INTERVAL, vehicle, onMessage }),
    `EV over CAN with ${choice}`,
    boundMs,
  );
}

interface DcEvStatus {
  readonly EVReady: boolean;
  readonly EVErrorCode: string;
}

/** `EVReady EVErrorCode` of every request the EV sent that carries a DC_EVStatus, in order. */
export function evStatuses(messages: readonly LoggedMessage[]): string[] {
  return messages.flatMap((m) => {
    if (m.dir !== 'EV->EVSE') return [];
    const body = (m.message as { V2G_Message?: { Body: Record<string, { DC_EVStatus?: DcEvStatus; DC_EVPowerDeliveryParameter?: { DC_EVStatus: DcEvStatus } }> } }).V2G_Message?.Body[m.name];
    const status = body?.DC_EVStatus ?? body?.DC_EVPowerDeliveryParameter?.DC_EVStatus;
    return status ? [`${status.EVReady} ${status.EVErrorCode}`] : [];
  });
}

/** All well before the fault; from the first request after it on, every DC_EVStatus says not ready, `code`. */
export function faultedFromSomePoint(statuses: readonly string[], code: string): boolean {
  const from = statuses.indexOf(`false ${code}`);
  return from > 0 && statuses.slice(0, from).every((s) => s === 'true NO_ERROR') && statuses.slice(from).every((s) => s === `false ${code}`);
}
