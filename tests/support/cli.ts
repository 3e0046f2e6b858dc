import { spawnSync } from "node:child_process"
import { join } from "node:path"

const root = join(import.meta.dirname, "..", "..")

/**
 * Runs `pnpm pipeline <args>` the way a user does (src/launch.mjs), without a terminal: the
 * build in dist/ while it matches the sources (a fresh install, CI), the sources through tsx
 * after an edit, so what runs is always the code under test.
 */
export const cli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [join(root, "src", "launch.mjs"), ...args], {
    cwd: root,
    env: { ...process.env, TOUCHPOINT_PII_KEY: "cli-test", ...env },
    encoding: "utf8",
    timeout: 120_000
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
