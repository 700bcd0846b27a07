/**
 * What the ISO 15118-2 SECC answers, one pure handler per request it accepts (EIM): from the request and the session's
 * facts to the response, the facts it leaves, the power commands it asks for and, where the chart branches on it, the
 * route (iso2-secc.ts). The SECC kit runs the handler once per request; the chart's guards read its answer.
 */
import type { EvseStatus, PowerCommand } from '../session/secc/evse-snapshot.js';
import { answerWith, type SeccAnswer } from '../session/secc/secc-answer.js';
import type {
  BodyType,
  EnergyTransferModeType,
  MeterInfoType,
  paymentOptionType,
  responseCodeType,
} from '../../codecs/exi/generated/iso2.types.js';
import { dcGrant } from '../session/evse-limits.js';
import { eimAuthorization, eimAuthorizationQuestion } from '../session/secc/secc-pending.js';
import { fromPhysicalValue, toPhysicalValue } from '../session/physical-value.js';
import { sameSessionId } from '../session/session-id.js';
import { acEvseStatus, dcEvseStatus, evseStatusField } from './evse-status.js';
import { failedResponse, type FailedResponseBasis } from './failed-response.js';
import type { Iso2RequestName, Iso2ResponseName } from './iso2-messages.js';
import { OFFERED_SA_SCHEDULE_TUPLE_ID, offeredSchedules } from './schedule.js';
import type { Iso2AnswerContext, Iso2SeccFacts, Iso2SeccInput } from './secc-context.js';

export const CHARGE_SERVICE_ID = 1;
/** ServiceListType holds 1..8 services. */
const MAX_LISTED_SERVICES = 8;

/** The requests an EIM SECC accepts somewhere in its sequence; any other is a sequence error wherever it comes. */
export type SeccRequestName = Exclude<
  Iso2RequestName,
  'PaymentDetailsReq' | 'CertificateInstallationReq' | 'CertificateUpdateReq' | 'MeteringReceiptReq'
>;

export type Answer = SeccAnswer<Iso2SeccFacts>;

type Handlers = {
  readonly [K in SeccRequestName]: (ctx: Iso2AnswerContext, req: NonNullable<BodyType[K]>, sessionId: Uint8Array) => Answer;
};

