import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { chainLinkProblems, checkCertificate, generateLabPki, PKI_PROFILES, PkiError, pemToDerAll, saveLabPki, DEFAULT_OCSP_RESPONDER_URL, type CertificateCheck, type KeyAlgorithm, type PkiProfileName } from '../crypto/index.js';
import { commandFailure, UsageError, usageFailure } from './errors.js';
import { writeOut } from './io.js';

export const usage = `Usage: kopher-v2g pki init <dir> [options] | pki show <file> [options]
  kopher-v2g pki init <dir> [--profile iso2|iso20] [--key p256|p521|ed448] [--ocsp-url URL] [--evse-id ID] [--emaid ID] [--pcid ID]
  kopher-v2g pki show <file> [--profile iso2|iso20] [--at TIME] [--json]

init  writes a whole test PKI for a Plug & Charge lab into <dir> (made 0700; refused if it holds PEM or key
      files already): V2G root -> CPO Sub-CA 1 -> Sub-CA 2 -> SECC leaf; CPS Sub-CAs -> SA provisioning leaf;
      MO root -> Sub-CAs -> contract leaf (CN = eMAID); OEM root -> Sub-CAs -> OEM provisioning leaf (CN = PCID)
      and, for iso20, the vehicle's TLS client leaf; an OCSP signer under every CA. <Name>.pem and <Name>.key
      (PKCS#8, unencrypted, mode 0600) per certificate, <Party>Chain.pem (leaf, Sub-CA 2, Sub-CA 1), and
      ocsp/<CA>.index.txt, the OpenSSL CA database for 'openssl ocsp -index'. For tests and labs only.
show  prints each certificate of <file> (PEM, one or more, or DER): its role, its standard, and what is wrong
      with it by that standard's profile (key, signature, extensions, names, validity, size); in a chain (leaf
      first), also each certificate not issued and signed by the next. Exit 0 when
      every certificate is valid, 1 when one is not or the file is not a certificate, 2 on a usage error.

Options:
  --profile <p>     iso2 (secp256r1, SHA-256; default for init) or iso20 (secp521r1, SHA-512, or Ed448);
                    show: hold the certificate against this profile instead of the one its key suggests
  --key <k>         init: p256 (iso2), p521 (iso20, default) or ed448 (iso20)
  --ocsp-url <url>  init: the OCSP responder named in every certificate; {ca} stands for the issuing CA's file
                    name (default ${DEFAULT_OCSP_RESPONDER_URL}); 'none' leaves authorityInfoAccess out
  --evse-id <id>    init: the SECC leaf's CN (SECCID)
  --emaid <id>      init: the contract leaf's CN
  --pcid <id>       init: the OEM provisioning and vehicle leafs' CN
  --at <time>       show: judge validity at this ISO 8601 time instead of now
  --json            show: one JSON line per certificate
  -h, --help        this text
`;

const KEYS: Readonly<Record<string, KeyAlgorithm>> = { p256: 'P-256', p521: 'P-521', ed448: 'Ed448' };

function profileOption(text: string | undefined): PkiProfileName | undefined {
  if (text === undefined) return undefined;
  if (text !== 'iso2' && text !== 'iso20') throw new UsageError(`--profile ${text}: iso2 or iso20`);
  return text;
}

