/**
 * Where a private key on a PKCS#11 token is: the module (the vendor's shared library), the token (by label, as
 * slot numbers change when tokens are added or re-initialised, or by slot ID), the user PIN's source and the key (by
 * CKA_LABEL and/or CKA_ID). The PIN is never part of the configuration itself: it comes from an environment variable
 * or a file readable only by the charger's service account, so a configuration file can be shared and logged.
 */
import { readFileSync } from 'node:fs';
import { HsmError } from './errors.js';

export type TokenSelector = { readonly label: string } | { readonly slotId: number };

export type PinSource = { readonly env: string } | { readonly file: string };

export interface TokenConfig {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  readonly module: string;
  readonly token: TokenSelector;
  readonly pin: PinSource;
}

/** At least one of label and id; with both, the key must match both. */
export interface KeySelector {
  readonly label?: string;
  readonly id?: Uint8Array;
}

export interface TokenKeyConfig extends TokenConfig {
  readonly key: KeySelector;
}

export function describeToken(token: TokenSelector): string {
  return 'label' in token ? `token "${token.label}"` : `token in slot ${token.slotId}`;
}

export function describeKey(key: KeySelector): string {
  const parts = [key.label !== undefined ? `label "${key.label}"` : '', key.id !== undefined ? `id ${Buffer.from(key.id).toString('hex')}` : ''];
  return `key ${parts.filter(Boolean).join(' ')}`;
}

/**
 * The PIN, read at login and not kept. A PIN file's one trailing newline is dropped (what `echo PIN > file` writes);
 * the reason of a failure names the source, never its content.
 */
export function readPin(source: PinSource): string {
  if ('env' in source) return readPinVariable(source.env);
  const pin = readPinFileText(source.file).replace(/\r?\n$/, '');
  if (pin === '') throw new HsmError(`PIN file ${source.file}`, 'is empty');
  return pin;
}

export function readPinVariable(name: string): string {
  const pin = process.env[name];
  if (pin === undefined || pin === '') throw new HsmError(`PIN variable ${name}`, 'not set');
  return pin;
}

/** The file as it is, line break and all. */
export function readPinFileText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new HsmError(`PIN file ${path}`, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
