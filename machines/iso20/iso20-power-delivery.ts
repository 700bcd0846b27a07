/**
 * PowerDelivery: the EV starts, stops or suspends (Standby) the energy transfer, or asks for new schedules
 * (ScheduleRenegotiation). With Start it states its power profile (Scheduled: the ScheduleTuple it picked; Dynamic:
 * the mode alone) and, in BPT, the direction (BPT_ChannelSelection Charge or Discharge).
 */
import type { EVPowerProfileType, PowerDeliveryReqType, PowerDeliveryResType, channelSelectionType, chargeProgressType, powerToleranceAcceptanceType } from '../../codecs/exi/generated/iso20-common.types.js';
import type { processingType } from '../../codecs/exi/generated/iso20-types.types.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import { compact } from './iso20-compact.js';
import { headerOf, type MessageContext } from './iso20-header.js';
import { evseStatus, readEvseStatus, type NotificationFacts } from './iso20-notifications.js';
import type { CodeResFacts } from './iso20-response-codes.js';
import { powerEntry, readPowerEntry, type PowerEntryFacts } from './iso20-schedule-exchange.js';

type CommonDocument = V2gDocument<'iso20-common'>;

export interface PowerProfileFacts {
  readonly timeAnchorS: number;
  readonly control:
    | { readonly mode: 'Scheduled'; readonly selectedScheduleTupleId: number; readonly powerToleranceAcceptance?: powerToleranceAcceptanceType }
    | { readonly mode: 'Dynamic' };
  readonly entries: readonly PowerEntryFacts[];
}

export interface PowerDeliveryReqFacts {
  /** Ongoing: the EV is still preparing (its profile); the SECC answers and waits for the next PowerDeliveryReq. */
  readonly processing: processingType;
  readonly progress: chargeProgressType;
  readonly profile?: PowerProfileFacts;
  readonly channel?: channelSelectionType;
}

function powerProfile(p: PowerProfileFacts): EVPowerProfileType {
  const c = p.control;
  return {
    TimeAnchor: BigInt(p.timeAnchorS),
    ...(c.mode === 'Scheduled'
      ? { Scheduled_EVPPTControlMode: compact({ SelectedScheduleTupleID: c.selectedScheduleTupleId, PowerToleranceAcceptance: c.powerToleranceAcceptance }) }
      : { Dynamic_EVPPTControlMode: {} }),
    EVPowerProfileEntries: { EVPowerProfileEntry: p.entries.map(powerEntry) },
  };
}

function readPowerProfile(p: EVPowerProfileType): PowerProfileFacts {
  const s = p.Scheduled_EVPPTControlMode;
  return {
    timeAnchorS: Number(p.TimeAnchor),
    control: s ? compact({ mode: 'Scheduled' as const, selectedScheduleTupleId: s.SelectedScheduleTupleID, powerToleranceAcceptance: s.PowerToleranceAcceptance }) : { mode: 'Dynamic' },
    entries: p.EVPowerProfileEntries.EVPowerProfileEntry.map(readPowerEntry),
  };
}

export function powerDeliveryReq(ctx: MessageContext, f: PowerDeliveryReqFacts): CommonDocument {
  return v2gDocument('iso20-common', {
    PowerDeliveryReq: compact({
      Header: headerOf(ctx),
      EVProcessing: f.processing,
      ChargeProgress: f.progress,
      EVPowerProfile: f.profile && powerProfile(f.profile),
      BPT_ChannelSelection: f.channel,
    }),
  });
}

export function readPowerDeliveryReq(req: PowerDeliveryReqType): PowerDeliveryReqFacts {
  return compact({
    processing: req.EVProcessing,
    progress: req.ChargeProgress,
    profile: req.EVPowerProfile && readPowerProfile(req.EVPowerProfile),
    channel: req.BPT_ChannelSelection,
  });
}

export interface PowerDeliveryResFacts extends CodeResFacts {
  readonly notification?: NotificationFacts;
}

export function powerDeliveryRes(ctx: MessageContext, f: PowerDeliveryResFacts): CommonDocument {
  return v2gDocument('iso20-common', {
    PowerDeliveryRes: compact({ Header: headerOf(ctx), ResponseCode: f.responseCode, EVSEStatus: f.notification && evseStatus(f.notification) }),
  });
}

export function readPowerDeliveryRes(res: PowerDeliveryResType): PowerDeliveryResFacts {
  return compact({ responseCode: res.ResponseCode, notification: res.EVSEStatus && readEvseStatus(res.EVSEStatus) });
}