async function init(dir: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  const profile = profileOption(values.profile as string | undefined) ?? 'iso2';
  const keyText = values.key as string | undefined;
  const keyAlgorithm = keyText === undefined ? undefined : KEYS[keyText];
  if (keyText !== undefined && (keyAlgorithm === undefined || !PKI_PROFILES[profile].keyAlgorithms.includes(keyAlgorithm))) {
    throw new UsageError(`--key ${keyText}: ${profile} takes ${PKI_PROFILES[profile].keyAlgorithms.map((k) => k.replace('-', '').toLowerCase()).join(' or ')}`);
  }
  const url = values['ocsp-url'] as string | undefined;
  if (url !== undefined && url !== 'none' && !/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--ocsp-url ${url}: an http:// URL, or none`);
  const pki = await generateLabPki({
    profile,
    ...(keyAlgorithm ? { keyAlgorithm } : {}),
    ...(url !== undefined ? { ocspResponderUrl: url === 'none' ? false : url } : {}),
    ...(values['evse-id'] ? { evseId: values['evse-id'] as string } : {}),
    ...(values.emaid ? { emaid: values.emaid as string } : {}),
    ...(values.pcid ? { pcid: values.pcid as string } : {}),
  });
  const files = await saveLabPki(pki, dir);
  const certificates = Object.keys(pki.certificates).length;
  await writeOut(`${PKI_PROFILES[profile].title} test PKI (${pki.keyAlgorithm}): ${certificates} certificates in ${dir}, private keys mode 0600\n`);
  for (const file of files) await writeOut(`  ${file.path}  ${file.what}\n`);
  return 0;
}

async function certificatesOf(file: string): Promise<Uint8Array[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new PkiError(file, `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const text = bytes.toString('latin1');
  return text.includes('-----BEGIN ') ? pemToDerAll('CERTIFICATE', text, file) : [new Uint8Array(bytes)];
}

function describe(check: CertificateCheck, where: string): string {
  const { info } = check;
  const standard = check.profile ? PKI_PROFILES[check.profile].title : 'no V2G standard';
  const lines = [
    `${where}: ${check.title}, ${standard}: ${check.problems.length === 0 ? 'valid' : 'INVALID'}`,
    `  subject    ${info.subject}`,
    `  issuer     ${info.issuer}${info.selfIssued ? ' (itself)' : ''}`,
    `  validity   ${info.notBefore.toISOString()} .. ${info.notAfter.toISOString()}`,
    `  key        ${info.key}, signed ${info.signatureAlgorithm}, serial ${info.serialNumber}, ${info.der.length} bytes`,
    ...(info.ocspUrls.length ? [`  ocsp       ${info.ocspUrls.join(' ')}`] : []),
    ...check.problems.map((p) => `  problem    ${p}`),
  ];
  return `${lines.join('\n')}\n`;
}

function asJson(check: CertificateCheck, where: string): string {
  const { info } = check;
  return `${JSON.stringify({
    file: where,
    role: check.role ?? null,
    title: check.title,
    profile: check.profile ?? null,
    valid: check.problems.length === 0,
    problems: check.problems,
    subject: info.subject,
    issuer: info.issuer,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
    key: info.key,
    signatureAlgorithm: info.signatureAlgorithm,
    serialNumber: info.serialNumber,
    ocspUrls: info.ocspUrls,
  })}\n`;
}

async function show(file: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  const profile = profileOption(values.profile as string | undefined);
  const at = values.at as string | undefined;
  const now = at === undefined ? new Date() : new Date(at);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--at ${at}: an ISO 8601 time`);
  const ders = await certificatesOf(file);
  const checks = ders.map((der, i) => checkCertificate(der, ders.length > 1 ? `${file}#${i + 1}` : file, { now, ...(profile ? { profile } : {}) }));
  const links = chainLinkProblems(ders);
  let valid = true;
  for (const [i, found] of checks.entries()) {
    const where = ders.length > 1 ? `${file}#${i + 1}` : file;
    const check = { ...found, problems: [...found.problems, ...links[i]!] };
    valid &&= check.problems.length === 0;
    await writeOut(values.json ? asJson(check, where) : describe(check, where));
  }
  return valid ? 0 : 1;
}

/** `kopher-v2g pki …`: see usage. */
export async function run(args: readonly string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === '-h' || action === '--help' || action === 'help') {
    await writeOut(usage);
    return 0;
  }
  if (action !== 'init' && action !== 'show') return usageFailure('pki', usage, new UsageError(action === undefined ? 'init or show expected' : `unknown action ${JSON.stringify(action)}`));
  let values: Record<string, string | boolean | undefined>;
  let target: string;
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: {
        profile: { type: 'string' },
        key: { type: 'string' },
        'ocsp-url': { type: 'string' },
        'evse-id': { type: 'string' },
        emaid: { type: 'string' },
        pcid: { type: 'string' },
        at: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
    });
    values = parsed.values;
    if (values.help) {
      await writeOut(usage);
      return 0;
    }
    const initOnly = ['key', 'ocsp-url', 'evse-id', 'emaid', 'pcid'].filter((o) => values[o] !== undefined);
    const showOnly = ['at', 'json'].filter((o) => values[o] !== undefined && values[o] !== false);
    const foreign = action === 'init' ? showOnly : initOnly;
    if (foreign.length) throw new UsageError(`--${foreign[0]} is not an option of pki ${action}`);
    if (parsed.positionals.length !== 1) throw new UsageError(`pki ${action} takes one ${action === 'init' ? 'folder' : 'file'}, got ${parsed.positionals.length}`);
    target = parsed.positionals[0]!;
  } catch (e) {
    return usageFailure(`pki ${action}`, usage, e);
  }
  try {
    return action === 'init' ? await init(target, values) : await show(target, values);
  } catch (e) {
    return commandFailure(`pki ${action}`, usage, e);
  }
}
