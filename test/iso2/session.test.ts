/**
 * ISO 15118-2 sessions end to end: the EVCC machine talking to the SECC machine through the EXI codec, a power
 * module answering the SECC. Each test is a scenario of SESSIONS.md §2: AC and DC charging, pause and resume,
 * renegotiation from either side, the Ongoing loops, the EVSE asking to stop.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BodyType } from '../../codecs/exi/generated/iso2.types.js';
import { bodyElement } from '../../machines/iso2/iso2-messages.js';
import { chargeThenFull, evccInput, SESSION_ID, seccInput, VEHICLE, wire, type Wired } from './wiring.js';

/** The EVCC's requests in order, a run of the same request written once with `*`. */
function requestFlow(w: Wired): string {
  const names = w.messages.filter((m) => m.from === 'EVCC').map((m) => label(m.message));
  const flow: string[] = [];
  for (const name of names) {
    const last = flow[flow.length - 1];
    if (last === name || last === `${name}*`) flow[flow.length - 1] = `${name}*`;
    else flow.push(name);
  }
  return flow.join(' ');
}

function label(message: Wired['messages'][number]['message']): string {
  const element = bodyElement(message);
  if (!element.ok) return element.reason;
  const name = element.name.replace(/Req$/, '');
  const value = element.value as { ChargeProgress?: string; ChargingSession?: string };
  const progress = value.ChargeProgress ?? value.ChargingSession;
  return progress ? `${name}(${progress})` : name;
}

function bodies<K extends keyof BodyType>(w: Wired, name: K): NonNullable<BodyType[K]>[] {
  return w.messages.map((m) => m.message.V2G_Message.Body[name]).filter((b): b is NonNullable<BodyType[K]> => b !== undefined);
}

function outcomes(w: Wired): string {
  return `EVCC ${w.evcc.getSnapshot().output?.result}, SECC ${w.secc.getSnapshot().output?.result}`;
}

test('DC: SessionSetup to SessionStop(Terminate), the cable checked, precharged and welding-checked', () => {
  const w = wire(evccInput('dc'), seccInput());
  chargeThenFull(w, 3_000);
  assert.is(
    requestFlow(w),
    'SessionSetup ServiceDiscovery PaymentServiceSelection Authorization ChargeParameterDiscovery CableCheck* PreCharge* ' +
      'PowerDelivery(Start) CurrentDemand* PowerDelivery(Stop) WeldingDetection SessionStop(Terminate)',
  );
  assert.is(outcomes(w), 'EVCC stopped, SECC stopped');
  assert.ok(w.log.includes('SECC SessionSetupRes:OK_NewSessionEstablished'));
  const expectedId = (m: Wired['messages'][number]) => (label(m.message) === 'SessionSetup' ? new Uint8Array(8) : SESSION_ID);
  assert.ok(w.messages.every((m) => m.message.V2G_Message.Header.SessionID.join() === expectedId(m).join()), 'SessionID 0, then the new one');
  const pd = bodies(w, 'PowerDeliveryReq')[0];
  assert.is(pd.SAScheduleTupleID, 1);
  assert.ok(pd.ChargingProfile && pd.ChargingProfile.ProfileEntry.length === 1, 'PowerDelivery(Start) carries a ChargingProfile');
  const maxPower = pd.ChargingProfile?.ProfileEntry[0].ChargingProfileEntryMaxPower;
  assert.equal(maxPower, { Multiplier: 1, Unit: 'W', Value: 5000 }, 'min(EVSE 50 kW, EV 80 kW)');
  // The vehicle side: CP C before the cable is energised, contactors closed after PreCharge, energy as measured.
  const commands = w.vehicleCommands.map((c) => JSON.stringify(c));
  const cpC = commands.indexOf(JSON.stringify({ type: 'controlPilot', state: 'C' }));
  const closed = commands.indexOf(JSON.stringify({ type: 'contactors', closed: true }));
  assert.ok(cpC >= 0 && closed > cpC, 'CP C, then contactors closed');
  assert.ok(w.vehicleCommands.some((c) => c.type === 'charging' && c.active && c.voltage === 400 && c.current === 100), 'charging at 400 V, 100 A');
  assert.equal(w.vehicleCommands.slice(-3), [
    { type: 'charging', active: false, voltage: 0, current: 0 },
    { type: 'controlPilot', state: 'B' },
    { type: 'contactors', closed: false },
  ]);
  // The charger side: insulation test, precharge to the battery voltage, energy at the EV's targets, stop.
  const types = w.power.commands.map((c) => c.type);
  assert.ok(types.indexOf('isolationCheck') < types.indexOf('precharge') && types.indexOf('precharge') < types.indexOf('deliver'));
  assert.equal(w.power.commands.find((c) => c.type === 'precharge'), { type: 'precharge', voltage: 380, current: 2 });
  assert.equal(w.power.commands.find((c) => c.type === 'deliver'), { type: 'deliver', voltage: 400, current: 100 });
  assert.equal(w.power.commands.slice(-2), [{ type: 'stop' }, { type: 'contactors', closed: false }]);
  assert.equal(
    w.closes.map((c) => c.by),
    ['SECC', 'EVCC'],
  );
});

