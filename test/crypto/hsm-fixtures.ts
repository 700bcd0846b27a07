/**
 * A private SoftHSM2 token for a test process: its own token folder and configuration in a temporary folder
 * (SOFTHSM2_CONF, read by SoftHSM2 at C_Initialize, so this runs before any session), a fresh random user PIN in an
 * environment variable, and the token initialised with Debian's softhsm2-util.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenConfig } from '../../crypto/hsm/index.js';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const softHsmAbsent = existsSync(SOFTHSM_MODULE) ? undefined : `${SOFTHSM_MODULE} is absent (Debian package softhsm2)`;

export interface SoftHsmToken {
  readonly config: TokenConfig;
  readonly label: string;
  readonly pin: string;
  readonly folder: string;
  remove(): void;
}

export function createSoftHsmToken(label: string, pinVariable: string): SoftHsmToken {
  const folder = mkdtempSync(join(tmpdir(), 'kopher-hsm-'));
  mkdirSync(join(folder, 'tokens'));
  const conf = join(folder, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(folder, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  const pin = randomBytes(6).toString('hex');
  process.env[pinVariable] = pin;
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', randomBytes(6).toString('hex')], { stdio: 'ignore', timeout: 30_000 });
  return {
    config: { module: SOFTHSM_MODULE, token: { label }, pin: { env: pinVariable } },
    label,
    pin,
    folder,
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}