const HANDLERS: Handlers = {
  SessionSetupReq: (ctx, _req, sessionId) => {
    // The runner keeps the SessionIDs of the sessions paused at this station; an unknown one gets a new session, not
    // an error.
    const paused = ctx.input.pausedSessionIds?.find((id) => sameSessionId(sessionId, id));
    const joins = paused !== undefined;
    const code = joins ? 'OK_OldSessionJoined' : 'OK_NewSessionEstablished';
    return { body: { SessionSetupRes: { ResponseCode: code, EVSEID: ctx.input.evseId } }, code, sessionId: joins ? paused : ctx.input.newSessionId };
  },
  ServiceDiscoveryReq: (ctx, req) => {
    const services = (ctx.input.services ?? [])
      .map((s) => s.service)
      .filter((s) => req.ServiceCategory === undefined || s.ServiceCategory === req.ServiceCategory)
      .slice(0, MAX_LISTED_SERVICES);
    return respond('ServiceDiscoveryRes', {
      ResponseCode: 'OK',
      PaymentOptionList: { PaymentOption: offeredPaymentOptions(ctx) },
      ChargeService: {
        ServiceID: CHARGE_SERVICE_ID,
        ServiceCategory: 'EVCharging',
        FreeService: false,
        SupportedEnergyTransferMode: { EnergyTransferMode: [...ctx.input.energyTransferModes] },
      },
      ...(services.length > 0 ? { ServiceList: { Service: services } } : {}),
    });
  },
  ServiceDetailReq: (ctx, req) => {
    if (req.ServiceID === CHARGE_SERVICE_ID) return respond('ServiceDetailRes', { ResponseCode: 'OK', ServiceID: req.ServiceID });
    const offered = ctx.input.services?.find((s) => s.service.ServiceID === req.ServiceID);
    if (!offered) return respond('ServiceDetailRes', { ResponseCode: 'FAILED_ServiceIDInvalid', ServiceID: req.ServiceID });
    const sets = offered.parameterSets ?? [];
    return respond('ServiceDetailRes', {
      ResponseCode: 'OK',
      ServiceID: req.ServiceID,
      ...(sets.length > 0 ? { ServiceParameterList: { ParameterSet: [...sets] } } : {}),
    });
  },
  PaymentServiceSelectionReq: (ctx, req) => {
    const code = paymentServiceSelectionCode(ctx, req.SelectedPaymentOption, req.SelectedServiceList.SelectedService);
    // EIM chosen: its authorization is asked for at once, so a backend decides while the EV goes on.
    return { ...respond('PaymentServiceSelectionRes', { ResponseCode: code }), ...(code === 'OK' ? { ask: eimAuthorizationQuestion(ctx) } : {}) };
  },
  AuthorizationReq: (ctx) => {
    // EIM: the customer authorises at the EVSE (RFID, app, button) or its backend decides; until then the EV is told
    // to wait for them. A refusal is FAILED.
    const authorization = eimAuthorization(ctx);
    const processing = authorization === 'pending' ? 'Ongoing_WaitingForCustomerInteraction' : 'Finished';
    return { ...respond('AuthorizationRes', { ResponseCode: authorization === 'refused' ? 'FAILED' : 'OK', EVSEProcessing: processing }), processing };
  },
  ChargeParameterDiscoveryReq: (ctx, req) => {
    const mode = req.RequestedEnergyTransferMode.startsWith('AC') ? 'ac' : 'dc';
    const basis = { ...ctx, mode } as const;
    if (!ctx.input.energyTransferModes.includes(req.RequestedEnergyTransferMode)) {
      return minimal(basis, 'ChargeParameterDiscoveryReq', 'FAILED_WrongEnergyTransferMode');
    }
    const evMaxVoltage = mode === 'ac' ? req.AC_EVChargeParameter?.EVMaxVoltage : req.DC_EVChargeParameter?.EVMaximumVoltageLimit;
    if (!evMaxVoltage) return minimal(basis, 'ChargeParameterDiscoveryReq', 'FAILED_WrongChargeParameter');
    const power = offeredPower(ctx, req.RequestedEnergyTransferMode);
    // No power to offer yet (load management, power stage starting): the EV asks again until there is (unverified
    // which condition real chargers wait on; EvseStatus has no "schedule ready", so a positive power stands for it).
    const processing = power > 0 ? 'Finished' : 'Ongoing';
    const update = { mode, energyTransferMode: req.RequestedEnergyTransferMode, evMaxVoltage: fromPhysicalValue(evMaxVoltage) } as const;
    const next = { ...ctx, ...update };
    return {
      body: {
        ChargeParameterDiscoveryRes: {
          ResponseCode: 'OK',
          EVSEProcessing: processing,
          ...(processing === 'Finished' ? { SAScheduleList: offeredSchedules(power) } : {}),
          ...evseChargeParameter(next),
        },
      },
      code: 'OK',
      processing,
      // After a renegotiation the DC cable is still checked and precharged: straight to PowerDelivery.
      ...(processing === 'Finished' ? { route: ctx.renegotiating ? 'renegotiated' : mode } : {}),
      update,
    };
  },
  CableCheckReq: (ctx) => {
    const status = dcEvseStatus(ctx.evse, ctx.renegotiationAnswered);
    if (!ctx.isolationCheckStarted) {
      // The first CableCheckReq starts the insulation test, so its result cannot be this session's yet: Ongoing.
      const voltage = Math.min(ctx.evMaxVoltage ?? ctx.evse.maxVoltage, ctx.evse.maxVoltage);
      return {
        ...respond('CableCheckRes', { ResponseCode: 'OK', DC_EVSEStatus: status, EVSEProcessing: 'Ongoing' }),
        processing: 'Ongoing',
        update: { isolationCheckStarted: true },
        commands: [{ type: 'contactors', closed: true }, { type: 'isolationCheck', voltage }],
      };
    }
    if (ctx.evse.isolation === 'Fault') {
      return respond('CableCheckRes', { ResponseCode: 'FAILED', DC_EVSEStatus: status, EVSEProcessing: 'Finished' });
    }
    const processing = ctx.evse.isolationCheckRunning || ctx.evse.isolation === 'Invalid' ? 'Ongoing' : 'Finished';
    return { ...respond('CableCheckRes', { ResponseCode: 'OK', DC_EVSEStatus: status, EVSEProcessing: processing }), processing };
  },
  PreChargeReq: (ctx, req) => {
    const { voltage, current } = dcGrant(req, ctx.evse);
    return {
      ...respond('PreChargeRes', {
        ResponseCode: 'OK',
        DC_EVSEStatus: dcEvseStatus(ctx.evse, ctx.renegotiationAnswered),
        EVSEPresentVoltage: toPhysicalValue(ctx.evse.presentVoltage, 'V'),
      }),
      commands: [{ type: 'precharge', voltage, current }],
    };
  },
  PowerDeliveryReq: (ctx, req) => {
    if (req.SAScheduleTupleID !== OFFERED_SA_SCHEDULE_TUPLE_ID) return minimal(ctx, 'PowerDeliveryReq', 'FAILED_TariffSelectionInvalid');
    const body = { PowerDeliveryRes: { ResponseCode: 'OK' as const, ...evseStatusField(ctx.mode, ctx.evse, ctx.renegotiationAnswered) } };
    const route = `${ctx.mode}.${req.ChargeProgress}`;
    switch (req.ChargeProgress) {
      case 'Start':
        return {
          body,
          code: 'OK',
          route,
          update: { renegotiating: false },
          // AC: the EVSE closes its contactor and lets the EV draw up to its limit; DC energy follows CurrentDemandReq.
          commands:
            ctx.mode === 'ac'
              ? [{ type: 'contactors', closed: true }, { type: 'deliver', voltage: ctx.evse.nominalVoltage, current: ctx.evse.maxCurrent }]
              : [],
        };
      case 'Stop':
        // DC keeps its contactors closed for WeldingDetection, which measures across the EV's opened ones.
        return { body, code: 'OK', route, commands: ctx.mode === 'ac' ? [{ type: 'stop' }, { type: 'contactors', closed: false }] : [{ type: 'stop' }] };
      case 'Renegotiate':
        return { body, code: 'OK', route: 'Renegotiate', update: { renegotiating: true, renegotiationAnswered: ctx.evse.notification === 'ReNegotiation' } };
    }
  },
  CurrentDemandReq: (ctx, req) => {
    const { evse } = ctx;
    const grant = dcGrant(req, evse);
    return respond(
      'CurrentDemandRes',
      {
        ResponseCode: 'OK',
        DC_EVSEStatus: dcEvseStatus(evse, ctx.renegotiationAnswered),
        EVSEPresentVoltage: toPhysicalValue(evse.presentVoltage, 'V'),
        EVSEPresentCurrent: toPhysicalValue(evse.presentCurrent, 'A'),
        EVSECurrentLimitAchieved: grant.currentLimitAchieved,
        EVSEVoltageLimitAchieved: grant.voltageLimitAchieved,
        EVSEPowerLimitAchieved: grant.powerLimitAchieved,
        EVSEMaximumVoltageLimit: toPhysicalValue(evse.maxVoltage, 'V'),
        EVSEMaximumCurrentLimit: toPhysicalValue(evse.maxCurrent, 'A'),
        EVSEMaximumPowerLimit: toPhysicalValue(evse.maxPower, 'W'),
        EVSEID: ctx.input.evseId,
        SAScheduleTupleID: OFFERED_SA_SCHEDULE_TUPLE_ID,
        ...meterInfo(evse),
      },
      [{ type: 'deliver', voltage: grant.voltage, current: grant.current }],
    );
  },
  // EIM: no ReceiptRequired (a receipt is signed with the contract key, which only Plug & Charge has).
  ChargingStatusReq: (ctx) =>
    respond('ChargingStatusRes', {
      ResponseCode: 'OK',
      EVSEID: ctx.input.evseId,
      SAScheduleTupleID: OFFERED_SA_SCHEDULE_TUPLE_ID,
      EVSEMaxCurrent: toPhysicalValue(ctx.evse.maxCurrent, 'A'),
      ...meterInfo(ctx.evse),
      AC_EVSEStatus: acEvseStatus(ctx.evse, ctx.renegotiationAnswered),
    }),
  WeldingDetectionReq: (ctx) =>
    respond('WeldingDetectionRes', {
      ResponseCode: 'OK',
      DC_EVSEStatus: dcEvseStatus(ctx.evse, ctx.renegotiationAnswered),
      EVSEPresentVoltage: toPhysicalValue(ctx.evse.presentVoltage, 'V'),
    }),
  SessionStopReq: (_ctx, req) => ({
    ...respond('SessionStopRes', { ResponseCode: 'OK' }),
    route: req.ChargingSession,
    commands: [{ type: 'stop' }, { type: 'contactors', closed: false }],
  }),
};

