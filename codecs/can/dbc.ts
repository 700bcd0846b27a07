/**
 * The signal matrix of a vehicle network as a DBC file describes it: messages (identifier, length, sender, cycle time,
 * classical or FD), their signals (position, byte order, sign, factor/offset, range, unit, multiplexing, value names)
 * and comments. The DBC format has no public standard; this reads what Vector's CANdb++ and the common open tools
 * write and read. Statements it has no use for (environment variables, signal groups, relations) are skipped whole.
 */
import { tokenize, type Token } from './dbc-tokens.js';

export type ByteOrder = 'little-endian' | 'big-endian';

export interface DbcSignal {
  readonly name: string;
  /** As the DBC says it: the least significant bit for little-endian (Intel), the most significant for big-endian (Motorola). */
  readonly startBit: number;
  readonly length: number;
  readonly byteOrder: ByteOrder;
  readonly signed: boolean;
  /** IEEE 754 float of 32 or 64 bits (SIG_VALTYPE_ 1 or 2); integer otherwise. */
  readonly float?: 32 | 64;
  /** physical = raw × factor + offset */
  readonly factor: number;
  readonly offset: number;
  /** The plausible physical range; absent where the DBC gives [0|0], its way of saying none. */
  readonly range?: { readonly min: number; readonly max: number };
  readonly unit: string;
  readonly receivers: readonly string[];
  /** `multiplexor`: this signal selects which `multiplexed` ones the frame carries; their `value` is the selector's. */
  readonly multiplex?: { readonly role: 'multiplexor' } | { readonly role: 'multiplexed'; readonly value: number };
  /** Names of raw values (VAL_). */
  readonly values?: ReadonlyMap<number, string>;
  readonly comment?: string;
}

export interface DbcMessage {
  readonly name: string;
  /** The arbitration identifier, without the DBC's bit 31 that marks an extended one. */
  readonly id: number;
  readonly extended: boolean;
  /** CAN FD frame format (VFrameFormat StandardCAN_FD / ExtendedCAN_FD). */
  readonly fd: boolean;
  /** Data length in bytes. */
  readonly length: number;
  readonly senders: readonly string[];
  readonly signals: readonly DbcSignal[];
  /** GenMsgCycleTime, ms; absent (or 0 in the DBC) for a message sent only on events. */
  readonly cycleTimeMs?: number;
  readonly comment?: string;
}

export interface Dbc {
  readonly version: string;
  readonly nodes: readonly string[];
  readonly messages: readonly DbcMessage[];
}

/** A DBC file that does not parse or contradicts itself, with where (1-based line and column). */
export class DbcError extends Error {
  override readonly name = 'DbcError';

  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    readonly file?: string,
  ) {
    super(`${file ?? 'DBC'}:${line}:${column}: ${reason}`);
  }
}

/** The DBC's flag for a 29-bit identifier (bit 31 of the BO_ id). */
const EXTENDED_FLAG = 0x8000_0000;
/** VFrameFormat enum positions that are CAN FD (StandardCAN_FD, ExtendedCAN_FD). */
const FD_FORMATS = new Set(['StandardCAN_FD', 'ExtendedCAN_FD']);
const MAX_FRAME_LENGTH = 64;

type MutableSignal = { -readonly [K in keyof DbcSignal]: DbcSignal[K] };
type MutableMessage = Omit<{ -readonly [K in keyof DbcMessage]: DbcMessage[K] }, 'signals' | 'senders'> & {
  signals: MutableSignal[];
  senders: string[];
  /** Where the BO_ stood, for errors found once the whole file is read. */
  at: Token;
};

/** Statements that end with `;` and that carry nothing the signal matrix needs. */
const SKIPPED = new Set([
  'EV_', 'ENVVAR_DATA_', 'SGTYPE_', 'SGTYPE_VAL_', 'SIG_GROUP_', 'SIG_TYPE_REF_', 'BA_DEF_REL_', 'BA_REL_', 'BA_DEF_DEF_REL_',
  'BA_DEF_SGTYPE_', 'BA_SGTYPE_', 'SIG_VALTYPE_REF_', 'VAL_TABLE_', 'BU_SG_REL_', 'BU_EV_REL_', 'BU_BO_REL_', 'CAT_DEF_', 'CAT_', 'FILTER',
]);

