// The page: times speed-case.ts on the package's browser build and leaves the result on window.
import * as tygrad from "../../src/index.js";
import { speed } from "./speed-case.js";

void speed(tygrad).then((result) => {
  (globalThis as { speed?: unknown }).speed = result;
});