/**
 * The answer to a request in the present facts, with the power module's status that came with it; undefined for a
 * request the SECC never accepts. A ReNegotiation the EV followed stays answered only while the module still reports
 * it: once a request comes with another notification, the next ReNegotiation is a new one.
 */
export function answerTo(type: string, request: object, ctx: Iso2AnswerContext, sessionId: Uint8Array): Answer | undefined {
  if (!Object.prototype.hasOwnProperty.call(HANDLERS, type)) return undefined;
  const renegotiationAnswered = ctx.renegotiationAnswered && ctx.evse.notification === 'ReNegotiation';
  const handle = HANDLERS[type as SeccRequestName] as (ctx: Iso2AnswerContext, req: unknown, sessionId: Uint8Array) => Answer;
  const answer = handle(renegotiationAnswered === ctx.renegotiationAnswered ? ctx : { ...ctx, renegotiationAnswered }, request, sessionId);
  if (renegotiationAnswered === ctx.renegotiationAnswered) return answer;
  return { ...answer, update: { renegotiationAnswered, ...answer.update } };
}

/** The minimal response of `request`'s type with `code`: the refusals of handlers and of the kit. */
export function minimal(ctx: Pick<Iso2AnswerContext, 'input' | 'mode'>, request: Iso2RequestName, code: responseCodeType): Answer {
  return { body: failedResponse(request, code, basisOf(ctx)), code };
}

