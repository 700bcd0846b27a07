/**
 * The field C codec's shrunk arrays. cbexigen (the generator of libcbv2g, as of OpenV2G before it) sizes every
 * `maxOccurs="unbounded"` element of every V2G schema to a fixed array: the size named in its OCCURRENCE_LIMITS_CORRECTED
 * table (src/cbexigen/typeDefinitions.py; sizes chosen after DIN [V2G-DC-634] [V2G-DC-307] [V2G-DC-635] and for
 * memory), and 1 for every other one; its generated headers mark each "(original max unbounded)".
 *
 * What it changes on the wire, read off the generated coders (din_msgDefDecoder.c, din_msgDefEncoder.c,
 * iso2_msgDefEncoder.c in libcbv2g): nothing in the code widths. Both coders keep the XSD's looping grammar — after a
 * DIN ConsumptionCost/Cost the state is still {Cost, EE} of 2 bits, in the encoder (which writes EE as 01) and the
 * decoder; a ListOfRootCertificateIDs full at 5 still ends with the loop state's 2-bit EE. So a full shrunk array
 * comes in the standard form, which every mode reads. What differs is the count: that decoder refuses an entry past
 * the shrunk size (EXI_ERROR__ARRAY_OUT_OF_BOUNDS, or "reduced to a single element"), and that encoder cannot hold
 * one. Encoding for such a peer can therefore check the count (EncodeQuirk `cbv2gShrunkArrays`).
 */

/** Shrunk sizes by element local name, in every schema; an unbounded element not named here is shrunk to 1. */
export const CBV2G_ARRAY_SIZES: Readonly<Record<string, number>> = {
  RootCertificateID: 5,
  Reference: 4,
  PMaxScheduleEntry: 5,
  SalesTariffEntry: 5,
  ParameterSet: 5,
  // DIN: unbounded in the XSD, at most 2 by [V2G-DC-634].
  PaymentOption: 2,
  // DIN: at most 24 by [V2G-DC-307].
  ProfileEntry: 24,
  // DIN's [V2G-DC-635] allows 1; the codec keeps ISO-2's 16.
  SelectedService: 16,
  SAScheduleTuple: 5,
};

/** The size libcbv2g gives an element the XSD leaves unbounded. */
export function cbv2gArraySize(element: string): number {
  return Object.prototype.hasOwnProperty.call(CBV2G_ARRAY_SIZES, element) ? CBV2G_ARRAY_SIZES[element] : 1;
}