test('AC: PowerDelivery(Start) after ChargeParameterDiscovery, the ChargingStatus loop, no DC steps', () => {
  const w = wire(evccInput('ac'), seccInput());
  chargeThenFull(w, 2_000);
  assert.is(
    requestFlow(w),
    'SessionSetup ServiceDiscovery PaymentServiceSelection Authorization ChargeParameterDiscovery PowerDelivery(Start) ChargingStatus* ' +
      'PowerDelivery(Stop) SessionStop(Terminate)',
  );
  assert.is(outcomes(w), 'EVCC stopped, SECC stopped');
  const cpd = bodies(w, 'ChargeParameterDiscoveryReq')[0];
  assert.is(cpd.RequestedEnergyTransferMode, 'AC_three_phase_core');
  assert.ok(cpd.AC_EVChargeParameter && !cpd.DC_EVChargeParameter);
  const res = bodies(w, 'ChargeParameterDiscoveryRes')[0];
  assert.equal(res.AC_EVSEChargeParameter?.EVSENominalVoltage, { Multiplier: -2, Unit: 'V', Value: 23000 });
  const pmax = res.SAScheduleList?.SAScheduleTuple[0].PMaxSchedule.PMaxScheduleEntry[0].PMax;
  assert.equal(pmax, { Multiplier: 1, Unit: 'W', Value: 8625 }, '230 V × 125 A × 3');
  // AC has no measured current in -2: the EV charges at the nominal voltage and min(EVSEMaxCurrent, its wish).
  assert.ok(w.vehicleCommands.some((c) => c.type === 'charging' && c.active && c.voltage === 230 && c.current === 100));
  assert.equal(w.power.commands.slice(0, 2), [{ type: 'contactors', closed: true }, { type: 'deliver', voltage: 230, current: 125 }]);
  assert.ok(!w.vehicleCommands.some((c) => c.type === 'contactors'), 'no DC contactors in AC');
});

test('pause, then resume with the old SessionID: OK_OldSessionJoined and the same ID throughout', () => {
  const first = wire(evccInput('dc'), seccInput());
  first.advance(3_000);
  first.evcc.send({ type: 'ev.pause' });
  first.runToEnd();
  assert.ok(requestFlow(first).endsWith('CurrentDemand* PowerDelivery(Stop) WeldingDetection SessionStop(Pause)'));
  assert.is(outcomes(first), 'EVCC paused, SECC paused');
  const paused = first.evcc.getSnapshot().output?.sessionId;
  assert.equal(paused, SESSION_ID);
  assert.equal(first.secc.getSnapshot().output?.sessionId, SESSION_ID);

  const fresh = Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9);
  const second = wire(evccInput('dc', { resumeSessionId: paused }), seccInput({ pausedSessionIds: paused ? [paused] : [], newSessionId: fresh }));
  chargeThenFull(second, 3_000);
  assert.ok(second.log.includes('SECC SessionSetupRes:OK_OldSessionJoined'));
  assert.ok(second.messages.every((m) => m.message.V2G_Message.Header.SessionID.join() === SESSION_ID.join()), 'the old ID in every message');
  assert.is(outcomes(second), 'EVCC stopped, SECC stopped');
});

