/**
 * Finds input files under <inbox>/<source>/ at any depth and says which reader each needs.
 */
import { Effect } from "effect"
import { readdir, stat } from "node:fs/promises"
import { join, relative, sep } from "node:path"
import { isSourceName, type SourceName } from "../../schemas/sources.ts"
import { FileSystemError } from "../errors.ts"

export type Format = "ndjson" | "csv" | "parquet" | "arrow"

export interface InboxFile {
  readonly source: SourceName
  readonly path: string
  /** Relative to the inbox, with forward slashes: what the manifest and quarantine show. */
  readonly relativePath: string
  /** Relative to the file's source folder: what a mapping's `match` glob is matched against. */
  readonly sourcePath: string
  readonly format: Format
  readonly gzipped: boolean
  readonly bytes: number
  /** Modification time (ms since the epoch): with path and size, tells a file already loaded without hashing it. */
  readonly mtimeMs: number
}

export interface UnsupportedFile {
  readonly relativePath: string
  readonly reason: string
}

/** The format a file name declares, or null when its extension is not one the contract accepts. */
export const formatOf = (name: string): { format: Format; gzipped: boolean } | null => {
  const lower = name.toLowerCase()
  const gzipped = lower.endsWith(".gz")
  const base = gzipped ? lower.slice(0, -3) : lower
  // BigQuery and most warehouses name their newline-delimited JSON exports .json
  if (base.endsWith(".ndjson") || base.endsWith(".jsonl") || base.endsWith(".json")) return { format: "ndjson", gzipped }
  if (base.endsWith(".csv") || base.endsWith(".tsv")) return { format: "csv", gzipped }
  if (gzipped) return null
  if (base.endsWith(".parquet")) return { format: "parquet", gzipped }
  if (base.endsWith(".arrow") || base.endsWith(".arrows") || base.endsWith(".feather")) return { format: "arrow", gzipped }
  return null
}

const walk = async (dir: string): Promise<Array<string>> => {
  const entries = await readdir(dir, { withFileTypes: true })
  const out: Array<string> = []
  for (const e of entries) {
    // Dot-files are editor and OS litter (.DS_Store, partial uploads such as .file.csv.tmp).
    if (e.name.startsWith(".")) continue
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await walk(p)))
    else if (e.isFile()) out.push(p)
  }
  return out
}

/** A file of a source, or why it cannot be loaded (an extension the contract does not accept). */
const inboxFile = async (source: SourceName, path: string, relativePath: string, sourcePath: string): Promise<InboxFile | UnsupportedFile> => {
  const f = formatOf(path)
  if (f === null) return { relativePath, reason: "extension is not .ndjson, .jsonl, .json, .csv, .tsv (optionally .gz), .parquet, .arrow, .arrows or .feather" }
  const { size, mtimeMs } = await stat(path)
  return { source, path, relativePath, sourcePath, format: f.format, gzipped: f.gzipped, bytes: size, mtimeMs: Math.trunc(mtimeMs) }
}

/** Files in a stable order (by path), so file ids and the first copy of a duplicate are deterministic. */
export const discoverInbox = (inbox: string): Effect.Effect<{ files: ReadonlyArray<InboxFile>; unsupported: ReadonlyArray<UnsupportedFile> }, FileSystemError> =>
  Effect.tryPromise({
    try: async () => {
      const top = await readdir(inbox, { withFileTypes: true })
      const files: Array<InboxFile> = []
      const unsupported: Array<UnsupportedFile> = []
      for (const d of top) {
        if (d.name.startsWith(".")) continue
        // a file beside the source folders is in none: say so, rather than leave it unread unmentioned
        if (d.isFile()) {
          unsupported.push({
            relativePath: d.name,
            reason: "is in no source folder: put it under web/, store/, survey/, support/, delivery/ or review/ (if --inbox names a source folder, such as …/web, give the folder above it)"
          })
          continue
        }
        if (!d.isDirectory()) continue
        if (!isSourceName(d.name)) {
          const lower = d.name.toLowerCase()
          unsupported.push({
            relativePath: d.name + "/",
            reason: isSourceName(lower)
              ? `not a source folder: folder names are case-sensitive, rename it to ${lower}/`
              : "not a source folder (web, store, survey, support, delivery, review)"
          })
          continue
        }
        const source = d.name
        for (const path of await walk(join(inbox, d.name))) {
          const relativePath = relative(inbox, path).split(sep).join("/")
          const found = await inboxFile(source, path, relativePath, relative(join(inbox, d.name), path).split(sep).join("/"))
          if ("reason" in found) unsupported.push(found)
          else files.push(found)
        }
      }
      files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0))
      return { files, unsupported }
    },
    catch: (e) => new FileSystemError({ message: `cannot read inbox ${inbox}: ${e instanceof Error ? e.message : String(e)}. Check --inbox or paths.inbox.` })
  })

/**
 * Files named on the command line (`validate`): each file's source is the nearest folder on its
 * path named after a source; a folder argument is walked, and may itself be an inbox.
 */
export const filesFromPaths = (paths: ReadonlyArray<string>): Effect.Effect<{ files: ReadonlyArray<InboxFile>; unsupported: ReadonlyArray<UnsupportedFile> }, FileSystemError> =>
  Effect.tryPromise({
    try: async () => {
      const files: Array<InboxFile> = []
      const unsupported: Array<UnsupportedFile> = []
      const add = async (path: string) => {
        const parts = path.split(sep)
        const sourceAt = parts.slice(0, -1).findLastIndex((p) => isSourceName(p))
        const source = sourceAt >= 0 ? parts[sourceAt] : undefined
        const relativePath = path.split(sep).join("/")
        if (source === undefined || !isSourceName(source)) {
          unsupported.push({ relativePath, reason: "cannot tell its source: put it under a folder named web, store, survey, support, delivery or review" })
          return
        }
        const found = await inboxFile(source, path, relativePath, parts.slice(sourceAt + 1).join("/"))
        if ("reason" in found) unsupported.push(found)
        else files.push(found)
      }
      for (const p of paths) {
        const s = await stat(p)
        if (s.isDirectory()) for (const f of await walk(p)) await add(f)
        else await add(p)
      }
      return { files, unsupported }
    },
    catch: (e) => new FileSystemError({ message: `cannot read ${paths.join(", ")}: ${e instanceof Error ? e.message : String(e)}` })
  })
