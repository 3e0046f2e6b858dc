// Runs with every test file (vitest.config.ts setupFiles): removes the folders it made. It loads
// only temp.ts, so test files that run no pipeline do not load one.
import { afterAll } from "vitest"
import { removeTempDirs } from "./temp.ts"

afterAll(removeTempDirs)
