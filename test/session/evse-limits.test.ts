/** The EV's targets within the EVSE's limits, the limits a response announces, and a charger that cannot charge at all. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acCurrentWithin, dcGrant, dcTargetsWithin, evseShortfall, limitsAfter, NO_LIMITS, withPowerCap } from '../../machines/session/evse-limits.js';
import { fromPhysicalValue, targetPhysicalValue, toPhysicalValue } from '../../machines/session/physical-value.js';
import { VEHICLE } from '../din/harness.js';

const V = (Value: number, Multiplier = 0) => ({ Multiplier, Unit: 'V', Value });
const A = (Value: number, Multiplier = 0) => ({ Multiplier, Unit: 'A', Value });
const W = (Value: number, Multiplier = 0) => ({ Multiplier, Unit: 'W', Value });

/** A 500 V / 200 A / 50 kW power stage as its EvseStatus reports it. */
const STAGE = { maxVoltage: 500, maxCurrent: 200, maxPower: 50_000 };
const targets = (volts: number, amps: number) => ({ EVTargetVoltage: V(volts), EVTargetCurrent: A(amps) });

test('dcGrant: an EV asking beyond every limit gets the stage\'s voltage and the current its power allows, all three flags set', () => {
  assert.equal(dcGrant(targets(950, 600), STAGE), {
    voltage: 500, current: 100, voltageLimitAchieved: true, currentLimitAchieved: true, powerLimitAchieved: true,
  });
});

test('dcGrant: targets within the limits pass unchanged, no flag set', () => {
  assert.equal(dcGrant(targets(400, 100), STAGE), {
    voltage: 400, current: 100, voltageLimitAchieved: false, currentLimitAchieved: false, powerLimitAchieved: false,
  });
});

test('dcGrant: each limit sets only its own flag', () => {
  const current = dcGrant(targets(200, 240), STAGE);
  assert.equal([current.voltage, current.current], [200, 200]);
  assert.equal([current.voltageLimitAchieved, current.currentLimitAchieved, current.powerLimitAchieved], [false, true, false]);
  const power = dcGrant(targets(450, 150), STAGE);
  assert.is(power.current, 50_000 / 450);
  assert.equal([power.voltageLimitAchieved, power.currentLimitAchieved, power.powerLimitAchieved], [false, false, true]);
  const voltage = dcGrant(targets(520, 20), STAGE);
  assert.equal([voltage.voltage, voltage.current], [500, 20]);
  assert.equal([voltage.voltageLimitAchieved, voltage.currentLimitAchieved, voltage.powerLimitAchieved], [true, false, false]);
});

test('dcGrant: the power flag weighs the current asked at the voltage granted, not at the voltage asked', () => {
  const grant = dcGrant(targets(900, 80), STAGE);
  assert.equal([grant.voltage, grant.current], [500, 80], '900 V × 80 A would pass 50 kW, 500 V × 80 A does not');
  assert.is(grant.powerLimitAchieved, false);
});

test('dcGrant: a target exactly at a limit reaches it; multipliers are read; negative targets give nothing', () => {
  const at = dcGrant(targets(500, 100), STAGE);
  assert.equal([at.voltage, at.current, at.voltageLimitAchieved, at.powerLimitAchieved], [500, 100, true, true]);
  assert.equal(dcGrant({ EVTargetVoltage: V(95, 1), EVTargetCurrent: A(6, 2) }, STAGE).current, 100, '950 V, 600 A');
  const negative = dcGrant(targets(-10, -5), STAGE);
  assert.equal([negative.voltage, negative.current], [0, 0]);
});

test('dcTargetsWithin: the voltage at most the maximum, the current at most the maximum and the power at that voltage', () => {
  assert.equal(dcTargetsWithin({ voltage: 450, current: 250 }, { maxVoltage: 40, maxCurrent: 40, maxPower: 2_300 }), { voltage: 40, current: 40 });
  assert.equal(dcTargetsWithin({ voltage: 400, current: 250 }, { maxVoltage: 500, maxCurrent: 300, maxPower: 10_000 }), { voltage: 400, current: 25 });
  assert.equal(dcTargetsWithin({ voltage: 400, current: 100 }, NO_LIMITS), { voltage: 400, current: 100 }, 'nothing announced: as wanted');
  assert.equal(dcTargetsWithin({ voltage: 400, current: 100 }, { maxVoltage: -5, maxCurrent: -1 }), { voltage: 0, current: 0 }, 'never negative');
  assert.equal(dcTargetsWithin({ voltage: 0, current: 2 }, { maxPower: 100 }), { voltage: 0, current: 2 }, 'no power at 0 V');
});

