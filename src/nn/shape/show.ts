// Shapes as text in the type-level messages of nn layers. Like the library's ShowShape, but a
// shape of unknown rank with known trailing dims (what a dense layer accepts, [...number[], 784])
// shows those dims: "[..., 784]".
import type { Shape } from "../../shape/dim.js";
import type { ShowDim, ShowShape } from "../../shape/show.js";

/** The fixed trailing dims of a shape of unknown rank, as text: ", 28, 1". */
type ShowTail<S extends Shape, Acc extends string = ""> =
  S extends readonly [...infer Lead extends Shape, infer Last extends number] ? ShowTail<Lead, `, ${ShowDim<Last>}${Acc}`> : Acc;

/** "[2, 3]" for a tuple, "[..., 784]" for unknown rank with known trailing dims, "number[]" otherwise. */
export type ShowInput<S extends Shape> =
  number extends S["length"] ? (ShowTail<S> extends "" ? ShowShape<S> : `[...${ShowTail<S>}]`) : ShowShape<S>;
