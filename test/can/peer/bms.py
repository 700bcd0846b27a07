#!/usr/bin/env python3
"""
An independent vehicle for the SLCAN test: python-can's own slcan bus plays the BMS, VCU and EMS of
examples/vehicle-network/generic-bms.dbc, with every frame packed and unpacked here by hand (struct and bit
arithmetic, no DBC library and nothing of KopherV2G), so the TypeScript codec is checked against a second reading of
the same matrix.

A small battery: SoC integrates the power the EVCC's EVCC_Command frames say flows (present voltage x current, faster
than real time by SPEED), the BMS asks for constant current until the target SoC and then asks to stop. Cyclic frames
at the DBC's cycle times. Prints one JSON line per event on stdout: {"event": "ready"}, {"event": "command", ...} at
each change of the EVCC's command, and {"event": "summary", ...} at the end.

Usage: bms.py DEVICE MODE LIMIT_S   MODE: normal | silent (stops sending mid-charge, as a BMS that fails)
"""
import json
import struct
import sys
import time

import can

DEVICE, MODE, LIMIT_S = sys.argv[1], sys.argv[2], float(sys.argv[3])
SPEED = 400.0
CAPACITY_WH = 40_000.0
MAX_VOLTAGE, MAX_CURRENT, MAX_POWER_KW = 450.0, 250.0, 100.0
INITIAL_SOC, TARGET_SOC = 50.0, 52.0 if MODE == "normal" else 90.0

BMS_STATE, BMS_LIMITS, BMS_REQUEST, VCU_STATE, EVCC_COMMAND = 0x3A0, 0x3A1, 0x3A2, 0x1F0, 0x2F0
EMS_WISH = 0x18FF50E5  # 29-bit


def out(**event):
    print(json.dumps(event), flush=True)


def pack_bits(fields):
    """Intel (little-endian) layout: (start bit, length, raw) into 8 bytes."""
    value = 0
    for start, length, raw in fields:
        value |= (int(raw) & ((1 << length) - 1)) << start
    return value.to_bytes(8, "little")


def bits(data, start, length):
    return (int.from_bytes(data, "little") >> start) & ((1 << length) - 1)


soc = INITIAL_SOC
alive = 0
flow = {"active": False, "voltage": 0.0, "current": 0.0}
last_integration = time.monotonic()
seen = []
commands = []
frames_received = 0
charging_frames = 0
silent = False


def pack_voltage():
    return 360.0 + 0.9 * soc


def target_current():
    if soc >= TARGET_SOC:
        return 0.0
    return min(MAX_CURRENT, MAX_POWER_KW * 1000.0 / pack_voltage())


def integrate(now):
    global soc, last_integration
    if flow["active"]:
        wh = flow["voltage"] * flow["current"] * (now - last_integration) * SPEED / 3600.0
        soc = min(100.0, soc + wh / CAPACITY_WH * 100.0)
    last_integration = now


def frames():
    global alive
    alive = (alive + 1) % 16
    stop = 1 if soc >= TARGET_SOC else 0
    yield BMS_STATE, False, pack_bits([(0, 10, round(soc * 10)), (16, 16, round(pack_voltage() * 10)), (32, 16, 0), (48, 4, 0), (52, 1, stop), (56, 4, alive)])
    # Motorola: each 16-bit signal big-endian in its two bytes (start bits 7, 23, 39, 55).
    yield BMS_LIMITS, False, struct.pack(">HHHH", round(MAX_VOLTAGE * 10), round(MAX_CURRENT * 10), round(MAX_POWER_KW * 100), round(MAX_VOLTAGE * 10))
    yield BMS_REQUEST, False, pack_bits([(0, 16, round(target_current() * 10)), (16, 8, 0), (24, 8, 100), (32, 8, 80), (40, 16, round(CAPACITY_WH / 10))])
    yield VCU_STATE, False, pack_bits([(0, 1, 1), (1, 3, 0), (4, 1, 0), (8, 2, 2 if flow["active"] else 0)])


def ems_frame():
    energy = max(0.0, (TARGET_SOC - soc) / 100.0 * CAPACITY_WH)
    return EMS_WISH, True, pack_bits([(0, 24, 7200), (24, 16, round(energy / 10)), (40, 2, 1), (48, 7, round(TARGET_SOC))])


def on_command(data):
    global charging_frames
    command = {
        "contactors": bits(data, 0, 1) == 1,
        "pilot": "C" if bits(data, 1, 1) else "B",
        "charging": bits(data, 2, 1) == 1,
        "voltage": bits(data, 16, 16) / 10.0,
        "current": bits(data, 32, 16) / 10.0,
    }
    seen.append(bits(data, 6, 4))
    integrate(time.monotonic())
    flow.update(active=command["charging"], voltage=command["voltage"], current=command["current"])
    if command["charging"]:
        charging_frames += 1
    key = (command["contactors"], command["pilot"], command["charging"])
    if not commands or commands[-1] != key:
        commands.append(key)
        out(event="command", contactors=command["contactors"], pilot=command["pilot"], charging=command["charging"], soc=round(soc, 2))


bus = can.Bus(interface="slcan", channel=DEVICE, bitrate=500000, sleep_after_open=0)
out(event="ready")
start = time.monotonic()
next_fast = next_slow = start
try:
    while time.monotonic() - start < LIMIT_S:
        now = time.monotonic()
        integrate(now)
        if MODE == "silent" and charging_frames >= 3:
            if not silent:
                out(event="silent", soc=round(soc, 2))
            silent = True
        if not silent and now >= next_fast:
            for arbitration_id, extended, data in frames():
                bus.send(can.Message(arbitration_id=arbitration_id, is_extended_id=extended, data=data))
            next_fast = now + 0.1
        if not silent and now >= next_slow:
            arbitration_id, extended, data = ems_frame()
            bus.send(can.Message(arbitration_id=arbitration_id, is_extended_id=extended, data=data))
            next_slow = now + 1.0
        message = bus.recv(timeout=0.01)
        if message is not None:
            frames_received += 1
            if message.arbitration_id == EVCC_COMMAND and not message.is_extended_id and len(message.data) == 8:
                on_command(bytes(message.data))
        # The session is over once the EVCC has charged and then opened the contactors with the pilot back in B.
        if any(c[2] for c in commands) and commands[-1] == (False, "B", False):
            break
finally:
    counters_roll = all((b - a) % 16 == 1 for a, b in zip(seen, seen[1:]))
    out(event="summary", soc=round(soc, 2), framesReceived=frames_received, commands=[list(c) for c in commands], aliveCounterRolls=counters_roll)
    bus.shutdown()