test('acCurrentWithin: EVSEMaxCurrent per phase and the power over the phases', () => {
  assert.is(acCurrentWithin(32, { maxCurrent: 16 }, 690), 16);
  assert.is(acCurrentWithin(32, { maxCurrent: 32, maxPower: 6_900 }, 3 * 230), 10);
  assert.is(acCurrentWithin(32, NO_LIMITS, 690), 32);
});

test('limitsAfter: DC and AC charge parameters, CurrentDemandRes and ChargingStatusRes; what a response leaves out stays', () => {
  const dc = limitsAfter(NO_LIMITS, {
    DC_EVSEChargeParameter: { EVSEMaximumVoltageLimit: V(920), EVSEMaximumCurrentLimit: A(500), EVSEMaximumPowerLimit: W(350, 3), EVSEMinimumVoltageLimit: V(150) },
  });
  assert.equal(dc, { maxVoltage: 920, maxCurrent: 500, maxPower: 350_000, minVoltage: 150 });
  assert.equal(limitsAfter(dc, { EVSEMaximumCurrentLimit: A(200) }), { ...dc, maxCurrent: 200 });
  assert.is(limitsAfter(dc, { EVSEPresentVoltage: V(400) }), dc);
  assert.equal(limitsAfter(NO_LIMITS, { AC_EVSEChargeParameter: { EVSENominalVoltage: V(230), EVSEMaxCurrent: A(16) } }), { maxCurrent: 16 });
  assert.equal(limitsAfter({ maxCurrent: 16 }, { EVSEMaxCurrent: A(10) }), { maxCurrent: 10 });
  assert.equal(withPowerCap({ maxPower: 50_000 }, 11_000), { maxPower: 11_000 });
  assert.equal(withPowerCap({ maxPower: 50_000 }, undefined), { maxPower: 50_000 });
});

test('evseShortfall: a maximum voltage below the battery, a minimum above the vehicle, no current or power, AC below EVMinCurrent', () => {
  assert.is(evseShortfall({ maxVoltage: 500, maxCurrent: 100, maxPower: 50_000 }, VEHICLE), undefined);
  assert.is(evseShortfall(NO_LIMITS, VEHICLE), undefined);
  assert.is(evseShortfall({ maxVoltage: 40 }, VEHICLE), "EVSEMaximumVoltageLimit 40 V is below the battery's 380 V");
  assert.is(evseShortfall({ minVoltage: 500 }, VEHICLE), "EVSEMinimumVoltageLimit 500 V is above the vehicle's maximum 450 V");
  assert.is(evseShortfall({ maxCurrent: 0 }, VEHICLE), "the EVSE's maximum current is 0 A");
  assert.is(evseShortfall({ maxPower: 0 }, VEHICLE), "the EVSE's maximum power is 0 W");
  assert.is(evseShortfall({ maxCurrent: 5 }, { ...VEHICLE, minCurrent: 6 }), "the EVSE's maximum current 5 A is below the vehicle's minimum 6 A");
});

test('a target goes on the wire rounded down, so the PhysicalValue never passes the limit it was kept within', () => {
  const current = dcTargetsWithin({ voltage: 400, current: 250 }, { maxPower: 17_810 }).current;
  assert.is(current, 44.525);
  assert.equal(toPhysicalValue(current, 'A'), { Multiplier: -2, Unit: 'A', Value: 4453 }, 'to nearest: 400 V × 44.53 A = 17 812 W');
  assert.equal(targetPhysicalValue(current, 'A'), { Multiplier: -2, Unit: 'A', Value: 4452 });
  assert.ok(400 * fromPhysicalValue(targetPhysicalValue(current, 'A')) <= 17_810);
});

test.run();
