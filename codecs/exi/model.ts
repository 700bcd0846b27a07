/**
 * The schema model as data, generated beside each codec module: fields of every complex type and its EXI grammar
 * states. It drives JSON conversion and schema-driven test documents; the codec itself does not read it.
 */
export type ValueModel =
  | { readonly kind: 'boolean' }
  | {
      readonly kind: 'integer';
      readonly min: bigint | null;
      readonly max: bigint | null;
      /** Values are bigint in documents (the XSD range passes 2^53). */
      readonly big: boolean;
      readonly representation: 'nbit' | 'unsigned' | 'signed';
    }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'string'; readonly minLength: number; readonly maxLength: number | null }
  | { readonly kind: 'binary'; readonly encoding: 'hex' | 'base64'; readonly minLength: number; readonly maxLength: number | null }
  /** `module:TypeName`. */
  | { readonly kind: 'complex'; readonly type: string };

export interface FieldModel {
  /** Document/JSON key: element local name, `@` + attribute name, or `#text`. */
  readonly key: string;
  readonly kind: 'attribute' | 'element' | 'text';
  readonly required: boolean;
  readonly array: boolean;
  readonly maxOccurs: number;
  readonly value: ValueModel;
}

/** A production: event kind, field index (-1 if none), next state (-1 after EE), and for counted arrays maxOccurs + the state when full. */
export type ProductionModel = readonly [kind: 'AT' | 'SE' | 'SE-abstract' | 'SE*' | 'EE' | 'CH', field: number, next: number, fullMaxOccurs?: number, fullNext?: number];

export interface TypeModel {
  readonly name: string;
  readonly fields: readonly FieldModel[];
  /** Grammar states; productions in event-code order. */
  readonly states: readonly (readonly ProductionModel[])[];
}

export interface RootModel {
  readonly key: string;
  readonly value: ValueModel;
}

export interface SchemaModel {
  readonly name: string;
  readonly kind: 'document' | 'fragment';
  readonly roots: readonly RootModel[];
}
