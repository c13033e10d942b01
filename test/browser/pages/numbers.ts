// The numbers page: runs numbers-case.ts on the package's browser build and leaves the result
// (or the error) on window for the test to read. The pages import the library by its source
// path so that they type-check; bundling them maps that path to the installed package ("tygrad").

import * as tygrad from "../../../src/index.js";
import { numbers } from "./numbers-case.js";

const page = globalThis as { result?: unknown; failure?: string };
numbers(tygrad).then(
  (result) => {
    page.result = result;
  },
  (error: unknown) => {
    page.failure = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
  },
);