/** Contract only over TLS, which Plug & Charge needs; ExternalPayment when the deployment names nothing. */
export function offeredPaymentOptions(ctx: { readonly input: Iso2SeccInput }): paymentOptionType[] {
  const wanted = ctx.input.paymentOptions ?? ['ExternalPayment'];
  return wanted.filter((option) => option === 'ExternalPayment' || ctx.input.tls === true);
}

function paymentServiceSelectionCode(
  ctx: Iso2AnswerContext,
  option: paymentOptionType,
  selected: readonly { ServiceID: number; ParameterSetID?: number }[],
): responseCodeType {
  // Contract is never accepted yet: the Plug & Charge states (PaymentDetails, certificates) are not built.
  if (!offeredPaymentOptions(ctx).includes(option) || option === 'Contract') return 'FAILED_PaymentSelectionInvalid';
  if (!selected.some((s) => s.ServiceID === CHARGE_SERVICE_ID)) return 'FAILED_NoChargeServiceSelected';
  const valid = selected.every((s) => {
    if (s.ServiceID === CHARGE_SERVICE_ID) return true;
    const offered = ctx.input.services?.find((o) => o.service.ServiceID === s.ServiceID);
    const sets = offered?.parameterSets ?? [];
    return offered !== undefined && (s.ParameterSetID === undefined || sets.some((p) => p.ParameterSetID === s.ParameterSetID));
  });
  return valid ? 'OK' : 'FAILED_ServiceSelectionInvalid';
}

/** MeterInfo of a charge loop's response, where the station reads a meter with an ID; the reading in whole Wh. */
function meterInfo(evse: EvseStatus): { MeterInfo?: MeterInfoType } {
  return evse.meterId === undefined ? {} : { MeterInfo: { MeterID: evse.meterId, MeterReading: BigInt(Math.round(evse.meterWh)) } };
}

/** PMax of the offered schedule: DC the module's power; AC nominal voltage × current per phase × phases. */
function offeredPower(ctx: Iso2AnswerContext, mode: EnergyTransferModeType): number {
  if (mode.startsWith('DC')) return ctx.evse.maxPower;
  const phases = mode === 'AC_three_phase_core' ? 3 : 1;
  return ctx.evse.nominalVoltage * ctx.evse.maxCurrent * phases;
}

function evseChargeParameter(ctx: Iso2AnswerContext) {
  const { evse } = ctx;
  if (ctx.mode === 'ac') {
    return {
      AC_EVSEChargeParameter: {
        AC_EVSEStatus: acEvseStatus(evse, ctx.renegotiationAnswered),
        EVSENominalVoltage: toPhysicalValue(evse.nominalVoltage, 'V'),
        EVSEMaxCurrent: toPhysicalValue(evse.maxCurrent, 'A'),
      },
    };
  }
  return {
    DC_EVSEChargeParameter: {
      DC_EVSEStatus: dcEvseStatus(evse, ctx.renegotiationAnswered),
      EVSEMaximumCurrentLimit: toPhysicalValue(evse.maxCurrent, 'A'),
      EVSEMaximumPowerLimit: toPhysicalValue(evse.maxPower, 'W'),
      EVSEMaximumVoltageLimit: toPhysicalValue(evse.maxVoltage, 'V'),
      EVSEMinimumCurrentLimit: toPhysicalValue(evse.minCurrent, 'A'),
      EVSEMinimumVoltageLimit: toPhysicalValue(evse.minVoltage, 'V'),
      EVSEPeakCurrentRipple: toPhysicalValue(ctx.input.peakCurrentRipple ?? 0, 'A'),
    },
  };
}

function basisOf(ctx: Pick<Iso2AnswerContext, 'input' | 'mode'>): FailedResponseBasis {
  return { evseId: ctx.input.evseId, mode: ctx.mode, energyTransferModes: ctx.input.energyTransferModes };
}

function respond<K extends Iso2ResponseName>(name: K, value: NonNullable<BodyType[K]>, commands?: readonly PowerCommand[]): Answer {
  return answerWith(name, value as { ResponseCode: responseCodeType }, commands === undefined ? {} : { commands });
}
