/**
 * The ISO 15118-2 SECC session, AC and DC, EIM (ExternalPayment), from SessionSetupReq to SessionStopRes after the
 * supportedAppProtocol handshake: the SECC kit (../session/secc/secc-session-kit.ts) with ISO 15118-2's message
 * adapter and chart. Its states are EVerest's WAIT_FOR_* states (`iso_server.hpp`; the Plug & Charge ones and
 * WAIT_FOR_METERINGRECEIPT come with PnC); each takes the requests of its row, answered by iso2-secc-responses.ts.
 * Whatever no state takes, and every FAILED answer, is the kit's business.
 */
import type { responseCodeType } from '../../codecs/exi/generated/iso2.types.js';
import { looping, on, polled, refuse, stay, to, waiting, when, type SeccRequests } from '../session/secc/secc-chart.js';
import { SECC_WORDING, type SeccMessageAdapter } from '../session/secc/secc-message-adapter.js';
import { seccSessionMachine } from '../session/secc/secc-session-kit.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';
import { bodyElement, iso2Message, type Iso2ChannelMessage, type Iso2RequestName } from './iso2-messages.js';
import { answerTo, minimal } from './iso2-secc-responses.js';
import { initialIso2Facts, type Iso2SeccFacts, type Iso2SeccInput } from './secc-context.js';

export type { Iso2OfferedService, Iso2SeccInput } from './secc-context.js';

const ISO2_SECC: SeccMessageAdapter<Iso2ChannelMessage, Iso2SeccInput, Iso2SeccFacts> = {
  envelope: {
    wrap: (sessionId, body) => v2gDocument('iso2', iso2Message(sessionId, body)),
    unwrap: ({ document: message }) => {
      const element = bodyElement(message);
      return element.ok ? { ok: true, name: element.name, body: element.value, sessionId: element.sessionId } : element;
    },
  },
  initialFacts: initialIso2Facts,
  answer: answerTo,
  failed: (type, code, facts) => minimal(facts, type as Iso2RequestName, code as responseCodeType).body,
  wording: SECC_WORDING,
};

/** SessionStopReq before charging: Terminate ends the session; Pause only after PowerDelivery, as EVerest accepts it. */
const SESSION_STOP_BEFORE_CHARGING = on('SessionStopReq', refuse('Pause', 'FAILED'), to('stopped'));
const SESSION_STOP = on('SessionStopReq', when('Pause', 'paused'), to('stopped'));

/** Where PowerDelivery(Start) and PowerDelivery(Stop) lead in a session of each mode. */
const CHARGING = { dc: 'WaitForCurrentDemand', ac: 'WaitForChargingStatus' } as const;
const AFTER_CHARGING = { dc: 'WaitForWeldingDetectionOrSessionStop', ac: 'WaitForSessionStop' } as const;

/**
 * PowerDeliveryReq in a state of the given modes: only ChargeParameterDiscovery sets the mode, so the DC states
 * (PreCharge, the CurrentDemand loop) and the AC loop each take their own mode's, and WaitForPowerDelivery, which
 * either mode reaches, both. Anything else renegotiates [V2G-813]: new charge parameters and schedule, then
 * PowerDelivery(Start) again.
 */
function powerDelivery(...modes: readonly ('ac' | 'dc')[]): SeccRequests {
  return on(
    'PowerDeliveryReq',
    ...modes.map((mode) => when(`${mode}.Start`, CHARGING[mode])),
    ...modes.map((mode) => when(`${mode}.Stop`, AFTER_CHARGING[mode])),
    to('WaitForChargeParameterDiscovery'),
  );
}

export const iso2SeccMachine = seccSessionMachine('iso2-secc', ISO2_SECC, 'WaitForSessionSetup', {
  WaitForSessionSetup: waiting(on('SessionSetupReq', to('WaitForServiceDiscovery'))),
  WaitForServiceDiscovery: waiting(on('ServiceDiscoveryReq', to('WaitForServiceDetailOrPaymentServiceSelection')), SESSION_STOP_BEFORE_CHARGING),
  WaitForServiceDetailOrPaymentServiceSelection: looping(
    'WaitForServiceDetailOrPaymentServiceSelection',
    on('ServiceDetailReq', stay()),
    on('PaymentServiceSelectionReq', to('WaitForAuthorization')),
    SESSION_STOP_BEFORE_CHARGING,
  ),
  WaitForAuthorization: looping('WaitForAuthorization', polled('AuthorizationReq', 'WaitForChargeParameterDiscovery'), SESSION_STOP_BEFORE_CHARGING),
  WaitForChargeParameterDiscovery: looping(
    'WaitForChargeParameterDiscovery',
    on('ChargeParameterDiscoveryReq', when('renegotiated', 'WaitForPowerDelivery'), when('dc', 'WaitForCableCheck'), when('ac', 'WaitForPowerDelivery'), stay()),
    SESSION_STOP_BEFORE_CHARGING,
  ),
  WaitForCableCheck: looping('WaitForCableCheck', polled('CableCheckReq', 'WaitForPreCharge'), SESSION_STOP_BEFORE_CHARGING),
  WaitForPreCharge: waiting(on('PreChargeReq', to('WaitForPreChargeOrPowerDelivery')), SESSION_STOP_BEFORE_CHARGING),
  WaitForPreChargeOrPowerDelivery: looping('WaitForPreChargeOrPowerDelivery', on('PreChargeReq', stay()), powerDelivery('dc'), SESSION_STOP_BEFORE_CHARGING),
  /** AC after ChargeParameterDiscovery; AC and DC after a renegotiation. */
  WaitForPowerDelivery: waiting(powerDelivery('dc', 'ac'), SESSION_STOP_BEFORE_CHARGING),
  WaitForCurrentDemand: waiting(on('CurrentDemandReq', to('WaitForCurrentDemandOrPowerDelivery'))),
  WaitForCurrentDemandOrPowerDelivery: looping('WaitForCurrentDemandOrPowerDelivery', on('CurrentDemandReq', stay()), powerDelivery('dc')),
  WaitForChargingStatus: waiting(on('ChargingStatusReq', to('WaitForChargingStatusOrPowerDelivery'))),
  WaitForChargingStatusOrPowerDelivery: looping('WaitForChargingStatusOrPowerDelivery', on('ChargingStatusReq', stay()), powerDelivery('ac')),
  WaitForWeldingDetectionOrSessionStop: looping('WaitForWeldingDetectionOrSessionStop', on('WeldingDetectionReq', stay()), SESSION_STOP),
  WaitForSessionStop: waiting(SESSION_STOP),
});
