/**
 * The published tree is a symbolic link, `<out>`, to one complete version folder beside it
 * (`.<out>.versions/<run_id>/`). A run writes its whole version first and then replaces the
 * link with rename(2), which is atomic: a reader resolves `<out>` to the previous run's
 * tables or to the new ones, never to a mix, and a run killed at any moment leaves the link
 * on the previous version. Versions live outside `<out>` because DuckDB's `**` glob enters
 * dot-folders, and beside it because rename does not cross file systems.
 */
import { Effect } from "effect"
import { linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, rmdirSync, symlinkSync } from "node:fs"
import { basename, dirname, join, resolve } from "node:path"
import { PublishFailed, UsageInvalid } from "../errors.ts"

export interface VersionLayout {
  readonly out: string
  readonly versionsDir: string
}

export const layoutFor = (out: string): VersionLayout => {
  const abs = resolve(out)
  return { out: abs, versionsDir: join(dirname(abs), `.${basename(abs)}.versions`) }
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** The version folder `<out>` points at now, or null before the first publish. */
export const currentVersion = (layout: VersionLayout): string | null => {
  try {
    return basename(readlinkSync(layout.out))
  } catch {
    return null
  }
}

export const prepareVersion = (layout: VersionLayout, runId: string): Effect.Effect<string, PublishFailed> =>
  Effect.try({
    try: () => {
      const dir = join(layout.versionsDir, runId)
      rmSync(dir, { recursive: true, force: true })
      mkdirSync(dir, { recursive: true })
      return dir
    },
    catch: (e) => new PublishFailed({ message: `cannot create the staging folder for ${layout.out}: ${describe(e)}` })
  })

const foreignOut = (layout: VersionLayout): string | null => {
  let existing: ReturnType<typeof lstatSync> | null = null
  try {
    existing = lstatSync(layout.out)
  } catch {
    return null
  }
  if (existing.isSymbolicLink()) return null
  if (existing.isDirectory() && readdirSync(layout.out).length === 0) return null
  return `${layout.out} exists and is not a link made by Touchpoint; move it away or choose another --out (Touchpoint publishes <out> as a link to a complete version folder)`
}

/** Whether `<out>` can be published to, checked before a run does any work. */
export const checkPublishTarget = (layout: VersionLayout, plainOut: string | null = null): Effect.Effect<void, UsageInvalid> => {
  const problem = plainOut !== null && resolve(plainOut) === layout.out
    ? `paths.plainOut ${plainOut} is the same as --out: choose another folder for the plain copy`
    : foreignOut(layout) ?? (plainOut === null ? null : foreignPlain(resolve(plainOut)))
  return problem === null ? Effect.void : Effect.fail(new UsageInvalid({ message: problem }))
}

/** Points `<out>` at the version; afterwards removes versions other than the new and the previous one. */
export const swapIn = (layout: VersionLayout, runId: string): Effect.Effect<void, PublishFailed> =>
  Effect.try({
    try: () => {
      const previous = currentVersion(layout)
      const problem = foreignOut(layout)
      if (problem !== null) throw new Error(problem)
      // an empty folder is taken over
      if (previous === null && lstatSync(layout.out, { throwIfNoEntry: false })?.isDirectory() === true) rmdirSync(layout.out)
      const link = join(dirname(layout.out), `.${basename(layout.out)}.link-${runId}`)
      rmSync(link, { force: true })
      symlinkSync(join(basename(layout.versionsDir), runId), link, "dir")
      renameSync(link, layout.out)
      for (const v of readdirSync(layout.versionsDir)) {
        if (v !== runId && v !== previous) rmSync(join(layout.versionsDir, v), { recursive: true, force: true })
      }
    },
    catch: (e) => new PublishFailed({ message: `cannot publish to ${layout.out}: ${describe(e)}` })
  })

/**
 * Removes every version folder but the one `<out>` points at (after an erasure, the older
 * versions still hold the erased customer). Files a newer version shares with an older one are
 * hard links, and stay with the newer.
 */
export const removeOtherVersions = (layout: VersionLayout): Effect.Effect<ReadonlyArray<string>, PublishFailed> =>
  Effect.try({
    try: () => {
      const current = currentVersion(layout)
      let versions: Array<string> = []
      try {
        versions = readdirSync(layout.versionsDir)
      } catch {
        versions = []
      }
      const removed = versions.filter((v) => v !== current)
      for (const v of removed) rmSync(join(layout.versionsDir, v), { recursive: true, force: true })
      return removed
    },
    catch: (e) => new PublishFailed({ message: `cannot remove older versions of ${layout.out}: ${describe(e)}` })
  })

/** Why `target` cannot be the plain folder (it holds something else), or null. */
const foreignPlain = (target: string): string | null => {
  const existing = lstatSync(target, { throwIfNoEntry: false })
  if (existing === undefined) return null
  const ours = existing.isDirectory() && (readdirSync(target).length === 0 || lstatSync(join(target, "_manifest.json"), { throwIfNoEntry: false }) !== undefined)
  return ours ? null : `${target} exists and is not a folder Touchpoint published (no _manifest.json); move it away or choose another paths.plainOut`
}

const copyTree = (from: string, to: string): void => {
  mkdirSync(to, { recursive: true })
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copyTree(join(from, entry.name), join(to, entry.name))
    else linkSync(join(from, entry.name), join(to, entry.name))
  }
}

/**
 * Publishes the version `<out>` points at once more as a plain folder at `plain` (paths.plainOut)
 * for readers that cannot follow a link. The folder is built beside it from hard links (no data
 * copied), then swapped in with two renames: the old folder out, the new one in. Between them, a
 * moment, there is no folder; a reader never sees a mix. A folder at `plain` that Touchpoint did
 * not make (no `_manifest.json`, not empty) is left alone and the run fails.
 */
export const publishPlainFolder = (layout: VersionLayout, plain: string, runId: string): Effect.Effect<void, PublishFailed> =>
  Effect.try({
    try: () => {
      const version = currentVersion(layout)
      if (version === null) throw new Error(`${layout.out} points at no version`)
      const target = resolve(plain)
      const problem = foreignPlain(target)
      if (problem !== null) throw new Error(problem)
      const existing = lstatSync(target, { throwIfNoEntry: false })
      const incoming = `${target}.incoming-${runId}`
      const outgoing = `${target}.outgoing-${runId}`
      // the folder it goes in may not exist yet (the config names it)
      mkdirSync(dirname(target), { recursive: true })
      // what a run killed half-way left
      for (const name of readdirSync(dirname(target))) {
        if (name.startsWith(`${basename(target)}.incoming-`) || name.startsWith(`${basename(target)}.outgoing-`)) {
          rmSync(join(dirname(target), name), { recursive: true, force: true })
        }
      }
      copyTree(join(layout.versionsDir, version), incoming)
      if (existing !== undefined) renameSync(target, outgoing)
      renameSync(incoming, target)
      rmSync(outgoing, { recursive: true, force: true })
    },
    catch: (e) => new PublishFailed({ message: `cannot publish the plain folder ${plain}: ${describe(e)}` })
  })
