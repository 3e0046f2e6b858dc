import { describe, expect, it } from "vitest"
import { num, surveyResponse, withReputation } from "./reputation-warehouse.ts"

describe("comment_sentiment", () => {
  it("scores each survey comment under its survey event and leaves out responses without a comment", async () => {
    // v1 German, v2 English detected, v3 blank, v4 no comment: two rows
    const rows = await withReputation({
      survey: [
        surveyResponse("2026-03-02T10:00:00Z", { id: "v1", surveyType: "nps", score: 2, comment: "Nie wieder!", language: "de", touchpoint: "delivery" }),
        surveyResponse("2026-03-08T23:30:00Z", { id: "v2", surveyType: "csat", score: 5, comment: "Great service, really friendly staff." }),
        surveyResponse("2026-03-02T10:00:00Z", { id: "v3", comment: "   " }),
        surveyResponse("2026-03-02T10:00:00Z", { id: "v4" })
      ]
    }, (db) => db.all("select * from comment_sentiment order by event_id"))
    expect(rows.map((r) => r["event_id"])).toEqual(["v1", "v2"])
    const [v1, v2] = rows
    expect([v1?.["survey_type"], num(v1?.["score"]), v1?.["touchpoint"], v1?.["language"]]).toEqual(["nps", 2, "delivery", "de"])
    expect(v1?.["sentiment_label"]).toBe("negative")
    expect(v2?.["language"]).toBe("en")
    expect(v2?.["sentiment_label"]).toBe("positive")
    expect(v2?.["aspects"]).toBe("staff")
    // 2026-03-08 23:30 UTC is 2026-03-09 in Berlin
    expect(v2?.["response_date"]).toBe("2026-03-09")
  })
})
