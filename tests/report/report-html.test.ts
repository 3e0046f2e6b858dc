/** The report page as text: languages, raw values beside shown ones, and values that try to break out. */
import { describe, expect, it } from "vitest"
import type { Section } from "../../src/report/report-data.ts"
import { renderReport } from "../../src/report/report-html.ts"

const sections: ReadonlyArray<Section> = [
  {
    id: "reputation",
    figures: [{
      charts: [{
        id: "rating", title: "rating", subtitle: null, kind: "lines", x: "week", y: "avg_rating", series: "platform",
        low: null, high: null, hollow: null, valueFormat: "number",
        data: [{ week: "2026-09-07", platform: "</script><b>x", avg_rating: 3.5 }]
      }],
      table: {
        table: "reputation",
        filter: "store_id = '(all)'",
        limit: null,
        columns: [
          { name: "week", format: "date" },
          { name: "platform", format: "text" },
          { name: "reviews", format: "count" },
          { name: "avg_rating", format: "rating" },
          { name: "share_negative", format: "share" },
          { name: "reply_rate", format: "share" }
        ],
        rows: [{ week: "2026-09-07", platform: "</script><b>x", reviews: 1234, avg_rating: 3.5, share_negative: 0.125, reply_rate: null }]
      }
    }]
  }
]

const page = (language: "en" | "de") =>
  renderReport({ language, runId: "run-1", publishedAt: "2026-12-06 10:00:00", window: { since: null, until: null }, sections, scripts: ["var a = '</script>'"] })

describe("renderReport", () => {
  it("shows numbers in the report's language and keeps the raw value in data-value", () => {
    const en = page("en")
    expect(en).toContain('<html lang="en">')
    expect(en).toContain('<td data-column="reviews" data-value="1234" class="num">1,234</td>')
    expect(en).toContain('<td data-column="share_negative" data-value="0.125" class="num">12.5%</td>')
    expect(en).toContain('<td data-column="avg_rating" data-value="3.5" class="num">3.50</td>')
    expect(en).toContain(`<table data-table="reputation" data-filter="store_id = '(all)'">`)
    const de = page("de")
    expect(de).toContain('<html lang="de">')
    expect(de).toContain("<h2 id=\"reputation-title\">Reputation</h2>")
    expect(de).toContain("Durchschnittsbewertung je Woche und Plattform")
    expect(de).toContain('<td data-column="reviews" data-value="1234" class="num">1.234</td>')
    expect(de).toContain('<td data-column="avg_rating" data-value="3.5" class="num">3,50</td>')
    expect(de).toContain(">12,5\u00a0%</td>")
  })

  it("marks a null as data-null, not as a value", () => {
    expect(page("en")).toContain('<td data-column="reply_rate" data-null class="num">–</td>')
  })

  it("lets no value or script close an element early", () => {
    const html = page("en")
    // one closing tag per script element: the JSON block and the one inlined script
    expect(html.match(/<\/script>/g)?.length).toBe(2)
    expect(html).toContain("&lt;/script&gt;&lt;b&gt;x")
    expect(html).toContain("\\u003c/script>\\u003cb>x")
    expect(html).toContain("var a = '<\\/script>'")
  })
})
