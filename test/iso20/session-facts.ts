/**
 * Facts for every message of an ISO 15118-20 session of each energy service and control mode, both roles, with the
 * builder that makes the document and the reader that turns the decoded document back into the facts. The message
 * tests run them through the strict codec; the -20 adapter's tests can take the same facts.
 */
import type { Documents, SchemaName } from '../../codecs/exi/generated/documents.types.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import * as ac from '../../machines/iso20/iso20-ac-messages.js';
import * as dc from '../../machines/iso20/iso20-dc-messages.js';
import type { MessageContext } from '../../machines/iso20/iso20-header.js';
import type { ControlFacts } from '../../machines/iso20/iso20-loop-parts.js';
import * as pd from '../../machines/iso20/iso20-power-delivery.js';
import * as se from '../../machines/iso20/iso20-schedule-exchange.js';
import * as sv from '../../machines/iso20/iso20-service-messages.js';
import { SERVICE_IDS, isBidirectional, isDcService, type ControlMode, type EnergyService, type ParameterSetFacts } from '../../machines/iso20/iso20-services.js';
import * as st from '../../machines/iso20/iso20-setup-messages.js';

export const CTX: MessageContext = { sessionId: Uint8Array.from([0x4b, 0x6f, 0x70, 0x68, 0x65, 0x72, 0x32, 0x30]), nowMs: 1_765_000_000_250 };
const NOW_S = Math.floor(CTX.nowMs / 1000);

export interface Case {
  readonly name: string;
  readonly document: V2gDocument;
  /** The facts the reader gives back from the decoded document: equal to what was built from. */
  readonly facts: unknown;
  readonly read: (document: Documents[SchemaName]) => unknown;
}

/** The element of a decoded document, by name (each document has exactly one). */
function body<T>(document: Documents[SchemaName], name: string): T {
  return (document as unknown as Record<string, T>)[name];
}

function item<F>(name: string, document: V2gDocument, facts: F, read: (element: never) => unknown): Case {
  return { name, document, facts, read: (doc) => read(body<never>(doc, name)) };
}

export function parameterSetOf(service: EnergyService, mode: ControlMode): ParameterSetFacts {
  const common = { id: mode === 'Scheduled' ? 1 : 2, controlMode: mode, mobilityNeedsMode: mode === 'Scheduled' ? 'ProvidedByEvcc' : 'ProvidedBySecc', pricing: mode === 'Scheduled' ? 'AbsolutePricing' : 'PriceLevels' } as const;
  switch (service) {
    case 'AC':
      return { service, ...common, connector: 'ThreePhase', evseNominalVoltage: 230 };
    case 'AC_BPT':
      return { service, ...common, connector: 'ThreePhase', evseNominalVoltage: 230, bptChannel: 'Unified', generatorMode: 'GridFollowing', islandingDetection: 'Passive' };
    case 'DC':
      return { service, ...common, connector: 'Extended' };
    case 'DC_BPT':
      return { service, ...common, connector: 'Extended', bptChannel: 'Unified', generatorMode: 'GridFollowing' };
  }
}

const ABSOLUTE_PRICE: se.PriceScheduleFacts = {
  kind: 'absolute',
  id: 7,
  timeAnchorS: NOW_S,
  currency: 'EUR',
  language: 'ENG',
  priceAlgorithm: 'urn:iso:std:iso:15118:-20:PriceAlgorithm:1-Power',
  maximumCost: 50,
  stacks: [
    { durationS: 0, rules: [{ energyFee: 0.00039, powerRangeStart: 0 }, { energyFee: 0.00049, parkingFee: 0.5, parkingFeePeriodS: 3600, powerRangeStart: 50_000 }] },
    { durationS: 7200, rules: [{ energyFee: 0.00029, powerRangeStart: 0, renewableGenerationPercentage: 80, carbonDioxideEmission: 120 }] },
  ],
};
const PRICE_LEVELS: se.PriceScheduleFacts = { kind: 'levels', id: 8, timeAnchorS: NOW_S, numberOfLevels: 3, entries: [{ durationS: 0, level: 2 }, { durationS: 3600, level: 0 }] };

