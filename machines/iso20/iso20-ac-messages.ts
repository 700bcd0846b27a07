/**
 * The AC messages of ISO 15118-20 (AC and AC_BPT): AC_ChargeParameterDiscovery and AC_ChargeLoop, each as a request
 * builder (EV facts), a response builder (EVSE facts) and readers back to facts. Per-phase quantities carry _L2 and
 * _L3 beside the first phase's; BPT is the substitution-group variant with the discharge limits.
 */
import type {
  AC_ChargeLoopReqType,
  AC_ChargeLoopResType,
  AC_ChargeParameterDiscoveryReqType,
  AC_ChargeParameterDiscoveryResType,
} from '../../codecs/exi/generated/iso20-ac.types.js';
import type { responseCodeType } from '../../codecs/exi/generated/iso20-types.types.js';
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
import { otherPhases, perPhase } from './iso20-quantities.js';
import { optionalFromRational, optionalRational } from './iso20-rational.js';

type AcDocument = V2gDocument<'iso20-ac'>;

const CHARGE = ['MaximumChargePower', 'MinimumChargePower'];
const DISCHARGE = ['MaximumDischargePower', 'MinimumDischargePower'];
const EVSE_EXTRAS = ['PowerRampLimitation', ...perPhase('PresentActivePower')];

const CPD: Readonly<Record<'Req' | 'Res', EnergyTransferSpecs>> = {
  Req: {
    plain: { element: 'AC_CPDReqEnergyTransferMode', prefix: 'EV', required: CHARGE, optional: otherPhases(...CHARGE) },
    bpt: { element: 'BPT_AC_CPDReqEnergyTransferMode', prefix: 'EV', required: [...CHARGE, ...DISCHARGE], optional: otherPhases(...CHARGE, ...DISCHARGE) },
  },
  Res: {
    plain: { element: 'AC_CPDResEnergyTransferMode', prefix: 'EVSE', required: [...CHARGE, 'NominalFrequency'], optional: [...otherPhases(...CHARGE), ...EVSE_EXTRAS], bare: ['MaximumPowerAsymmetry'] },
    bpt: {
      element: 'BPT_AC_CPDResEnergyTransferMode',
      prefix: 'EVSE',
      required: [...CHARGE, 'NominalFrequency', ...DISCHARGE],
      optional: [...otherPhases(...CHARGE, ...DISCHARGE), ...EVSE_EXTRAS],
      bare: ['MaximumPowerAsymmetry'],
    },
  },
};

/** The power limits one side states in AC_ChargeParameterDiscovery, per phase. */
export type AcLimitsFacts = LimitsFacts;

export function acChargeParameterDiscoveryReq(ctx: MessageContext, f: AcLimitsFacts): AcDocument {
  const req = { Header: headerOf(ctx), ...energyTransferMode(CPD.Req, f) } as AC_ChargeParameterDiscoveryReqType;
  return v2gDocument('iso20-ac', { AC_ChargeParameterDiscoveryReq: req });
}

export function readAcChargeParameterDiscoveryReq(req: AC_ChargeParameterDiscoveryReqType): AcLimitsFacts | undefined {
  const read = readEnergyTransferMode(CPD.Req, req);
  return read && { bpt: read.bpt, quantities: read.quantities };
}

export interface AcLimitsResFacts {
  readonly responseCode: responseCodeType;
  readonly limits: AcLimitsFacts;
}

export function acChargeParameterDiscoveryRes(ctx: MessageContext, f: AcLimitsResFacts): AcDocument {
  const res = { Header: headerOf(ctx), ResponseCode: f.responseCode, ...energyTransferMode(CPD.Res, f.limits) } as AC_ChargeParameterDiscoveryResType;
  return v2gDocument('iso20-ac', { AC_ChargeParameterDiscoveryRes: res });
}

/** The response's limits; absent in a FAILED response without them. */
export function readAcChargeParameterDiscoveryRes(res: AC_ChargeParameterDiscoveryResType): { readonly responseCode: responseCodeType; readonly limits?: AcLimitsFacts } {
  return readEnergyTransferRes(CPD.Res, res);
}

const ENERGY_REQUESTS = ['TargetEnergyRequest', 'MaximumEnergyRequest', 'MinimumEnergyRequest'];
const SCHEDULED_EV = [...ENERGY_REQUESTS, ...perPhase(...CHARGE), ...otherPhases('PresentActivePower'), ...perPhase('PresentReactivePower')];
const DYNAMIC_EV = [...ENERGY_REQUESTS, ...CHARGE, 'PresentActivePower', 'PresentReactivePower'];
const DYNAMIC_EV_PHASES = otherPhases(...CHARGE, 'PresentActivePower', 'PresentReactivePower');
const EVSE_LOOP = [...otherPhases('TargetActivePower'), ...perPhase('TargetReactivePower', 'PresentActivePower')];
const EVSE_SCALARS = ['departureTime', 'minimumSoc', 'targetSoc', 'ackMaxDelay'] as const;

