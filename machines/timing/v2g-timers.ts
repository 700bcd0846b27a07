/**
 * The standard's timers for DIN SPEC 70121 and ISO 15118-2, with their names, in milliseconds. The session machines use
 * them as named delays (visible in the statecharts); a deployment overrides any of them through `timingFor(protocol,
 * overrides)`. Values: the standards' timing tables (DIN SPEC 70121 §9.6.2 Table 75 and §9.6.5.5 Table 77, ISO
 * 15118-2's and -20's) as Josev and EVerest carry them; where those disagree or lack a value, the choice made here is
 * said beside it.
 */
export type TimedProtocol = 'din' | 'iso2';

export interface SessionTimers {
  /** From data link ready to SessionSetupRes at the EVCC. */
  readonly V2G_EVCC_CommunicationSetup_Timeout: number;
  /** From data link ready to the TCP/TLS connection at the SECC [V2G2-723]; DIN's value is not in the sources, so -2's is used. */
  readonly V2G_SECC_CommunicationSetup_Performance_Time: number;
  /** From a response sent to the next request received at the SECC [V2G2-443]. */
  readonly V2G_SECC_Sequence_Timeout: number;
  /** From a response received to the next request sent: a requirement on the EVCC (40 s, ISO 15118-2 Table 109). */
  readonly V2G_EVCC_Sequence_Performance_Time: number;
  /** How long the EVCC accepts EVSEProcessing=Ongoing. */
  readonly V2G_EVCC_Ongoing_Timeout: number;
  readonly V2G_EVCC_CableCheck_Timeout: number;
  readonly V2G_EVCC_PreCharge_Timeout: number;
}

/** Message pairs with their own EVCC timeout (V2G_EVCC_Msg_Timeout); every other pair uses `default`. */
export interface MessageTimeouts {
  readonly default: number;
  readonly ServiceDetail: number;
  readonly PaymentDetails: number;
  readonly CertificateInstallation: number;
  readonly CertificateUpdate: number;
  readonly PowerDelivery: number;
  readonly CurrentDemand: number;
}

export interface Timing {
  readonly session: SessionTimers;
  readonly V2G_EVCC_Msg_Timeout: MessageTimeouts;
  /** What the SECC aims for when answering: a design requirement, checked in the benchmarks, not a machine timer. */
  readonly V2G_SECC_Msg_Performance_Time: MessageTimeouts;
}

const SESSION: SessionTimers = {
  V2G_EVCC_CommunicationSetup_Timeout: 20_000,
  V2G_SECC_CommunicationSetup_Performance_Time: 18_000,
  V2G_SECC_Sequence_Timeout: 60_000,
  V2G_EVCC_Sequence_Performance_Time: 40_000,
  V2G_EVCC_Ongoing_Timeout: 60_000,
  V2G_EVCC_CableCheck_Timeout: 40_000,
  V2G_EVCC_PreCharge_Timeout: 7_000,
};

const SECC_PERFORMANCE: MessageTimeouts = {
  default: 1_500,
  ServiceDetail: 4_500,
  PaymentDetails: 4_500,
  CertificateInstallation: 4_500,
  CertificateUpdate: 4_500,
  PowerDelivery: 4_500,
  CurrentDemand: 25,
};

export const STANDARD_TIMING: Readonly<Record<TimedProtocol, Timing>> = {
  // DIN uses 2 s for every pair but CurrentDemand (JSV-TD); the pairs DIN lacks keep -2's value for completeness.
  din: {
    session: SESSION,
    V2G_EVCC_Msg_Timeout: { default: 2_000, ServiceDetail: 5_000, PaymentDetails: 5_000, CertificateInstallation: 5_000, CertificateUpdate: 5_000, PowerDelivery: 2_000, CurrentDemand: 250 },
    V2G_SECC_Msg_Performance_Time: SECC_PERFORMANCE,
  },
  iso2: {
    session: SESSION,
    V2G_EVCC_Msg_Timeout: { default: 2_000, ServiceDetail: 5_000, PaymentDetails: 5_000, CertificateInstallation: 5_000, CertificateUpdate: 5_000, PowerDelivery: 5_000, CurrentDemand: 250 },
    V2G_SECC_Msg_Performance_Time: SECC_PERFORMANCE,
  },
};

export interface TimingOverrides {
  readonly session?: Partial<SessionTimers>;
  readonly V2G_EVCC_Msg_Timeout?: Partial<MessageTimeouts>;
  readonly V2G_SECC_Msg_Performance_Time?: Partial<MessageTimeouts>;
}

/** The standard's timing for a protocol with a deployment's overrides (e.g. a tolerant 5 s CurrentDemand timeout). */
export function timingFor(protocol: TimedProtocol, overrides: TimingOverrides = {}): Timing {
  const base = STANDARD_TIMING[protocol];
  return {
    session: { ...base.session, ...overrides.session },
    V2G_EVCC_Msg_Timeout: { ...base.V2G_EVCC_Msg_Timeout, ...overrides.V2G_EVCC_Msg_Timeout },
    V2G_SECC_Msg_Performance_Time: { ...base.V2G_SECC_Msg_Performance_Time, ...overrides.V2G_SECC_Msg_Performance_Time },
  };
}

/** V2G_EVCC_Msg_Timeout for a request, by its name without the Req suffix (`CurrentDemandReq` → `CurrentDemand`). */
export function evccMessageTimeout(timing: Timing, request: string): number {
  const pair = request.replace(/Req$/, '') as keyof MessageTimeouts;
  return Object.prototype.hasOwnProperty.call(timing.V2G_EVCC_Msg_Timeout, pair) ? timing.V2G_EVCC_Msg_Timeout[pair] : timing.V2G_EVCC_Msg_Timeout.default;
}
