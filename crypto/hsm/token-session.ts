/**
 * A logged-in session on one token. A PKCS#11 module is initialised once per process (C_Initialize), so every session
 * on the same module shares one loaded instance, and it stays initialised for the life of the process: other users of
 * the module in the process, OpenSSL's pkcs11 engine serving the TLS key among them, would lose their sessions if the
 * last signer's close called C_Finalize under them. The module is initialised with CKF_OS_LOCKING_OK because signing
 * runs on Node's worker threads (pkcs11js' async calls).
 */
import pkcs11js from 'pkcs11js';
import { describeToken, readPin, type KeySelector, type TokenConfig } from './config.js';
import { asHsmError, ckrName, cryptoki, HsmError } from './errors.js';

const loadedModules = new Map<string, pkcs11js.PKCS11>();

export interface TokenSession {
  readonly pkcs11: pkcs11js.PKCS11;
  readonly slot: pkcs11js.Handle;
  readonly session: pkcs11js.Handle;
  /** `token "label"`: how errors name this token. */
  readonly subject: string;
  close(): void;
}

export function openTokenSession(config: TokenConfig, access: 'read-only' | 'read-write' = 'read-only'): TokenSession {
  const subject = describeToken(config.token);
  const pkcs11 = loadModule(config.module);
  const slot = findSlot(pkcs11, config, subject);
  const flags = pkcs11js.CKF_SERIAL_SESSION | (access === 'read-write' ? pkcs11js.CKF_RW_SESSION : 0);
  const session = cryptoki(subject, 'C_OpenSession', () => pkcs11.C_OpenSession(slot, flags));
  try {
    login(pkcs11, session, config, subject);
  } catch (error) {
    pkcs11.C_CloseSession(session);
    throw error;
  }
  let closed = false;
  return {
    pkcs11,
    slot,
    session,
    subject,
    close: () => {
      if (closed) return;
      closed = true;
      pkcs11.C_CloseSession(session);
    },
  };
}

function loadModule(path: string): pkcs11js.PKCS11 {
  const loaded = loadedModules.get(path);
  if (loaded) return loaded;
  const pkcs11 = new pkcs11js.PKCS11();
  try {
    pkcs11.load(path);
  } catch (error) {
    throw new HsmError(`PKCS#11 module ${path}`, `cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    pkcs11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (error) {
    // Initialised already by another user in this process (the pkcs11 engine): its initialisation serves us too.
    if (ckrName(error) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
      pkcs11.close();
      throw asHsmError(`PKCS#11 module ${path}`, 'C_Initialize', error);
    }
  }
  loadedModules.set(path, pkcs11);
  return pkcs11;
}

function findSlot(pkcs11: pkcs11js.PKCS11, config: TokenConfig, subject: string): pkcs11js.Handle {
  const slots = cryptoki(subject, 'C_GetSlotList', () => pkcs11.C_GetSlotList(true));
  const token = config.token;
  const found = slots.find((slot) =>
    'label' in token
      ? cryptoki(subject, 'C_GetTokenInfo', () => pkcs11.C_GetTokenInfo(slot)).label.trimEnd() === token.label
      : slot.readUIntLE(0, Math.min(slot.length, 6)) === token.slotId,
  );
  if (!found) throw new HsmError(subject, `not present in module ${config.module}`);
  return found;
}

function login(pkcs11: pkcs11js.PKCS11, session: pkcs11js.Handle, config: TokenConfig, subject: string): void {
  try {
    pkcs11.C_Login(session, pkcs11js.CKU_USER, readPin(config.pin));
  } catch (error) {
    // Login is per application, not per session: a second session on a token already logged in is logged in too.
    if (ckrName(error) === 'CKR_USER_ALREADY_LOGGED_IN') return;
    throw asHsmError(subject, 'C_Login', error);
  }
}

/** The EC key objects of `objectClass` matching the selector (at most 16: a selector matching more is ambiguous anyway). */
export function findObjects(token: TokenSession, subject: string, objectClass: number, key: KeySelector): pkcs11js.Handle[] {
  const template: pkcs11js.Template = [
    { type: pkcs11js.CKA_CLASS, value: objectClass },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
    ...(key.label !== undefined ? [{ type: pkcs11js.CKA_LABEL, value: key.label }] : []),
    ...(key.id !== undefined ? [{ type: pkcs11js.CKA_ID, value: Buffer.from(key.id) }] : []),
  ];
  return cryptoki(subject, 'finding objects', () => {
    token.pkcs11.C_FindObjectsInit(token.session, template);
    try {
      return token.pkcs11.C_FindObjects(token.session, 16);
    } finally {
      token.pkcs11.C_FindObjectsFinal(token.session);
    }
  });
}
