/**
 * ISO 15118-2 as the EVCC kit (../../session/evcc/) sees it: the one place that wraps a request into -2's
 * V2G_Message and reads a response out of it, the request of each step, the energy the vehicle is told flows, and -2's
 * wording.
 */
import type { BodyType } from '../../../codecs/exi/generated/iso2.types.js';
import type { ResponseElement } from '../../session/evse-verdict.js';
import type { EvccAdapter, EvccEnvelope } from '../../session/evcc/evcc-adapter.js';
import type { VehicleCommand } from '../../../base/vehicle/charging-control.js';
import { acCurrentWithin } from '../../session/evse-limits.js';
import { measuredCharging } from '../../session/evcc/evcc-kit-actions.js';
import { limitsInForce, type Iso2EvccContext, type Iso2EvccStep } from '../evcc-context.js';
import { evccRequest, evccRequestOf } from '../iso2-evcc-requests.js';
import { v2gDocument } from '../../../codecs/exi/v2g-document.js';
import { bodyElement, iso2Message, type Iso2ChannelMessage, type Iso2ResponseEvent } from '../iso2-messages.js';
import { pickSchedule } from '../schedule.js';

/**
 * Energy flows at what the EVSE measured (DC) or, AC having no measurement in -2, at its nominal voltage and the
 * current it allows, on the phases the energy transfer mode names.
 */
function charging(context: Iso2EvccContext): VehicleCommand {
  const { evse, vehicle, input } = context;
  if (input.mode === 'dc') return measuredCharging(evse);
  const phases = input.energyTransferMode === 'AC_three_phase_core' ? 3 : 1;
  const current = acCurrentWithin(vehicle.targetCurrent, limitsInForce(context), evse.nominalVoltage * phases);
  return { type: 'charging', active: true, voltage: evse.nominalVoltage, current, phases };
}

const envelope: EvccEnvelope<Iso2ChannelMessage, BodyType, Iso2ResponseEvent> = {
  wrap: (sessionId, body) => v2gDocument('iso2', iso2Message(sessionId, body)),
  unwrap({ document: message }) {
    const element = bodyElement(message);
    if (!element.ok) return element;
    const { name, value, sessionId } = element;
    return { ok: true, name, element: value as ResponseElement, sessionId, event: { type: name, body: value, sessionId } as Iso2ResponseEvent };
  },
};

export const ISO2_EVCC_ADAPTER: EvccAdapter<Iso2EvccContext, Iso2ChannelMessage, BodyType, Iso2ResponseEvent, Iso2EvccStep> = {
  envelope,
  requestOf: (step, context) => evccRequestOf(step, context).request,
  build: (context, step) => evccRequest(context, evccRequestOf(step, context)),
  // A ChargeParameterDiscoveryRes brings the schedule whose PMax caps the power; later the one chosen does.
  limits: (context, response) =>
    limitsInForce(context, response?.type === 'ChargeParameterDiscoveryRes' ? pickSchedule(response.body.SAScheduleList) : context.schedule),
  dc: (context) => context.input.mode === 'dc',
  charging,
  wording: {
    unexpected: (received, expected) => `${received} received, ${expected} expected`,
    otherSession: (_, received, session) => `SessionID ${received} is not the session's ${session}`,
    ongoingTimeout: (step) => `V2G_EVCC_Ongoing_Timeout in ${step}`,
    channelEnd: (type, reason) => `${type === 'channel.closed' ? 'channel closed' : 'invalid message'}: ${reason}`,
  },
};
