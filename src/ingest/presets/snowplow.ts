/**
 * Snowplow enriched events as web events: the headerless enriched TSV (131 columns, in the
 * canonical event model's order, whatever the file is called), or CSV / TSV / NDJSON / Parquet
 * with the atomic column names. docs/presets/snowplow.md.
 */
import type { PresetContext, PresetMapping } from "./preset.ts"

/** The enriched TSV's columns in order (Snowplow's canonical event model). */
export const enrichedColumns: ReadonlyArray<string> = [
  "app_id", "platform", "etl_tstamp", "collector_tstamp", "dvce_created_tstamp", "event",
  "event_id", "txn_id", "name_tracker", "v_tracker", "v_collector", "v_etl", "user_id",
  "user_ipaddress", "user_fingerprint", "domain_userid", "domain_sessionidx", "network_userid",
  "geo_country", "geo_region", "geo_city", "geo_zipcode", "geo_latitude", "geo_longitude",
  "geo_region_name", "ip_isp", "ip_organization", "ip_domain", "ip_netspeed", "page_url",
  "page_title", "page_referrer", "page_urlscheme", "page_urlhost", "page_urlport", "page_urlpath",
  "page_urlquery", "page_urlfragment", "refr_urlscheme", "refr_urlhost", "refr_urlport",
  "refr_urlpath", "refr_urlquery", "refr_urlfragment", "refr_medium", "refr_source", "refr_term",
  "mkt_medium", "mkt_source", "mkt_term", "mkt_content", "mkt_campaign", "contexts", "se_category",
  "se_action", "se_label", "se_property", "se_value", "unstruct_event", "tr_orderid",
  "tr_affiliation", "tr_total", "tr_tax", "tr_shipping", "tr_city", "tr_state", "tr_country",
  "ti_orderid", "ti_sku", "ti_name", "ti_category", "ti_price", "ti_quantity", "pp_xoffset_min",
  "pp_xoffset_max", "pp_yoffset_min", "pp_yoffset_max", "useragent", "br_name", "br_family",
  "br_version", "br_type", "br_renderengine", "br_lang", "br_features_pdf", "br_features_flash",
  "br_features_java", "br_features_director", "br_features_quicktime", "br_features_realplayer",
  "br_features_windowsmedia", "br_features_gears", "br_features_silverlight", "br_cookies",
  "br_colordepth", "br_viewwidth", "br_viewheight", "os_name", "os_family", "os_manufacturer",
  "os_timezone", "dvce_type", "dvce_ismobile", "dvce_screenwidth", "dvce_screenheight",
  "doc_charset", "doc_width", "doc_height", "tr_currency", "tr_total_base", "tr_tax_base",
  "tr_shipping_base", "ti_currency", "ti_price_base", "base_currency", "geo_timezone",
  "mkt_clickid", "mkt_network", "etl_tags", "dvce_sent_tstamp", "refr_domain_userid",
  "refr_dvce_tstamp", "derived_contexts", "domain_sessionid", "derived_tstamp", "event_vendor",
  "event_name", "event_format", "event_version", "event_fingerprint", "true_tstamp"
]

/** The enriched TSV has no header: its first line is an event of 131 tab-separated fields. */
/**
 * The network_userid Snowplow's collector writes when it must not identify the browser (the
 * SP-Anonymous header) or cannot (a failed cookie bounce); the second in either case of its hex.
 */
export const nilUserIds = [
  "00000000-0000-0000-0000-000000000000",
  "00000000-0000-4000-a000-000000000000",
  "00000000-0000-4000-A000-000000000000"
]

/** An enriched event's line: 131 fields, the fourth (collector_tstamp) a timestamp; a header line's is its name. */
export const isEnrichedTsv = (cells: ReadonlyArray<string>): boolean =>
  cells.length === enrichedColumns.length && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(cells[3] ?? "")

export const snowplow = (context: PresetContext): PresetMapping => ({
  ...(isEnrichedTsv(context.headRecords(1, "\t", "")[0] ?? [])
    ? { csv: { header: false, columns: enrichedColumns, delimiter: "\t", quote: "" } }
    : /\.tsv(\.gz)?$/i.test(context.sourcePath) ? { csv: { delimiter: "\t" } } : {}),
  // enriched timestamps are UTC without an offset ("2026-03-01 10:00:00.924")
  timestamps: { timezone: "UTC" },
  fields: {
    event_id: "event_id",
    // derived_tstamp corrects the device clock; older pipelines lack it
    occurred_at: { coalesce: ["derived_tstamp?", "collector_tstamp"] },
    // Anonymous tracking leaves domain_userid out (keeping the session's id when it tracks
    // sessions), and the collector may then write an all-zero network_userid: read as a
    // device, that would be one device for every anonymous visitor.
    anonymous_id: {
      coalesce: ["domain_userid?", { from: "network_userid?", when: { column: "network_userid?", notIn: [...nilUserIds] } }, "domain_sessionid?"]
    },
    customer_id: "user_id?",
    event_type: { coalesce: ["event_name?", "event"], values: { transaction: "purchase" } },
    page_url: "page_url?",
    referrer: "page_referrer?",
    utm_source: "mkt_source?",
    utm_medium: "mkt_medium?",
    utm_campaign: "mkt_campaign?",
    utm_content: "mkt_content?",
    utm_term: "mkt_term?",
    device_type: "dvce_type?",
    order_id: "tr_orderid?",
    revenue: "tr_total?",
    currency: "tr_currency?"
  },
  // page pings are heartbeats of a page view, and a transaction's items repeat its order
  filter: { column: "event", notIn: ["page_ping", "transaction_item"] }
})
