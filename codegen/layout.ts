/**
 * Which XSD namespaces are generated into which module, and which schema names (documents and fragments) the codec
 * offers. Schema names are the ones the field's reference codec (libcbv2g) uses for the same split.
 */
export interface ModuleSpec {
  readonly id: string;
  /** XSD file (relative to the schemas folder) whose import closure defines this module's types. */
  readonly root: string;
  readonly namespaces: readonly string[];
}

const ISO20 = 'urn:iso:std:iso:15118:-20:';
const DIN = 'urn:din:70121:2012:';
const ISO2 = 'urn:iso:15118:2:2013:';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

const parts = (prefix: string): string[] => ['MsgDef', 'MsgHeader', 'MsgBody', 'MsgDataTypes'].map((p) => prefix + p);

export const MODULES: readonly ModuleSpec[] = [
  { id: 'xmldsig', root: 'xmldsig/xmldsig-core-schema.xsd', namespaces: [XMLDSIG_NS] },
  { id: 'apphand', root: 'apphand/V2G_CI_AppProtocol.xsd', namespaces: ['urn:iso:15118:2:2010:AppProtocol'] },
  { id: 'din', root: 'din70121/V2G_CI_MsgDef.xsd', namespaces: parts(DIN) },
  { id: 'iso2', root: 'iso15118-2/V2G_CI_MsgDef.xsd', namespaces: parts(ISO2) },
  { id: 'iso20-types', root: 'iso15118-20/V2G_CI_CommonTypes.xsd', namespaces: [ISO20 + 'CommonTypes'] },
  { id: 'iso20-common', root: 'iso15118-20/V2G_CI_CommonMessages.xsd', namespaces: [ISO20 + 'CommonMessages'] },
  { id: 'iso20-dc', root: 'iso15118-20/V2G_CI_DC.xsd', namespaces: [ISO20 + 'DC'] },
  { id: 'iso20-ac', root: 'iso15118-20/V2G_CI_AC.xsd', namespaces: [ISO20 + 'AC'] },
  { id: 'iso20-wpt', root: 'iso15118-20/V2G_CI_WPT.xsd', namespaces: [ISO20 + 'WPT'] },
  { id: 'iso20-acdp', root: 'iso15118-20/V2G_CI_ACDP.xsd', namespaces: [ISO20 + 'ACDP'] },
];

export interface SchemaSpec {
  readonly name: string;
  /** The module whose root file defines the schema set (its global and local element declarations). */
  readonly module: string;
  readonly kind: 'document' | 'fragment';
}

const documentModules = ['apphand', 'din', 'iso2', 'iso20-common', 'iso20-dc', 'iso20-ac', 'iso20-wpt', 'iso20-acdp'];
const fragmentModules = ['din', 'iso2', 'iso20-common', 'iso20-dc', 'iso20-ac', 'iso20-wpt', 'iso20-acdp'];

export const SCHEMAS: readonly SchemaSpec[] = [
  ...documentModules.map((m): SchemaSpec => ({ name: m, module: m, kind: 'document' })),
  ...fragmentModules.map((m): SchemaSpec => ({ name: `${m}-fragment`, module: m, kind: 'fragment' })),
  // XML Signature fragments encoded with the grammar of xmldsig-core alone (EXI 1.0 §8.5.2, a schema-informed fragment
  // grammar): the same grammar whichever standard carries the signature, offered under each standard's name.
  ...fragmentModules.map((m): SchemaSpec => ({ name: `${m}-xmldsig`, module: 'xmldsig', kind: 'fragment' })),
];
