/**
 * The DIN SPEC 70121 SECC (DC, EIM): the charger's side of the session, started once the supportedAppProtocol handshake
 * chose DIN: the SECC kit (../session/secc/secc-session-kit.ts) with DIN's message adapter and chart. Its states are
 * DIN SPEC 70121's SECC states as EVerest names them (`din_states[]`), in PascalCase; each accepts the requests of its
 * row, answered by its handlers (secc/din-secc-handlers.ts, one file per message) from the power module's EvseStatus that came with the request, which also
 * asks the power module for what the request implies (isolation test, precharge, contactors, current). Whatever no
 * state takes, and every FAILED answer, is the kit's business.
 */
import type { BodyType, responseCodeType } from '../../codecs/exi/generated/din.types.js';
import { looping, on, polled, stay, to, waiting, when } from '../session/secc/secc-chart.js';
import type { SeccMessageAdapter } from '../session/secc/secc-message-adapter.js';
import { seccSessionMachine } from '../session/secc/secc-session-kit.js';
import type { DinSeccInput } from './din-input.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';
import { bodyName, dinMessage, type DinChannelMessage, type DinRequestName } from './din-messages.js';
import { failedBody } from './secc/din-failed-response.js';
import { initialDinFacts, type DinSeccFacts } from './secc/din-secc-facts.js';
import { seccAnswer } from './secc/din-secc-handlers.js';

const DIN_SECC: SeccMessageAdapter<DinChannelMessage, DinSeccInput, DinSeccFacts> = {
  envelope: {
    wrap: (sessionId, body) => v2gDocument('din', dinMessage(sessionId, body as BodyType)),
    unwrap: ({ document: message }) => {
      const name = bodyName(message);
      if (name === undefined) return { ok: false, reason: 'an empty Body is no request; closed without answer' };
      return { ok: true, name, body: message.V2G_Message.Body[name]!, sessionId: message.V2G_Message.Header.SessionID };
    },
  },
  initialFacts: initialDinFacts,
  answer: seccAnswer,
  failed: (type, code, facts) => failedBody(type as DinRequestName, code as responseCodeType, facts),
  wording: {
    refused: (code, request, response, bySequence) => (bySequence ? `${code} in ${response} to ${request}` : `${code} in ${response}`),
    notARequest: (name) => `${name} is no request; closed without answer`,
    channelEnded: (event, reason) => `${event}: ${reason}`,
    stopped: () => 'SessionStop done',
  },
};

/** SessionStopReq, accepted in the states before the charge loop and after it, as EVerest's din_states[] do. */
const SESSION_STOP = on('SessionStopReq', to('stopped'));

/** PowerDelivery(ReadyToChargeState=true) starts the charge loop, =false ends it. */
const POWER_DELIVERY = on('PowerDeliveryReq', when('Start', 'WaitForCurrentDemand'), to('WaitForWeldingDetectionSessionStop'));

export const dinSeccMachine = seccSessionMachine('din-secc', DIN_SECC, 'WaitForSessionSetup', {
  WaitForSessionSetup: waiting(on('SessionSetupReq', to('WaitForServiceDiscovery'))),
  WaitForServiceDiscovery: waiting(on('ServiceDiscoveryReq', to('WaitForServicePaymentSelection')), SESSION_STOP),
  WaitForServicePaymentSelection: waiting(on('ServicePaymentSelectionReq', to('WaitForContractAuthentication')), SESSION_STOP),
  WaitForContractAuthentication: looping(
    'WaitForContractAuthentication',
    polled('ContractAuthenticationReq', 'WaitForChargeParameterDiscovery'),
    SESSION_STOP,
  ),
  WaitForChargeParameterDiscovery: waiting(
    on('ChargeParameterDiscoveryReq', when('noEnergy', 'WaitForSessionStop'), to('WaitForCableCheck')),
    SESSION_STOP,
  ),
  WaitForCableCheck: looping('WaitForCableCheck', polled('CableCheckReq', 'WaitForPreCharge'), SESSION_STOP),
  WaitForPreCharge: waiting(on('PreChargeReq', to('WaitForPreChargePowerDelivery')), SESSION_STOP),
  WaitForPreChargePowerDelivery: looping('WaitForPreChargePowerDelivery', on('PreChargeReq', stay()), POWER_DELIVERY, SESSION_STOP),
  // No SessionStopReq inside the charge loop: the EV ends it with PowerDelivery(ReadyToChargeState=false) first.
  WaitForCurrentDemand: waiting(on('CurrentDemandReq', to('WaitForCurrentDemandPowerDelivery'))),
  WaitForCurrentDemandPowerDelivery: looping('WaitForCurrentDemandPowerDelivery', on('CurrentDemandReq', stay()), POWER_DELIVERY),
  WaitForWeldingDetectionSessionStop: looping('WaitForWeldingDetectionSessionStop', on('WeldingDetectionReq', stay()), SESSION_STOP),
  WaitForSessionStop: waiting(SESSION_STOP),
});
