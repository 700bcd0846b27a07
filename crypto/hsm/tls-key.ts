/**
 * The TLS server key on a PKCS#11 token, for Node's TLS. Node 20 (OpenSSL 3.0 built in) can sign a handshake with a
 * key it cannot read only through an OpenSSL ENGINE: its `privateKeyEngine`/`privateKeyIdentifier` options load the
 * key with ENGINE_load_private_key. A provider such as pkcs11-provider is no way around that: Node has no option to
 * load a key through OSSL_STORE, and Debian 12 does not package one. The engine is Debian's libengine-pkcs11-openssl
 * (libp11), which Node loads from the system's engine folder; its symbols bind to Node's own OpenSSL.
 *
 * The key is named by an RFC 7512 PKCS#11 URI (token label, object label and/or id). libp11 takes the module from
 * PKCS11_MODULE_PATH and OpenSSL finds the engine through OPENSSL_ENGINES: both are process-wide, so they are set
 * here, and a second token key on another module in the same process is refused rather than silently redirected.
 * The PIN reaches libp11 as `pin-source=file:` (the file is read by libp11 itself, the PIN stays out of this
 * process's strings) or, from an environment variable, as `pin-value=`; it is never logged, but Node keeps the
 * identifier on the tls.Server object, so that object must not be logged whole.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeToken, readPinFileText, readPinVariable, type TokenKeyConfig } from './config.js';
import { HsmError } from './errors.js';

export interface TlsEngineOptions {
  /** The OpenSSL 3 engine folder; default Debian's for this architecture (e.g. /usr/lib/x86_64-linux-gnu/engines-3). */
  readonly enginesDir?: string;
}

/** Spread into tls.createServer's or tls.createSecureContext's options, beside `cert`. */
export interface TokenTlsKeyOptions {
  readonly privateKeyEngine: string;
  readonly privateKeyIdentifier: string;
}

const ENGINE_ID = 'pkcs11';
const DEBIAN_MULTIARCH: Readonly<Record<string, string>> = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu', arm: 'arm-linux-gnueabihf' };

export function defaultEnginesDir(): string {
  return `/usr/lib/${DEBIAN_MULTIARCH[process.arch] ?? `${process.arch}-linux-gnu`}/engines-3`;
}

export function tokenTlsKey(config: TokenKeyConfig, options: TlsEngineOptions = {}): TokenTlsKeyOptions {
  if (!('label' in config.token)) throw new HsmError(describeToken(config.token), 'a TLS key\'s token must be selected by label (the PKCS#11 URI names tokens by label)');
  if (config.key.label === undefined && config.key.id === undefined) throw new RangeError('a token key needs a label or an id');
  const enginesDir = options.enginesDir ?? defaultEnginesDir();
  if (!existsSync(join(enginesDir, `${ENGINE_ID}.so`))) {
    throw new HsmError(`OpenSSL engine ${join(enginesDir, `${ENGINE_ID}.so`)}`, 'absent (Debian package libengine-pkcs11-openssl)');
  }
  claimEnvironment('PKCS11_MODULE_PATH', config.module);
  claimEnvironment('OPENSSL_ENGINES', enginesDir);
  const path = [
    `token=${encodeURIComponent(config.token.label)}`,
    ...(config.key.label !== undefined ? [`object=${encodeURIComponent(config.key.label)}`] : []),
    ...(config.key.id !== undefined ? [`id=${[...config.key.id].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`] : []),
    'type=private',
  ];
  return { privateKeyEngine: ENGINE_ID, privateKeyIdentifier: `pkcs11:${path.join(';')}?${pinAttribute(config)}` };
}

function claimEnvironment(name: string, value: string): void {
  const current = process.env[name];
  if (current !== undefined && current !== value) throw new HsmError(`environment ${name}`, `is ${current}, not ${value}: the engine serves one of them per process`);
  process.env[name] = value;
}

function pinAttribute(config: TokenKeyConfig): string {
  const source = config.pin;
  if ('env' in source) return `pin-value=${encodeURIComponent(readPinVariable(source.env))}`;
  // libp11 takes the file's bytes as they are, where the token signer drops a trailing newline: refuse the one case
  // where the two would disagree instead of failing at login with CKR_PIN_INCORRECT.
  if (/[\r\n]$/.test(readPinFileText(source.file))) {
    throw new HsmError(`PIN file ${source.file}`, 'ends with a line break, which the OpenSSL engine would take as part of the PIN (write it with printf)');
  }
  return `pin-source=file:${encodeURI(source.file)}`;
}
