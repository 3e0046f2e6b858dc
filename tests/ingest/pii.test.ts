import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { queryWarehouse, readTable, runOnce, workspace } from "../support/pipeline.ts"

const RAW_VALUES = [/anna\.schmidt/i, /1701234567/, /123-4567/, /leak2?@example\.com/, /extra@example\.com/]

const tablesOf = (out: string) => readdirSync(out).filter((n) => statSync(join(out, n)).isDirectory())

describe("no raw e-mail address or phone number is stored or published", () => {
  it("holds for every published table and every warehouse table", async () => {
    for (const fixture of ["formats", "bad-rows"]) {
      const ws = workspace(fixture)
      await runOnce(ws, { quarantine: { maxShare: 1 } })
      for (const table of tablesOf(ws.out)) {
        const text = JSON.stringify(await readTable(ws.out, table))
        for (const raw of RAW_VALUES) expect(text, `${fixture}: ${table}`).not.toMatch(raw)
      }
      const names = await queryWarehouse(ws.warehouse, "select table_name from duckdb_tables()")
      expect(names.length).toBeGreaterThan(6)
      for (const { table_name } of names) {
        const text = JSON.stringify(await queryWarehouse(ws.warehouse, `select * from "${String(table_name)}"`))
        for (const raw of RAW_VALUES) expect(text, `${fixture}: warehouse ${String(table_name)}`).not.toMatch(raw)
      }
      expect(readFileSync(join(ws.out, "_manifest.json"), "utf8")).not.toMatch(/@example\.com/)
    }
  })
})