/**
 * The control-mode elements of AC_ChargeLoopReq (EV) and AC_ChargeLoopRes (EVSE), as the AC XSD defines them. The
 * BPT response elements carry the same fields as the plain ones: the variant itself says the loop is bidirectional.
 */
export const AC_LOOP_CONTROL: Readonly<Record<'Req' | 'Res', ControlSpecs>> = {
  Req: {
    Scheduled: {
      plain: { element: 'Scheduled_AC_CLReqControlMode', prefix: 'EV', required: ['PresentActivePower'], optional: SCHEDULED_EV, requiredScalars: [], optionalScalars: [] },
      bpt: { element: 'BPT_Scheduled_AC_CLReqControlMode', prefix: 'EV', required: ['PresentActivePower'], optional: [...SCHEDULED_EV, ...perPhase(...DISCHARGE)], requiredScalars: [], optionalScalars: [] },
    },
    Dynamic: {
      plain: { element: 'Dynamic_AC_CLReqControlMode', prefix: 'EV', required: DYNAMIC_EV, optional: DYNAMIC_EV_PHASES, requiredScalars: [], optionalScalars: ['departureTime'] },
      bpt: {
        element: 'BPT_Dynamic_AC_CLReqControlMode',
        prefix: 'EV',
        required: [...DYNAMIC_EV, ...DISCHARGE],
        optional: [...DYNAMIC_EV_PHASES, ...otherPhases(...DISCHARGE), 'MaximumV2XEnergyRequest', 'MinimumV2XEnergyRequest'],
        requiredScalars: [],
        optionalScalars: ['departureTime'],
      },
    },
  },
  Res: {
    Scheduled: {
      plain: { element: 'Scheduled_AC_CLResControlMode', prefix: 'EVSE', required: [], optional: [...perPhase('TargetActivePower'), ...EVSE_LOOP], requiredScalars: [], optionalScalars: [] },
      bpt: { element: 'BPT_Scheduled_AC_CLResControlMode', prefix: 'EVSE', required: [], optional: [...perPhase('TargetActivePower'), ...EVSE_LOOP], requiredScalars: [], optionalScalars: [] },
    },
    Dynamic: {
      plain: { element: 'Dynamic_AC_CLResControlMode', prefix: 'EVSE', required: ['TargetActivePower'], optional: EVSE_LOOP, requiredScalars: [], optionalScalars: EVSE_SCALARS },
      bpt: { element: 'BPT_Dynamic_AC_CLResControlMode', prefix: 'EVSE', required: ['TargetActivePower'], optional: EVSE_LOOP, requiredScalars: [], optionalScalars: EVSE_SCALARS },
    },
  },
};

export type AcChargeLoopReqFacts = LoopReqFacts;

export function acChargeLoopReq(ctx: MessageContext, f: AcChargeLoopReqFacts): AcDocument {
  return v2gDocument('iso20-ac', { AC_ChargeLoopReq: loopReqCommon(ctx, AC_LOOP_CONTROL.Req, f) as AC_ChargeLoopReqType });
}

export function readAcChargeLoopReq(req: AC_ChargeLoopReqType): Omit<AcChargeLoopReqFacts, 'control'> & { readonly control?: ControlFacts } {
  return readLoopReqCommon(AC_LOOP_CONTROL.Req, req);
}

export interface AcChargeLoopResFacts extends LoopResFacts {
  /** Hz, for an EVSE that steers the frequency (island operation). */
  readonly targetFrequency?: number;
  readonly control: ControlFacts;
}

export function acChargeLoopRes(ctx: MessageContext, f: AcChargeLoopResFacts): AcDocument {
  const res = compact(
    Object.assign(loopResCommon(ctx, f), {
      EVSETargetFrequency: optionalRational(f.targetFrequency),
      ...controlElement(AC_LOOP_CONTROL.Res, f.control),
    }),
  ) as AC_ChargeLoopResType;
  return v2gDocument('iso20-ac', { AC_ChargeLoopRes: res });
}

export function readAcChargeLoopRes(res: AC_ChargeLoopResType): Omit<AcChargeLoopResFacts, 'control'> & { readonly control?: ControlFacts } {
  return compact(
    Object.assign(readLoopResCommon(res), {
      targetFrequency: optionalFromRational(res.EVSETargetFrequency),
      control: readControlElement(AC_LOOP_CONTROL.Res, res),
    }),
  );
}
