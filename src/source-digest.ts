/**
 * Digests of the program's own files, so derived data can tell which version of the code built
 * it: the build digest (src/run/refresh.ts) and the sentiment scorer's version
 * (src/reputation/score-texts.ts).
 */
import { createHash } from "node:crypto"
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { projectRoot } from "./project-root.ts"

const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })

/** SHA-256 over every file under the given folders (relative to the project root): path and content. */
export const sourceDigest = (dirs: ReadonlyArray<string>): string => {
  const hash = createHash("sha256")
  for (const dir of dirs) {
    for (const f of filesUnder(join(projectRoot, dir))) hash.update(f.slice(projectRoot.length)).update(readFileSync(f))
  }
  return hash.digest("hex")
}
