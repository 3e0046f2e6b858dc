// Runs with every test file (vitest.config.ts setupFiles): removes the folders it made.
import { afterAll } from "vitest"
import { removeTempDirs } from "./pipeline.ts"

afterAll(removeTempDirs)
