/**
 * Google Business Profile API reviews (`accounts.locations.reviews.list` responses saved as
 * .json: `{ "reviews": [...] }`; or `accounts.locations.batchGetReviews` responses, whose
 * `locationReviews` hold each review under `review`) as reviews. docs/presets/google_reviews.md.
 */
import type { PresetContext, PresetMapping } from "./preset.ts"

export const googleReviews = (context: PresetContext): PresetMapping => ({
  json: context.headNames().has("locationreviews") ? { records: "$.locationReviews", root: "$.review" } : { records: "$.reviews" },
  fields: {
    event_id: "reviewId",
    occurred_at: "createTime",
    platform: { const: "google" },
    rating: { column: "starRating", values: { ONE: "1", TWO: "2", THREE: "3", FOUR: "4", FIVE: "5", STAR_RATING_UNSPECIFIED: null } },
    text: "comment?",
    replied_at: "$.reviewReply.updateTime?",
    // the location is part of the review's resource name: accounts/{a}/locations/{l}/reviews/{r}
    store_id: { column: "name", pattern: "/locations/([^/]+)/" }
  }
})