test('resume at an SECC that does not know the ID: a new session, not an error', () => {
  const w = wire(evccInput('ac', { resumeSessionId: Uint8Array.of(7, 7, 7, 7, 7, 7, 7, 7) }), seccInput());
  chargeThenFull(w, 1_000);
  assert.ok(w.log.includes('SECC SessionSetupRes:OK_NewSessionEstablished'));
  assert.equal(w.evcc.getSnapshot().output?.sessionId, SESSION_ID);
  assert.is(outcomes(w), 'EVCC stopped, SECC stopped');
});

test('renegotiation asked by the SECC (DC): PowerDelivery(Renegotiate), new parameters, back into the loop once', () => {
  const w = wire(evccInput('dc'), seccInput());
  w.advance(3_000);
  w.power.set({ notification: 'ReNegotiation' });
  w.advance(2_000);
  // The module keeps reporting ReNegotiation: the EV must not be asked again until it is cleared.
  w.power.set({ notification: 'None' });
  chargeThenFull(w, 1_000);
  assert.ok(
    requestFlow(w).includes(
      'PowerDelivery(Start) CurrentDemand* PowerDelivery(Renegotiate) ChargeParameterDiscovery ' +
        'PowerDelivery(Start) CurrentDemand* PowerDelivery(Stop)',
    ),
    requestFlow(w),
  );
  assert.is(requestFlow(w).split('CableCheck').length - 1, 1, 'one CableCheck phase only: renegotiation does not check the cable again');
  assert.ok(bodies(w, 'CurrentDemandRes').some((r) => r.DC_EVSEStatus.EVSENotification === 'ReNegotiation'));
  assert.is(outcomes(w), 'EVCC stopped, SECC stopped');
});

test('renegotiation wished by the EV (AC): PowerDelivery(Renegotiate), ChargeParameterDiscovery, PowerDelivery(Start)', () => {
  const w = wire(evccInput('ac'), seccInput());
  w.advance(1_000);
  w.evcc.send({ type: 'ev.renegotiate' });
  chargeThenFull(w, 1_000);
  assert.ok(
    requestFlow(w).includes(
      'ChargingStatus* PowerDelivery(Renegotiate) ChargeParameterDiscovery PowerDelivery(Start) ChargingStatus* PowerDelivery(Stop)',
    ),
    requestFlow(w),
  );
  assert.is(bodies(w, 'ChargeParameterDiscoveryReq').length, 2);
  assert.is(outcomes(w), 'EVCC stopped, SECC stopped');
});

test('Authorization repeats while the customer has not identified (Ongoing_WaitingForCustomerInteraction)', () => {
  const w = wire(evccInput('ac'), seccInput(), { evse: { authorized: false } });
  w.advance(1_000);
  w.power.set({ authorized: true });
  chargeThenFull(w, 1_000);
  const processing = bodies(w, 'AuthorizationRes').map((r) => r.EVSEProcessing);
  assert.ok(processing.length > 3);
  assert.ok(processing.slice(0, -1).every((p) => p === 'Ongoing_WaitingForCustomerInteraction'));
  assert.is(processing[processing.length - 1], 'Finished');
  assert.is(outcomes(w), 'EVCC stopped, SECC stopped');
});

