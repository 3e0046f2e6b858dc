/**
 * `pnpm bench [name] [options]`: runs one benchmark by name, or all of them. Benchmarks print
 * numbers and never fail a build for being slow.
 */
import { existsSync } from "node:fs"
import { join } from "node:path"

const known = ["ingest", "mappings", "presets", "journeys", "attribution", "kpis", "reputation", "nightly", "scale"]
const name = process.argv[2]
const selected = name === undefined || name.startsWith("-") ? known : [name]
for (const n of selected) {
  const file = join(import.meta.dirname, `${n}.ts`)
  if (!existsSync(file)) {
    if (name !== undefined) console.error(`no benchmark named ${n} (have: ${known.filter((k) => existsSync(join(import.meta.dirname, `${k}.ts`))).join(", ")})`)
    continue
  }
  console.log(`\n== ${n}`)
  await import(file)
}
