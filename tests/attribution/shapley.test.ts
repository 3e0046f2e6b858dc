import { describe, expect, it } from "vitest"
import { markovAttribution } from "../../src/attribution/markov.ts"
import { randomIndex, seededRandom } from "../../src/attribution/seeded-random.ts"
import { coalitionWorth, shapleyAttribution } from "../../src/attribution/shapley.ts"
import type { ChainPath } from "../../src/attribution/transition-graph.ts"

const path = (channels: string, converted: boolean, count = 1): ChainPath => ({ channels: channels.split(" > "), converted, count })

const googleAdsCase = [
  path("google ads", true, 2),
  path("google ads", false, 1),
  path("mailing", true, 1),
  path("google ads > mailing", true, 1)
]

const randomPaths = (seed: number, channels: ReadonlyArray<string>, n: number): ReadonlyArray<ChainPath> => {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => ({
    channels: Array.from({ length: 1 + Math.floor(random() * 5) }, () => channels[Math.floor(random() * channels.length)] ?? "A"),
    converted: random() < 0.5,
    count: 1
  }))
}

const byChannel = (result: ReturnType<typeof shapleyAttribution>) => Object.fromEntries(result.channels.map((c) => [c.channel, c]))

describe("Shapley model", () => {
  it("two channels worked by hand: v(GA) 0.4, v(M) 0.2, v(both) 0.8 give φ 0.5 and 0.3, shares 0.625 and 0.375", () => {
    // v({GA}) = 4/5 · 1/2 (GA→M goes to null); v({M}) = 1/5; v(all) = 0.8 (as in the Markov case);
    // φ_GA = ½·0.4 + ½·(0.8 − 0.2) = 0.5; φ_M = ½·0.2 + ½·(0.8 − 0.4) = 0.3
    expect(coalitionWorth(googleAdsCase, ["google ads"])).toBeCloseTo(0.4, 14)
    expect(coalitionWorth(googleAdsCase, ["mailing"])).toBeCloseTo(0.2, 14)
    const result = shapleyAttribution(googleAdsCase, { seed: 1 })
    const channels = byChannel(result)
    expect(result.exact).toBe(true)
    expect(result.conversionProbability).toBeCloseTo(0.8, 14)
    expect(channels["google ads"]?.value).toBeCloseTo(0.5, 14)
    expect(channels["mailing"]?.value).toBeCloseTo(0.3, 14)
    expect(channels["google ads"]?.share).toBeCloseTo(0.625, 14)
    expect(channels["mailing"]?.share).toBeCloseTo(0.375, 14)
    expect(channels["mailing"]?.shareStdError).toBe(0)
  })

  it("is efficient: the values add up to v(all channels) and the shares to 1", () => {
    // 300 random paths over 6 channels; Σφ = v(N) holds for exact Shapley values whatever the data
    const paths = randomPaths(3, ["A", "B", "C", "D", "E", "F"], 300)
    const result = shapleyAttribution(paths, { seed: 1 })
    const total = result.channels.reduce((sum, c) => sum + c.value, 0)
    expect(total).toBeCloseTo(result.conversionProbability, 12)
    expect(result.channels.reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1, 12)
    expect(coalitionWorth(paths, ["A", "B", "C", "D", "E", "F"])).toBeCloseTo(result.conversionProbability, 12)
  })

  it("v of all channels but one is the Markov chain without that channel", () => {
    // removal effect (order 1) = 1 − v(N \ {c}) / v(N), computed by two different solves
    const channels = ["A", "B", "C", "D", "E"]
    const paths = randomPaths(11, channels, 200)
    const markov = markovAttribution(paths, 1)
    for (const c of markov.channels) {
      const without = coalitionWorth(paths, channels.filter((x) => x !== c.channel))
      expect(1 - without / markov.conversionProbability).toBeCloseTo(c.removalEffect, 12)
    }
  })

  it("gives symmetric channels equal value and a channel that never leads to a conversion none", () => {
    // A > B and B > A convert once each (symmetric); C appears only on a path ending in null, so v(S ∪ {C}) = v(S)
    const result = byChannel(shapleyAttribution([path("A > B", true), path("B > A", true), path("C", false)], { seed: 1 }))
    expect(result["A"]?.value).toBeCloseTo(result["B"]?.value ?? -1, 14)
    expect(result["C"]?.value).toBe(0)
    expect(result["A"]?.share).toBeCloseTo(0.5, 14)
  })

  it("beyond the exact limit samples seeded permutations, reproducibly, with a standard error and exact efficiency", () => {
    // the google-ads case sampled (exact limit 0): each permutation's contributions add up to v(N), so Σφ = 0.8 exactly;
    // φ_GA is 0.4 or 0.6 by permutation, so the estimate lies within 4 standard errors of the exact 0.5
    const options = { seed: 42, exactLimit: 0, permutations: 2000 }
    const first = shapleyAttribution(googleAdsCase, options)
    const again = shapleyAttribution(googleAdsCase, options)
    expect(first).toEqual(again)
    expect(first.exact).toBe(false)
    const ga = byChannel(first)["google ads"]
    expect(ga?.shareStdError).toBeGreaterThan(0)
    expect(Math.abs((ga?.share ?? 0) - 0.625)).toBeLessThan(4 * (ga?.shareStdError ?? 0))
    expect(first.channels.reduce((sum, c) => sum + c.value, 0)).toBeCloseTo(0.8, 12)
  })

  it("sampling approaches the exact values on a larger game", () => {
    // 12 channels: exact over 4,096 coalitions vs 4,000 sampled permutations; every share within 5 standard errors
    const channels = "ABCDEFGHIJKL".split("")
    const paths = randomPaths(5, channels, 600)
    const exact = byChannel(shapleyAttribution(paths, { seed: 1 }))
    const sampled = shapleyAttribution(paths, { seed: 9, exactLimit: 0, permutations: 4000 })
    for (const c of sampled.channels) {
      expect(Math.abs(c.share - (exact[c.channel]?.share ?? 0))).toBeLessThanOrEqual(5 * c.shareStdError + 1e-12)
    }
  })

  it("sampling gives each drawn permutation's marginal contributions, however permutations share prefixes", () => {
    // A from-scratch reference: draw the same permutations (one Fisher–Yates shuffle after another)
    // and take v(prefix + j) − v(prefix) with coalitionWorth. 600 permutations of 7 channels share
    // prefixes of every length up to 7, so reused eliminations are all exercised.
    const channels = "ABCDEFG".split("")
    const paths = randomPaths(11, channels, 400)
    const permutations = 600
    const sampled = byChannel(shapleyAttribution(paths, { seed: 3, exactLimit: 0, permutations }))
    const names = [...channels].sort()
    const random = seededRandom(3)
    const order = names.map((_, i) => i)
    const sums = names.map(() => 0)
    const squares = names.map(() => 0)
    for (let p = 0; p < permutations; p++) {
      for (let i = order.length - 1; i > 0; i--) {
        const k = randomIndex(random, i + 1)
        ;[order[i], order[k]] = [order[k] ?? 0, order[i] ?? 0]
      }
      let previous = 0
      order.forEach((j, t) => {
        const value = coalitionWorth(paths, order.slice(0, t + 1).map((c) => names[c] ?? ""))
        sums[j] = (sums[j] ?? 0) + value - previous
        squares[j] = (squares[j] ?? 0) + (value - previous) ** 2
        previous = value
      })
    }
    const worth = coalitionWorth(paths, names)
    names.forEach((name, j) => {
      const mean = (sums[j] ?? 0) / permutations
      const stdError = Math.sqrt(((squares[j] ?? 0) - permutations * mean * mean) / (permutations - 1) / permutations)
      expect(sampled[name]?.value).toBeCloseTo(mean, 12)
      expect(sampled[name]?.share).toBeCloseTo(mean / worth, 12)
      expect(sampled[name]?.shareStdError).toBeCloseTo(stdError / worth, 12)
    })
  })

  it("sampling gives the very numbers of eliminating every permutation from scratch (pinned to the last bit)", () => {
    // 18 channels, 500 permutations; the values were printed by the version that eliminated each
    // permutation from the full chain in draw order, before shared prefixes were reused
    const channels = "ABCDEFGHIJKLMNOPQR".split("")
    const random = seededRandom(21)
    const paths = Array.from({ length: 300 }, () => ({
      channels: Array.from({ length: 1 + Math.floor(random() * 6) }, () => channels[Math.floor(random() * channels.length)] ?? "A"),
      converted: random() < 0.4,
      count: 1 + Math.floor(random() * 3)
    }))
    const fit = shapleyAttribution(paths, { seed: 7, exactLimit: 0, permutations: 500 })
    expect(fit.conversionProbability).toBe(0.3728813559322034)
    expect(fit.channels.slice(0, 3)).toEqual([
      { channel: "A", value: 0.0243829321283809, share: 0.06539059070793059, shareStdError: 0.002022365249368217 },
      { channel: "B", value: 0.020288047903285266, share: 0.05440885574062867, shareStdError: 0.0017146464959802718 },
      { channel: "C", value: 0.01651745429698645, share: 0.044296809251009116, shareStdError: 0.0019141348650873141 }
    ])
  })
})
