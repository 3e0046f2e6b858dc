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
import { zendeskSettler } from "./zendesk-events.ts"
import type { KeptPersonRows, PresetSettler } from "./settler.ts"

export const presetMappings: Readonly<Record<PresetName, (context: PresetContext) => PresetMapping>> = {
  ga4: () => ga4,
  segment,
  snowplow,
  shopify_orders: shopifyOrders,
  zendesk,
  qualtrics,
  trustpilot: () => trustpilot,
  google_reviews: googleReviews
}

/**
 * What a preset settles across the files of a run that one record cannot say (Zendesk: replies,
 * descriptions, reopenings, the ticket's channel and requester), on the source's raw rows of the
 * files it read, before they are validated. Presets whose records stand alone have none.
 */
export const presetSettlers: Partial<Record<PresetName, PresetSettler>> = {
  zendesk: zendeskSettler
}

/** The warehouse tables of rows the settlers keep that name a person. */
export const keptPersonRows: ReadonlyArray<KeptPersonRows> = Object.values(presetSettlers).flatMap((s) => (s.kept === undefined ? [] : [s.kept]))
