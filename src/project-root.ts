/**
 * The project's root folder (the one holding package.json, sql/, src/ and schemas/), found from
 * this module's own location so it is the same whether the sources run through tsx or the
 * bundle in dist/src/ runs (see src/launch.mjs). A folder counts only with both package.json
 * and sql/, so a package.json a build might put beside its output is passed over.
 */
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const findRoot = (dir: string): string => {
  if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "sql"))) return dir
  const parent = dirname(dir)
  if (parent === dir) throw new Error(`no folder with package.json and sql/ above ${fileURLToPath(import.meta.url)}`)
  return findRoot(parent)
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)))
