/**
 * A logged-in session on one token. A PKCS#11 module may be initialised only once per process (C_Initialize), so
 * every session on the same module shares one loaded instance, finalised when the last session closes. The module is
 * initialised with CKF_OS_LOCKING_OK because signing runs on Node's worker threads (pkcs11js' async calls).
 */
import pkcs11js from 'pkcs11js';
import { describeToken, readPin, type TokenConfig } from './config.js';
import { asHsmError, ckrName, cryptoki, HsmError } from './errors.js';

interface LoadedModule {
  readonly pkcs11: pkcs11js.PKCS11;
  users: number;
  /** False when someone else in the process had already initialised the module: then it is theirs to finalise. */
  readonly ownsInitialisation: boolean;
}

const loadedModules = new Map<string, LoadedModule>();

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
  const loaded = acquireModule(config.module);
  let session: pkcs11js.Handle | undefined;
  try {
    const slot = findSlot(loaded.pkcs11, config, subject);
    const flags = pkcs11js.CKF_SERIAL_SESSION | (access === 'read-write' ? pkcs11js.CKF_RW_SESSION : 0);
    session = cryptoki(subject, 'C_OpenSession', () => loaded.pkcs11.C_OpenSession(slot, flags));
    login(loaded.pkcs11, session, config, subject);
    const opened = session;
    let closed = false;
    return {
      pkcs11: loaded.pkcs11,
      slot,
      session: opened,
      subject,
      close: () => {
        if (closed) return;
        closed = true;
        try {
          loaded.pkcs11.C_CloseSession(opened);
        } finally {
          releaseModule(config.module);
        }
      },
    };
  } catch (error) {
    if (session !== undefined) loaded.pkcs11.C_CloseSession(session);
    releaseModule(config.module);
    throw error;
  }
}

function acquireModule(path: string): LoadedModule {
  const existing = loadedModules.get(path);
  if (existing) {
    existing.users += 1;
    return existing;
  }
  const pkcs11 = new pkcs11js.PKCS11();
  try {
    pkcs11.load(path);
  } catch (error) {
    throw new HsmError(`PKCS#11 module ${path}`, `cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  let ownsInitialisation = true;
  try {
    pkcs11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (error) {
    if (ckrName(error) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
      pkcs11.close();
      throw asHsmError(`PKCS#11 module ${path}`, 'C_Initialize', error);
    }
    ownsInitialisation = false;
  }
  const loaded = { pkcs11, users: 1, ownsInitialisation };
  loadedModules.set(path, loaded);
  return loaded;
}

function releaseModule(path: string): void {
  const loaded = loadedModules.get(path);
  if (!loaded) return;
  loaded.users -= 1;
  if (loaded.users > 0) return;
  loadedModules.delete(path);
  try {
    if (loaded.ownsInitialisation) loaded.pkcs11.C_Finalize();
  } finally {
    loaded.pkcs11.close();
  }
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
