/**
 * The DC messages of ISO 15118-20 (DC and DC_BPT): DC_ChargeParameterDiscovery, DC_CableCheck, DC_PreCharge,
 * DC_ChargeLoop and DC_WeldingDetection, each as a request builder (EV facts), a response builder (EVSE facts) and
 * readers back to facts. BPT is the substitution-group variant: the BPT_ element with the discharge limits.
 */
import type {
  DC_CableCheckResType,
  DC_ChargeLoopReqType,
  DC_ChargeLoopResType,
  DC_ChargeParameterDiscoveryReqType,
  DC_ChargeParameterDiscoveryResType,
  DC_PreChargeReqType,
  DC_PreChargeResType,
  DC_WeldingDetectionReqType,
  DC_WeldingDetectionResType,
} from '../../codecs/exi/generated/iso20-dc.types.js';
import type { processingType, responseCodeType } from '../../codecs/exi/generated/iso20-types.types.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import { compact } from './iso20-compact.js';
import { headerOf, type MessageContext } from './iso20-header.js';
import {
  controlElement,
  energyTransferMode,
  loopReqCommon,
  loopResCommon,
  readControlElement,
  readEnergyTransferMode,
  readEnergyTransferRes,
  readLoopReqCommon,
  readLoopResCommon,
  type ControlFacts,
  type ControlSpecs,
  type EnergyTransferSpecs,
  type LimitsFacts,
  type LoopReqFacts,
  type LoopResFacts,
} from './iso20-loop-parts.js';
import { fromRational, toRational } from './iso20-rational.js';
import type { ProcessingResFacts } from './iso20-response-codes.js';

type DcDocument = V2gDocument<'iso20-dc'>;

const CHARGE_LIMITS = ['MaximumChargePower', 'MinimumChargePower', 'MaximumChargeCurrent', 'MinimumChargeCurrent', 'MaximumVoltage', 'MinimumVoltage'];
const DISCHARGE_LIMITS = ['MaximumDischargePower', 'MinimumDischargePower', 'MaximumDischargeCurrent', 'MinimumDischargeCurrent'];

const CPD: Readonly<Record<'Req' | 'Res', EnergyTransferSpecs>> = {
  Req: {
    plain: { element: 'DC_CPDReqEnergyTransferMode', prefix: 'EV', required: CHARGE_LIMITS, optional: [] },
    bpt: { element: 'BPT_DC_CPDReqEnergyTransferMode', prefix: 'EV', required: [...CHARGE_LIMITS, ...DISCHARGE_LIMITS], optional: [] },
  },
  Res: {
    plain: { element: 'DC_CPDResEnergyTransferMode', prefix: 'EVSE', required: CHARGE_LIMITS, optional: ['PowerRampLimitation'] },
    bpt: { element: 'BPT_DC_CPDResEnergyTransferMode', prefix: 'EVSE', required: [...CHARGE_LIMITS, ...DISCHARGE_LIMITS], optional: ['PowerRampLimitation'] },
  },
};

/** The limits one side states in DC_ChargeParameterDiscovery. */
export interface DcLimitsFacts extends LimitsFacts {
  /** Percent; the EV's only. */
  readonly targetSoc?: number;
}

export function dcChargeParameterDiscoveryReq(ctx: MessageContext, f: DcLimitsFacts): DcDocument {
  const mode = energyTransferMode(CPD.Req, f);
  if (f.targetSoc !== undefined) for (const element of Object.values(mode)) element.TargetSOC = f.targetSoc;
  return v2gDocument('iso20-dc', { DC_ChargeParameterDiscoveryReq: { Header: headerOf(ctx), ...mode } as DC_ChargeParameterDiscoveryReqType });
}

export interface DcLimitsResFacts {
  readonly responseCode: responseCodeType;
  readonly limits: DcLimitsFacts;
}

export function dcChargeParameterDiscoveryRes(ctx: MessageContext, f: DcLimitsResFacts): DcDocument {
  const res = { Header: headerOf(ctx), ResponseCode: f.responseCode, ...energyTransferMode(CPD.Res, f.limits) } as DC_ChargeParameterDiscoveryResType;
  return v2gDocument('iso20-dc', { DC_ChargeParameterDiscoveryRes: res });
}

export function readDcChargeParameterDiscoveryReq(req: DC_ChargeParameterDiscoveryReqType): DcLimitsFacts | undefined {
  const read = readEnergyTransferMode(CPD.Req, req);
  return read && compact({ bpt: read.bpt, quantities: read.quantities, targetSoc: (read.element as { TargetSOC?: number }).TargetSOC });
}

/** The response's limits; absent in a FAILED response without them. */
export function readDcChargeParameterDiscoveryRes(res: DC_ChargeParameterDiscoveryResType): { readonly responseCode: responseCodeType; readonly limits?: DcLimitsFacts } {
  return readEnergyTransferRes(CPD.Res, res);
}

