/**
 * The key for pseudonymising e-mail addresses and phone numbers (HMAC-SHA256, computed in SQL;
 * see hmacExpression). The key comes from TOUCHPOINT_PII_KEY; without it a random key is
 * created once beside the warehouse with mode 0600, so pseudonyms stay stable across runs.
 */
import { Effect } from "effect"
import { createHash, createHmac, randomBytes } from "node:crypto"
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs"
import { FileSystemError } from "../errors.ts"

export interface PiiKey {
  readonly key: Buffer
  /** Where it came from, for the run summary. */
  readonly origin: "environment" | "key-file" | "created"
  readonly keyFile: string | null
}

/** HMAC's inner and outer pads as hex, bound as $pii_ipad and $pii_opad. */
export const hmacPads = (key: Buffer): { pii_ipad: string; pii_opad: string } => {
  // RFC 2104: a key longer than the hash's block is replaced by its hash.
  const block = Buffer.alloc(64)
  ;(key.length > 64 ? createHash("sha256").update(key).digest() : key).copy(block)
  const ipad = Buffer.alloc(64)
  const opad = Buffer.alloc(64)
  for (let i = 0; i < 64; i++) {
    ipad[i] = (block[i] ?? 0) ^ 0x36
    opad[i] = (block[i] ?? 0) ^ 0x5c
  }
  return { pii_ipad: ipad.toString("hex"), pii_opad: opad.toString("hex") }
}

/** The same pseudonym in JavaScript, for tests and for hashing block lists. */
export const pseudonym = (key: Buffer, normalisedValue: string): string =>
  createHmac("sha256", key).update(normalisedValue, "utf8").digest("hex")

export const normaliseEmail = (s: string): string | null => {
  const v = s.trim().toLowerCase()
  return v === "" ? null : v
}

/**
 * What an e-mail address looks like in an identifier column that stages values as they come
 * (customer_id …): such a value is staged as its pseudonym. One pattern for RE2 (the staging
 * SQL, source-columns.ts) and JavaScript (block lists), which read it alike.
 */
export const EMAIL_SHAPED = String.raw`[^@ \t\r\n]+@[^@ \t\r\n]+\.[^@ \t\r\n]+`
const emailShape = new RegExp(`^(?:${EMAIL_SHAPED})$`)
export const emailShaped = (s: string): boolean => emailShape.test(s)

export const normalisePhone = (s: string): string | null => {
  const digits = s.replace(/[^0-9]/g, "")
  if (digits === "") return null
  return (s.trim().startsWith("+") ? "+" : "") + digits
}

export const keyFileFor = (warehouse: string): string => `${warehouse}.pii-key`

/**
 * The key: from the environment, else from the key file beside the warehouse, else a new one
 * written there. `warehouseHasData`: the warehouse already holds loaded events, pseudonymised
 * with some key; a missing key file is then an error, not a reason for a new key (every e-mail
 * and phone would get another pseudonym, and each person would split in two).
 */
export const resolvePiiKey = (fromEnv: string | null, warehouse: string, warehouseHasData = false): Effect.Effect<PiiKey, FileSystemError> =>
  Effect.try({
    try: (): PiiKey | FileSystemError => {
      if (fromEnv !== null) return { key: Buffer.from(fromEnv, "utf8"), origin: "environment", keyFile: null }
      if (warehouse === ":memory:") return { key: randomBytes(32), origin: "created", keyFile: null }
      const file = keyFileFor(warehouse)
      if (existsSync(file)) {
        const text = readFileSync(file, "utf8").trim()
        if (!/^[0-9a-f]{64}$/i.test(text)) {
          return new FileSystemError({
            message: `the pseudonymisation key file ${file} is damaged (it must hold 64 hex digits): restore it from a backup, or set TOUCHPOINT_PII_KEY to the key the warehouse was built with`
          })
        }
        return { key: Buffer.from(text, "hex"), origin: "key-file", keyFile: file }
      }
      if (warehouseHasData) {
        return new FileSystemError({
          message: `the warehouse ${warehouse} holds events pseudonymised with a key, but its key file ${file} is missing: restore it, or set TOUCHPOINT_PII_KEY; ` +
            "a new key would give every e-mail and phone another pseudonym (docs/privacy.md)"
        })
      }
      const key = randomBytes(32)
      writeFileSync(file, key.toString("hex") + "\n", { mode: 0o600, flag: "wx" })
      chmodSync(file, 0o600)
      return { key, origin: "created", keyFile: file }
    },
    catch: (e) => new FileSystemError({ message: `cannot read or create the pseudonymisation key beside ${warehouse}: ${String(e)}` })
  }).pipe(Effect.flatMap((r) => (r instanceof FileSystemError ? Effect.fail(r) : Effect.succeed(r))))
