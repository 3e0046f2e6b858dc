/** `forget --file`: one `type:value` a line (contract section 7). */
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { UsageInvalid } from "../errors.ts"
import { identifierTypes, type IdentifierType } from "../ingest/person-keys.ts"
import type { ForgetRequest } from "../privacy/erasure.ts"

/** `customer-id` and `customer_id` are the same type; blank lines and `#` comments are skipped. */
export const parseIdentifierLines = (text: string, file: string): Effect.Effect<ReadonlyArray<ForgetRequest>, UsageInvalid> =>
  Effect.gen(function*() {
    const requests: Array<ForgetRequest> = []
    const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/)
    for (const [i, line] of lines.entries()) {
      const content = line.trim()
      if (content === "" || content.startsWith("#")) continue
      const colon = content.indexOf(":")
      const type = (colon < 0 ? "" : content.slice(0, colon).trim().toLowerCase().replaceAll("-", "_")) as IdentifierType
      const value = colon < 0 ? "" : content.slice(colon + 1).trim()
      if (!identifierTypes.includes(type) || value === "") {
        return yield* new UsageInvalid({
          message: `${file}:${i + 1}: expected type:value with type one of ${identifierTypes.join(", ")} (e.g. email:ana@example.de)`
        })
      }
      requests.push({ type, value })
    }
    return requests
  })

export const readIdentifierFile = (file: string): Effect.Effect<ReadonlyArray<ForgetRequest>, UsageInvalid> =>
  Effect.try({
    try: () => readFileSync(file, "utf8"),
    catch: (e) => new UsageInvalid({ message: `cannot read --file ${file}: ${e instanceof Error ? e.message : String(e)}` })
  }).pipe(Effect.flatMap((text) => parseIdentifierLines(text, file)))
