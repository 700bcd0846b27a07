/**
 * The ISO 15118-20 SECC session, AC and DC, AC_BPT and DC_BPT, Scheduled and Dynamic control, EIM, from
 * SessionSetupReq to SessionStopRes after the supportedAppProtocol handshake chose `iso20-ac` or `iso20-dc`: the SECC
 * kit (../../session/secc/secc-session-kit.ts) with -20's message adapter and chart. Each state takes the requests of
 * its row, answered by the handler of each (iso20-secc-handlers.ts); whatever no state takes, and every FAILED answer,
 * is the kit's business (a WARNING answer goes on). Each state is named for the requests it waits for, as ISO-2's are.
 */
import { looping, loopingUnder, on, polled, refuse, stay, stayWhen, to, waiting, when, type SeccRequests } from '../../session/secc/secc-chart.js';
import { SECC_WORDING, type SeccMessageAdapter } from '../../session/secc/secc-message-adapter.js';
import { seccSessionMachine } from '../../session/secc/secc-session-kit.js';
import type { responseCodeType } from '../../../codecs/exi/generated/iso20-types.types.js';
import { ISO20_ENVELOPE, minimalResponse, type Iso20ChannelMessage } from './iso20-envelope.js';
import { answerTo } from './iso20-secc-handlers.js';
import { initialIso20Facts, type Iso20SeccFacts, type Iso20SeccInput } from './iso20-secc-context.js';

export type { Iso20SeccInput } from './iso20-secc-context.js';

const ISO20_SECC: SeccMessageAdapter<Iso20ChannelMessage, Iso20SeccInput, Iso20SeccFacts> = {
  envelope: ISO20_ENVELOPE,
  initialFacts: initialIso20Facts,
  answer: answerTo,
  // The kit stamps the Header when it sends (the envelope), so the minimal response is built at time 0 here.
  failed: (type, code, facts, request) => minimalResponse({ sessionId: facts.sessionId ?? facts.input.newSessionId, nowMs: 0 }, type, request, code as responseCodeType, facts.input.evseId),
  wording: SECC_WORDING,
};

/** Before energy flowed only Terminate ends the session: Pause and ServiceRenegotiation are refused with their codes. */
const SESSION_STOP_BEFORE_CHARGING = on(
  'SessionStopReq',
  refuse('Pause', 'FAILED_PauseNotAllowed'),
  refuse('ServiceRenegotiation', 'FAILED_NoServiceRenegotiationSupported'),
  to('stopped'),
);
/**
 * After charging: Pause keeps the SessionID, ServiceRenegotiation starts over at ServiceDiscovery on this connection.
 * One the deployment refuses (the handler's FAILED answer) stays, and the kit's FAILED rule ends the session.
 */
const SESSION_STOP = on('SessionStopReq', when('Pause', 'paused'), when('ServiceRenegotiation', 'WaitForServiceDiscovery'), when('Terminate', 'stopped'), stay());

const AFTER_CHARGING = { dc: 'WaitForWeldingDetectionOrSessionStop', ac: 'WaitForSessionStop' } as const;

/**
 * PowerDeliveryReq in a state of the given modes: Start (and Standby, which keeps the loop) to the loop, Stop out of it
 * (DC to WeldingDetection), ScheduleRenegotiation to a new ScheduleExchange, EVProcessing=Ongoing staying.
 */
function powerDelivery(...modes: readonly ('ac' | 'dc')[]): SeccRequests {
  return on(
    'PowerDeliveryReq',
    stayWhen('Ongoing'),
    when('Start', 'WaitForChargeLoop'),
    ...modes.map((mode) => when(`${mode}.Stop`, AFTER_CHARGING[mode])),
    to('WaitForScheduleExchange'),
  );
}
const POWER_DELIVERY = powerDelivery('dc', 'ac');

/**
 * The loop's requests: AC_ChargeLoopReq and DC_ChargeLoopReq both, since the connection's namespace lets only its own
 * reach the session (the channel reads iso20-ac or iso20-dc, never both), and each handler refuses the other service.
 */
const LOOP_REQUESTS = [on('DC_ChargeLoopReq', stay()), on('AC_ChargeLoopReq', stay())] as const;

