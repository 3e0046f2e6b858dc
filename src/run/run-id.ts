import { randomBytes } from "node:crypto"

/** Sorts by start time; the suffix keeps two runs in one second apart. */
export const makeRunId = (now: Date): string =>
  now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z") + "-" + randomBytes(2).toString("hex")