test('ChargeParameterDiscovery repeats while the EVSE has no power to offer, without a schedule', () => {
  const w = wire(evccInput('dc'), seccInput(), { evse: { maxPower: 0 } });
  w.advance(800);
  w.power.set({ maxPower: 50_000 });
  chargeThenFull(w, 3_000);
  const res = bodies(w, 'ChargeParameterDiscoveryRes');
  assert.ok(res.length > 2);
  assert.ok(res.slice(0, -1).every((r) => r.EVSEProcessing === 'Ongoing' && r.SAScheduleList === undefined));
  assert.is(res[res.length - 1].EVSEProcessing, 'Finished');
  assert.is(outcomes(w), 'EVCC stopped, SECC stopped');
});

test('CableCheck repeats while the insulation test runs; the first answer is always Ongoing', () => {
  const w = wire(evccInput('dc'), seccInput(), { evse: { isolation: 'Valid' }, isolationMs: 1_000 });
  chargeThenFull(w, 3_000);
  const res = bodies(w, 'CableCheckRes');
  assert.ok(res.length >= 5, `${res.length} CableCheckRes`);
  assert.is(res[0].EVSEProcessing, 'Ongoing', 'an isolation result from before the test does not count');
  assert.is(res[res.length - 1].EVSEProcessing, 'Finished');
  assert.is(res[res.length - 1].DC_EVSEStatus.EVSEIsolationStatus, 'Valid');
  assert.ok(bodies(w, 'PreChargeReq').length >= 1);
});

test('EVSENotification StopCharging: the EV ends with PowerDelivery(Stop), WeldingDetection, SessionStop(Terminate)', () => {
  const w = wire(evccInput('dc'), seccInput());
  w.advance(3_000);
  w.power.set({ notification: 'StopCharging' });
  w.runToEnd();
  assert.ok(requestFlow(w).endsWith('CurrentDemand* PowerDelivery(Stop) WeldingDetection SessionStop(Terminate)'), requestFlow(w));
  // ISO 15118-2's request to stop is EVSENotification=StopCharging; DC says EVSE_Shutdown beside it.
  assert.is(bodies(w, 'CurrentDemandRes').at(-1)?.DC_EVSEStatus.EVSENotification, 'StopCharging');
  assert.is(bodies(w, 'CurrentDemandRes').at(-1)?.DC_EVSEStatus.EVSEStatusCode, 'EVSE_Shutdown');
  assert.is(outcomes(w), 'EVCC stopped, SECC stopped');
});

test('AC: the driver stops (stopRequested): PowerDelivery(Stop) and SessionStop', () => {
  const w = wire(evccInput('ac'), seccInput());
  w.advance(1_000);
  w.evcc.send({ type: 'vehicle.status', status: { ...VEHICLE, stopRequested: true } });
  w.runToEnd();
  assert.ok(requestFlow(w).endsWith('ChargingStatus* PowerDelivery(Stop) SessionStop(Terminate)'));
  assert.is(outcomes(w), 'EVCC stopped, SECC stopped');
});

test('WeldingDetection repeats until the EVSE output is below the safe voltage', () => {
  const w = wire(evccInput('dc'), seccInput());
  w.advance(3_000);
  // A module whose output decays slowly: still 200 V after the stop.
  const stop = w.power.command.bind(w.power);
  w.power.command = (command) => {
    stop(command);
    if (command.type === 'stop') w.power.set({ presentVoltage: 200 });
  };
  w.evcc.send({ type: 'vehicle.status', status: { ...VEHICLE, stopRequested: true } });
  w.advance(450);
  w.power.set({ presentVoltage: 20 });
  w.runToEnd();
  const res = bodies(w, 'WeldingDetectionRes').map((r) => r.EVSEPresentVoltage.Value * 10 ** r.EVSEPresentVoltage.Multiplier);
  assert.ok(res.length >= 3 && res[0] === 200 && res[res.length - 1] === 20, res.join());
  assert.is(outcomes(w), 'EVCC stopped, SECC stopped');
});

test.run();
