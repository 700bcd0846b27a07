/**
 * `kopher-v2g decode FILE` on ISO 15118-20 traffic: a capture with an AC, a DC, a WPT and an ACDP session, each after
 * its own handshake, whose messages travel on every -20 payload type (0x8002-0x8006 and the side streams
 * 0x8101-0x8104); every message is named with its schema, and nothing is an error line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SynthesizedTcpFlow } from '../../codecs/capture/synthesize.js';
import { encode, type SchemaName } from '../../codecs/exi/index.js';
import { PROTOCOL_VERSIONS, type V2gProtocol } from '../../codecs/exi/v2g-protocols.js';
import { LINKTYPE_RAW, writePcap } from '../../codecs/pcap/index.js';
import { encodeV2gtpFrame, PayloadType } from '../../codecs/v2gtp/index.js';
import { projectRoot } from '../shared/shared-dir.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');
const Header = { SessionID: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), TimeStamp: 1_700_000_000n };

type Sent = readonly [from: 'ev' | 'evse', payloadType: number, schema: SchemaName, document: object];

const common = (from: 'ev' | 'evse', payloadType: number, document: object): Sent => [from, payloadType, 'iso20-common', document];
/** One session of `protocol`: the handshake, then its messages. */
function session(protocol: V2gProtocol, messages: readonly Sent[]): Sent[] {
  const { namespace, major, minor } = PROTOCOL_VERSIONS[protocol];
  return [
    ['ev', PayloadType.SAPPayloadID, 'apphand', { supportedAppProtocolReq: { AppProtocol: [{ ProtocolNamespace: namespace, VersionNumberMajor: major, VersionNumberMinor: minor, SchemaID: 1, Priority: 1 }] } }],
    ['evse', PayloadType.SAPPayloadID, 'apphand', { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 1 } }],
    common('ev', PayloadType.Part20MainstreamPayloadID, { SessionSetupReq: { Header, EVCCID: 'WMIV1234567890ABCDEX' } }),
    ...messages,
  ];
}

const SESSIONS: readonly Sent[][] = [
  session('iso20-ac', [
    ['ev', PayloadType.Part20ACMainstreamPayloadID, 'iso20-ac', { AC_ChargeLoopReq: { Header, MeterInfoRequested: false, CLReqControlMode: {} } }],
    common('ev', PayloadType.ScheduleRenegotiationPayloadID, { PowerDeliveryReq: { Header, EVProcessing: 'Finished', ChargeProgress: 'Start' } }),
  ]),
  session('iso20-dc', [
    ['ev', PayloadType.Part20DCMainstreamPayloadID, 'iso20-dc', { DC_CableCheckReq: { Header } }],
    common('evse', PayloadType.MeteringConfirmationPayloadID, { MeteringConfirmationRes: { Header, ResponseCode: 'OK' } }),
    common('ev', PayloadType.ParkingStatusPayloadID, { VehicleCheckInReq: { Header, EVCheckInStatus: 'CheckIn', ParkingMethod: 'Manual' } }),
  ]),
  session('iso20-wpt', [['ev', PayloadType.Part20WPTMainstreamPayloadID, 'iso20-wpt', { WPT_AlignmentCheckReq: { Header, EVProcessing: 'Ongoing', EVResultCode: 'EVResultSuccess' } }]]),
  session('iso20-acdp', [
    ['ev', PayloadType.Part20ACDPMainstreamPayloadID, 'iso20-acdp', { ACDP_VehiclePositioningReq: { Header, EVMobilityStatus: true, EVPositioningSupport: true } }],
    ['ev', PayloadType.ACDSystemStatusPayloadID, 'iso20-acdp', { ACDP_SystemStatusReq: { Header, EVTechnicalStatus: { EVReadyToCharge: true, EVImmobilizationRequest: false } } }],
  ]),
];

function captureFile(dir: string): string {
  const records = SESSIONS.flatMap((sent, i) => {
    const flow = new SynthesizedTcpFlow({ address: 'fe80::2', port: 50_000 + i }, { address: 'fe80::1', port: 61_851 });
    const packets = [...flow.open(), ...sent.flatMap(([from, payloadType, schema, document]) => flow.data(from === 'ev', encodeV2gtpFrame(payloadType, encode(schema, document as never)))), ...flow.close(true)];
    return packets.map((data, j) => ({ timestampMicros: 1_700_000_000_000_000 + (i * 100 + j) * 1000, data }));
  });
  const path = join(dir, 'iso20.pcap');
  writeFileSync(path, writePcap(records, LINKTYPE_RAW));
  return path;
}

test('decode names the -20 messages of every payload type with their schema, requests from the EV, responses from the EVSE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kopher-decode-'));
  try {
    const result = spawnSync(process.execPath, [CLI, 'decode', '--layer', 'v2g', captureFile(dir)], { encoding: 'utf8', timeout: 20_000 });
    assert.is(result.status, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { name?: string; schema?: string; dir?: string; error?: string });
    assert.equal(lines.filter((l) => l.error !== undefined), []);
    const expected = SESSIONS.flat().map(([from, , schema, document]) => ({ name: Object.keys(document)[0], schema, dir: from === 'ev' ? 'EV->EVSE' : 'EVSE->EV' }));
    assert.equal(lines.map(({ name, schema, dir }) => ({ name, schema, dir })), expected);
    const payloadTypes = new Set(SESSIONS.flat().map(([, payloadType]) => payloadType));
    for (const p of [0x8002, 0x8003, 0x8004, 0x8005, 0x8006, 0x8101, 0x8102, 0x8103, 0x8104]) assert.ok(payloadTypes.has(p), `0x${p.toString(16)} is in the capture`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
