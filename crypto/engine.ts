/**
 * The one pkijs crypto engine of the project, over Node's WebCrypto. It is passed explicitly to every pkijs call
 * instead of being installed with pkijs.setEngine, so nothing depends on global state set elsewhere.
 */
import { webcrypto } from 'node:crypto';
import { CryptoEngine } from 'pkijs';

export const subtle = webcrypto.subtle;

/** pkijs types its engine against the DOM's `Crypto`, which Node's `webcrypto` implements but does not name. */
type DomCrypto = ConstructorParameters<typeof CryptoEngine>[0]['crypto'];

export const cryptoEngine = new CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as DomCrypto });
