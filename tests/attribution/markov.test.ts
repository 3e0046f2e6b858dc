import { describe, expect, it } from "vitest"
import { conversionProbability } from "../../src/attribution/absorbing-chain.ts"
import { markovAttribution } from "../../src/attribution/markov.ts"
import { seededRandom } from "../../src/attribution/seeded-random.ts"
import { compileEncoded, compileGraph, edgeCounts, encodePaths, type ChainPath, type EncodedPaths } from "../../src/attribution/transition-graph.ts"

const path = (channels: string, converted: boolean, count = 1): ChainPath => ({ channels: channels.split(" > "), converted, count })

const byChannel = <K extends "removalEffect" | "share">(result: ReturnType<typeof markovAttribution>, key: K) =>
  Object.fromEntries(result.channels.map((c) => [c.channel, c[key]]))

const closeTo = (actual: Record<string, number>, expected: Record<string, number>, digits = 12) => {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort())
  for (const [k, v] of Object.entries(expected)) expect(actual[k]).toBeCloseTo(v, digits)
}

describe("Markov chain model", () => {
  it("C1 > C2 > C3 (conversion), C1 (null), C2 > C3 (null): P = 1/3, removal effects 0.5 / 1 / 1, conversions 0.2 / 0.4 / 0.4", () => {
    // start→C1 2/3, start→C2 1/3, C1→C2 1/2, C2→C3 1, C3→conv 1/2: P = 2/3·1/2·1/2 = 1/6 + 1/3·1/2 = 1/3;
    // without C1: 1/6 → RE 0.5; without C2 or C3: 0 → RE 1; Σ = 2.5; one conversion × share
    const result = markovAttribution([path("C1 > C2 > C3", true), path("C1", false), path("C2 > C3", false)], 1)
    expect(result.conversionProbability).toBeCloseTo(1 / 3, 14)
    closeTo(byChannel(result, "removalEffect"), { C1: 0.5, C2: 1, C3: 1 })
    closeTo(byChannel(result, "share"), { C1: 0.2, C2: 0.4, C3: 0.4 })
  })

  it("google ads (2 conversions, 1 null), mailing (1), google ads > mailing (1): P = 0.8, removal effects 0.75 / 0.5, conversions 2.4 / 1.6", () => {
    // start→GA 4/5, start→M 1/5; GA→conv 2/4, GA→null 1/4, GA→M 1/4; M→conv 1:
    // P = 4/5·(1/2 + 1/4) + 1/5 = 0.8; without GA 0.2 → 0.75; without M 0.4 → 0.5; 4 conversions × 0.6 / 0.4
    const result = markovAttribution([
      path("google ads", true, 2),
      path("google ads", false, 1),
      path("mailing", true, 1),
      path("google ads > mailing", true, 1)
    ], 1)
    expect(result.conversionProbability).toBeCloseTo(0.8, 14)
    closeTo(byChannel(result, "removalEffect"), { "google ads": 0.75, mailing: 0.5 })
    const shares = byChannel(result, "share")
    expect((shares["google ads"] ?? 0) * 4).toBeCloseTo(2.4, 12)
    expect((shares["mailing"] ?? 0) * 4).toBeCloseTo(1.6, 12)
  })

  it("collapses consecutive repeats: A>B>A>B>B>A, A>B>B>A>A, A>A (1 conversion each) give A 2.0 and B 1.0", () => {
    // collapsed A>B>A>B>A, A>B>A, A: A→B 3/6, A→conv 3/6, B→A 1 → P = 1; without A 0 (RE 1), without B 1/2 (RE 1/2); 3 × 2/3, 3 × 1/3
    const result = markovAttribution([path("A > B > A > B > B > A", true), path("A > B > B > A > A", true), path("A > A", true)], 1)
    const shares = byChannel(result, "share")
    expect((shares["A"] ?? 0) * 3).toBeCloseTo(2, 12)
    expect((shares["B"] ?? 0) * 3).toBeCloseTo(1, 12)
  })

  it("at order 2 the states are the last two channels and removing a channel removes every state that contains it", () => {
    // the paths above at order 2: start→(A) 3; (A)→(A,B) 2/3, (A)→conv 1/3; (A,B)→(B,A) 1; (B,A)→(A,B) 1/3, →conv 2/3:
    // P = 1; without B the states (A,B), (B,A) go: P = 1/3 → RE 2/3; without A nothing is left → RE 1; shares 0.6 / 0.4
    const result = markovAttribution([path("A > B > A > B > B > A", true), path("A > B > B > A > A", true), path("A > A", true)], 2)
    expect(result.conversionProbability).toBeCloseTo(1, 14)
    closeTo(byChannel(result, "removalEffect"), { A: 1, B: 2 / 3 })
    closeTo(byChannel(result, "share"), { A: 0.6, B: 0.4 })
    expect(result.transitions.map((t) => `${t.from} → ${t.to}`)).toContain("A > B → B > A")
  })

  it("a path of one repeated channel is that channel alone", () => {
    // Email > Email > Email (conversion), Email (null): start→Email 1, Email→conv 1/2 → P = 1/2, RE 1, share 1
    const result = markovAttribution([path("Email > Email > Email", true), path("Email", false)], 1)
    expect(result.conversionProbability).toBeCloseTo(0.5, 14)
    expect(result.channels).toEqual([{ channel: "Email", removalEffect: 1, share: 1 }])
  })

  it("all-Direct paths give Direct the whole share", () => {
    // Direct > Direct (conversion) ×2, Direct (null) ×2 → P = 1/2, RE(Direct) = 1
    const result = markovAttribution([path("Direct > Direct", true, 2), path("Direct", false, 2)], 1)
    expect(result.channels).toEqual([{ channel: "Direct", removalEffect: 1, share: 1 }])
    expect(result.conversionProbability).toBeCloseTo(0.5, 14)
  })

  it("without conversions every removal effect and share is 0", () => {
    const result = markovAttribution([path("A > B", false), path("B", false)], 1)
    expect(result.conversionProbability).toBe(0)
    expect(result.channels.map((c) => [c.removalEffect, c.share])).toEqual([[0, 0], [0, 0]])
  })

  it("publishes the transition probabilities of the fitted chain", () => {
    // C1 > C2 > C3 (conversion), C1 (null), C2 > C3 (null): out of start 2 to C1, 1 to C2; out of C3 1 each to conversion and null
    const result = markovAttribution([path("C1 > C2 > C3", true), path("C1", false), path("C2 > C3", false)], 1)
    const table = Object.fromEntries(result.transitions.map((t) => [`${t.from} → ${t.to}`, [t.transitions, t.probability]]))
    expect(table).toEqual({
      "start → C1": [2, 2 / 3],
      "start → C2": [1, 1 / 3],
      "C1 → C2": [1, 0.5],
      "C1 → (null)": [1, 0.5],
      "C2 → C3": [2, 1],
      "C3 → (conversion)": [1, 0.5],
      "C3 → (null)": [1, 0.5]
    })
  })

  it("compiles paths encoded with any channel dictionary into the same graph", () => {
    // the warehouse numbers channels in its own order; the graph orders them itself, and
    // numbers states and edges as the paths meet them, whatever the numbers were
    const paths: ReadonlyArray<ChainPath> = [
      { channels: ["Email", "Email", "Display", "Paid Search"], converted: true, count: 3 },
      { channels: [], converted: true, count: 1 },
      { channels: ["Paid Search", "Display"], converted: false, count: 2 }
    ]
    const encoded = encodePaths(paths)
    // the dictionary reversed, the steps renumbered to match
    const reversed: EncodedPaths = {
      ...encoded,
      channels: [...encoded.channels].reverse(),
      steps: encoded.steps.map((c) => encoded.channels.length - 1 - c)
    }
    for (const order of [1, 2]) {
      const graph = compileGraph(paths, order)
      expect(compileEncoded(reversed, order)).toEqual(graph)
      expect(graph.channels).toEqual(["Display", "Email", "Paid Search"])
    }
    // repeats collapsed: start → Email → Display → Paid Search → conversion; the empty path takes no edge
    expect(Array.from(compileGraph(paths, 1).pathOffsets)).toEqual([0, 4, 4, 7])
  })

  it("numbers states and edges as a reference compile by channel names does, at orders 1 to 3", () => {
    // The order of every sum the solvers make follows the numbering, so the compile by numbers
    // must number exactly as the compile by names it replaced (kept here as the reference).
    const reference = (paths: ReadonlyArray<ChainPath>, order: number) => {
      const channels = [...new Set(paths.flatMap((p) => p.channels))].sort()
      const states = new Map<string, number>([["start", 0], ["conversion", 1], ["null", 2]])
      const edges = new Map<string, number>()
      const stateOf = (tuple: ReadonlyArray<number>) => {
        const key = tuple.join(",")
        if (!states.has(key)) states.set(key, states.size)
        return states.get(key) ?? -1
      }
      const edgeOf = (from: number, to: number) => {
        const key = `${from}>${to}`
        if (!edges.has(key)) edges.set(key, edges.size)
        return edges.get(key) ?? -1
      }
      const pathEdges: Array<number> = []
      const offsets = [0]
      for (const path of paths) {
        const sequence = path.channels.filter((c, i) => i === 0 || c !== path.channels[i - 1]).map((c) => channels.indexOf(c))
        let from = 0
        sequence.forEach((_, i) => {
          const to = stateOf(sequence.slice(Math.max(0, i + 1 - order), i + 1))
          pathEdges.push(edgeOf(from, to))
          from = to
        })
        if (sequence.length > 0) pathEdges.push(edgeOf(from, path.converted ? 1 : 2))
        offsets.push(pathEdges.length)
      }
      return { channels, states: states.size, edges: [...edges.keys()], pathEdges, offsets }
    }
    const random = seededRandom(11)
    const names = ["Email", "Display", "Direct", "Paid Search", "Affiliates"]
    const paths: Array<ChainPath> = [
      { channels: [], converted: true, count: 1 },
      { channels: ["Direct", "Direct"], converted: false, count: 2 },
      ...Array.from({ length: 300 }, (): ChainPath => ({
        channels: Array.from({ length: Math.floor(random() * 7) }, () => names[Math.floor(random() * names.length)] ?? "Email"),
        converted: random() < 0.5,
        count: 1
      }))
    ]
    for (const order of [1, 2, 3]) {
      const graph = compileGraph(paths, order)
      const expected = reference(paths, order)
      expect(graph.channels).toEqual(expected.channels)
      expect(graph.stateChannels.length).toBe(expected.states)
      expect(Array.from(graph.edgeFrom, (from, e) => `${from}>${graph.edgeTo[e]}`)).toEqual(expected.edges)
      expect(Array.from(graph.pathEdges)).toEqual(expected.pathEdges)
      expect(Array.from(graph.pathOffsets)).toEqual(expected.offsets)
    }
  })

  it("the iterative solver for large chains agrees with the dense linear solve", () => {
    // 400 random paths over 9 channels at order 3 (hundreds of states): both solves of every removal agree to 1e-11
    const random = seededRandom(7)
    const channels = ["A", "B", "C", "D", "E", "F", "G", "H", "I"]
    const paths = Array.from({ length: 400 }, (): ChainPath => ({
      channels: Array.from({ length: 1 + Math.floor(random() * 6) }, () => channels[Math.floor(random() * channels.length)] ?? "A"),
      converted: random() < 0.4,
      count: 1 + Math.floor(random() * 3)
    }))
    const graph = compileGraph(paths, 3)
    const counts = edgeCounts(graph, graph.pathCounts)
    expect(graph.stateChannels.length).toBeGreaterThan(300)
    for (const removed of [null, ...graph.statesWithChannel]) {
      expect(conversionProbability(graph, counts, removed, "iterative")).toBeCloseTo(conversionProbability(graph, counts, removed, "dense"), 11)
    }
  })
})
