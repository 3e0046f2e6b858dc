/**
 * Who exists in the simulated world: customers with their identifiers and habits, anonymous
 * visitors, stores, and the marketing entry points (GA4 default channel groups) that bring
 * sessions to the shop.
 */
import { Rng } from "./prng.ts"

export const STORES = ["S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08", "S09", "S10"] as const
export type StoreId = (typeof STORES)[number]

/**
 * Staff cards: cashiers scan their own loyalty card for customers without one, so each of these
 * ids ends up next to many different customers' e-mails (identity-resolution guards must catch it).
 */
export const STAFF_CARDS: Readonly<Partial<Record<StoreId, string>>> = {
  S02: "L99990002",
  S05: "L99990005"
}

export const JUNK_EMAIL = "test@example.com"
export const JUNK_PHONE = "0000"

export type DeviceType = "mobile" | "desktop" | "tablet"

export interface Device {
  readonly anonymousId: string
  readonly type: DeviceType
  /** Has the shop app installed (sessions may start with app_open). */
  readonly app: boolean
  /** A login on this device persists ("stay signed in"). */
  loggedIn: boolean
}

export interface RecentOrder {
  readonly orderId: string
  readonly cents: number
  readonly storeId: StoreId | undefined
}

export interface Person {
  /** Sort key for events and the key of the person's PRNG stream. */
  readonly entity: number
  readonly rng: Rng
  readonly devices: ReadonlyArray<Device>
  /** Expected web sessions per day. */
  readonly webRate: number
  seq: number
}

export interface Customer extends Person {
  readonly kind: "customer"
  readonly customerId: string
  /** Canonical lower-case e-mail; how it is typed varies per event. */
  readonly email: string
  /** Probability that this person's e-mail is typed with odd case or blanks. */
  readonly sloppiness: number
  /** National number without the leading 0, e.g. 1701234567. */
  readonly phone: string | undefined
  readonly loyaltyId: string | undefined
  readonly storeRate: number
  readonly homeStore: StoreId
  readonly language: "de" | "en"
  /** Personal bias of satisfaction scores (-1 grumpy … 1 enthusiastic). */
  readonly mood: number
  /** Day index before which the person is not yet a customer (acquired during the window). */
  readonly firstActiveDay: number
  /** Has an account; others sign up at their first login. */
  registered: boolean
  /** Earliest instant of a store visit planned after online research (research online, buy offline). */
  plannedStoreAt: number | undefined
  readonly recentOrders: Array<RecentOrder>
  /**
   * How far the customer has turned away after bad experiences (0 none … 1 gone): their chance
   * of buying is scaled by 1 − lapse (simulate.ts, CxEffects).
   */
  lapse: number
  /** Handle used when this person writes public reviews. */
  readonly reviewHandle: string
}

export interface Visitor extends Person {
  readonly kind: "visitor"
}

const FIRST_NAMES = [
  "anna", "lukas", "mia", "leon", "emma", "finn", "sophie", "jonas", "hannah", "paul", "lena", "felix", "marie", "elias",
  "laura", "noah", "lea", "ben", "clara", "max", "julia", "tim", "sarah", "jan", "nina", "tobias", "katharina", "david",
  "lisa", "moritz", "emily", "ali", "mehmet", "aylin", "olga", "piotr", "giulia", "luca", "sofia", "ahmed", "fatma",
  "jana", "stefan", "sabine", "thomas", "petra", "michael", "andrea", "matthias", "claudia"
] as const

const LAST_NAMES = [
  "mueller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker", "schulz", "hoffmann", "koch",
  "richter", "klein", "wolf", "schroeder", "neumann", "schwarz", "braun", "zimmermann", "krueger", "hofmann", "hartmann",
  "lange", "schmitt", "werner", "krause", "meier", "lehmann", "schmid", "schulze", "maier", "koehler", "herrmann",
  "yilmaz", "kaya", "nowak", "kowalski", "rossi", "ivanova", "demir"
] as const

const DEVICE_TYPES: ReadonlyArray<readonly [DeviceType, number]> = [["mobile", 55], ["desktop", 35], ["tablet", 10]]

const makeDevice = (rng: Rng, loggedIn: boolean): Device => {
  const type = rng.weighted(DEVICE_TYPES)
  return { anonymousId: `a-${rng.hex(16)}`, type, app: type !== "desktop" && rng.chance(0.4), loggedIn }
}

/** Stream kinds, so a customer's and a visitor's streams never coincide. */
const CUSTOMER_STREAM = 1
const VISITOR_STREAM = 2

