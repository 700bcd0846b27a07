import type { FieldReader, FieldWriter } from './slac-fields.js';
import { formatMac } from './mac.js';
import type { MmeAddressing, PayloadCodec, PayloadOf } from './slac-message.js';
import { MMV_HOMEPLUG_AV_1_0 } from './mmtype.js';

/**
 * Qualcomm Atheros vendor-specific MMEs (QCA7000/7005/7420 and the modems built on them) are HomePlug AV 1.0 frames
 * (MMV 0, so no FMI) whose payload starts with Qualcomm's OUI.
 */
const QUALCOMM_OUI = Uint8Array.of(0x00, 0xb0, 0x52);

/**
 * Host → modem (usually broadcast, so every modem on the host's Ethernet answers): which chip and firmware are you?
 * The request has no field besides the OUI, as pyPLC sends it; the cookie open-plc-utils' `VersionInfo2.c` appends
 * is read as padding.
 */
export type VsSwVerReq = MmeAddressing<'VS_SW_VER.REQ'>;

/**
 * Modem → host. Layout from open-plc-utils (`plc/VersionInfo2.c`, `plc/chipset.c`), checked against the two modems
 * answering in `pyplc-alpitronic-slac-until-sdp.pcapng`: MSTATUS, MDEVICEID, MVERLENGTH, a 254-octet MVERSION field
 * holding MVERLENGTH octets of text including its terminating NUL, then IDENT (LE32). `chipset.c` reads IDENT right
 * after the 254 octets, and the captured QCA7420 and QCA7000 send there exactly the values it expects (0x001CFCFC,
 * 0x001B58DC). The octets after IDENT (open-plc-utils calls them STEPPING_NUM, COOKIE, RSVD) do not match those
 * names in the captures (one modem answers a request without a cookie with COOKIE 1), so they are left unread like
 * padding. Modems also leave stale octets in MVERSION after the text; they are not kept, and the writer zeroes them.
 */
export interface VsSwVerCnf extends MmeAddressing<'VS_SW_VER.CNF'> {
  /** 0 = success. */
  readonly MSTATUS: number;
  /** Chip family as the firmware reports it, e.g. 0x20 from a QCA7420, 0x22 from a QCA7000. */
  readonly MDEVICEID: number;
  /** E.g. `MAC-QCA7000-1.1.0.727-02-20130826-FINAL`. */
  readonly MVERSION: string;
  readonly IDENT: number;
}

const MVERSION_FIELD_LENGTH = 254;

function readOui(r: FieldReader): void {
  const at = r.offset;
  const oui = r.bytes('OUI', QUALCOMM_OUI.length);
  if (!oui.every((b, i) => b === QUALCOMM_OUI[i])) {
    r.fail('OUI', `${formatMac(oui)} is not Qualcomm's ${formatMac(QUALCOMM_OUI)}`, at);
  }
}

function writeOui(w: FieldWriter): void {
  w.bytes('OUI', QUALCOMM_OUI, QUALCOMM_OUI.length);
}

export const vsSwVerReq: PayloadCodec<VsSwVerReq> = {
  MMV: MMV_HOMEPLUG_AV_1_0,
  read(r): PayloadOf<VsSwVerReq> {
    readOui(r);
    return {};
  },
  write: writeOui,
};

export const vsSwVerCnf: PayloadCodec<VsSwVerCnf> = {
  MMV: MMV_HOMEPLUG_AV_1_0,
  read(r): PayloadOf<VsSwVerCnf> {
    readOui(r);
    const MSTATUS = r.u8('MSTATUS');
    const MDEVICEID = r.u8('MDEVICEID');
    const lengthAt = r.offset;
    const MVERLENGTH = r.u8('MVERLENGTH');
    if (MVERLENGTH > MVERSION_FIELD_LENGTH) {
      r.fail('MVERLENGTH', `${MVERLENGTH} exceeds the ${MVERSION_FIELD_LENGTH}-octet MVERSION field`, lengthAt);
    }
    const field = r.bytes('MVERSION', MVERSION_FIELD_LENGTH);
    const text = field.subarray(0, MVERLENGTH);
    const nul = text.indexOf(0);
    const MVERSION = latin1(nul < 0 ? text : text.subarray(0, nul));
    return { MSTATUS, MDEVICEID, MVERSION, IDENT: r.u32le('IDENT') };
  },
  write(w, m) {
    writeOui(w);
    w.u8('MSTATUS', m.MSTATUS);
    w.u8('MDEVICEID', m.MDEVICEID);
    const text = Array.from(m.MVERSION, (c) => c.codePointAt(0) ?? 0);
    if (text.length >= MVERSION_FIELD_LENGTH || text.some((c) => c === 0 || c > 0xff)) {
      w.fail('MVERSION', `must be at most ${MVERSION_FIELD_LENGTH - 1} Latin-1 characters without NUL`, w.offset + 1);
    }
    w.u8('MVERLENGTH', text.length + 1);
    const field = new Uint8Array(MVERSION_FIELD_LENGTH);
    field.set(text);
    w.bytes('MVERSION', field, MVERSION_FIELD_LENGTH);
    w.u32le('IDENT', m.IDENT);
  },
};

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
