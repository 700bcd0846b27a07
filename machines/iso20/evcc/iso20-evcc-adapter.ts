/**
 * ISO 15118-20 as the EVCC kit (../../session/evcc/) sees it: requests built with their own Header (the SessionID
 * the kit passes, the run's clock), responses read by their element and Header, the request of each step by the
 * namespace, the EVSE read by -20's names, the energy the vehicle is told flows, and -20's wording.
 */
import type { VehicleCommand } from '../../../base/vehicle/charging-control.js';
import type { EvccAdapter, EvccEnvelope } from '../../session/evcc/evcc-adapter.js';
import { measuredCharging } from '../../session/evcc/evcc-kit-actions.js';
import type { Iso20EvccContext, Iso20EvccStep } from './iso20-evcc-context.js';
import { iso20EvseViewAfter, limitsOfChargeParameters } from './iso20-evcc-evse-view.js';
import { unwrapIso20Response, type Iso20Document, type Iso20ResponseEvent } from './iso20-evcc-messages.js';
import { iso20EvccRequest, iso20EvccRequestOf, type Iso20Request } from './iso20-evcc-requests.js';
import { setpoint } from './iso20-evcc-setpoint.js';

/** The EVSENominalVoltage an AC parameter set states; 230 V (line to neutral) until ServiceDetail said it. */
const DEFAULT_NOMINAL_VOLTAGE = 230;

function phasesOf(context: Iso20EvccContext): number {
  const set = context.parameterSet;
  return set !== undefined && 'connector' in set && set.connector === 'SinglePhase' ? 1 : 3;
}

/**
 * DC: energy flows at what the EVSE measured, signed (negative current: discharging). AC: -20 measures nothing for
 * the EV, so it flows at the power the EV aims for, over the phases of the connector, at the nominal voltage.
 */
function charging(context: Iso20EvccContext): VehicleCommand {
  if (context.input.protocol === 'iso20-dc') return measuredCharging(context.evse);
  const set = context.parameterSet;
  const voltage = set !== undefined && 'evseNominalVoltage' in set ? set.evseNominalVoltage : DEFAULT_NOMINAL_VOLTAGE;
  const phases = phasesOf(context);
  const power = setpoint(context, context.input.clock.now());
  return { type: 'charging', active: true, voltage, current: power / (voltage * phases), phases };
}

/** The power of a charging command, W, signed. */
export function commandPower(command: VehicleCommand): number {
  return command.type === 'charging' && command.active ? command.voltage * command.current * (command.phases ?? 1) : 0;
}

const envelope: EvccEnvelope<Iso20Document, Iso20Request, Iso20ResponseEvent> = {
  wrap: (sessionId, request) => request(sessionId),
  unwrap: unwrapIso20Response,
};

export const ISO20_EVCC_ADAPTER: EvccAdapter<Iso20EvccContext, Iso20Document, Iso20Request, Iso20ResponseEvent, Iso20EvccStep> = {
  envelope,
  requestOf: iso20EvccRequestOf,
  build: iso20EvccRequest,
  // The limits the charger states once, in ChargeParameterDiscoveryRes: the loop's own (Dynamic, BPT) may fall to
  // zero one way while the energy flows the other, which is no reason to end the session.
  limits: (context, response) => {
    if (response?.type !== 'ChargeParameterDiscoveryRes') return context.evse.limits;
    const mode = Object.entries(response.body).find(([key]) => key.endsWith('CPDResEnergyTransferMode'))?.[1] as Readonly<Record<string, unknown>> | undefined;
    return mode === undefined ? undefined : limitsOfChargeParameters(mode);
  },
  dc: (context) => context.input.protocol === 'iso20-dc',
  charging,
  evseView: iso20EvseViewAfter,
  wording: {
    unexpected: (received, expected) => `${received} received, ${expected} expected`,
    otherSession: (response, received, session) => `${response} with SessionID ${received}, not the session's ${session}`,
    ongoingTimeout: (_, request) => `V2G_EVCC_Ongoing_Timeout on ${request}`,
    channelEnd: (type, reason) => `${type === 'channel.closed' ? 'channel closed' : 'invalid message'}: ${reason}`,
  },
};
