// Parameter trees: flatten/unflatten and structure-preserving maps.
export {
  assertSameStructure, flatten, isKept, KEEP, leafCount, leaves, leavesWithPaths, map, map2, mapLeaves, mapN, unflatten, zip,
  TreeLeafError, TreeMismatchError,
  type Grad, type Kept, type MapLeaves, type Static, type Tangent, type Tree, type TreeDef,
} from "./tree.js";
