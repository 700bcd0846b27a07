import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PcapRecorder } from '../../actors/capture/pcap-recorder.js';
import { decodeCapture, type CaptureEvent } from '../../codecs/capture/index.js';
import { encode } from '../../codecs/exi/index.js';
import { encodeSdpMessage, Security, TransportProtocol } from '../../codecs/sdp/index.js';
import { ipv6ToBytes } from '../../codecs/net/index.js';
import { encodeV2gtpFrame, PayloadType } from '../../codecs/v2gtp/index.js';

test('a recorded SDP exchange and TCP stream read back as the same message flow', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kopher-pcap-'));
  try {
    const path = join(dir, 'run.pcap');
    const recorder = await PcapRecorder.open(path);
    const ev = { address: '::1', port: 50123 };
    const evse = { address: '::1', port: 61851 };
    const sdp = { address: '::1', port: 15118 };
    const t0 = 1_700_000_000_000;
    recorder.udp(ev, sdp, encodeSdpMessage({ kind: 'SDPRequest', wireless: false, Security: Security.NoTransportSecurity, TransportProtocol: TransportProtocol.TCP }), t0);
    const response = { kind: 'SDPResponse', wireless: false, SECCIPAddress: ipv6ToBytes('::1'), SECCPort: 61851, Security: Security.NoTransportSecurity, TransportProtocol: TransportProtocol.TCP } as const;
    recorder.udp(sdp, ev, encodeSdpMessage(response), t0 + 1);
    const flow = recorder.tcp(ev, evse, t0 + 2);
    const req = encodeV2gtpFrame(PayloadType.EXIEncodedV2GMessage, encode('apphand', { supportedAppProtocolReq: { AppProtocol: [{ ProtocolNamespace: 'urn:iso:15118:2:2013:MsgDef', VersionNumberMajor: 2, VersionNumberMinor: 0, SchemaID: 7, Priority: 1 }] } }));
    const res = encodeV2gtpFrame(PayloadType.EXIEncodedV2GMessage, encode('apphand', { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 7 } }));
    const stop = encodeV2gtpFrame(PayloadType.EXIEncodedV2GMessage, encode('iso2', { V2G_Message: { Header: { SessionID: new Uint8Array(8) }, Body: { SessionStopReq: { ChargingSession: 'Terminate' } } } }));
    // 100 messages in one write: more than one synthesized segment, cut mid-message.
    const burst = new Uint8Array(stop.length * 100);
    for (let i = 0; i < 100; i++) burst.set(stop, i * stop.length);
    flow.data(true, req, t0 + 3);
    flow.data(false, res, t0 + 4);
    flow.data(true, burst, t0 + 5);
    flow.close(true, t0 + 6);
    await recorder.close();
    const events = [...decodeCapture(readFileSync(path))];
    const flowOf = events.map((e) => ('error' in e ? `error ${e.error}` : `${e.layer} ${(e as Extract<CaptureEvent, { name: string }>).name} ${e.dir ?? ''}`.trim()));
    assert.equal(flowOf, ['sdp SDPRequest EV->EVSE', 'sdp SDPResponse EVSE->EV', 'v2g supportedAppProtocolReq EV->EVSE', 'v2g supportedAppProtocolRes EVSE->EV', ...Array<string>(100).fill('v2g SessionStopReq EV->EVSE')]);
    assert.is(events[0].t, 0);
    assert.is(events.at(-1)?.t, 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
