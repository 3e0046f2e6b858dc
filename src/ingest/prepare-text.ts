/**
 * A text file's bytes as DuckDB's readers need them: UTF-8 with LF line ends. A file already so
 * is read where it lies; any other (an encoding such as windows-1252 or UTF-16, CR LF or CR-only
 * line ends, or a mix) is streamed once into a normalised copy in the run's scratch folder.
 * Each line end becomes one LF, so every line keeps its number, and row numbers still point
 * into the file the user dropped. CR LF inside a quoted CSV field becomes LF.
 */
import { Effect } from "effect"
import { createReadStream, createWriteStream } from "node:fs"
import { join } from "node:path"
import { Transform, type TransformCallback } from "node:stream"
import { pipeline } from "node:stream/promises"
import { createGunzip } from "node:zlib"
import type { Encoding } from "../../schemas/mapping.ts"
import { InputUnreadable } from "../errors.ts"
import type { InboxFile } from "./discover.ts"

/** The byte order a UTF-16 byte-order mark at the start of `bytes` gives (Excel's "Unicode Text"), or null without one. */
export const utf16Order = (bytes: Uint8Array): "utf-16le" | "utf-16be" | null =>
  bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : null

export interface TextSource {
  /** The file DuckDB reads. */
  readonly path: string
  readonly compression: "gzip" | "none"
  /** True when `path` is a normalised copy. */
  readonly copied: boolean
}

interface Decoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string
}

/** Decodes to UTF-8 text and turns CR LF and lone CR into LF, across chunk boundaries. */
class Normalise extends Transform {
  private decoder: Decoder | null = null
  private pendingCr = false
  // For a single-byte encoding: whether the bytes are UTF-8 after all, with characters beyond
  // ASCII (windows-1252 on a UTF-8 file turns "Köln" into "KÃ¶ln" without any error).
  private utf8: Decoder | null = null
  private looksUtf8 = true
  private beyondAscii = false
  constructor(private readonly encoding: Encoding) {
    super()
  }

  private decoderFor(first: Buffer): Decoder {
    switch (this.encoding) {
      case "utf-16":
        // with a BOM, its order; without one, little-endian as Windows writes it
        return new TextDecoder(utf16Order(first) ?? "utf-16le")
      case "iso-8859-1":
        // WHATWG decoders read the label iso-8859-1 as windows-1252; true Latin-1 maps every byte to the same code point
        return new Latin1Decoder()
      default:
        return new TextDecoder(this.encoding, { fatal: this.encoding === "utf-8" })
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    try {
      if (this.encoding !== "utf-8" && this.encoding !== "utf-16" && this.looksUtf8) {
        this.utf8 ??= new TextDecoder("utf-8", { fatal: true })
        try {
          this.utf8.decode(chunk, { stream: true })
          if (!this.beyondAscii && /[\u0080-\u00ff]/.test(chunk.toString("latin1"))) this.beyondAscii = true
        } catch {
          this.looksUtf8 = false
        }
      }
      this.decoder ??= this.decoderFor(chunk)
      this.push(this.lineEnds(this.decoder.decode(chunk, { stream: true })))
      callback()
    } catch (e) {
      callback(e instanceof Error ? e : new Error(String(e)))
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.utf8 !== null && this.looksUtf8 && this.beyondAscii) {
        this.utf8.decode()
        throw new Error(`its bytes are UTF-8 (with characters beyond ASCII), not ${this.encoding}: remove csv.encoding from its mapping, or set it to utf-8`)
      }
      const rest = this.decoder === null ? "" : this.decoder.decode()
      let text = this.lineEnds(rest)
      if (this.pendingCr) text += "\n"
      this.pendingCr = false
      this.push(text)
      callback()
    } catch (e) {
      callback(e instanceof Error ? e : new Error(String(e)))
    }
  }

  private lineEnds(text: string): string {
    let t = text
    if (this.pendingCr) {
      t = "\r" + t
      this.pendingCr = false
    }
    if (t.endsWith("\r")) {
      this.pendingCr = true
      t = t.slice(0, -1)
    }
    return t.replace(/\r\n?/g, "\n")
  }
}

/** Latin-1 (ISO-8859-1) exactly: byte n is code point n. */
class Latin1Decoder implements Decoder {
  decode(input?: Uint8Array): string {
    return input === undefined ? "" : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("latin1")
  }
}

/** What a reason says when a file's bytes are not in the encoding it was read in (ingest adds to it for recognised exports). */
export const setEncoding = "set csv.encoding in its mapping"

/**
 * The text DuckDB should read for `file`: the file itself when it is UTF-8 without carriage
 * returns, else a normalised copy named after `fileId` in `scratch`.
 */
export const prepareText = (
  file: InboxFile,
  options: { readonly encoding: Encoding; readonly hasCarriageReturn: boolean; readonly scratch: string; readonly fileId: number }
): Effect.Effect<TextSource, InputUnreadable> => {
  if (options.encoding === "utf-8" && !options.hasCarriageReturn) {
    return Effect.succeed({ path: file.path, compression: file.gzipped ? "gzip" : "none", copied: false })
  }
  const target = join(options.scratch, `${options.fileId}.txt`)
  return Effect.tryPromise({
    try: async () => {
      const source = createReadStream(file.path)
      if (file.gzipped) await pipeline(source, createGunzip(), new Normalise(options.encoding), createWriteStream(target))
      else await pipeline(source, new Normalise(options.encoding), createWriteStream(target))
      return { path: target, compression: "none" as const, copied: true }
    },
    catch: (e) => {
      const message = e instanceof Error ? e.message : String(e)
      return new InputUnreadable({
        file: file.relativePath,
        reason: message.startsWith("its bytes are UTF-8")
          ? message
          : `cannot be decoded as ${options.encoding}: ${message}; ${setEncoding} (windows-1252 is common for German Excel and till exports)`
      })
    }
  })
}
