/**
 * The DIN EVCC against the DIN SECC, wired to each other directly (each emitted message encoded and decoded by the
 * DIN codec on the way), with a small EVSE and vehicle simulation, on a simulated clock: the whole session from
 * SessionSetup to SessionStop on both sides.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DinMessage } from '../../machines/din/din-messages.js';
import { SESSION_ID } from './harness.js';
import { wiredSession } from './wiring.js';

/** The timeline without consecutive repeats of the same entry. */
function collapsed(entries: readonly string[]): string[] {
  return entries.filter((e, i) => e !== entries[i - 1]);
}

test('EVCC and SECC run a DIN session from SessionSetup to SessionStop, every message schema-valid', () => {
  const { evcc, secc, timeline, closes } = wiredSession();
  assert.equal(evcc.getSnapshot().output, { result: 'stopped', sessionId: SESSION_ID });
  assert.equal(secc.getSnapshot().output, { result: 'stopped', sessionId: SESSION_ID });
  assert.equal(closes, ['EVSE SessionStop done', 'EV SessionStop done']);

  const requests = collapsed(timeline.filter((e) => e.startsWith('EV ')));
  assert.equal(requests, [
    'EV SessionSetupReq', 'EV ServiceDiscoveryReq', 'EV ServicePaymentSelectionReq', 'EV ContractAuthenticationReq',
    'EV ChargeParameterDiscoveryReq', 'EV CableCheckReq', 'EV PreChargeReq', 'EV PowerDeliveryReq', 'EV CurrentDemandReq',
    'EV PowerDeliveryReq', 'EV WeldingDetectionReq', 'EV SessionStopReq',
  ]);
  const answers = timeline.filter((e) => e.startsWith('EVSE '));
  assert.ok(answers.every((a) => !a.includes('FAILED')), answers.join('\n'));
  assert.is(answers.filter((a) => a.startsWith('EVSE SessionSetupRes')).length, 1);
});

test('the Ongoing loops and PreCharge repeat until the EVSE is done; the EV reacts in the standard\'s order', () => {
  const { timeline } = wiredSession();
  const count = (entry: string) => timeline.filter((e) => e === entry).length;
  // Authorization arrives after 1 s and the isolation test takes 1.5 s, both at 100 ms per round.
  assert.ok(count('EV ContractAuthenticationReq') >= 10, `${count('EV ContractAuthenticationReq')} ContractAuthenticationReq`);
  assert.ok(count('EV CableCheckReq') >= 15, `${count('EV CableCheckReq')} CableCheckReq`);
  assert.is(count('EV PreChargeReq'), 3, 'answers of 0 V, 200 V, then 380 V: within 20 V of the battery');
  assert.is(count('EV WeldingDetectionReq'), 1);
  assert.is(count('power isolationCheck 450 V'), 1, 'the test runs once, at the lower maximum voltage (EV 450 V)');

  const sequence = collapsed(timeline.filter((e) => !e.startsWith('EVSE ') && !e.startsWith('vehicle charging true')));
  const at = (entry: string) => sequence.indexOf(entry);
  assert.ok(at('vehicle controlPilot C') < at('EV CableCheckReq'), 'CP state C before CableCheck');
  assert.ok(at('power precharge 380 V 2 A') > at('EV PreChargeReq'));
  assert.ok(at('vehicle contactors closed') < at('EV PowerDeliveryReq'), 'EV contactors closed before PowerDelivery(true)');
  assert.ok(at('power contactors closed') < at('EV CurrentDemandReq'));
  assert.ok(at('power deliver 400 V 100 A') > at('EV CurrentDemandReq'));
  const stop = sequence.lastIndexOf('EV PowerDeliveryReq');
  assert.equal(sequence.slice(stop - 1, stop + 6), [
    'vehicle charging false 0 V 0 A', 'EV PowerDeliveryReq', 'power stop', 'power contactors open',
    'vehicle contactors open', 'vehicle controlPilot B', 'EV WeldingDetectionReq',
  ]);
  // The simulated vehicle gains 0.5 % per CurrentDemandRes from 78 %; the EV reads 80 % (full) at the fifth answer.
  assert.is(count('EV CurrentDemandReq'), 5);
  assert.ok(timeline.includes('vehicle charging true 400 V 100 A'));
});

/** The DIN SECC's responses of `name` with their DC_EVSEStatus or charge parameters edited on the way. */
function edited(name: 'ChargeParameterDiscoveryRes' | 'PreChargeRes' | 'WeldingDetectionRes', edit: (element: Record<string, unknown>) => Record<string, unknown>) {
  return (message: DinMessage): DinMessage => {
    const element = message.V2G_Message.Body[name] as Record<string, unknown> | undefined;
    if (element === undefined) return message;
    return { V2G_Message: { ...message.V2G_Message, Body: { [name]: edit(element) } } };
  };
}

test('with the DIN SECC: a charger that cannot charge the vehicle, an emergency in PreCharge, a FAILED welding check, each ends clean', () => {
  const low = wiredSession(undefined, edited('ChargeParameterDiscoveryRes', (e) => ({
    ...e,
    DC_EVSEChargeParameter: { ...(e.DC_EVSEChargeParameter as object), EVSEMaximumVoltageLimit: { Multiplier: 0, Unit: 'V', Value: 40 } },
  })));
  assert.is(low.evcc.getSnapshot().output?.result, 'stopped');
  assert.is(low.evcc.getSnapshot().output?.cause, 'evse');
  assert.equal(low.secc.getSnapshot().output, { result: 'stopped', sessionId: SESSION_ID }, 'the SECC takes SessionStopReq after ChargeParameterDiscovery');

  const emergency = wiredSession(undefined, edited('PreChargeRes', (e) => ({ ...e, DC_EVSEStatus: { ...(e.DC_EVSEStatus as object), EVSEStatusCode: 'EVSE_EmergencyShutdown' } })));
  assert.is(emergency.evcc.getSnapshot().output?.reason, 'EVSE_EmergencyShutdown in PreChargeRes');
  assert.is(emergency.timeline.filter((e) => e === 'EV PreChargeReq').length, 1, 'no further PreChargeReq');

  const failed = wiredSession(undefined, edited('WeldingDetectionRes', (e) => ({ ...e, ResponseCode: 'FAILED' })));
  assert.equal(failed.evcc.getSnapshot().output, { result: 'stopped', reason: 'FAILED in WeldingDetectionRes after the charge', cause: 'evse', sessionId: SESSION_ID });
  assert.equal(failed.secc.getSnapshot().output, { result: 'stopped', sessionId: SESSION_ID }, 'the SECC ends with SessionStop too');
});

test.run();