export function parseDbc(text: string, file?: string): Dbc {
  const tokens = tokenize(text, (line, column, reason) => new DbcError(line, column, reason, file));
  let i = 0;
  const fail = (token: Token | undefined, reason: string): never => {
    const at = token ?? tokens[tokens.length - 1];
    throw new DbcError(at?.line ?? 1, at?.column ?? 1, reason, file);
  };
  const peek = (): Token | undefined => tokens[i];
  const next = (what: string): Token => tokens[i++] ?? fail(undefined, `${what} expected, the file ends`);
  const expect = (text: string): Token => {
    const token = next(`'${text}'`);
    if (token.text !== text) fail(token, `'${text}' expected, found '${token.text}'`);
    return token;
  };
  const word = (what: string): string => {
    const token = next(what);
    if (token.kind !== 'word') fail(token, `${what} expected, found '${token.text}'`);
    return token.text;
  };
  const number = (what: string): number => {
    const token = next(what);
    if (token.kind !== 'number') fail(token, `${what} (a number) expected, found '${token.text}'`);
    return Number(token.text);
  };
  const integer = (what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number => {
    const token = tokens[i];
    const value = number(what);
    if (!Number.isInteger(value) || value < min || value > max) fail(token, `${what} must be an integer in ${min}..${max}, not ${value}`);
    return value;
  };
  const string = (what: string): string => {
    const token = next(what);
    if (token.kind !== 'string') fail(token, `${what} (a quoted string) expected, found '${token.text}'`);
    return token.text;
  };
  const skipStatement = (): void => {
    while (i < tokens.length && tokens[i]!.text !== ';') i++;
    i++;
  };

  let version = '';
  const nodes: string[] = [];
  const messages: MutableMessage[] = [];
  const byRawId = new Map<number, MutableMessage>();
  /** BA_DEF_ BO_ "VFrameFormat" ENUM …: the enum's names by value. */
  let frameFormats: string[] = [];
  const messageDefaults = new Map<string, number | string>();
  const messageAttributes: Array<{ token: Token; name: string; rawId: number; value: number | string }> = [];

  const messageAt = (token: Token, rawId: number): MutableMessage => byRawId.get(rawId) ?? fail(token, `no message BO_ ${rawId}`);
  const signalAt = (token: Token, message: MutableMessage, name: string): MutableSignal =>
    message.signals.find((s) => s.name === name) ?? fail(token, `message ${message.name} has no signal ${name}`);

  const parseSignal = (message: MutableMessage): void => {
    const at = peek();
    const name = word('signal name');
    let multiplex: MutableSignal['multiplex'];
    if (peek()?.text !== ':') {
      const token = next('multiplex indicator');
      const m = /^(?:(M)|m(\d+)(M?))$/.exec(token.text);
      if (!m) fail(token, `multiplex indicator M or m<n> expected, found '${token.text}'`);
      if (m![3]) fail(token, `${name}: extended multiplexing (a signal both multiplexed and multiplexor) is not supported`);
      multiplex = m![1] ? { role: 'multiplexor' } : { role: 'multiplexed', value: Number(m![2]) };
    }
    expect(':');
    const startBit = integer('start bit', 0, MAX_FRAME_LENGTH * 8 - 1);
    expect('|');
    const length = integer('signal length', 1, 64);
    expect('@');
    const order = next('byte order');
    // The tokenizer reads `@1+` as the number 1 followed by '+', and `@0-` as 0 and '-'.
    if (order.text !== '0' && order.text !== '1') fail(order, `byte order 0 (big-endian) or 1 (little-endian) expected, found '${order.text}'`);
    const sign = next('sign');
    if (sign.text !== '+' && sign.text !== '-') fail(sign, `sign + or - expected, found '${sign.text}'`);
    expect('(');
    const factor = number('factor');
    expect(',');
    const offset = number('offset');
    expect(')');
    expect('[');
    const min = number('minimum');
    expect('|');
    const max = number('maximum');
    expect(']');
    const unit = string('unit');
    const receivers = [word('receiver')];
    while (peek()?.text === ',') {
      i++;
      receivers.push(word('receiver'));
    }
    if (factor === 0) fail(at, `${name}: factor 0`);
    if (min > max) fail(at, `${name}: minimum ${min} above maximum ${max}`);
    if (message.signals.some((s) => s.name === name)) fail(at, `${message.name} has two signals named ${name}`);
    message.signals.push({
      name,
      startBit,
      length,
      byteOrder: order.text === '1' ? 'little-endian' : 'big-endian',
      signed: sign.text === '-',
      factor,
      offset,
      ...(min !== 0 || max !== 0 ? { range: { min, max } } : {}),
      unit,
      receivers: receivers.filter((r) => r !== 'Vector__XXX'),
      ...(multiplex ? { multiplex } : {}),
    });
  };

  while (i < tokens.length) {
    const keyword = next('a keyword');
    switch (keyword.text) {
      case 'VERSION':
        version = string('version');
        break;
      case 'NS_':
        // The new-symbols list is indented; the next statement starts a line.
        i++;
        while (i < tokens.length && tokens[i]!.column !== 1) i++;
        break;
      case 'BS_':
        expect(':');
        // Bit timing is obsolete and almost always empty: `BS_:` alone, or a baud rate with BTR values.
        if (peek()?.kind === 'number') {
          number('baud rate');
          expect(':');
          number('BTR1');
          expect(',');
          number('BTR2');
        }
        break;
      case 'BU_': {
        expect(':');
        while (peek()?.kind === 'word' && peek()!.line === keyword.line) nodes.push(word('node'));
        break;
      }
      case 'BO_': {
        const rawId = integer('message identifier', 0, 0xffff_ffff);
        const name = word('message name');
        expect(':');
        const length = integer('message length', 0, MAX_FRAME_LENGTH);
        const sender = word('sender');
        const extended = rawId >= EXTENDED_FLAG;
        if (byRawId.has(rawId)) fail(keyword, `message ${name} has the identifier of ${byRawId.get(rawId)!.name}`);
        const message: MutableMessage = {
          name,
          id: extended ? rawId - EXTENDED_FLAG : rawId,
          extended,
          fd: false,
          length,
          senders: sender === 'Vector__XXX' ? [] : [sender],
          signals: [],
          at: keyword,
        };
        messages.push(message);
        byRawId.set(rawId, message);
        while (peek()?.text === 'SG_') {
          i++;
          parseSignal(message);
        }
        break;
      }
      case 'BO_TX_BU_': {
        const at = peek()!;
        const message = messageAt(at, integer('message identifier', 0, 0xffff_ffff));
        expect(':');
        do {
          const sender = word('sender');
          if (!message.senders.includes(sender)) message.senders.push(sender);
        } while (peek()?.text === ',' && i++);
        expect(';');
        break;
      }
      case 'CM_': {
        const kind = peek();
        if (kind?.kind === 'string') {
          string('comment');
        } else if (kind?.text === 'BO_') {
          i++;
          const at = peek()!;
          messageAt(at, integer('message identifier', 0, 0xffff_ffff)).comment = string('comment');
        } else if (kind?.text === 'SG_') {
          i++;
          const at = peek()!;
          const message = messageAt(at, integer('message identifier', 0, 0xffff_ffff));
          signalAt(at, message, word('signal name')).comment = string('comment');
        } else {
          // Comments on nodes and environment variables.
          i++;
          next('object name');
          string('comment');
        }
        expect(';');
        break;
      }
      case 'BA_DEF_': {
        if (peek()?.text === 'BO_') {
          i++;
          const name = string('attribute name');
          if (name === 'VFrameFormat' && peek()?.text === 'ENUM') {
            i++;
            frameFormats = [string('enum value')];
            while (peek()?.text === ',') {
              i++;
              frameFormats.push(string('enum value'));
            }
          }
        }
        skipStatement();
        break;
      }
      case 'BA_DEF_DEF_': {
        const name = string('attribute name');
        const value = next('default value');
        if (value.kind === 'number' || value.kind === 'string') messageDefaults.set(name, value.kind === 'number' ? Number(value.text) : value.text);
        skipStatement();
        break;
      }
      case 'BA_': {
        const name = string('attribute name');
        if (peek()?.text === 'BO_') {
          i++;
          const token = peek()!;
          const rawId = integer('message identifier', 0, 0xffff_ffff);
          const value = next('attribute value');
          messageAttributes.push({ token, name, rawId, value: value.kind === 'number' ? Number(value.text) : value.text });
          expect(';');
        } else {
          skipStatement();
        }
        break;
      }
      case 'VAL_': {
        const at = peek()!;
        if (at.kind !== 'number') {
          // Value descriptions of an environment variable.
          skipStatement();
          break;
        }
        const message = messageAt(at, integer('message identifier', 0, 0xffff_ffff));
        const signal = signalAt(at, message, word('signal name'));
        const values = new Map<number, string>();
        while (peek()?.kind === 'number') {
          const value = number('raw value');
          values.set(value, string('value name'));
        }
        signal.values = values;
        expect(';');
        break;
      }
      case 'SIG_VALTYPE_': {
        const at = peek()!;
        const message = messageAt(at, integer('message identifier', 0, 0xffff_ffff));
        const signal = signalAt(at, message, word('signal name'));
        if (peek()?.text === ':') i++;
        const type = integer('value type', 0, 2);
        if (type !== 0) {
          const bits = type === 1 ? 32 : 64;
          if (signal.length !== bits) fail(at, `${signal.name}: a ${bits}-bit float in ${signal.length} bits`);
          signal.float = bits;
        }
        expect(';');
        break;
      }
      case 'SG_MUL_VAL_':
        fail(keyword, 'extended multiplexing (SG_MUL_VAL_) is not supported');
        break;
      default:
        if (!SKIPPED.has(keyword.text)) fail(keyword, `unknown statement '${keyword.text}'`);
        skipStatement();
    }
  }

  const attribute = (message: MutableMessage, name: string): { value: number | string; token: Token } | undefined => {
    const own = messageAttributes.filter((a) => a.name === name && byRawId.get(a.rawId) === message).pop();
    if (own) return own;
    const fallback = messageDefaults.get(name);
    return fallback === undefined ? undefined : { value: fallback, token: message.at };
  };
  for (const attr of messageAttributes) messageAt(attr.token, attr.rawId);
  for (const message of messages) {
    const cycle = attribute(message, 'GenMsgCycleTime');
    if (typeof cycle?.value === 'number' && cycle.value > 0) message.cycleTimeMs = cycle.value;
    const format = attribute(message, 'VFrameFormat');
    if (format !== undefined) {
      const name = typeof format.value === 'number' ? frameFormats[format.value] : format.value;
      message.fd = name !== undefined && FD_FORMATS.has(name);
    }
    checkMessage(message, (token, reason) => fail(token, reason));
  }
  return { version, nodes, messages: messages.map(({ at: _at, ...message }) => message) };
}

function checkMessage(message: MutableMessage, fail: (at: Token, reason: string) => never): void {
  if (!message.fd && message.length > 8) fail(message.at, `${message.name}: ${message.length} bytes in a classical CAN frame (VFrameFormat says it is not CAN FD)`);
  const multiplexors = message.signals.filter((s) => s.multiplex?.role === 'multiplexor');
  if (multiplexors.length > 1) fail(message.at, `${message.name}: more than one multiplexor (${multiplexors.map((s) => s.name).join(', ')})`);
  const multiplexed = message.signals.filter((s) => s.multiplex?.role === 'multiplexed');
  if (multiplexed.length > 0 && multiplexors.length === 0) fail(message.at, `${message.name}: multiplexed signals without a multiplexor`);
  for (const signal of message.signals) {
    const bits = signalBits(signal);
    if (bits.some((b) => b < 0 || b >= message.length * 8)) {
      fail(message.at, `${message.name}.${signal.name} (start ${signal.startBit}, ${signal.length} bits) does not fit ${message.length} bytes`);
    }
  }
}

/** The frame bits a signal occupies, least significant first, in the DBC's bit numbering (bit k of byte n is 8n + k). */
export function signalBits(signal: Pick<DbcSignal, 'startBit' | 'length' | 'byteOrder'>): number[] {
  const bits: number[] = [];
  if (signal.byteOrder === 'little-endian') {
    for (let k = 0; k < signal.length; k++) bits.push(signal.startBit + k);
    return bits;
  }
  // Big-endian: the start bit is the most significant; the next lower bit is one to the right in the byte, and after
  // a byte's bit 0 comes bit 7 of the next byte (the "sawtooth" numbering Motorola signals are laid out in).
  let bit = signal.startBit;
  for (let k = 0; k < signal.length; k++) {
    bits.push(bit);
    bit = bit % 8 === 0 ? bit + 15 : bit - 1;
  }
  return bits.reverse();
}