function tuples(service: EnergyService): se.ScheduleTupleFacts[] {
  const ac = !isDcService(service);
  const entries = (power: number): se.PowerEntryFacts[] =>
    ac ? [{ durationS: 3600, power, power_L2: power, power_L3: power }, { durationS: 82_800, power: power / 2 }] : [{ durationS: 3600, power }, { durationS: 82_800, power: power / 2 }];
  const tuple = (id: number, price: se.PriceScheduleFacts): se.ScheduleTupleFacts => ({
    id,
    charging: { power: { timeAnchorS: NOW_S, availableEnergy: 60_000, powerTolerance: 500, entries: entries(ac ? 7_360 : 150_000) }, price },
    ...(isBidirectional(service) ? { discharging: { power: { timeAnchorS: NOW_S, entries: entries(ac ? -3_680 : -11_000) } } } : {}),
  });
  return [tuple(1, ABSOLUTE_PRICE), tuple(2, PRICE_LEVELS)];
}

/** The control-mode elements of a DC loop's request and response in `mode`, BPT or not. */
export function dcLoop(mode: ControlMode, bpt: boolean): { req: ControlFacts; res: ControlFacts } {
  if (mode === 'Scheduled') {
    return {
      req: { mode, bpt, quantities: { TargetCurrent: 120.5, TargetVoltage: 412.3, MaximumChargePower: 150_000, MaximumVoltage: 450, ...(bpt ? { MaximumDischargePower: 11_000, MaximumDischargeCurrent: 25 } : {}) } },
      res: { mode, bpt, quantities: { MaximumChargePower: 150_000, MaximumChargeCurrent: 350, ...(bpt ? { MaximumDischargePower: 11_000, MinimumVoltage: 200 } : {}) } },
    };
  }
  return {
    req: {
      mode,
      bpt,
      departureTime: 7_200,
      quantities: {
        TargetEnergyRequest: 40_000,
        MaximumEnergyRequest: 52_000,
        MinimumEnergyRequest: bpt ? -10_000 : 5_000,
        MaximumChargePower: 150_000,
        MinimumChargePower: 0,
        MaximumChargeCurrent: 350,
        MaximumVoltage: 450,
        MinimumVoltage: 200,
        ...(bpt ? { MaximumDischargePower: 11_000, MinimumDischargePower: 0, MaximumDischargeCurrent: 25, MaximumV2XEnergyRequest: 30_000, MinimumV2XEnergyRequest: -20_000 } : {}),
      },
    },
    res: {
      mode,
      bpt,
      departureTime: 7_000,
      targetSoc: 80,
      ackMaxDelay: 10,
      quantities: {
        MaximumChargePower: 100_000,
        MinimumChargePower: 0,
        MaximumChargeCurrent: 250,
        MaximumVoltage: 920,
        ...(bpt ? { MaximumDischargePower: 11_000, MinimumDischargePower: 0, MaximumDischargeCurrent: 25, MinimumVoltage: 200 } : {}),
      },
    },
  };
}

function acLoop(mode: ControlMode, bpt: boolean): { req: ControlFacts; res: ControlFacts } {
  if (mode === 'Scheduled') {
    return {
      req: { mode, bpt, quantities: { PresentActivePower: 7_200, PresentActivePower_L2: 7_200, PresentActivePower_L3: 7_150, MaximumChargePower: 22_000, ...(bpt ? { MaximumDischargePower: 11_000, MinimumDischargePower_L2: 0 } : {}) } },
      res: { mode, bpt, quantities: { TargetActivePower: 11_000, TargetReactivePower: -500, PresentActivePower: 7_200 } },
    };
  }
  return {
    req: {
      mode,
      bpt,
      departureTime: 28_800,
      quantities: {
        TargetEnergyRequest: 30_000,
        MaximumEnergyRequest: 40_000,
        MinimumEnergyRequest: 2_000,
        MaximumChargePower: 22_000,
        MaximumChargePower_L2: 7_360,
        MinimumChargePower: 1_380,
        PresentActivePower: bpt ? -3_680 : 7_200,
        PresentReactivePower: 0,
        ...(bpt ? { MaximumDischargePower: 11_000, MinimumDischargePower: 0, MaximumV2XEnergyRequest: 20_000 } : {}),
      },
    },
    res: { mode, bpt, minimumSoc: 20, targetSoc: 90, quantities: { TargetActivePower: bpt ? -3_680 : 11_000, TargetActivePower_L2: bpt ? -3_680 : 11_000 } },
  };
}