export function dcCableCheckReq(ctx: MessageContext): DcDocument {
  return v2gDocument('iso20-dc', { DC_CableCheckReq: { Header: headerOf(ctx) } });
}

export function dcCableCheckRes(ctx: MessageContext, f: ProcessingResFacts): DcDocument {
  return v2gDocument('iso20-dc', { DC_CableCheckRes: { Header: headerOf(ctx), ResponseCode: f.responseCode, EVSEProcessing: f.processing } });
}

export function readDcCableCheckRes(res: DC_CableCheckResType): ProcessingResFacts {
  return { responseCode: res.ResponseCode, processing: res.EVSEProcessing };
}

export interface DcPreChargeReqFacts {
  readonly processing: processingType;
  readonly presentVoltage: number;
  readonly targetVoltage: number;
}

export function dcPreChargeReq(ctx: MessageContext, f: DcPreChargeReqFacts): DcDocument {
  return v2gDocument('iso20-dc', {
    DC_PreChargeReq: { Header: headerOf(ctx), EVProcessing: f.processing, EVPresentVoltage: toRational(f.presentVoltage), EVTargetVoltage: toRational(f.targetVoltage) },
  });
}

export function readDcPreChargeReq(req: DC_PreChargeReqType): DcPreChargeReqFacts {
  return { processing: req.EVProcessing, presentVoltage: fromRational(req.EVPresentVoltage), targetVoltage: fromRational(req.EVTargetVoltage) };
}

/** DC_PreChargeRes and DC_WeldingDetectionRes: the voltage at the EVSE's output. */
export interface PresentVoltageResFacts {
  readonly responseCode: responseCodeType;
  readonly presentVoltage: number;
}

export function dcPreChargeRes(ctx: MessageContext, f: PresentVoltageResFacts): DcDocument {
  return v2gDocument('iso20-dc', { DC_PreChargeRes: { Header: headerOf(ctx), ResponseCode: f.responseCode, EVSEPresentVoltage: toRational(f.presentVoltage) } });
}

export function readPresentVoltageRes(res: DC_PreChargeResType | DC_WeldingDetectionResType): PresentVoltageResFacts {
  return { responseCode: res.ResponseCode, presentVoltage: fromRational(res.EVSEPresentVoltage) };
}

export function dcWeldingDetectionReq(ctx: MessageContext, processing: processingType): DcDocument {
  return v2gDocument('iso20-dc', { DC_WeldingDetectionReq: { Header: headerOf(ctx), EVProcessing: processing } });
}

export function readDcWeldingDetectionReq(req: DC_WeldingDetectionReqType): processingType {
  return req.EVProcessing;
}

export function dcWeldingDetectionRes(ctx: MessageContext, f: PresentVoltageResFacts): DcDocument {
  return v2gDocument('iso20-dc', { DC_WeldingDetectionRes: { Header: headerOf(ctx), ResponseCode: f.responseCode, EVSEPresentVoltage: toRational(f.presentVoltage) } });
}

const ENERGY_REQUESTS = ['TargetEnergyRequest', 'MaximumEnergyRequest', 'MinimumEnergyRequest'];
const V2X_ENERGY_REQUESTS = ['MaximumV2XEnergyRequest', 'MinimumV2XEnergyRequest'];
const LOOP_EV_LIMITS = ['MaximumChargePower', 'MinimumChargePower', 'MaximumChargeCurrent', 'MaximumVoltage', 'MinimumVoltage'];
const LOOP_EV_DISCHARGE = ['MaximumDischargePower', 'MinimumDischargePower', 'MaximumDischargeCurrent'];
const LOOP_EVSE_LIMITS = ['MaximumChargePower', 'MinimumChargePower', 'MaximumChargeCurrent', 'MaximumVoltage'];
const LOOP_EVSE_DISCHARGE = ['MaximumDischargePower', 'MinimumDischargePower', 'MaximumDischargeCurrent', 'MinimumVoltage'];

