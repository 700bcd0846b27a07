import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LINKTYPE_ETHERNET, readCapture } from '../../codecs/pcap/index.js';
import {
  ETHERTYPE_HOMEPLUG_AV,
  formatMac,
  nidFromNmk,
  parseSlacFrame,
  readMmeHeader,
  serializeSlacFrame,
  type SlacMessage,
  SlacFrameError,
  slacMessageTypeOf,
} from '../../codecs/slac/index.js';
import { sharedOrSkip } from '../shared/shared-dir.js';

const CAPTURES = [
  'slac-software-modem-pairing.pcap',
  'pyplc-alpitronic-slac-until-sdp.pcapng',
  'pyplc-modelY-din-until-precharge.pcapng',
  'dsv2gshark-iso2-ac.pcapng',
];

/** NMK/NID pairs whose sender derived the NID from the NMK, so they are known answers for the derivation. */
const DERIVED_NIDS = new Set(['slac-software-modem-pairing.pcap', 'pyplc-alpitronic-slac-until-sdp.pcapng']);

function homePlugFrames(file: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (const packet of readCapture(file)) {
    const { data } = packet;
    const etherType = data.length >= 14 ? (data[12] << 8) | data[13] : undefined;
    if (packet.linkType === LINKTYPE_ETHERNET && etherType === ETHERTYPE_HOMEPLUG_AV) frames.push(data);
  }
  return frames;
}

/**
 * Bytes the codec does not keep although they lie inside the message: QCA modems leave stale octets in the
 * 254-octet MVERSION field of VS_SW_VER.CNF behind the text (the QCA7420 in our captures: FF FF …; the QCA7000:
 * CC CC …), and the writer zeroes them.
 */
function unkeptBytes(message: SlacMessage, frame: Uint8Array): (offset: number) => boolean {
  if (message.type !== 'VS_SW_VER.CNF') return () => false;
  const textEnd = 23 + frame[22];
  return (offset) => offset >= textEnd && offset < 23 + 254;
}

function keyPairs(message: SlacMessage): { NID: Uint8Array; NMK: Uint8Array } | undefined {
  if (message.type === 'CM_SLAC_MATCH.CNF') return { NID: message.NID, NMK: message.NMK };
  if (message.type === 'CM_SET_KEY.REQ') return { NID: message.NID, NMK: message.NewKey };
  return undefined;
}

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

for (const name of CAPTURES) {
  sharedOrSkip(test, `${name}: every SLAC frame parses and re-serialises to its own bytes`, ['captures', name], (path) => {
    const frames = homePlugFrames(new Uint8Array(readFileSync(path)));
    const counts = new Map<string, number>();
    const others = new Map<string, number>();
    const paddedWithData = new Map<string, number>();
    const notes: string[] = [];
    for (const frame of frames) {
      const { MMTYPE } = readMmeHeader(frame);
      if (slacMessageTypeOf(MMTYPE) === undefined) {
        try {
          parseSlacFrame(frame);
          assert.unreachable(`MMTYPE 0x${MMTYPE.toString(16)} was read`);
        } catch (e) {
          assert.instance(e, SlacFrameError);
          assert.is((e as SlacFrameError).field, 'MMTYPE');
        }
        const key = `0x${MMTYPE.toString(16).padStart(4, '0')}`;
        others.set(key, (others.get(key) ?? 0) + 1);
        continue;
      }
      const message = parseSlacFrame(frame);
      counts.set(message.type, (counts.get(message.type) ?? 0) + 1);

      const own = serializeSlacFrame(message, { padding: false });
      assert.ok(frame.length >= own.length, `${message.type}: ${frame.length} bytes captured, ${own.length} written`);
      const unkept = unkeptBytes(message, frame);
      for (let i = 0; i < own.length; i++) {
        if (own[i] !== frame[i] && !unkept(i)) {
          assert.unreachable(`${message.type} differs at byte ${i}: ${frame[i]} captured, ${own[i]} written`);
        }
      }
      if (frame.subarray(own.length).some((b) => b !== 0)) {
        paddedWithData.set(message.type, (paddedWithData.get(message.type) ?? 0) + 1);
      } else if (frame.length === Math.max(60, own.length) && !own.some((b, i) => b !== frame[i])) {
        assert.equal(serializeSlacFrame(message), frame);
      }

      const keys = keyPairs(message);
      if (keys !== undefined) {
        const derived = hexOf(nidFromNmk(keys.NMK)) === hexOf(keys.NID);
        const verdict = derived ? 'is' : 'is NOT';
        const sender = `${message.type} from ${formatMac(message.OSA)}`;
        notes.push(`${sender}: NID ${hexOf(keys.NID)} ${verdict} derived from NMK ${hexOf(keys.NMK)}`);
        if (DERIVED_NIDS.has(name)) assert.ok(derived, `${name}: ${message.type} NID`);
      }
    }
    assert.ok(counts.has('CM_SLAC_PARAM.REQ') && counts.has('CM_SLAC_MATCH.CNF'), 'a whole SLAC exchange');
    const list = (m: Map<string, number>) => [...m].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
    console.log(`\n${name}: ${frames.length} HomePlug AV frames`);
    console.log(`  SLAC messages: ${list(counts)}`);
    console.log(`  other MMEs (not in the SLAC set, rejected at MMTYPE): ${list(others)}`);
    console.log(`  non-zero bytes after the message (padding or unread fields): ${list(paddedWithData)}`);
    for (const note of notes) console.log(`  ${note}`);
  });
}

test.run();
