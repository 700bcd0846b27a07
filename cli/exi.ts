import { parseArgs } from 'node:util';
import {
  ENCODE_QUIRKS,
  SCHEMA_NAMES,
  decode,
  encode,
  fromJson,
  isSchemaName,
  toJson,
  type Documents,
  type SchemaName,
} from '../codecs/exi/index.js';
import { payloadTypeForSchema, payloadTypesForSchema } from '../codecs/v2gtp/exi-schemas.js';
import { decodeV2gtpFrame, encodeV2gtpFrame } from '../codecs/v2gtp/index.js';
import { InputError, UsageError, oneLineMessage, usageFailure } from './errors.js';
import { parseHex, toHex } from './hex.js';
import { readLines, readText, writeErr, writeOut } from './io.js';

export const usage = `Usage: kopher-v2g exi decode|encode --schema <schema> [options] [input]
  kopher-v2g exi decode --schema <schema> [--v2gtp] [--lenient] [<hex> | -]
  kopher-v2g exi decode --schema <schema> [--v2gtp] [--lenient] --lines
  kopher-v2g exi encode --schema <schema> [--v2gtp] [--lenient] [--lines] [<file> | -]

decode  prints the EXI document given as hex (argument, or stdin when - or absent) as JSON.
encode  reads a JSON document (file, or stdin when - or absent) and prints its EXI stream as lowercase hex.
JSON follows the reference vectors' convention: root element as the only key, binaries as lowercase hex.

Options:
  --schema <schema>  one of: ${SCHEMA_NAMES.join(', ')}
  --lines            one input per line (blank lines skipped), one output per line; a line that fails
                     prints {"error": "..."} and the rest go on
  --v2gtp            the hex is a whole V2GTP frame: decode checks and strips the header, encode adds it.
                     Payload types: 0x8001 for apphand, din and iso2; for ISO 15118-20 the schema's main
                     stream type (common 0x8002, ac 0x8003, dc 0x8004, acdp 0x8005, wpt 0x8006), and when
                     decoding also the side streams 0x8101-0x8104
  --lenient          decode: tolerate the known encoder quirks of chargers in the field and values outside the
                     XSD's facets (warnings go to stderr; without it decoding is conformance mode);
                     encode: write the quirks that the field's decoders expect as well
                     (${ENCODE_QUIRKS.join(', ')})
  -h, --help         this text
`;

type Action = 'decode' | 'encode';

interface Settings {
  readonly schema: SchemaName;
  readonly v2gtp: boolean;
  readonly lenient: boolean;
  readonly lines: boolean;
  readonly input: string | undefined;
}

function settingsFrom(action: Action, args: readonly string[]): Settings | 'help' {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      schema: { type: 'string' },
      v2gtp: { type: 'boolean', default: false },
      lenient: { type: 'boolean', default: false },
      lines: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 1) throw new UsageError(`one input expected, got ${positionals.length}`);
  const input = positionals[0];
  if (action === 'decode' && values.lines && input !== undefined && input !== '-') {
    throw new UsageError('decode --lines reads hex lines from stdin, not from an argument');
  }
  if (values.schema === undefined) throw new UsageError('--schema is required');
  if (!isSchemaName(values.schema)) throw new UsageError(`unknown schema ${JSON.stringify(values.schema)}`);
  if (values.v2gtp && payloadTypeForSchema(values.schema) === undefined) {
    throw new UsageError(`schema ${values.schema} is only hashed and signed, never sent in a V2GTP frame`);
  }
  return { schema: values.schema, v2gtp: values.v2gtp, lenient: values.lenient, lines: values.lines, input };
}

function decodeHex(settings: Settings, hex: string, warningPrefix: string): unknown {
  const bytes = parseHex(hex);
  const exi = settings.v2gtp
    ? decodeV2gtpFrame(bytes, { allowedPayloadTypes: payloadTypesForSchema(settings.schema) }).payload
    : bytes;
  const document = decode(settings.schema, exi, {
    lenient: settings.lenient,
    onWarning: (w) => writeErr(`${warningPrefix}warning at bit ${w.bitOffset} of the EXI stream, in ${w.path || '/'}: ${w.message}\n`),
  });
  return toJson(settings.schema, document);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`not JSON: ${oneLineMessage(e)}`);
  }
}

function encodeJson(settings: Settings, text: string): string {
  // fromJson checks the document against the schema it is given, which is what makes it a Documents[schema].
  const document = fromJson(settings.schema, parseJson(text)) as Documents[SchemaName];
  const exi = encode(settings.schema, document, { quirks: settings.lenient ? ENCODE_QUIRKS : [] });
  const payloadType = payloadTypeForSchema(settings.schema);
  return toHex(settings.v2gtp && payloadType !== undefined ? encodeV2gtpFrame(payloadType, exi) : exi);
}

async function runOnce(action: Action, settings: Settings): Promise<void> {
  if (action === 'decode') {
    const hex = settings.input === undefined || settings.input === '-' ? await readText(undefined) : settings.input;
    await writeOut(`${JSON.stringify(decodeHex(settings, hex, ''), null, 2)}\n`);
  } else {
    await writeOut(`${encodeJson(settings, await readText(settings.input))}\n`);
  }
}

/** A failing line becomes an error line in the output, so the outputs stay aligned with the inputs. */
async function runLines(action: Action, settings: Settings): Promise<void> {
  for await (const { line, lineNumber } of readLines(settings.input)) {
    let out: string;
    try {
      out =
        action === 'decode'
          ? JSON.stringify(decodeHex(settings, line, `line ${lineNumber}: `))
          : encodeJson(settings, line);
    } catch (e) {
      out = JSON.stringify({ error: oneLineMessage(e) });
    }
    await writeOut(`${out}\n`);
  }
}

/** `kopher-v2g exi …`: exit 0 on success, 1 when the input is bad or unreadable, 2 when the command line is. */
export async function run(args: readonly string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === '-h' || action === '--help' || action === 'help') {
    await writeOut(usage);
    return 0;
  }
  if (action !== 'decode' && action !== 'encode') {
    const problem = action === undefined ? 'decode or encode expected' : `unknown action ${JSON.stringify(action)}`;
    return usageFailure('exi', usage, new UsageError(problem));
  }
  let settings: Settings | 'help';
  try {
    settings = settingsFrom(action, rest);
  } catch (e) {
    return usageFailure(`exi ${action}`, usage, e);
  }
  if (settings === 'help') {
    await writeOut(usage);
    return 0;
  }
  try {
    await (settings.lines ? runLines(action, settings) : runOnce(action, settings));
    return 0;
  } catch (e) {
    writeErr(`kopher-v2g exi ${action}: ${oneLineMessage(e)}\n`);
    return 1;
  }
}
