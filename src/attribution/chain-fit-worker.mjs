// Starts the chain-fit worker (chain-fit-worker.ts) through tsx's API, so the worker thread
// runs TypeScript the same way under the CLI, vitest and the benchmarks, whatever loader the
// parent process was started with. Plain JavaScript, as nothing has loaded tsx in a new thread.
import { tsImport } from "tsx/esm/api"

await tsImport("./chain-fit-worker.ts", import.meta.url)
