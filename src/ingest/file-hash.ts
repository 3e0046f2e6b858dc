import { Effect } from "effect"
import { createHash } from "node:crypto"
import { createReadStream } from "node:fs"
import { createGunzip } from "node:zlib"
import { FileSystemError } from "../errors.ts"
import { utf16Order } from "./prepare-text.ts"

export interface FileCheck {
  /** sha256 of the bytes: two deliveries of the same content are the same file. */
  readonly sha256: string
  /** Why the gzip stream is damaged, or null. */
  readonly gzipError: string | null
  /**
   * Whether the (inflated) content holds a carriage return: such a text file is read through a
   * normalised copy (src/ingest/prepare-text.ts), because DuckDB's line reader fails on CR LF
   * inside a file whose lines end in LF.
   */
  readonly hasCarriageReturn: boolean
  /**
   * Whether the (inflated) content starts with a UTF-16 byte-order mark (what Excel's "Unicode
   * Text" writes): such a text file is read as UTF-16 unless its mapping names an encoding.
   */
  readonly utf16: boolean
}

/**
 * Hashes a file and, for .gz files, inflates it on the way: DuckDB reads a truncated gzip
 * (a copy still running) without complaint and loads the rows before the cut, so the check has
 * to happen here, in the same pass over the bytes.
 */
export const checkFile = (path: string, gzipped: boolean): Effect.Effect<FileCheck, FileSystemError> =>
  Effect.async<FileCheck, FileSystemError>((resume) => {
    const hash = createHash("sha256")
    const stream = createReadStream(path)
    let gzipError: string | null = null
    let pending = gzipped ? 2 : 1
    let sha256 = ""
    let hasCarriageReturn = false
    let head: Buffer | null = null
    const first = (chunk: Buffer) => {
      if (head === null || head.length < 2) head = head === null ? chunk.subarray(0, 2) : Buffer.concat([head, chunk.subarray(0, 2 - head.length)])
    }
    const done = () => {
      pending--
      if (pending === 0) resume(Effect.succeed({ sha256, gzipError, hasCarriageReturn, utf16: head !== null && utf16Order(head) !== null }))
    }
    if (gzipped) {
      const gunzip = createGunzip()
      gunzip.on("data", (chunk: Buffer) => {
        first(chunk)
        if (!hasCarriageReturn && chunk.includes(13)) hasCarriageReturn = true
      })
      gunzip.on("error", (e) => {
        gzipError = e.message
        // a pipe whose destination fails unpipes and pauses the source: resumed, so the hash
        // still reaches the file's end (a file that is not gzip at all fails at its first bytes)
        stream.resume()
        done()
      })
      gunzip.on("end", done)
      stream.pipe(gunzip)
    }
    stream.on("data", (chunk) => {
      hash.update(chunk)
      if (!gzipped && typeof chunk !== "string") {
        first(chunk)
        if (!hasCarriageReturn && chunk.includes(13)) hasCarriageReturn = true
      }
    })
    stream.on("error", (e) => resume(Effect.fail(new FileSystemError({ message: `cannot read ${path}: ${e.message}` }))))
    stream.on("end", () => {
      sha256 = hash.digest("hex")
      done()
    })
    return Effect.sync(() => stream.destroy())
  })
