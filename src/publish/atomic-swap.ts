/**
 * The published tree is a symbolic link, `<out>`, to one complete version folder beside it
 * (`.<out>.versions/<run_id>/`). A run writes its whole version first and then replaces the
 * link with rename(2), which is atomic: a reader resolves `<out>` to the previous run's
 * tables or to the new ones, never to a mix, and a run killed at any moment leaves the link
 * on the previous version. Versions live outside `<out>` because DuckDB's `**` glob enters
 * dot-folders, and beside it because rename does not cross file systems.
 */
import { Effect } from "effect"
import { lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, rmdirSync, symlinkSync } from "node:fs"
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
export const checkPublishTarget = (layout: VersionLayout): Effect.Effect<void, UsageInvalid> => {
  const problem = foreignOut(layout)
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