export const makeCustomer = (seed: number, index: number, days: number): Customer => {
  const rng = Rng.derive(seed, CUSTOMER_STREAM, index)
  const first = rng.pick(FIRST_NAMES)
  const last = rng.pick(LAST_NAMES)
  const number = index + 1
  const newcomer = rng.chance(0.2)
  const registered = !newcomer && rng.chance(0.8)
  const deviceCount = rng.weighted([[1, 50], [2, 35], [3, 15]] as const)
  const devices: Array<Device> = []
  for (let i = 0; i < deviceCount; i++) devices.push(makeDevice(rng, registered && rng.chance(0.4)))
  return {
    kind: "customer",
    entity: index,
    rng,
    devices,
    webRate: Math.min(1.2, rng.lognormal(0.09, 0.8)),
    seq: 0,
    customerId: `c${String(number).padStart(6, "0")}`,
    email: `${first}.${last}${number}@example.com`,
    sloppiness: rng.chance(0.25) ? rng.uniform(0.2, 0.6) : 0.03,
    phone: rng.chance(0.6) ? `1${rng.pick(["51", "52", "57", "60", "62", "70", "71", "72", "76", "79"])}${rng.digits(7)}` : undefined,
    loyaltyId: rng.chance(0.5) ? `L${String(number).padStart(8, "0")}` : undefined,
    storeRate: Math.min(0.5, rng.lognormal(0.02, 0.7)),
    homeStore: rng.pick(STORES),
    language: rng.chance(0.8) ? "de" : "en",
    mood: Math.max(-1, Math.min(1, rng.normal() * 0.4)),
    firstActiveDay: newcomer ? rng.int(0, Math.max(0, days - 1)) : 0,
    registered,
    plannedStoreAt: undefined,
    recentOrders: [],
    lapse: 0,
    reviewHandle: rng.hex(8)
  }
}

export const makeVisitor = (seed: number, index: number, entity: number): Visitor => {
  const rng = Rng.derive(seed, VISITOR_STREAM, index)
  return {
    kind: "visitor",
    entity,
    rng,
    devices: [makeDevice(rng, false)],
    webRate: Math.min(0.6, rng.lognormal(0.03, 0.9)),
    seq: 0
  }
}

/** How a customer typed their e-mail this time: mostly clean, sometimes capitalised or padded. */
export const typedEmail = (rng: Rng, c: Customer): string => {
  if (!rng.chance(c.sloppiness)) return c.email
  const [local = "", domain = ""] = c.email.split("@")
  const capitalised = `${local.split(".").map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(".")}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`
  return rng.weighted<string>([
    [capitalised, 4],
    [` ${capitalised} `, 2],
    [`${c.email} `, 2],
    [c.email.toUpperCase(), 1]
  ])
}

/** The same German mobile number in the formats people and systems write it in. */
export const typedPhone = (rng: Rng, national: string): string => {
  const prefix = national.slice(0, 3)
  const rest = national.slice(3)
  return rng.weighted<string>([
    [`+49 ${prefix} ${rest}`, 4],
    [`+49${national}`, 2],
    [`0${prefix} ${rest}`, 3],
    [`0${prefix}-${rest}`, 2],
    [`(0${prefix}) ${rest}`, 1],
    [`+49 (0)${prefix} ${rest.slice(0, 3)}-${rest.slice(3)}`, 1],
    [`0049 ${prefix} ${rest}`, 1]
  ])
}

/** The marketing context of a session's first hit. */
export interface Entry {
  readonly channel: string
  readonly referrer?: string
  readonly utm_source?: string
  readonly utm_medium?: string
  readonly utm_campaign?: string
  readonly utm_content?: string
  readonly utm_term?: string
}

interface ChannelSpec {
  readonly channel: string
  readonly weight: number
  readonly build: (rng: Rng) => Omit<Entry, "channel">
}

const SEARCH_TERMS = ["laufschuhe", "regenjacke damen", "sneaker sale", "kaffeemaschine", "kopfhörer bluetooth", "rucksack", "winterstiefel", "yogamatte"] as const
const BLOGS = ["https://www.testberichte-blog.de/beste-laufschuhe", "https://www.stadtkind-magazin.de/shopping-tipps", "https://www.gadget-guide.net/reviews", "https://www.mamablog.de/ausstattung"] as const

