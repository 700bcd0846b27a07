/**
 * An ISO 15118-2 DC session (EIM, DC_extended) as the bench's scripted EVCC runs it, with the
 * ISO-2 EVCC's own request builders over a context holding what the session learnt.
 */
import type { BodyType, chargeProgressType } from '../codecs/exi/generated/iso2.types.js';
import { initialEvccContext, type Iso2EvccContext, type Iso2EvccInput } from '../machines/iso2/evcc-context.js';
import { evccRequest, type EvccRequestName } from '../machines/iso2/iso2-evcc-requests.js';
import { pickSchedule } from '../machines/iso2/schedule.js';
import { fromPhysicalValue } from '../machines/session/physical-value.js';
import { NO_SESSION_ID } from '../machines/session/session-id.js';
import { timingFor } from '../machines/timing/v2g-timers.js';
import { BENCH_EVCC_ID, BENCH_VEHICLE } from './bench-vehicle.js';
import { handshakeStep, prechargeVerdict, v2gStep, weldingVerdict, type EvccScript, type StepVerdict } from './evcc-script.js';

type ResponseName = Extract<keyof BodyType, `${string}Res`>;

/** The ISO-2 EVCC's defaults: WeldingDetection until 60 V or 10 requests, PreCharge within 20 V. */
const WELDING_DETECTION_VOLTAGE = 60;
const MAX_WELDING_DETECTION_REQUESTS = 10;

const INPUT: Iso2EvccInput = {
  timing: timingFor('iso2'),
  evccId: BENCH_EVCC_ID,
  vehicle: BENCH_VEHICLE,
  loopInterval: 100,
  prechargeTolerance: 20,
  mode: 'dc',
  energyTransferMode: 'DC_extended',
  weldingDetectionVoltage: WELDING_DETECTION_VOLTAGE,
  maxWeldingDetectionRequests: MAX_WELDING_DETECTION_REQUESTS,
};

const finished = (response: { EVSEProcessing: string }): StepVerdict => (response.EVSEProcessing === 'Finished' ? 'next' : 'again');

export const iso2Script: EvccScript = {
  protocol: 'iso2',
  start(security) {
    let context: Iso2EvccContext = initialEvccContext(INPUT);
    const learn = (update: Partial<Iso2EvccContext>): StepVerdict => {
      context = { ...context, ...update };
      return 'next';
    };
    const step = <R extends ResponseName>(
      request: EvccRequestName,
      response: R,
      judge?: (res: NonNullable<BodyType[R]>, id: Uint8Array, attempt: number) => StepVerdict,
      chargeProgress?: chargeProgressType,
    ) => v2gStep<BodyType, R>({ schema: 'iso2', request, sessionId: () => context.sessionId ?? NO_SESSION_ID, body: () => evccRequest(context, { request, chargeProgress }), response, judge });
    return {
      setup: [
        handshakeStep('iso2', security),
        step('SessionSetupReq', 'SessionSetupRes', (_, sessionId) => learn({ sessionId })),
        step('ServiceDiscoveryReq', 'ServiceDiscoveryRes', (res) => learn({ chargeServiceId: res.ChargeService.ServiceID })),
        step('PaymentServiceSelectionReq', 'PaymentServiceSelectionRes'),
        step('AuthorizationReq', 'AuthorizationRes', finished),
        step('ChargeParameterDiscoveryReq', 'ChargeParameterDiscoveryRes', (res) =>
          res.EVSEProcessing === 'Finished' ? learn({ schedule: pickSchedule(res.SAScheduleList) }) : 'again',
        ),
        step('CableCheckReq', 'CableCheckRes', finished),
        step('PreChargeReq', 'PreChargeRes', (res) =>
          prechargeVerdict(fromPhysicalValue(res.EVSEPresentVoltage), BENCH_VEHICLE.batteryVoltage, INPUT.prechargeTolerance),
        ),
        step('PowerDeliveryReq', 'PowerDeliveryRes', undefined, 'Start'),
      ],
      loop: step('CurrentDemandReq', 'CurrentDemandRes'),
      stop: [
        step('PowerDeliveryReq', 'PowerDeliveryRes', undefined, 'Stop'),
        step('WeldingDetectionReq', 'WeldingDetectionRes', (res, _, attempt) =>
          weldingVerdict(fromPhysicalValue(res.EVSEPresentVoltage), WELDING_DETECTION_VOLTAGE, attempt, MAX_WELDING_DETECTION_REQUESTS),
        ),
        step('SessionStopReq', 'SessionStopRes'),
      ],
    };
  },
};
