/**
 * GA4's BigQuery export (`events_YYYYMMDD`, as NDJSON or Parquet) as web events. The
 * field-by-field table and what is left out: docs/presets/ga4.md.
 */
import type { PresetMapping } from "./preset.ts"

const param = (key: string, value: "string_value" | "int_value" | "double_value") =>
  `$.event_params[?(@.key=='${key}')].value.${value}?`

export const ga4: PresetMapping = {
  // GA4 rows carry no event id: the hash of what makes an event that event, so an exact
  // re-export is a duplicate and two events of one request (same timestamp) stay apart
  fields: {
    event_id: { hash: ["user_pseudo_id?", "event_timestamp", "event_name", "batch_event_index?", "batch_ordering_id?", "batch_page_id?", "$.event_params?", "$.ecommerce?"] },
    occurred_at: { column: "event_timestamp", unit: "us" },
    anonymous_id: "user_pseudo_id?",
    customer_id: "user_id?",
    event_type: {
      column: "event_name",
      values: {
        page_view: "page_view",
        view_item: "product_view",
        view_search_results: "search",
        search: "search",
        add_to_cart: "add_to_cart",
        begin_checkout: "checkout",
        purchase: "purchase",
        sign_up: "signup"
      }
    },
    page_url: param("page_location", "string_value"),
    referrer: param("page_referrer", "string_value"),
    // the hit's own campaign (collected_traffic_source) first, else the landing hit's event parameters
    utm_source: { coalesce: ["$.collected_traffic_source.manual_source?", param("source", "string_value")] },
    utm_medium: { coalesce: ["$.collected_traffic_source.manual_medium?", param("medium", "string_value")] },
    utm_campaign: { coalesce: ["$.collected_traffic_source.manual_campaign_name?", param("campaign", "string_value")] },
    utm_content: { coalesce: ["$.collected_traffic_source.manual_content?", param("content", "string_value")] },
    utm_term: { coalesce: ["$.collected_traffic_source.manual_term?", param("term", "string_value")] },
    device_type: "$.device.category?",
    // GA4 writes "(not set)" in ecommerce where an event had no transaction id: no order. The
    // event parameter first, so such a placeholder never hides the id the tag sent.
    order_id: { coalesce: [param("transaction_id", "string_value"), "$.ecommerce.transaction_id?"], values: { "(not set)": null } },
    revenue: { coalesce: ["$.ecommerce.purchase_revenue?", param("value", "double_value"), param("value", "int_value")] },
    currency: param("currency", "string_value")
  },
  // Consent-mode rows (analytics_storage denied) have no user_pseudo_id: no device to stitch a
  // journey to. They are left out and counted as filtered, never dropped silently.
  filter: { column: "user_pseudo_id?", notIn: [""] }
}
