import { Effect } from "effect"
import { existsSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { parseIdentifierLines } from "../../src/cli/identifier-file.ts"
import { keyFileFor } from "../../src/ingest/pseudonymise.ts"
import { cli } from "../support/cli.ts"
import { queryWarehouse, workspace } from "../support/pipeline.ts"
import { deliver, inbox } from "../privacy/people.ts"

describe("forget --file", () => {
  it("reads one type:value a line, with either spelling of a type, skipping blank lines and comments", () => {
    const text = "\uFEFF# request 2026-17\nemail: ana@example.de\r\n\ncustomer-id:cust-ana\nLOYALTY_ID:L-ana\n"
    expect(Effect.runSync(parseIdentifierLines(text, "ids.txt"))).toEqual([
      { type: "email", value: "ana@example.de" },
      { type: "customer_id", value: "cust-ana" },
      { type: "loyalty_id", value: "L-ana" }
    ])
  })

  it("names the line that is not type:value", () => {
    const failure = Effect.runSync(Effect.flip(parseIdentifierLines("email:a@b.de\nana@example.de\n", "ids.txt")))
    expect(failure.message).toBe("ids.txt:2: expected type:value with type one of anonymous_id, customer_id, email, phone, loyalty_id (e.g. email:ana@example.de)")
    expect(Effect.runSync(Effect.flip(parseIdentifierLines("iban:DE00\n", "ids.txt"))).message).toMatch(/^ids\.txt:1: expected type:value/)
  })
})

describe("pnpm pipeline forget", () => {
  it("before any run, says there is no warehouse, or no one to erase yet (exit 2), not DuckDB's missing table", async () => {
    const ws = workspace()
    // without a key in the environment, as a first forget on a fresh machine would be
    const forget = () => cli(["forget", "--dry-run", "--email", "ana@example.de", "--warehouse", ws.warehouse, "--out", ws.out, "--inbox", ws.inbox], { TOUCHPOINT_PII_KEY: "" })
    const none = forget()
    expect(none.code).toBe(2)
    expect(none.stderr.trim()).toBe(`touchpoint: there is no warehouse at ${ws.warehouse}: no run has created one there (check --warehouse or paths.warehouse)`)
    // a warehouse file that no run has loaded (a run stopped before its first commit)
    await queryWarehouse(ws.warehouse, "select 1")
    const empty = forget()
    expect(empty.code).toBe(2)
    expect(empty.stderr.trim()).toBe("touchpoint: no run has loaded this warehouse yet, so it holds no one to erase: run `pnpm pipeline run` first (check --warehouse), then forget")
    // refused before the pseudonymisation key is resolved: no key file was written for it
    expect(existsSync(keyFileFor(ws.warehouse))).toBe(false)
  })

  it("erases from the command line, prints JSON without raw values, and status lists the erasure", () => {
    const ws = workspace()
    deliver(ws, inbox)
    const paths = ["--inbox", ws.inbox, "--out", ws.out, "--warehouse", ws.warehouse]
    expect(cli(["run", ...paths, "--max-quarantine-share", "1", "--json"]).code).toBe(0)

    const nothing = cli(["forget", ...paths])
    expect(nothing.code).toBe(2)
    expect(nothing.stderr).toContain("name at least one identifier")

    const ids = join(ws.dir, "ids.txt")
    writeFileSync(ids, "email:ana@example.de\n")
    const dry = cli(["forget", ...paths, "--file", ids, "--anonymous-id", "dev-ana", "--dry-run"])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain("would erase 1 customer(s)")

    const done = cli(["forget", ...paths, "--file", ids, "--json"])
    expect(done.code).toBe(0)
    const summary = JSON.parse(done.stdout) as { erasure_id: string; plan: { customers: number; events: number } }
    expect(summary.plan.customers).toBe(1)
    for (const raw of ["ana@example.de", "cust-ana", "dev-ana"]) expect(done.stdout).not.toContain(raw)

    const status = cli(["status", "--warehouse", ws.warehouse, "--json"])
    const erasures = (JSON.parse(status.stdout) as { erasures: Array<{ erasure_id: string; identifier_type: string; completed_at: string | null }> }).erasures
    expect(erasures.map((e) => [e.erasure_id, e.identifier_type, e.completed_at !== null])).toEqual([[summary.erasure_id, "email", true]])
    expect(status.stdout).not.toContain("ana@example.de")
  }, 120_000)
})
