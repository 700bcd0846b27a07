/** TypeScript names for schema components: the XSD names themselves, so a reader holding the standard finds them. */
import type { ComplexType, SimpleType } from './xsd.js';

export const typeName = (t: ComplexType): string => (t.anonymous ? `${t.name.local}Type` : t.name.local);

export const isIdentifier = (key: string): boolean => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key);

/** Property access for a document key (`v.Value`, `v['@Id']`). */
export const prop = (obj: string, key: string): string => (isIdentifier(key) ? `${obj}.${key}` : `${obj}[${JSON.stringify(key)}]`);

/** Property name in an interface declaration. */
export const propName = (key: string): string => (isIdentifier(key) ? key : JSON.stringify(key));

export const isBig = (t: SimpleType): boolean =>
  t.kind === 'integer' && (t.min === null || t.max === null || t.min < -(2n ** 53n - 1n) || t.max > 2n ** 53n - 1n);
