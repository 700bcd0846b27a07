import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { parseArgs } from 'node:util';
import { decode } from '../codecs/exi/index.js';
import { pemToDer } from '../crypto/pem.js';
import { isSignatureSchema, SIGNATURE_SCHEMAS, signerCertificate, verifyMessage, type SignatureSchema } from '../crypto/xmldsig/index.js';
import { InputError, UsageError, oneLineMessage, usageFailure } from './errors.js';
import { parseHex } from './hex.js';
import { readLines, readText, writeErr, writeOut } from './io.js';

export const usage = `Usage: kopher-v2g sig verify --schema <schema> [--cert FILE] [--lenient] [<hex> | - | --lines]

verify  checks the XML Signature of a signed V2G message given as EXI hex (argument, or stdin when - or absent) and
        prints one JSON line: {"references":[{"uri","ok"}],"signature":true|false,"signer":"CN=..."}.
        The signer's certificate is --cert, else the one the message carries (CertificateInstallation/Update,
        -20 AuthorizationReq). Exit 0 only when the signature and every reference whose target is in the message
        verify (a reference to an Id the message lacks is reported, not counted).

Options:
  --schema <schema>  one of: ${SIGNATURE_SCHEMAS.join(', ')}
  --cert FILE        the signer's certificate, PEM or DER
  --lines            one hex message per stdin line; a line that fails prints {"error": "..."}
  --lenient          read the known encoder quirks of chargers in the field
  -h, --help         this text
`;

interface Settings {
  readonly schema: SignatureSchema;
  readonly cert: X509Certificate | undefined;
  readonly lenient: boolean;
  readonly lines: boolean;
  readonly input: string | undefined;
}

async function certificateFile(path: string): Promise<X509Certificate> {
  const bytes = await readFile(path).catch((e: unknown) => {
    throw new InputError(`--cert ${path}: ${oneLineMessage(e)}`);
  });
  const text = bytes.toString('latin1');
  try {
    return new X509Certificate(text.includes('-----BEGIN') ? pemToDer('CERTIFICATE', text, path) : bytes);
  } catch (e) {
    throw new InputError(`--cert ${path}: not a certificate (${oneLineMessage(e)})`);
  }
}

async function settingsFrom(args: readonly string[]): Promise<Settings | 'help'> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      schema: { type: 'string' },
      cert: { type: 'string' },
      lenient: { type: 'boolean', default: false },
      lines: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 1) throw new UsageError(`one input expected, got ${positionals.length}`);
  const input = positionals[0];
  if (values.lines && input !== undefined && input !== '-') throw new UsageError('--lines reads hex lines from stdin, not from an argument');
  if (values.schema === undefined) throw new UsageError('--schema is required');
  if (!isSignatureSchema(values.schema)) throw new UsageError(`${JSON.stringify(values.schema)} is not a schema with signed messages`);
  const cert = values.cert === undefined ? undefined : await certificateFile(values.cert);
  return { schema: values.schema, cert, lenient: values.lenient, lines: values.lines, input };
}

/** The subject's attributes in the certificate's order, as OpenSSL prints them (V2G certificates start with CN). */
function distinguishedName(cert: X509Certificate): string {
  return cert.subject.split('\n').join(',');
}

function verifyHex(settings: Settings, hex: string, warningPrefix: string): { line: string; verified: boolean } {
  const document = decode(settings.schema, parseHex(hex), {
    lenient: settings.lenient,
    onWarning: (w) => writeErr(`${warningPrefix}warning at bit ${w.bitOffset} of the EXI stream, in ${w.path || '/'}: ${w.message}\n`),
  });
  const cert = settings.cert ?? signerCertificate(settings.schema, document);
  if (!cert) throw new InputError('the message carries no signer certificate: give it with --cert FILE');
  const result = verifyMessage(settings.schema, document, cert);
  for (const r of result.references) {
    if (r.error) writeErr(`${warningPrefix}${r.error.message}\n`);
    if (r.quirk) writeErr(`${warningPrefix}${r.uri}: digest matches only in the field quirk's form (${r.quirk})\n`);
  }
  if (result.signatureError) writeErr(`${warningPrefix}${result.signatureError.message}\n`);
  const line = JSON.stringify({ references: result.references.map((r) => ({ uri: r.uri, ok: r.ok })), signature: result.signature, signer: distinguishedName(cert) });
  return { line, verified: result.verified };
}

/** `kopher-v2g sig verify …`: exit 0 when every message verifies, 1 when one does not or the input is bad, 2 for usage. */
export async function run(args: readonly string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === '-h' || action === '--help' || action === 'help') {
    await writeOut(usage);
    return 0;
  }
  if (action !== 'verify') return usageFailure('sig', usage, new UsageError(action === undefined ? 'verify expected' : `unknown action ${JSON.stringify(action)}`));
  let settings: Settings | 'help';
  try {
    settings = await settingsFrom(rest);
  } catch (e) {
    if (e instanceof InputError) {
      writeErr(`kopher-v2g sig verify: ${e.message}\n`);
      return 1;
    }
    return usageFailure('sig verify', usage, e);
  }
  if (settings === 'help') {
    await writeOut(usage);
    return 0;
  }
  try {
    if (!settings.lines) {
      const hex = settings.input === undefined || settings.input === '-' ? await readText(undefined) : settings.input;
      const { line, verified } = verifyHex(settings, hex, '');
      await writeOut(`${line}\n`);
      return verified ? 0 : 1;
    }
    let all = true;
    for await (const { line, lineNumber } of readLines(settings.input)) {
      let out: string;
      try {
        const r = verifyHex(settings, line, `line ${lineNumber}: `);
        out = r.line;
        all &&= r.verified;
      } catch (e) {
        out = JSON.stringify({ error: oneLineMessage(e) });
        all = false;
      }
      await writeOut(`${out}\n`);
    }
    return all ? 0 : 1;
  } catch (e) {
    writeErr(`kopher-v2g sig verify: ${oneLineMessage(e)}\n`);
    return 1;
  }
}
