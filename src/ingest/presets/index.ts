/**
 * The presets (contract section 6): a source mapping for each system users already export
 * from. Each is written as a mapping; docs/presets/<name>.md has its field-by-field table.
 */
import type { PresetName } from "../../../schemas/mapping.ts"
import { ga4 } from "./ga4.ts"
import { googleReviews } from "./google-reviews.ts"
import type { PresetContext, PresetMapping } from "./preset.ts"
import { qualtrics } from "./qualtrics.ts"
import { segment } from "./segment.ts"
import { shopifyOrders } from "./shopify-orders.ts"
import { snowplow } from "./snowplow.ts"
import { trustpilot } from "./trustpilot.ts"
import { zendesk } from "./zendesk.ts"

export const presetMappings: Readonly<Record<PresetName, (context: PresetContext) => PresetMapping>> = {
  ga4: () => ga4,
  segment: (c) => segment(c.options),
  snowplow,
  shopify_orders: shopifyOrders,
  zendesk,
  qualtrics,
  trustpilot: () => trustpilot,
  google_reviews: () => googleReviews
}
