// The build's stamp: a digest of everything the build is made from (src/, schemas/,
// pipelines/, tsconfig.json, and package.json and pnpm-lock.yaml, as the bundle holds the
// packages' code; path and content). `pnpm build` (src/build.mjs) takes it
// before bundling and writes it to dist/.source-digest; src/launch.mjs runs dist/ only when
// the sources still have that digest. Content, not file times: a checkout, a copy that keeps
// old times, an edit made while the build ran or a deleted file would all fool a time comparison.
// Plain JavaScript, as it runs before anything can load TypeScript.
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"

const inputs = ["src", "schemas", "pipelines"]
const configFiles = ["tsconfig.json", "package.json", "pnpm-lock.yaml"]

const filesUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))

/**
 * SHA-256 over every file under `dirs` and over `files` (relative to `root`): path and content;
 * a missing file (a lockfile another package manager does not write) is a state of its own.
 * Also the program's digests of its own files (src/source-digest.ts).
 */
export const treeDigest = (root, dirs, files = []) => {
  const hash = createHash("sha256")
  for (const file of [...dirs.flatMap((d) => filesUnder(join(root, d))), ...files.map((f) => join(root, f))]) {
    hash.update(relative(root, file)).update("\0").update(existsSync(file) ? readFileSync(file) : "(missing)").update("\0")
  }
  return hash.digest("hex")
}

/** The digest of the build's inputs under `root`. */
export const buildStamp = (root) => treeDigest(root, inputs, configFiles)

export const stampFile = (root) => join(root, "dist", ".source-digest")