/** The control-mode elements of DC_ChargeLoopReq (EV) and DC_ChargeLoopRes (EVSE), as the DC XSD defines them. */
export const DC_LOOP_CONTROL: Readonly<Record<'Req' | 'Res', ControlSpecs>> = {
  Req: {
    Scheduled: {
      plain: { element: 'Scheduled_DC_CLReqControlMode', prefix: 'EV', required: ['TargetCurrent', 'TargetVoltage'], optional: [...ENERGY_REQUESTS, ...LOOP_EV_LIMITS], requiredScalars: [], optionalScalars: [] },
      bpt: { element: 'BPT_Scheduled_DC_CLReqControlMode', prefix: 'EV', required: ['TargetCurrent', 'TargetVoltage'], optional: [...ENERGY_REQUESTS, ...LOOP_EV_LIMITS, ...LOOP_EV_DISCHARGE], requiredScalars: [], optionalScalars: [] },
    },
    Dynamic: {
      plain: { element: 'Dynamic_DC_CLReqControlMode', prefix: 'EV', required: [...ENERGY_REQUESTS, ...LOOP_EV_LIMITS], optional: [], requiredScalars: [], optionalScalars: ['departureTime'] },
      bpt: { element: 'BPT_Dynamic_DC_CLReqControlMode', prefix: 'EV', required: [...ENERGY_REQUESTS, ...LOOP_EV_LIMITS, ...LOOP_EV_DISCHARGE], optional: V2X_ENERGY_REQUESTS, requiredScalars: [], optionalScalars: ['departureTime'] },
    },
  },
  Res: {
    Scheduled: {
      plain: { element: 'Scheduled_DC_CLResControlMode', prefix: 'EVSE', required: [], optional: LOOP_EVSE_LIMITS, requiredScalars: [], optionalScalars: [] },
      bpt: { element: 'BPT_Scheduled_DC_CLResControlMode', prefix: 'EVSE', required: [], optional: [...LOOP_EVSE_LIMITS, ...LOOP_EVSE_DISCHARGE], requiredScalars: [], optionalScalars: [] },
    },
    Dynamic: {
      plain: { element: 'Dynamic_DC_CLResControlMode', prefix: 'EVSE', required: LOOP_EVSE_LIMITS, optional: [], requiredScalars: [], optionalScalars: ['departureTime', 'minimumSoc', 'targetSoc', 'ackMaxDelay'] },
      bpt: { element: 'BPT_Dynamic_DC_CLResControlMode', prefix: 'EVSE', required: [...LOOP_EVSE_LIMITS, ...LOOP_EVSE_DISCHARGE], optional: [], requiredScalars: [], optionalScalars: ['departureTime', 'minimumSoc', 'targetSoc', 'ackMaxDelay'] },
    },
  },
};

export interface DcChargeLoopReqFacts extends LoopReqFacts {
  readonly presentVoltage: number;
}

export function dcChargeLoopReq(ctx: MessageContext, f: DcChargeLoopReqFacts): DcDocument {
  const req = Object.assign(loopReqCommon(ctx, DC_LOOP_CONTROL.Req, f), { EVPresentVoltage: toRational(f.presentVoltage) }) as DC_ChargeLoopReqType;
  return v2gDocument('iso20-dc', { DC_ChargeLoopReq: req });
}

export function readDcChargeLoopReq(req: DC_ChargeLoopReqType): Omit<DcChargeLoopReqFacts, 'control'> & { readonly control?: ControlFacts } {
  return Object.assign(readLoopReqCommon(DC_LOOP_CONTROL.Req, req), { presentVoltage: fromRational(req.EVPresentVoltage) });
}

export interface DcChargeLoopResFacts extends LoopResFacts {
  readonly presentCurrent: number;
  readonly presentVoltage: number;
  readonly powerLimitAchieved: boolean;
  readonly currentLimitAchieved: boolean;
  readonly voltageLimitAchieved: boolean;
  readonly control: ControlFacts;
}

export function dcChargeLoopRes(ctx: MessageContext, f: DcChargeLoopResFacts): DcDocument {
  const res = compact(
    Object.assign(loopResCommon(ctx, f), {
      EVSEPresentCurrent: toRational(f.presentCurrent),
      EVSEPresentVoltage: toRational(f.presentVoltage),
      EVSEPowerLimitAchieved: f.powerLimitAchieved,
      EVSECurrentLimitAchieved: f.currentLimitAchieved,
      EVSEVoltageLimitAchieved: f.voltageLimitAchieved,
      ...controlElement(DC_LOOP_CONTROL.Res, f.control),
    }),
  ) as DC_ChargeLoopResType;
  return v2gDocument('iso20-dc', { DC_ChargeLoopRes: res });
}

export function readDcChargeLoopRes(res: DC_ChargeLoopResType): Omit<DcChargeLoopResFacts, 'control'> & { readonly control?: ControlFacts } {
  return compact(
    Object.assign(readLoopResCommon(res), {
      presentCurrent: fromRational(res.EVSEPresentCurrent),
      presentVoltage: fromRational(res.EVSEPresentVoltage),
      powerLimitAchieved: res.EVSEPowerLimitAchieved,
      currentLimitAchieved: res.EVSECurrentLimitAchieved,
      voltageLimitAchieved: res.EVSEVoltageLimitAchieved,
      control: readControlElement(DC_LOOP_CONTROL.Res, res),
    }),
  );
}
