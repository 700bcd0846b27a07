/**
 * Distinguished names as the ISO 15118-2 PKI profiles them: commonName, organizationName, countryName and the
 * domainComponent that says what a certificate is for (V2G, CPO, CPS, OEM, MO); the EVCC refuses an SECC leaf whose
 * subject lacks DC=CPO [V2G2-925]. The attribute order follows the RISE-V2G profiles (CN, O, C, DC).
 */
import { IA5String, PrintableString, Sequence, Set, Utf8String } from 'asn1js';
import { AttributeTypeAndValue, RelativeDistinguishedNames } from 'pkijs';

export type DomainComponent = 'V2G' | 'CPO' | 'CPS' | 'OEM' | 'MO';

export interface DistinguishedName {
  readonly commonName: string;
  readonly organizationName: string;
  /** ISO 3166 alpha-2. */
  readonly countryName: string;
  readonly domainComponent: DomainComponent;
}

const OID = {
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  countryName: '2.5.4.6',
  domainComponent: '0.9.2342.19200300.100.1.25',
} as const;

/**
 * One attribute per RDN, as OpenSSL writes a subject: pkijs, given a list of attributes, would put them all into a
 * single multi-valued RDN (`CN=… + O=… + …`), which is a different name. So the Name is encoded here and handed to
 * pkijs as DER, which it then keeps byte for byte.
 */
export function toRelativeDistinguishedNames(name: DistinguishedName): RelativeDistinguishedNames {
  const attributes = [
    new AttributeTypeAndValue({ type: OID.commonName, value: new Utf8String({ value: name.commonName }) }),
    new AttributeTypeAndValue({ type: OID.organizationName, value: new Utf8String({ value: name.organizationName }) }),
    // RFC 5280 fixes countryName to PrintableString and domainComponent (RFC 4519) to IA5String.
    new AttributeTypeAndValue({ type: OID.countryName, value: new PrintableString({ value: name.countryName }) }),
    new AttributeTypeAndValue({ type: OID.domainComponent, value: new IA5String({ value: name.domainComponent }) }),
  ];
  const der = new Sequence({ value: attributes.map((a) => new Set({ value: [a.toSchema()] })) }).toBER(false);
  return RelativeDistinguishedNames.fromBER(der);
}
