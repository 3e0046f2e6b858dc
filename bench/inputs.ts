/** What the generating benchmarks share: numeric flags, a seeded PRNG and a chunked line writer. */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs"
import { dirname } from "node:path"

/** `--name N` or `--name=N` as a whole number, or undefined. */
export const numberArg = (name: string): number | undefined => {
  const i = process.argv.indexOf(`--${name}`)
  const v = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? (i >= 0 ? process.argv[i + 1] : undefined)
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined
}

/** mulberry32: seeded, so the same --rows gives the same bytes on every machine. */
export const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Buffers lines and writes them in ~1 MiB chunks, so no file is ever held whole in memory. */
export class LineWriter {
  private readonly fd: number
  private parts: Array<string> = []
  private size = 0
  constructor(path: string, private readonly encoding: BufferEncoding = "utf8", private readonly eol = "\n") {
    mkdirSync(dirname(path), { recursive: true })
    this.fd = openSync(path, "w")
  }
  line(text: string): void {
    this.parts.push(text, this.eol)
    this.size += text.length
    if (this.size > 1 << 20) this.flush()
  }
  close(): void {
    this.flush()
    closeSync(this.fd)
  }
  private flush(): void {
    writeSync(this.fd, Buffer.from(this.parts.join(""), this.encoding))
    this.parts = []
    this.size = 0
  }
}
