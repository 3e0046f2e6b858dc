import { Effect } from "effect"
import { createHash } from "node:crypto"
import { createReadStream } from "node:fs"
import { FileSystemError } from "../errors.ts"

/** sha256 of a file's bytes: two deliveries of the same content are the same file. */
export const sha256File = (path: string): Effect.Effect<string, FileSystemError> =>
  Effect.async<string, FileSystemError>((resume) => {
    const hash = createHash("sha256")
    const stream = createReadStream(path)
    stream.on("data", (chunk) => hash.update(chunk))
    stream.on("error", (e) => resume(Effect.fail(new FileSystemError({ message: `cannot read ${path}: ${e.message}` }))))
    stream.on("end", () => resume(Effect.succeed(hash.digest("hex"))))
    return Effect.sync(() => stream.destroy())
  })