/** Every message of a session of `service` in `mode`, requests and responses, in session order. */
export function sessionCases(service: EnergyService, mode: ControlMode): Case[] {
  const bpt = isBidirectional(service);
  const serviceId = SERVICE_IDS[service];
  const set = parameterSetOf(service, mode);
  const cases: Case[] = [
    item('SessionSetupReq', st.sessionSetupReq(CTX, 'WMIV1234567890ABCDEF'), { evccId: 'WMIV1234567890ABCDEF' }, st.readSessionSetupReq),
    item('SessionSetupRes', st.sessionSetupRes(CTX, { responseCode: 'OK_NewSessionEstablished', evseId: 'DE*KPR*E1234*1' }), { responseCode: 'OK_NewSessionEstablished', evseId: 'DE*KPR*E1234*1' }, st.readSessionSetupRes),
    item('AuthorizationSetupReq', st.authorizationSetupReq(CTX), {}, () => ({})),
    item('AuthorizationSetupRes', st.authorizationSetupRes(CTX, { responseCode: 'OK', services: ['EIM'], certificateInstallationService: false }), { responseCode: 'OK', services: ['EIM'], certificateInstallationService: false }, st.readAuthorizationSetupRes),
    item('AuthorizationReq', st.authorizationReq(CTX, { service: 'EIM' }), { service: 'EIM' }, st.readAuthorizationReq),
    item('AuthorizationRes', st.authorizationRes(CTX, { responseCode: 'OK', processing: 'Finished' }), { responseCode: 'OK', processing: 'Finished' }, st.readAuthorizationRes),
    item('ServiceDiscoveryReq', sv.serviceDiscoveryReq(CTX, [serviceId]), { supportedServiceIds: [serviceId] }, sv.readServiceDiscoveryReq),
    item(
      'ServiceDiscoveryRes',
      sv.serviceDiscoveryRes(CTX, { responseCode: 'OK', serviceRenegotiationSupported: true, energyServices: [{ serviceId, free: false }], valueAddedServices: [] }),
      { responseCode: 'OK', serviceRenegotiationSupported: true, energyServices: [{ serviceId, free: false }], valueAddedServices: [] },
      sv.readServiceDiscoveryRes,
    ),
    item('ServiceDetailReq', sv.serviceDetailReq(CTX, serviceId), serviceId, (e: { ServiceID: number }) => e.ServiceID),
    item('ServiceDetailRes', sv.serviceDetailRes(CTX, { responseCode: 'OK', serviceId, parameterSets: [set] }), { responseCode: 'OK', serviceId, parameterSets: [set], warnings: [] }, sv.readServiceDetailRes),
    item('ServiceSelectionReq', sv.serviceSelectionReq(CTX, { energy: { serviceId, parameterSetId: set.id }, valueAddedServices: [] }), { energy: { serviceId, parameterSetId: set.id }, valueAddedServices: [] }, sv.readServiceSelectionReq),
    item('ServiceSelectionRes', sv.serviceSelectionRes(CTX, { responseCode: 'OK' }), { responseCode: 'OK' }, st.readCodeRes),
  ];
  if (isDcService(service)) {
    const evLimits: dc.DcLimitsFacts = {
      bpt,
      targetSoc: 80,
      quantities: { MaximumChargePower: 150_000, MinimumChargePower: 0, MaximumChargeCurrent: 350, MinimumChargeCurrent: 0, MaximumVoltage: 450, MinimumVoltage: 200, ...(bpt ? { MaximumDischargePower: 11_000, MinimumDischargePower: 0, MaximumDischargeCurrent: 25, MinimumDischargeCurrent: 0 } : {}) },
    };
    const evseLimits: dc.DcLimitsFacts = {
      bpt,
      quantities: { MaximumChargePower: 350_000, MinimumChargePower: 1_000, MaximumChargeCurrent: 500, MinimumChargeCurrent: 1, MaximumVoltage: 920, MinimumVoltage: 150, PowerRampLimitation: 20_000, ...(bpt ? { MaximumDischargePower: 50_000, MinimumDischargePower: 0, MaximumDischargeCurrent: 100, MinimumDischargeCurrent: 0 } : {}) },
    };
    cases.push(
      item('DC_ChargeParameterDiscoveryReq', dc.dcChargeParameterDiscoveryReq(CTX, evLimits), evLimits, dc.readDcChargeParameterDiscoveryReq),
      item('DC_ChargeParameterDiscoveryRes', dc.dcChargeParameterDiscoveryRes(CTX, { responseCode: 'OK', limits: evseLimits }), { responseCode: 'OK', limits: evseLimits }, dc.readDcChargeParameterDiscoveryRes),
    );
  } else {
    const evLimits: ac.AcLimitsFacts = {
      bpt,
      quantities: { MaximumChargePower: 22_000, MaximumChargePower_L2: 7_360, MaximumChargePower_L3: 7_360, MinimumChargePower: 1_380, ...(bpt ? { MaximumDischargePower: 11_000, MinimumDischargePower: 0 } : {}) },
    };
    const evseLimits: ac.AcLimitsFacts = {
      bpt,
      quantities: { MaximumChargePower: 22_000, MinimumChargePower: 1_380, NominalFrequency: 50, MaximumPowerAsymmetry: 4_600, PresentActivePower: 0, ...(bpt ? { MaximumDischargePower: 11_000, MinimumDischargePower: 0, MaximumDischargePower_L3: 3_680 } : {}) },
    };
    cases.push(
      item('AC_ChargeParameterDiscoveryReq', ac.acChargeParameterDiscoveryReq(CTX, evLimits), evLimits, ac.readAcChargeParameterDiscoveryReq),
      item('AC_ChargeParameterDiscoveryRes', ac.acChargeParameterDiscoveryRes(CTX, { responseCode: 'OK', limits: evseLimits }), { responseCode: 'OK', limits: evseLimits }, ac.readAcChargeParameterDiscoveryRes),
    );
  }
  const seReq: se.ScheduleExchangeReqFacts =
    mode === 'Scheduled'
      ? { maximumSupportingPoints: 1024, control: { mode, departureTime: 7_200, quantities: { TargetEnergyRequest: 40_000, MaximumEnergyRequest: 52_000, MinimumEnergyRequest: 5_000 } } }
      : {
          maximumSupportingPoints: 12,
          control: { mode, departureTime: 7_200, minimumSoc: 30, targetSoc: 80, quantities: { TargetEnergyRequest: 40_000, MaximumEnergyRequest: 52_000, MinimumEnergyRequest: 5_000, ...(bpt ? { MaximumV2XEnergyRequest: 30_000, MinimumV2XEnergyRequest: -20_000 } : {}) } },
        };
  const seRes: se.ScheduleExchangeResFacts =
    mode === 'Scheduled'
      ? { responseCode: 'OK', processing: 'Finished', control: { mode, tuples: tuples(service) } }
      : { responseCode: 'OK', processing: 'Finished', goToPause: false, control: { mode, departureTime: 7_000, minimumSoc: 30, targetSoc: 80, price: ABSOLUTE_PRICE } };
  cases.push(
    item('ScheduleExchangeReq', se.scheduleExchangeReq(CTX, seReq), seReq, se.readScheduleExchangeReq),
    item('ScheduleExchangeRes', se.scheduleExchangeRes(CTX, seRes), seRes, se.readScheduleExchangeRes),
  );
  if (isDcService(service)) {
    const pre: dc.DcPreChargeReqFacts = { processing: 'Ongoing', presentVoltage: 395.5, targetVoltage: 400 };
    cases.push(
      item('DC_CableCheckReq', dc.dcCableCheckReq(CTX), {}, () => ({})),
      item('DC_CableCheckRes', dc.dcCableCheckRes(CTX, { responseCode: 'OK', processing: 'Ongoing' }), { responseCode: 'OK', processing: 'Ongoing' }, dc.readDcCableCheckRes),
      item('DC_PreChargeReq', dc.dcPreChargeReq(CTX, pre), pre, dc.readDcPreChargeReq),
      item('DC_PreChargeRes', dc.dcPreChargeRes(CTX, { responseCode: 'OK', presentVoltage: 399.8 }), { responseCode: 'OK', presentVoltage: 399.8 }, dc.readPresentVoltageRes),
    );
  }
  const profile: pd.PowerProfileFacts = {
    timeAnchorS: NOW_S,
    control: mode === 'Scheduled' ? { mode, selectedScheduleTupleId: 2, powerToleranceAcceptance: 'PowerToleranceConfirmed' } : { mode },
    entries: [{ durationS: 3600, power: isDcService(service) ? 150_000 : 11_000 }],
  };
  const start: pd.PowerDeliveryReqFacts = { processing: 'Finished', progress: 'Start', profile, ...(bpt ? { channel: 'Discharge' as const } : {}) };
  cases.push(
    item('PowerDeliveryReq', pd.powerDeliveryReq(CTX, start), start, pd.readPowerDeliveryReq),
    item('PowerDeliveryRes', pd.powerDeliveryRes(CTX, { responseCode: 'OK' }), { responseCode: 'OK' }, pd.readPowerDeliveryRes),
  );
  const meter = { meterId: 'KPR-METER-1', chargedWh: 12_345, ...(bpt ? { dischargedWh: 2_345 } : {}), timestampS: NOW_S };
  const notification = { notification: 'ScheduleRenegotiation' as const, maxDelayS: 60 };
  if (isDcService(service)) {
    const loop = dcLoop(mode, bpt);
    const req: dc.DcChargeLoopReqFacts = { display: { presentSoc: 42, targetSoc: 80, remainingTimeToTargetSocS: 1800, batteryEnergyCapacity: 77_000, chargingComplete: false }, meterInfoRequested: true, presentVoltage: 401.2, control: loop.req };
    const res: dc.DcChargeLoopResFacts = { responseCode: 'OK', notification, meter, presentCurrent: bpt ? -25 : 120.4, presentVoltage: 401.3, powerLimitAchieved: false, currentLimitAchieved: true, voltageLimitAchieved: false, control: loop.res };
    cases.push(item('DC_ChargeLoopReq', dc.dcChargeLoopReq(CTX, req), req, dc.readDcChargeLoopReq), item('DC_ChargeLoopRes', dc.dcChargeLoopRes(CTX, res), res, dc.readDcChargeLoopRes));
  } else {
    const loop = acLoop(mode, bpt);
    const req: ac.AcChargeLoopReqFacts = { display: { presentSoc: 42, inletHot: false }, meterInfoRequested: false, control: loop.req };
    const res: ac.AcChargeLoopResFacts = { responseCode: 'OK', notification, meter, targetFrequency: 50.02, control: loop.res };
    cases.push(item('AC_ChargeLoopReq', ac.acChargeLoopReq(CTX, req), req, ac.readAcChargeLoopReq), item('AC_ChargeLoopRes', ac.acChargeLoopRes(CTX, res), res, ac.readAcChargeLoopRes));
  }
  const stop: pd.PowerDeliveryReqFacts = { processing: 'Finished', progress: 'Stop' };
  cases.push(
    item('PowerDeliveryReq', pd.powerDeliveryReq(CTX, stop), stop, pd.readPowerDeliveryReq),
    item('PowerDeliveryRes', pd.powerDeliveryRes(CTX, { responseCode: 'OK', notification: { notification: 'Terminate', maxDelayS: 0 } }), { responseCode: 'OK', notification: { notification: 'Terminate', maxDelayS: 0 } }, pd.readPowerDeliveryRes),
  );
  if (isDcService(service)) {
    cases.push(
      item('DC_WeldingDetectionReq', dc.dcWeldingDetectionReq(CTX, 'Finished'), 'Finished', dc.readDcWeldingDetectionReq),
      item('DC_WeldingDetectionRes', dc.dcWeldingDetectionRes(CTX, { responseCode: 'OK', presentVoltage: 12.5 }), { responseCode: 'OK', presentVoltage: 12.5 }, dc.readPresentVoltageRes),
    );
  }
  const sessionStop: st.SessionStopReqFacts = { chargingSession: 'Terminate', terminationCode: 'EV-FULL', terminationExplanation: 'target SoC reached' };
  cases.push(
    item('SessionStopReq', st.sessionStopReq(CTX, sessionStop), sessionStop, st.readSessionStopReq),
    item('SessionStopRes', st.sessionStopRes(CTX, { responseCode: 'OK' }), { responseCode: 'OK' }, st.readCodeRes),
  );
  return cases;
}
