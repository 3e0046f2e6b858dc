/**
 * The distinct chain paths the fit reads (sql/attribution/int_attribution_chain_channels.sql …
 * int_attribution_unit_paths.sql): numbered in the order of their channel names, though they are
 * grouped and sorted as lists of the channels' numbers.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Duckdb } from "../../src/duckdb/duckdb.ts"
import { inMemory } from "../journeys/journey-warehouse.ts"

const models = [
  "attribution/int_attribution_chain_channels.sql",
  "attribution/int_attribution_unit_chain_paths.sql",
  "attribution/int_attribution_chain_paths.sql",
  "attribution/int_attribution_chain_steps.sql",
  "attribution/int_attribution_unit_paths.sql"
]

describe("attribution chain paths", () => {
  it("are numbered in (chain path, converted) order by channel name, a path a prefix of another first, and counted per unit", async () => {
    // channel names whose order is not the order they are first met in; "Email" is a prefix of
    // "Email Promo"; u1 has the same path twice; an empty path (a conversion without touchpoints)
    const result = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* Duckdb
      yield* db.run(`create table int_attribution_paths as select * from (values
  ('u1', ['Social', 'Email'], true), ('u1', ['Social', 'Email'], true), ('u2', ['Email Promo'], false),
  ('u2', ['Email'], true), ('u3', ['Email', 'Social'], false), ('u3', ['Email'], false), ('u4', []::varchar[], true),
  ('u4', ['Social', 'Email'], true)
) as t(unit_key, chain_path, converted)`)
      for (const m of models) yield* db.runFile(m)
      return {
        channels: yield* db.all("select channel, channel_id from int_attribution_chain_channels order by channel_id"),
        paths: yield* db.all("select path_id, channel_ids, converted, paths::integer as paths from int_attribution_chain_paths order by path_id"),
        steps: yield* db.all("select path_id, position, channel_id from int_attribution_chain_steps order by path_id, position"),
        units: yield* db.all("select unit_id, unit_key, path_id, paths::integer as paths from int_attribution_unit_paths order by unit_id, path_id"),
        byNames: yield* db.all(`select chain_path, converted from int_attribution_paths group by all order by chain_path, converted`)
      }
    }).pipe(Effect.provide(inMemory)))
    expect(result.channels).toEqual([{ channel: "Email", channel_id: 0 }, { channel: "Email Promo", channel_id: 1 }, { channel: "Social", channel_id: 2 }])
    // [] < [Email] (false < true) < [Email, Social] < [Email Promo] < [Social, Email]
    expect(result.paths.map((p) => [p["path_id"], p["channel_ids"], p["converted"], p["paths"]])).toEqual([
      [0, [], true, 1],
      [1, [0], false, 1],
      [2, [0], true, 1],
      [3, [0, 2], false, 1],
      [4, [1], false, 1],
      [5, [2, 0], true, 3]
    ])
    // the same order as the lists of names
    expect(result.byNames.map((r) => [r["chain_path"], r["converted"]])).toEqual([
      [[], true], [["Email"], false], [["Email"], true], [["Email", "Social"], false], [["Email Promo"], false], [["Social", "Email"], true]
    ])
    expect(result.steps.map((s) => [s["path_id"], s["position"], s["channel_id"]])).toEqual([
      [1, 1, 0], [2, 1, 0], [3, 1, 0], [3, 2, 2], [4, 1, 1], [5, 1, 2], [5, 2, 0]
    ])
    expect(result.units.map((u) => [u["unit_id"], u["unit_key"], u["path_id"], u["paths"]])).toEqual([
      [0, "u1", 5, 2], [1, "u2", 2, 1], [1, "u2", 4, 1], [2, "u3", 1, 1], [2, "u3", 3, 1], [3, "u4", 0, 1], [3, "u4", 5, 1]
    ])
  })
})
