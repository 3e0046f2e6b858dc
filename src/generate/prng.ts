/**
 * A small seeded PRNG (sfc32) with the distributions the generator needs. Each simulated person
 * owns one stream derived from (seed, stream kind, index), so what a person does never depends
 * on how many other people were simulated before them.
 */

const splitmix32 = (state: number): number => {
  let z = (state + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/** Folds any safe integer (also negative or above 2^32) into the hash without losing bits. */
const seedWords = (seed: number): readonly [number, number] => {
  const lo = seed >>> 0
  const hi = Math.floor(seed / 0x1_0000_0000) >>> 0
  return [lo, hi]
}

const TWO_POW_32 = 0x1_0000_0000

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  private constructor(a: number, b: number, c: number, d: number) {
    this.a = a
    this.b = b
    this.c = c
    this.d = d
    // sfc32 needs a few rounds before nearby seeds stop producing correlated first outputs.
    for (let i = 0; i < 12; i++) this.uint32()
  }

  static derive(seed: number, ...keys: ReadonlyArray<number>): Rng {
    const [lo, hi] = seedWords(seed)
    let h = splitmix32(lo ^ 0x2545f491)
    h = splitmix32(h ^ hi)
    for (const k of keys) h = splitmix32(h ^ (k >>> 0))
    const a = splitmix32(h)
    const b = splitmix32(a ^ 0x68e31da4)
    const c = splitmix32(b ^ 0xb5297a4d)
    const d = splitmix32(c ^ 0x1b56c4e9)
    return new Rng(a, b, c, d)
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / TWO_POW_32
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  uniform(min: number, max: number): number {
    return min + this.float() * (max - min)
  }

  chance(p: number): boolean {
    return this.float() < p
  }

  pick<T>(items: ReadonlyArray<T>): T {
    const item = items[Math.floor(this.float() * items.length)]
    if (item === undefined) throw new Error("Rng.pick needs a non-empty list")
    return item
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0
    for (const [, w] of entries) total += w
    let r = this.float() * total
    for (const [value, w] of entries) {
      r -= w
      if (r < 0) return value
    }
    const last = entries[entries.length - 1]
    if (last === undefined) throw new Error("Rng.weighted needs a non-empty list")
    return last[0]
  }

  /** Standard normal (Box–Muller); the second variate is dropped so the stream stays stateless. */
  normal(): number {
    const u = 1 - this.float()
    const v = this.float()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Log-normal given its median and the sigma of the underlying normal. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float())
  }

  poisson(lambda: number): number {
    if (lambda <= 0) return 0
    const limit = Math.exp(-lambda)
    let k = 0
    let p = this.float()
    while (p > limit) {
      k++
      p *= this.float()
    }
    return k
  }

  hex(length: number): string {
    let out = ""
    while (out.length < length) out += this.uint32().toString(16).padStart(8, "0")
    return out.slice(0, length)
  }

  digits(length: number): string {
    let out = ""
    for (let i = 0; i < length; i++) out += String(this.int(0, 9))
    return out
  }
}
