/**
 * A DIN 70121 DC session as the bench's scripted EVCC runs it, with the DIN EVCC's own request
 * builders and its defaults for the PreCharge tolerance and WeldingDetection.
 */
import type { BodyType } from '../codecs/exi/generated/din.types.js';
import { evccRequestBody, evccRequestName, type EvccRequestContext, type EvccStep } from '../machines/din/din-evcc-requests.js';
import { DIN_EVCC_DEFAULTS } from '../machines/din/din-input.js';
import { CHARGE_SERVICE_ID } from '../machines/din/secc/din-answer-parts.js';
import { fromPhysicalValue } from '../machines/session/physical-value.js';
import { NO_SESSION_ID } from '../machines/session/session-id.js';
import { BENCH_EVCC_ID, BENCH_VEHICLE } from './bench-vehicle.js';
import { handshakeStep, prechargeVerdict, v2gStep, weldingVerdict, type EvccScript, type StepVerdict } from './evcc-script.js';
import { NO_LIMITS } from '../machines/session/evse-limits.js';

type ResponseName = Extract<keyof BodyType, `${string}Res`>;

const SETTINGS = { ...DIN_EVCC_DEFAULTS, evccId: BENCH_EVCC_ID };

const finished = (response: { EVSEProcessing: string }): StepVerdict => (response.EVSEProcessing === 'Finished' ? 'next' : 'again');

export const dinScript: EvccScript = {
  protocol: 'din',
  start(security) {
    let sessionId = NO_SESSION_ID;
    let serviceId = CHARGE_SERVICE_ID;
    const context = (): EvccRequestContext => ({ input: SETTINGS, vehicle: BENCH_VEHICLE, serviceId, evseLimits: NO_LIMITS });
    const step = <R extends ResponseName>(request: EvccStep, response: R, judge?: (res: NonNullable<BodyType[R]>, id: Uint8Array, attempt: number) => StepVerdict) =>
      v2gStep<BodyType, R>({ schema: 'din', request: evccRequestName(request), sessionId: () => sessionId, body: () => evccRequestBody(request, context()), response, judge });
    return {
      setup: [
        handshakeStep('din', security),
        step('SessionSetup', 'SessionSetupRes', (_, id) => {
          sessionId = id;
          return 'next';
        }),
        step('ServiceDiscovery', 'ServiceDiscoveryRes', (res) => {
          serviceId = res.ChargeService.ServiceTag.ServiceID;
          return 'next';
        }),
        step('ServicePaymentSelection', 'ServicePaymentSelectionRes'),
        step('ContractAuthentication', 'ContractAuthenticationRes', finished),
        step('ChargeParameterDiscovery', 'ChargeParameterDiscoveryRes', finished),
        step('CableCheck', 'CableCheckRes', finished),
        step('PreCharge', 'PreChargeRes', (res) =>
          prechargeVerdict(fromPhysicalValue(res.EVSEPresentVoltage), BENCH_VEHICLE.batteryVoltage, SETTINGS.prechargeTolerance),
        ),
        step('PowerDeliveryStart', 'PowerDeliveryRes'),
      ],
      loop: step('CurrentDemand', 'CurrentDemandRes'),
      stop: [
        step('PowerDeliveryStop', 'PowerDeliveryRes'),
        step('WeldingDetection', 'WeldingDetectionRes', (res, _, attempt) =>
          weldingVerdict(fromPhysicalValue(res.EVSEPresentVoltage), SETTINGS.weldingDetectionVoltage, attempt, SETTINGS.weldingDetectionMaxRequests),
        ),
        step('SessionStop', 'SessionStopRes'),
      ],
    };
  },
};
