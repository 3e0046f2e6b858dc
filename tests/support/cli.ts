import { spawnSync } from "node:child_process"
import { join } from "node:path"

const root = join(import.meta.dirname, "..", "..")

/** Runs `pnpm pipeline <args>` the way a user does (through tsx), without a terminal. */
export const cli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "src", "main.ts"), ...args], {
    cwd: root,
    env: { ...process.env, TOUCHPOINT_PII_KEY: "cli-test", ...env },
    encoding: "utf8",
    timeout: 120_000
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
