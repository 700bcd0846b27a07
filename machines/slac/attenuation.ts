/**
 * The attenuation arithmetic of SLAC: the EVSE averages the profiles its modem measured into one CM_ATTEN_CHAR.IND,
 * the EV reduces each IND to one figure of merit and picks the EVSE with the lowest.
 */
import type { MacAddress } from '../../codecs/slac/index.js';

/** Green PHY reports the attenuation of 58 carrier groups (ISO 15118-3 CM_ATTEN_PROFILE.IND). */
export const GREEN_PHY_GROUPS = 58;

/** The profiles of one run as the EVSE adds them up, group by group. */
export interface ProfileSum {
  /** CM_ATTEN_PROFILE.IND received for the EV, with or without groups. */
  readonly sounds: number;
  /** Of those, the ones that carried all 58 groups: only they enter the sums. */
  readonly measured: number;
  readonly sums: readonly number[];
}

export const EMPTY_PROFILE_SUM: ProfileSum = { sounds: 0, measured: 0, sums: new Array<number>(GREEN_PHY_GROUPS).fill(0) };

/**
 * Adds one CM_ATTEN_PROFILE.IND. A profile with another number of groups counts as a sound heard but not measured:
 * the QCA7420 EVSE modem in the Model Y capture reports NumGroups 0 for every sound, while EVerest drops anything
 * but 58 groups.
 */
export function addProfile(sum: ProfileSum, AAG: readonly number[]): ProfileSum {
  if (AAG.length !== GREEN_PHY_GROUPS) return { ...sum, sounds: sum.sounds + 1 };
  return { sounds: sum.sounds + 1, measured: sum.measured + 1, sums: sum.sums.map((s, i) => s + AAG[i]) };
}

/**
 * The AAG of CM_ATTEN_CHAR.IND: the per-group average of the measured profiles, rounded. When sounds arrived but
 * none was measured, every group gets `unmeasured` dB (decision, unverified: the modem heard this EV but gives no
 * figure; pyPLC as EVSE answers a Model Y with made-up values near 10 dB and is accepted; EVerest sends 1 dB when it
 * has nothing). When nothing arrived at all, no groups: the EV then rejects this EVSE, as open-plc-utils' PEV does.
 */
export function averageProfile(sum: ProfileSum, unmeasured: number): number[] {
  if (sum.measured > 0) return sum.sums.map((s) => Math.round(s / sum.measured));
  if (sum.sounds > 0) return new Array<number>(GREEN_PHY_GROUPS).fill(unmeasured);
  return [];
}

/** The figure of merit of one CM_ATTEN_CHAR.IND: the mean over its groups in dB (lower is nearer). */
export function meanAttenuation(AAG: readonly number[]): number {
  return AAG.length === 0 ? Number.NaN : AAG.reduce((a, b) => a + b, 0) / AAG.length;
}

/** One EVSE's answer to the sounding, as the EV keeps it. */
export interface AttenuationResult {
  readonly evseMac: MacAddress;
  readonly NUM_SOUNDS: number;
  readonly meanAttenuation: number;
}

/**
 * The EVSE to match: the lowest mean attenuation among the results that heard at least one sound, carry groups, and
 * stay within the threshold (C_EV_match_signalattn_direct). A mean of 0 is rejected as open-plc-utils and the Ioniq
 * do (a defective measurement). Ties go to the EVSE that answered first. Undefined when none qualifies.
 */
export function chooseEvse(results: readonly AttenuationResult[], threshold: number): AttenuationResult | undefined {
  let best: AttenuationResult | undefined;
  for (const r of results) {
    const usable = r.NUM_SOUNDS > 0 && r.meanAttenuation > 0 && r.meanAttenuation <= threshold;
    if (usable && (best === undefined || r.meanAttenuation < best.meanAttenuation)) best = r;
  }
  return best;
}
