// The default parameter dtype of layers and initializers.
import type { FloatDType } from "../tensor/dtype.js";

/** "float32" as the value of a dtype type parameter D that defaults to "float32". Only reached
 *  when the caller gave no dtype, in which case D is that default. */
export const defaultFloat = <D extends FloatDType>(): D => "float32" as D; // D is "float32" whenever no dtype was given

/** The parameter dtype an options type asks for (float32 by default). */
export type DTypeOption<O> = O extends { readonly dtype: infer D extends FloatDType } ? D : "float32";

/** The runtime twin of DTypeOption. */
export const dtypeOption = <O extends { readonly dtype?: FloatDType }>(options: O | undefined): DTypeOption<O> =>
  (options?.dtype ?? "float32") as DTypeOption<O>; // O's dtype literal when given, else the "float32" default
