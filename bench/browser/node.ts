// Node: times speed-case.ts on the package's Node build (bundled against it) and prints the result.
import * as tygrad from "../../src/index.js";
import { speed } from "./speed-case.js";

console.log(JSON.stringify(await speed(tygrad)));
await tygrad.wasmBackend.close();