export const CHANNELS: ReadonlyArray<ChannelSpec> = [
  { channel: "Direct", weight: 20, build: () => ({}) },
  {
    channel: "Organic Search",
    weight: 19,
    build: (rng) => ({ referrer: rng.weighted([["https://www.google.com/", 80], ["https://www.bing.com/", 12], ["https://duckduckgo.com/", 8]] as const) })
  },
  {
    channel: "Paid Search",
    weight: 10,
    build: (rng) => {
      const brand = rng.chance(0.4)
      return {
        utm_source: rng.chance(0.85) ? "google" : "bing",
        utm_medium: "cpc",
        utm_campaign: brand ? "brand_search_de" : rng.pick(["generic_search_schuhe", "generic_search_elektronik", "generic_search_outdoor"]),
        utm_term: brand ? "touchpoint shop" : rng.pick(SEARCH_TERMS)
      }
    }
  },
  {
    channel: "Display",
    weight: 4,
    build: (rng) => ({
      utm_source: rng.pick(["gdn", "criteo", "adform"]),
      utm_medium: rng.pick(["display", "banner", "cpm"]),
      utm_campaign: rng.pick(["retargeting_warenkorb", "prospecting_fruehjahr", "awareness_marke"]),
      utm_content: rng.pick(["banner_300x250", "banner_728x90", "skyscraper_160x600"])
    })
  },
  {
    channel: "Paid Social",
    weight: 7,
    build: (rng) => ({
      utm_source: rng.pick(["facebook", "instagram"]),
      utm_medium: rng.pick(["paid_social", "cpc"]),
      utm_campaign: rng.pick(["social_prospecting", "social_retargeting", "influencer_boost"]),
      utm_content: rng.pick(["carousel_a", "video_15s", "story_b"])
    })
  },
  {
    channel: "Organic Social",
    weight: 5,
    build: (rng) => ({ referrer: rng.pick(["https://www.facebook.com/", "https://l.instagram.com/", "https://t.co/"]) })
  },
  {
    channel: "Email",
    weight: 7,
    build: (rng) => ({
      utm_source: "newsletter",
      utm_medium: "email",
      utm_campaign: rng.pick(["newsletter_weekly", "newsletter_sale", "cart_reminder", "winback_90d"]),
      utm_content: rng.pick(["hero", "cta_button", "product_grid"])
    })
  },
  {
    channel: "Affiliates",
    weight: 3,
    build: (rng) => ({ utm_source: rng.pick(["awin", "tradedoubler", "gutscheinportal"]), utm_medium: "affiliate", utm_campaign: "affiliate_always_on" })
  },
  { channel: "Referral", weight: 4, build: (rng) => ({ referrer: rng.pick(BLOGS) }) },
  { channel: "Organic Video", weight: 2, build: () => ({ referrer: "https://www.youtube.com/" }) },
  {
    channel: "Paid Video",
    weight: 2,
    build: (rng) => ({ utm_source: "youtube", utm_medium: "cpv", utm_campaign: rng.pick(["video_brand_30s", "video_product_demo"]) })
  },
  { channel: "Organic Shopping", weight: 2, build: () => ({ referrer: "https://shopping.google.com/" }) },
  {
    channel: "Paid Shopping",
    weight: 3,
    build: (rng) => ({ utm_source: "google", utm_medium: "cpc", utm_campaign: rng.pick(["shopping_pla_all", "shopping_pla_bestseller"]) })
  },
  { channel: "SMS", weight: 1.5, build: (rng) => ({ utm_source: "sms", utm_medium: "sms", utm_campaign: rng.pick(["sms_flash_sale", "sms_back_in_stock"]) }) },
  {
    channel: "Mobile Push Notifications",
    weight: 1.5,
    build: (rng) => ({ utm_source: "app", utm_medium: "push", utm_campaign: rng.pick(["push_price_drop", "push_weekend_deal"]) })
  },
  { channel: "Cross-network", weight: 1, build: () => ({ utm_source: "google", utm_medium: "cpc", utm_campaign: "pmax_cross-network_all" }) },
  { channel: "Unassigned", weight: 1, build: (rng) => ({ utm_source: rng.pick(["partnerx", "qr_flyer"]), utm_medium: "foo", utm_campaign: "unknown_test" }) }
]

/** Thursday is newsletter day, so e-mail traffic peaks then. */
export const pickEntry = (rng: Rng, weekday: number): Entry => {
  const spec = rng.weighted(CHANNELS.map((c) => [c, c.channel === "Email" && weekday === 4 ? c.weight * 3 : c.weight] as const))
  return { channel: spec.channel, ...spec.build(rng) }
}
