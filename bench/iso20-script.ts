/**
 * An ISO 15118-20 DC session (EIM, Scheduled) as the bench's scripted EVCC runs it over TLS 1.3, with the -20 EVCC's
 * own request builders and its readings of the answers (parameter set, schedule, the EVSE's limits) over a context
 * holding what the session learnt. DC_ChargeLoopReq is the loop, CurrentDemand's counterpart; it is built once per
 * session as the other scripts' loop requests are, so its Header's TimeStamp is the loop's start (the SECC reads
 * the SessionID of every request, not its TimeStamp).
 */
import { systemClock } from '../base/clock.js';
import { decode } from '../codecs/exi/index.js';
import type { V2gDocument } from '../codecs/exi/v2g-document.js';
import { messageName } from '../codecs/exi/message-name.js';
import type { DC_PreChargeResType, DC_WeldingDetectionResType } from '../codecs/exi/generated/iso20-dc.types.js';
import type { ScheduleExchangeResType, ServiceDetailResType } from '../codecs/exi/generated/iso20-common.types.js';
import { readPresentVoltageRes } from '../machines/iso20/iso20-dc-messages.js';
import { NO_SESSION_ID } from '../machines/iso20/iso20-header.js';
import { initialIso20EvccContext, type Iso20EvccContext, type Iso20EvccInput, type Iso20EvccStep } from '../machines/iso20/evcc/iso20-evcc-context.js';
import { iso20EvseViewAfter } from '../machines/iso20/evcc/iso20-evcc-evse-view.js';
import { iso20EvccRequest, iso20EvccRequestOf } from '../machines/iso20/evcc/iso20-evcc-requests.js';
import { answerScheduleExchange } from '../machines/iso20/evcc/iso20-evcc-schedule-exchange.js';
import { pickParameterSet } from '../machines/iso20/evcc/iso20-evcc-service-detail.js';
import { iso20TimingFor } from '../machines/timing/v2g-timers.js';
import { BENCH_EVCC_ID, BENCH_VEHICLE } from './bench-vehicle.js';
import { frameOf, handshakeStep, prechargeVerdict, weldingVerdict, type EvccScript, type ScriptStep, type StepVerdict } from './evcc-script.js';

/** The -20 EVCC's defaults: PreCharge within 20 V, WeldingDetection until 60 V or 10 requests. */
const INPUT: Iso20EvccInput = {
  timing: iso20TimingFor(),
  clock: systemClock,
  evccId: BENCH_EVCC_ID,
  vehicle: BENCH_VEHICLE,
  loopInterval: 100,
  protocol: 'iso20-dc',
  service: 'DC',
  controlMode: 'Scheduled',
  authorization: 'EIM',
  prechargeTolerance: 20,
};
const WELDING_DETECTION_VOLTAGE = 60;
const MAX_WELDING_DETECTION_REQUESTS = 10;

type Body = Readonly<Record<string, unknown>>;
type Judge = (body: Body, attempt: number) => StepVerdict;

const finished: Judge = (body) => (body['EVSEProcessing'] === 'Ongoing' ? 'again' : 'next');

export const iso20Script: EvccScript = {
  protocol: 'iso20-dc',
  start(security) {
    let context: Iso20EvccContext = initialIso20EvccContext(INPUT);
    const learn = (update: Partial<Iso20EvccContext>): StepVerdict => {
      context = { ...context, ...update };
      return 'next';
    };
    /** One step: its request built when sent (its own Header), its answer the same schema's `…Res`, not FAILED. */
    const step = (name: Iso20EvccStep, judge?: Judge): ScriptStep => {
      const request = iso20EvccRequestOf(name, context);
      const response = request.replace(/Req$/, 'Res');
      let sent: V2gDocument | undefined;
      return {
        request,
        frame: () => {
          sent = iso20EvccRequest(context, name)(context.sessionId ?? NO_SESSION_ID);
          return frameOf(sent.schema, sent.document as never);
        },
        read(payload, attempt) {
          const answer = decode(sent!.schema, payload) as Readonly<Record<string, Body>>;
          const body = answer[response];
          if (body === undefined) throw new Error(`${request} answered with ${messageName(answer)}, not ${response}`);
          const code = body['ResponseCode'];
          if (typeof code !== 'string' || code.startsWith('FAILED')) throw new Error(`${request} answered ${String(code)}`);
          return judge?.(body, attempt) ?? 'next';
        },
      };
    };
    const presentVoltage = (body: Body): number => readPresentVoltageRes(body as unknown as DC_PreChargeResType | DC_WeldingDetectionResType).presentVoltage;
    return {
      setup: [
        handshakeStep('iso20-dc', security),
        step('SessionSetup', (body) => learn({ sessionId: (body['Header'] as { SessionID: Uint8Array }).SessionID })),
        step('AuthorizationSetup'),
        step('Authorization', finished),
        step('ServiceDiscovery'),
        step('ServiceDetail', (body) => learn({ parameterSet: pickParameterSet(INPUT, body as unknown as ServiceDetailResType) })),
        step('ServiceSelection'),
        step('ChargeParameterDiscovery', (body) => learn({ evse: iso20EvseViewAfter(context.evse, 'DC_ChargeParameterDiscoveryRes', body) })),
        step('ScheduleExchange', (body) => {
          if (finished(body, 0) === 'again') return 'again';
          const answer = answerScheduleExchange(INPUT, body as unknown as ScheduleExchangeResType, false);
          if (answer.next !== 'scheduled') throw new Error(`ScheduleExchangeRes: ${answer.next}, not a schedule to follow`);
          return learn({ schedule: answer.schedule, scheduleAnchorMs: systemClock.now() });
        }),
        step('CableCheck', finished),
        step('PreCharge', (body) => prechargeVerdict(presentVoltage(body), BENCH_VEHICLE.batteryVoltage, INPUT.prechargeTolerance)),
        step('PowerDeliveryStart'),
      ],
      loop: step('ChargeLoop'),
      stop: [
        step('PowerDeliveryStop'),
        step('WeldingDetection', (body, attempt) => weldingVerdict(presentVoltage(body), WELDING_DETECTION_VOLTAGE, attempt, MAX_WELDING_DETECTION_REQUESTS)),
        step('SessionStop'),
      ],
    };
  },
};
