/** Temporary folders for tests, removed after each test file (tests/support/cleanup.ts). */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const madeDirs: Array<string> = []

/** A fresh folder under the system's temp folder, removed after the test file. */
export const tempDir = (prefix = "touchpoint-test-"): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  madeDirs.push(dir)
  return dir
}

// A test file makes dozens of workspaces of up to 300 MB (warehouses, outputs): left behind,
// a few runs of the suite fill a disk.
export const removeTempDirs = (): void => {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}