export const iso20SeccMachine = seccSessionMachine('iso20-secc', ISO20_SECC, 'WaitForSessionSetup', {
  WaitForSessionSetup: waiting(on('SessionSetupReq', to('WaitForAuthorizationSetup'))),
  WaitForAuthorizationSetup: waiting(on('AuthorizationSetupReq', to('WaitForAuthorization')), SESSION_STOP_BEFORE_CHARGING),
  // A WARNING (PnC not offered, a contract refused, EIM refused) leaves the EV its choice; Ongoing while a verdict
  // is outside (EIM's customer, PnC's revocation and backend). CertificateInstallation comes before a PnC
  // AuthorizationReq, where the station offered it, as often as the EV needs, each Ongoing until the backend answers.
  WaitForAuthorization: looping(
    'WaitForAuthorization',
    on('CertificateInstallationReq', stay()),
    on('AuthorizationReq', stayWhen('PnC'), stayWhen('refused')),
    polled('AuthorizationReq', 'WaitForServiceDiscovery'),
    SESSION_STOP_BEFORE_CHARGING,
  ),
  WaitForServiceDiscovery: waiting(on('ServiceDiscoveryReq', to('WaitForServiceDetailOrSelection')), SESSION_STOP_BEFORE_CHARGING),
  WaitForServiceDetailOrSelection: looping(
    'WaitForServiceDetailOrSelection',
    on('ServiceDetailReq', stay()),
    on('ServiceSelectionReq', to('WaitForChargeParameterDiscovery')),
    SESSION_STOP_BEFORE_CHARGING,
  ),
  WaitForChargeParameterDiscovery: waiting(
    on('DC_ChargeParameterDiscoveryReq', to('WaitForScheduleExchange')),
    on('AC_ChargeParameterDiscoveryReq', to('WaitForScheduleExchange')),
    SESSION_STOP_BEFORE_CHARGING,
  ),
  WaitForScheduleExchange: looping(
    'WaitForScheduleExchange',
    on('ScheduleExchangeReq', when('renegotiated', 'WaitForPowerDelivery'), when('dc', 'WaitForCableCheck'), when('ac', 'WaitForPowerDelivery'), stay()),
    SESSION_STOP_BEFORE_CHARGING,
  ),
  WaitForCableCheck: looping('WaitForCableCheck', polled('DC_CableCheckReq', 'WaitForPreCharge'), SESSION_STOP_BEFORE_CHARGING),
  WaitForPreCharge: waiting(on('DC_PreChargeReq', to('WaitForPreChargeOrPowerDelivery')), SESSION_STOP_BEFORE_CHARGING),
  WaitForPreChargeOrPowerDelivery: looping('WaitForPreChargeOrPowerDelivery', on('DC_PreChargeReq', stay()), powerDelivery('dc'), SESSION_STOP_BEFORE_CHARGING),
  /** AC after ScheduleExchange; AC and DC after a schedule renegotiation. */
  WaitForPowerDelivery: looping('WaitForPowerDelivery', POWER_DELIVERY, SESSION_STOP_BEFORE_CHARGING),
  /** After a PowerDeliveryRes the first loop request is awaited under V2G_SECC_Sequence_Timeout. */
  WaitForChargeLoop: waiting(on('DC_ChargeLoopReq', to('ChargeLoop')), on('AC_ChargeLoopReq', to('ChargeLoop')), POWER_DELIVERY),
  /**
   * Between a loop response and the next request runs V2G_SECC_Sequence_Timeout_ChargeLoop (the -20 table's 0.5 s,
   * overridable by the deployment). MeteringConfirmation, on the EVSE's notification, stays in the loop.
   */
  ChargeLoop: loopingUnder('V2G_SECC_Sequence_Timeout_ChargeLoop', 'ChargeLoop', ...LOOP_REQUESTS, on('MeteringConfirmationReq', stay()), POWER_DELIVERY),
  WaitForWeldingDetectionOrSessionStop: looping('WaitForWeldingDetectionOrSessionStop', on('DC_WeldingDetectionReq', stay()), SESSION_STOP),
  WaitForSessionStop: waiting(SESSION_STOP),
});
