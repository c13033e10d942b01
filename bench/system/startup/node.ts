// Start-up baseline: Node alone, the same check and report as the libraries.
import { report } from "./report.js";

report([1 + 4, 2 + 5, 3 + 6]);
