// Start-up of tygrad as its users get it: the package build (`npm run build` in the root project),
// the file named by package.json's "exports", imported as it is — not bundled into this script —
// and a first sum, read back. Its path is the first argument; its types are the source's.
import { pathToFileURL } from "node:url";
import type * as Tygrad from "../../../src/index.js";
import { report } from "./report.js";

const packageBuild = process.argv[2];
if (packageBuild === undefined) throw new Error("usage: node tygrad.mjs <path of the root project's dist/bundle/node/index.js>");
const { add, tensor }: typeof Tygrad = await import(pathToFileURL(packageBuild).href);
report(add(tensor([1, 2, 3]), tensor([4, 5, 6])).toArray());
