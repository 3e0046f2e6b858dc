/**
 * Shopify's orders export (CSV, one line per line item) as one purchase per order. Dropped
 * under store/, its point-of-sale orders (`Source` pos) become store purchases at `Location`;
 * dropped under web/, its online orders become web purchases. The other kind, and the lines
 * after an order's first (which carry no order fields), are counted as filtered.
 * docs/presets/shopify_orders.md.
 */
import type { PresetContext, PresetMapping } from "./preset.ts"

// Shopify writes phone numbers and zip codes with a leading ' so spreadsheets keep them text.
const unquoted = "^'?(.*)$"

export const shopifyOrders = (context: PresetContext): PresetMapping => {
  const common = {
    event_id: "Name",
    occurred_at: "Created at",
    event_type: { const: "purchase" },
    order_id: "Name",
    revenue: "Total",
    currency: "Currency?",
    email: "Email?"
  } as const
  const orderLinesOnly = { column: "Total", notIn: [""] }
  // a cancelled order is no purchase (it is counted as filtered)
  const notCancelled = { column: "Cancelled at?", in: [""] }
  // re-saved by a spreadsheet it may use ; or tabs
  const csv = { delimiter: "auto" } as const
  // "2026-03-01 11:15:42 +0100": the shop's local time with its offset. Set for the file, not
  // the field, so that a user's `timestamps` (a spreadsheet's "05.01.2024 13:45") replaces it.
  const timestamps = { format: "%Y-%m-%d %H:%M:%S %z" }
  return context.source === "store"
    ? {
      csv,
      timestamps,
      fields: { ...common, store_id: "Location?", phone: { column: "Phone?", pattern: unquoted }, coupon_code: "Discount Code?" },
      filter: [orderLinesOnly, notCancelled, { column: "Source?", in: ["pos"] }]
    }
    : {
      // an online order has no device id; the order itself stands for one, and its e-mail links the customer
      csv,
      timestamps,
      fields: { ...common, anonymous_id: { template: "shopify-order:{Name}" } },
      filter: [orderLinesOnly, notCancelled, { column: "Source?", notIn: ["pos"] }]
    }
}
