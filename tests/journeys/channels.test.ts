import { beforeAll, describe, expect, it } from "vitest"
import { configWith, web, withJourneys, type StagingRow } from "./journey-warehouse.ts"

// One landing event per case, each on its own device; the expected channel is GA4's default
// channel group read off the rule table in docs/journeys.md (first matching rule wins).
interface Case {
  readonly name: string
  readonly traffic: StagingRow
  readonly channel: string
}

const shop = "https://shop.example"

const cases: ReadonlyArray<Case> = [
  { name: "no utm and no referrer is Direct", traffic: { page_url: `${shop}/` }, channel: "Direct" },
  { name: "a referrer on the shop's own host is Direct", traffic: { page_url: `${shop}/c/schuhe`, referrer: "https://www.shop.example/p/1" }, channel: "Direct" },
  { name: "a campaign containing cross-network is Cross-network", traffic: { utm_source: "google", utm_medium: "cpc", utm_campaign: "pmax_cross-network_all" }, channel: "Cross-network" },
  { name: "a shopping site with a paid medium is Paid Shopping", traffic: { utm_source: "amazon", utm_medium: "cpc" }, channel: "Paid Shopping" },
  { name: "a shopping campaign with a paid medium is Paid Shopping", traffic: { utm_source: "google", utm_medium: "cpc", utm_campaign: "shopping_pla_all" }, channel: "Paid Shopping" },
  { name: "a search site with a paid medium is Paid Search", traffic: { utm_source: "google", utm_medium: "cpc", utm_campaign: "brand_search_de" }, channel: "Paid Search" },
  { name: "rules ignore case", traffic: { utm_source: "Bing", utm_medium: "CPC" }, channel: "Paid Search" },
  { name: "a social site with a paid medium is Paid Social", traffic: { utm_source: "facebook", utm_medium: "paid_social" }, channel: "Paid Social" },
  { name: "a video site with a paid medium is Paid Video", traffic: { utm_source: "youtube", utm_medium: "cpv" }, channel: "Paid Video" },
  { name: "a display medium is Display", traffic: { utm_source: "criteo", utm_medium: "banner" }, channel: "Display" },
  { name: "cpm from an unlisted source is Display, not a paid channel", traffic: { utm_source: "gdn", utm_medium: "cpm" }, channel: "Display" },
  { name: "a shopping site as referrer is Organic Shopping", traffic: { referrer: "https://shopping.google.com/search?q=x" }, channel: "Organic Shopping" },
  { name: "a shopping campaign without a paid medium is Organic Shopping", traffic: { utm_source: "flyer", utm_medium: "print", utm_campaign: "shop_opening" }, channel: "Organic Shopping" },
  { name: "a social host on Google's list as referrer is Organic Social (l.instagram.com)", traffic: { referrer: "https://l.instagram.com/?u=x" }, channel: "Organic Social" },
  { name: "a social medium is Organic Social", traffic: { utm_source: "partner", utm_medium: "social" }, channel: "Organic Social" },
  { name: "a video site as referrer is Organic Video", traffic: { referrer: "https://www.youtube.com/watch?v=1" }, channel: "Organic Video" },
  { name: "a video medium is Organic Video", traffic: { utm_source: "partner", utm_medium: "video" }, channel: "Organic Video" },
  { name: "a search engine as referrer is Organic Search", traffic: { referrer: "https://www.google.de/" }, channel: "Organic Search" },
  { name: "a search site as utm_source without medium is Organic Search", traffic: { utm_source: "duckduckgo" }, channel: "Organic Search" },
  { name: "the organic medium is Organic Search", traffic: { utm_source: "partner", utm_medium: "organic" }, channel: "Organic Search" },
  { name: "another site as referrer is Referral", traffic: { referrer: "https://www.mamablog.de/ausstattung" }, channel: "Referral" },
  { name: "the link medium is Referral", traffic: { utm_source: "partner", utm_medium: "link" }, channel: "Referral" },
  { name: "an e-mail medium is Email", traffic: { utm_source: "newsletter", utm_medium: "e-mail" }, channel: "Email" },
  { name: "an e-mail source is Email", traffic: { utm_source: "email", utm_medium: "newsletter" }, channel: "Email" },
  { name: "the affiliate medium is Affiliates", traffic: { utm_source: "awin", utm_medium: "affiliate" }, channel: "Affiliates" },
  { name: "the sms source is SMS", traffic: { utm_source: "sms", utm_medium: "text" }, channel: "SMS" },
  { name: "the sms medium is SMS", traffic: { utm_source: "flash", utm_medium: "sms" }, channel: "SMS" },
  { name: "a medium ending in push is Mobile Push Notifications", traffic: { utm_source: "app", utm_medium: "push" }, channel: "Mobile Push Notifications" },
  { name: "a medium mentioning notification is Mobile Push Notifications", traffic: { utm_source: "app", utm_medium: "in-app-notification" }, channel: "Mobile Push Notifications" },
  { name: "the firebase source is Mobile Push Notifications", traffic: { utm_source: "firebase", utm_medium: "fcm" }, channel: "Mobile Push Notifications" },
  { name: "traffic no rule matches is Unassigned", traffic: { utm_source: "partnerx", utm_medium: "foo" }, channel: "Unassigned" },
  { name: "utm parameters in the landing page's URL count when the columns are empty", traffic: { page_url: `${shop}/sale?utm_source=newsletter&utm_medium=email&utm_campaign=spring%20sale` }, channel: "Email" },
  { name: "utm parameters win over the referrer", traffic: { referrer: "https://www.google.com/", utm_source: "newsletter", utm_medium: "email" }, channel: "Email" },
  { name: "a source only Google's full list has is categorised: ecosia.org is Organic Search", traffic: { utm_source: "ecosia.org" }, channel: "Organic Search" },
  { name: "a listed subdomain has its own category: answers.yahoo.com is Organic Social, not yahoo.com's Search", traffic: { referrer: "https://answers.yahoo.com/q/1" }, channel: "Organic Social" },
  { name: "an unlisted subdomain does not take its parent's category: news.yahoo.com is Referral", traffic: { referrer: "https://news.yahoo.com/a/1" }, channel: "Referral" },
  { name: "a configured rule is tried before the defaults", traffic: { utm_source: "qr_flyer", utm_medium: "offline" }, channel: "Print" }
]

const config = configWith({ channelRules: [{ channel: "Print", source: "^qr_", medium: "^offline$" }] })

let channels = new Map<string, unknown>()
let campaigns = new Map<string, unknown>()

beforeAll(async () => {
  const rows = cases.map((c, i) => web(`w${String(i).padStart(2, "0")}`, `a${i}`, "2026-03-01T10:00:00Z", "page_view", c.traffic))
  const result = await withJourneys({ web: rows }, (db) => db.all("select anonymous_id, channel, campaign from touchpoints"), { config })
  channels = new Map(result.map((r) => [String(r["anonymous_id"]), r["channel"]]))
  campaigns = new Map(result.map((r) => [String(r["anonymous_id"]), r["campaign"]]))
})

describe("a session's channel (GA4 default channel group)", () => {
  cases.forEach((c, i) => {
    it(c.name, () => {
      expect(channels.get(`a${i}`)).toBe(c.channel)
    })
  })

  it("takes the campaign from the landing page's URL, decoded", () => {
    const index = cases.findIndex((c) => c.name.startsWith("utm parameters in the landing page"))
    expect(campaigns.get(`a${index}`)).toBe("spring sale")
  })
})
