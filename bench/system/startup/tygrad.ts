// Start-up of tygrad: import the package entry (with the backend registration it installs) and
// compute a first sum, read back.
import "../../../src/backend/wasm-jit/register.js";
import { add, tensor } from "../../../src/index.js";
import { report } from "./report.js";

report(add(tensor([1, 2, 3]), tensor([4, 5, 6])).toArray());
