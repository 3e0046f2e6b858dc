/**
 * What people do on one day. Each call draws only from that person's own PRNG stream, and
 * follow-ups (deliveries, ticket replies, surveys) are emitted at once with future timestamps;
 * the caller's day buffer holds them until their day is written. Events past the end of the
 * window are dropped by the caller, which is what leaves some deliveries and tickets open.
 */
import { DAY, HOUR, MINUTE, SECOND, berlinAt, berlinOffsetMinutes, berlinParts, nextBusinessTime, wholeSeconds } from "./calendar.ts"
import { instant, money, type Cells, type SourceName, type WEB_EVENT_TYPES } from "./columns.ts"
import {
  JUNK_EMAIL,
  JUNK_PHONE,
  STAFF_CARDS,
  STORES,
  pickEntry,
  typedEmail,
  typedPhone,
  type Customer,
  type Device,
  type Entry,
  type Person,
  type StoreId,
  type Visitor
} from "./population.ts"
import type { Rng } from "./prng.ts"
import { composeText, composeTitle, toneOfStars, type Aspect, type Language, type Tone } from "./texts.ts"

/**
 * The cause and effect in the synthetic data (docs/cx-drivers.md, "The synthetic data"), as
 * parameters. A late delivery and a slow first reply lower the satisfaction of what the customer
 * says next about that order or ticket (surveys, reviews); each such breach also makes the
 * customer less likely to buy again; an agent's reply on their ticket afterwards (a recovery)
 * undoes part of that.
 */
export interface CxEffects {
  /** Scales the satisfaction penalty of a late delivery (1: −0.5 on the quality scale, up to −1.5 for 90 minutes or more late). */
  readonly lateDelivery: number
  /** Scales the satisfaction penalty of waiting for the first reply (1: −1 per day waited, at most −1.5). */
  readonly slowReply: number
  /** Share of the remaining chance to buy that one breach takes away. */
  readonly repurchaseDrop: number
  /** Share of the lapse an agent's reply after a breach gives back. */
  readonly recovery: number
}

export const defaultCxEffects: CxEffects = { lateDelivery: 1, slowReply: 1, repurchaseDrop: 0.5, recovery: 0.6 }

/** A breach: the customer turns further away. */
const breach = (ctx: SimContext, c: Customer): void => {
  c.lapse = 1 - (1 - c.lapse) * (1 - ctx.effects.repurchaseDrop)
}

export interface SimContext {
  /** Exclusive end of the window; later events are dropped. */
  readonly end: number
  readonly effects: CxEffects
  readonly emit: (source: SourceName, person: Person, at: number, cells: Cells, local?: boolean) => void
  readonly nextOrderNumber: () => number
  readonly nextTicketNumber: () => number
}

const SHOP = "https://shop.example.com"

// Relative activity per ISO weekday (index 1 = Monday … 7 = Sunday; index 0 unused).
const WEB_WEEKDAY = [0, 1.0, 0.95, 0.95, 1.0, 0.92, 1.05, 1.15] as const
const STORE_WEEKDAY = [0, 0.8, 0.85, 0.9, 1.0, 1.25, 1.7, 0] as const

/** Web traffic by Berlin local hour: low at night, evening peak. */
const WEB_LOCAL_HOURS = [0.3, 0.15, 0.1, 0.08, 0.08, 0.15, 0.5, 1.1, 1.7, 2.1, 2.3, 2.4, 2.7, 2.5, 2.3, 2.3, 2.5, 2.8, 3.1, 3.5, 3.9, 3.5, 2.4, 1.1] as const
const STORE_LOCAL_HOURS: ReadonlyArray<readonly [number, number]> = [
  [9, 0.6], [10, 0.9], [11, 1.1], [12, 1.3], [13, 1.2], [14, 1.1], [15, 1.2], [16, 1.4], [17, 1.6], [18, 1.5], [19, 0.9]
]

const CATEGORIES = ["schuhe", "jacken", "elektronik", "haushalt", "sport", "kinder", "beauty"] as const
const SEARCHES = ["laufschuhe", "regenjacke", "sneaker", "kaffeemaschine", "kopfhoerer", "rucksack", "geschenk", "gutschein"] as const
const COUPONS = ["WELCOME10", "SPRING15", "LOYAL5", "BDAY20", "APP10"] as const
const HELP_TOPICS = ["versand", "retoure", "zahlung", "konto", "garantie"] as const

type ContactReason =
  | "where_is_my_order" | "return_request" | "payment_issue" | "product_question" | "complaint" | "account_help" | "delivery_damage" | "invoice_copy"

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))
const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x))

/** Satisfaction in [0, 1], skewed positive, shifted by the experience and the person's mood. */
const satisfaction = (rng: Rng, quality: number, mood: number): number =>
  sigmoid(1.3 + 1.6 * quality + 0.8 * mood + 1.1 * rng.normal())

/** When the desk is closed the reply waits for opening time plus the overnight queue. */
const deskTime = (rng: Rng, at: number): number => {
  const open = nextBusinessTime(at)
  return open === at ? at : open + rng.int(2, 120) * MINUTE
}

/** Equal-width bands of satisfaction onto a whole-number scale, so the top score is as reachable as any other. */
const onScale = (u: number, min: number, max: number): number => Math.min(max, min + Math.floor(u * (max - min + 1)))

const agentId = (rng: Rng): string => `ag-${String(rng.int(1, 25)).padStart(2, "0")}`

const pickLanguage = (rng: Rng, c: Customer | undefined): Language =>
  rng.chance(c === undefined ? 0.6 : c.language === "de" ? 0.72 : 0.12) ? "de" : "en"

const weekdayOf = (dayStart: number): number => berlinParts(dayStart + 12 * HOUR).weekday

/** A start instant inside the UTC day, weighted by the Berlin local hour it falls on. */
const sampleWebStart = (rng: Rng, dayStart: number): number => {
  const offsetHours = berlinOffsetMinutes(dayStart + 12 * HOUR) / 60
  const hours: Array<readonly [number, number]> = []
  for (let h = 0; h < 24; h++) hours.push([h, WEB_LOCAL_HOURS[(h + offsetHours) % 24] ?? 1])
  return dayStart + rng.weighted(hours) * HOUR + rng.int(0, 3599) * SECOND
}

const sampleStoreTime = (rng: Rng, dayStart: number): number =>
  wholeSeconds(berlinAt(dayStart + 12 * HOUR, rng.weighted(STORE_LOCAL_HOURS)) + rng.int(0, 3599) * SECOND)

/** Reading time between two hits: seconds usually, minutes sometimes. */
const hitGap = (rng: Rng): number => Math.round(clamp(rng.lognormal(35, 1.0), 2, 1500)) * SECOND

const UTM_KEYS = ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"] as const

const landingUrl = (rng: Rng, path: string, entry: Entry): string => {
  const params = UTM_KEYS.flatMap((k) => {
    const v = entry[k]
    return v === undefined ? [] : [`${k}=${encodeURIComponent(v)}`]
  })
  return params.length > 0 && rng.chance(0.75) ? `${SHOP}${path}?${params.join("&")}` : `${SHOP}${path}`
}

const landingPath = (rng: Rng, entry: Entry): string => {
  switch (entry.channel) {
    case "Paid Search":
    case "Paid Shopping":
    case "Organic Shopping":
    case "Cross-network":
    case "Affiliates":
      return `/p/${rng.int(1000, 9999)}`
    case "Email":
    case "SMS":
    case "Mobile Push Notifications":
      return rng.pick(["/sale", "/neu", `/c/${rng.pick(CATEGORIES)}`])
    case "Display":
    case "Paid Social":
    case "Paid Video":
      return rng.chance(0.5) ? `/p/${rng.int(1000, 9999)}` : `/c/${rng.pick(CATEGORIES)}`
    default:
      return rng.chance(0.6) ? "/" : `/c/${rng.pick(CATEGORIES)}`
  }
}

const orderCents = (rng: Rng, median: number, min: number, max: number): number =>
  Math.round(clamp(rng.lognormal(median, 0.65), min, max))

const rememberOrder = (c: Customer, orderId: string, cents: number, storeId: StoreId | undefined): void => {
  c.recentOrders.push({ orderId, cents, storeId })
  if (c.recentOrders.length > 3) c.recentOrders.shift()
}

// ---------------------------------------------------------------------------------------------
// Surveys and reviews

type Touchpoint = "web" | "store" | "delivery" | "support" | "app"

const SURVEY_ASPECTS: Readonly<Record<Touchpoint, ReadonlyArray<Aspect>>> = {
  web: ["app", "price", "quality"],
  app: ["app", "price"],
  store: ["staff", "waiting", "price", "quality"],
  delivery: ["delivery", "quality"],
  support: ["support"]
}

const scoreTone = (type: "nps" | "csat" | "ces", score: number): Tone => {
  if (type === "nps") return score >= 9 ? 1 : score >= 7 ? 0 : -1
  if (type === "csat") return toneOfStars(score)
  return score >= 6 ? 1 : score >= 4 ? 0 : -1
}

interface SurveyOptions {
  readonly type: "nps" | "csat" | "ces"
  readonly touchpoint: Touchpoint
  readonly channel: string
  readonly quality: number
  readonly identity: Cells
  readonly storeId?: StoreId
  readonly orderId?: string
  readonly ticketId?: string
  readonly aspects?: ReadonlyArray<Aspect>
}

const survey = (ctx: SimContext, c: Customer, at: number, o: SurveyOptions): void => {
  const rng = c.rng
  const u = satisfaction(rng, o.quality, c.mood)
  const score = o.type === "nps" ? onScale(u, 0, 10) : o.type === "csat" ? onScale(u, 1, 5) : onScale(u, 1, 7)
  const tone = scoreTone(o.type, score)
  // Unhappy respondents write comments more often.
  const withComment = rng.chance(tone === -1 ? 0.55 : tone === 0 ? 0.35 : 0.25)
  const language = pickLanguage(rng, c)
  const comment = withComment ? composeText(rng, language, tone, o.aspects ?? SURVEY_ASPECTS[o.touchpoint], rng.int(1, 2)) : undefined
  ctx.emit("survey", c, at, {
    survey_type: o.type,
    score,
    ...o.identity,
    touchpoint: o.touchpoint,
    channel: o.channel,
    store_id: o.storeId,
    order_id: o.orderId,
    ticket_id: o.ticketId,
    comment,
    language: rng.chance(withComment ? 0.88 : 0.75) ? language : undefined
  }, rng.chance(0.15))
}

type Platform = "google" | "trustpilot" | "facebook" | "app_store"

const REVIEW_ASPECTS: Readonly<Record<Platform, ReadonlyArray<Aspect>>> = {
  google: ["staff", "waiting", "price", "quality"],
  trustpilot: ["delivery", "quality", "price", "app"],
  facebook: ["staff", "delivery", "price", "quality"],
  app_store: ["app", "delivery"]
}

const AUTHOR_PREFIX: Readonly<Record<Platform, string>> = { google: "g", trustpilot: "tp", facebook: "fb", app_store: "ios" }

const review = (ctx: SimContext, person: Person, handle: string, mood: number, language: Language, at: number, platform: Platform, quality: number, storeId: StoreId | undefined, orderId?: string): void => {
  const rng = person.rng
  let stars = onScale(satisfaction(rng, quality, mood), 1, 5)
  // Reviews are J-shaped: bad experiences produce a lot of one-star ratings.
  if (quality < -0.3 && rng.chance(0.4)) stars = 1
  let tone = toneOfStars(stars)
  // A few reviews do not match their stars (five stars with an angry text, or the reverse).
  if (rng.chance(0.05)) tone = tone === 1 ? -1 : 1
  const hasText = rng.chance(0.9)
  const repliedAt = rng.chance(stars <= 2 ? 0.6 : 0.3) ? wholeSeconds(at + clamp(rng.lognormal(20 * HOUR, 1), HOUR, 7 * DAY)) : undefined
  ctx.emit("review", person, at, {
    platform,
    rating: stars,
    store_id: storeId,
    title: rng.chance(0.75) ? composeTitle(rng, language, tone) : undefined,
    text: hasText ? composeText(rng, language, tone, REVIEW_ASPECTS[platform], rng.int(1, 3)) : undefined,
    language: rng.chance(0.85) ? language : undefined,
    // A reply that has not happened by the end of the window is not known yet.
    replied_at: repliedAt !== undefined && repliedAt < ctx.end ? instant(repliedAt, rng.chance(0.1)) : undefined,
    author_id: rng.chance(0.92) ? `${AUTHOR_PREFIX[platform]}-${handle}` : undefined,
    // a review written after an order names it where the platform knows it (a verified purchase)
    order_id: orderId
  }, rng.chance(0.1))
}

const customerReview = (ctx: SimContext, c: Customer, at: number, platform: Platform, quality: number, storeId: StoreId | undefined, orderId?: string): void =>
  review(ctx, c, c.reviewHandle, c.mood, pickLanguage(c.rng, c), wholeSeconds(at + clamp(c.rng.lognormal(6 * HOUR, 1), 10 * MINUTE, 5 * DAY)), platform, quality, storeId, orderId)

// ---------------------------------------------------------------------------------------------
// Support

const TICKET_CHANNELS: ReadonlyArray<readonly [string, number]> = [
  ["email", 25], ["phone", 20], ["chat", 18], ["chatbot", 20], ["social", 5], ["form", 12]
]

const RANDOM_REASONS: ReadonlyArray<readonly [ContactReason, number]> = [
  ["product_question", 30], ["account_help", 20], ["invoice_copy", 15], ["payment_issue", 15], ["complaint", 12], ["return_request", 8]
]

interface TicketOptions {
  readonly reason: ContactReason
  readonly orderId?: string
  readonly channel?: string
}

const ticket = (ctx: SimContext, c: Customer, createdAt: number, o: TicketOptions): void => {
  const rng = c.rng
  const ticketId = `t-${ctx.nextTicketNumber()}`
  const channel = o.channel ?? rng.weighted(TICKET_CHANNELS)
  const priority = o.reason === "complaint" || o.reason === "delivery_damage"
    ? rng.weighted([["normal", 40], ["high", 60]] as const)
    : rng.weighted([["low", 30], ["normal", 58], ["high", 12]] as const)
  const base = { ticket_id: ticketId, channel }
  const customerIdentity = (): Cells => ({
    customer_id: (channel === "chat" || channel === "chatbot" || channel === "form") && rng.chance(0.45) ? c.customerId : undefined,
    email: channel !== "phone" && rng.chance(channel === "email" || channel === "form" ? 0.95 : 0.4) ? typedEmail(rng, c) : undefined,
    phone: c.phone !== undefined && (channel === "phone" ? rng.chance(0.85) : rng.chance(0.05))
      ? (rng.chance(0.01) ? JUNK_PHONE : typedPhone(rng, c.phone))
      : undefined
  })
  // Calls only reach the hotline while it is staffed.
  let t = wholeSeconds(channel === "phone" ? deskTime(rng, createdAt) : createdAt)
  ctx.emit("support", c, t, { ...base, event_type: "created", ...customerIdentity(), contact_reason: o.reason, order_id: o.orderId, priority })

  let quality = 0.2
  const agent = agentId(rng)
  const reply = (type: "agent_reply" | "customer_reply" | "bot_reply" | "solved" | "reopened" | "closed", at: number, extra: Cells = {}): void => {
    t = wholeSeconds(Math.max(at, t + SECOND))
    ctx.emit("support", c, t, { ...base, event_type: type, ...extra })
  }
  const surveyAfter = (): void => {
    if (!rng.chance(0.35)) return
    const type = rng.chance(0.7) ? "csat" : "ces"
    survey(ctx, c, wholeSeconds(t + clamp(rng.lognormal(3 * HOUR, 1), 5 * MINUTE, 3 * DAY)), {
      type,
      touchpoint: "support",
      channel,
      quality,
      identity: rng.chance(0.6) ? { email: typedEmail(rng, c) } : { customer_id: c.customerId },
      ticketId,
      ...(o.orderId === undefined ? {} : { orderId: o.orderId }),
      aspects: channel === "chatbot" ? ["support", "bot"] : ["support"]
    })
  }

  if (channel === "chatbot") {
    reply("bot_reply", t + rng.int(3, 40) * SECOND)
    if (rng.chance(0.45)) {
      if (rng.chance(0.4)) reply("customer_reply", t + rng.int(20, 180) * SECOND, { email: rng.chance(0.2) ? typedEmail(rng, c) : undefined })
      reply("solved", t + rng.int(30, 600) * SECOND)
      quality = rng.chance(0.7) ? 0.4 : -0.4
      surveyAfter()
      return
    }
    // Escalated to a human: the customer waits for the desk.
    quality -= 0.3
  }
  // Some tickets never get an answer in time (a backlog).
  if (rng.chance(0.05)) return

  const firstWait = channel === "phone"
    ? rng.int(0, 180) * SECOND
    : channel === "chat" || channel === "chatbot"
    ? clamp(rng.lognormal(6 * MINUTE, 0.8), 30 * SECOND, 2 * HOUR)
    : clamp(rng.lognormal(5 * HOUR, 1.0), 10 * MINUTE, 4 * DAY)
  const firstReply = channel === "phone" ? t + firstWait : deskTime(rng, t + firstWait)
  quality -= ctx.effects.slowReply * clamp((firstReply - t) / DAY, 0, 1.5)
  // four hours is the default first-reply SLA (kpis.supportFirstReplySlaMinutes)
  if (firstReply - t > 4 * HOUR) breach(ctx, c)
  reply("agent_reply", firstReply, { agent_id: agent })
  // a reply is the business coming back to the customer: it softens what went wrong before
  c.lapse *= 1 - ctx.effects.recovery

  const rounds = rng.weighted([[0, 50], [1, 30], [2, 15], [3, 5]] as const)
  for (let i = 0; i < rounds; i++) {
    reply("customer_reply", t + clamp(rng.lognormal(2 * HOUR, 1.2), 2 * MINUTE, 3 * DAY), { email: rng.chance(0.3) ? typedEmail(rng, c) : undefined })
    reply("agent_reply", deskTime(rng, t + clamp(rng.lognormal(2 * HOUR, 1), 5 * MINUTE, 2 * DAY)), { agent_id: rng.chance(0.85) ? agent : agentId(rng) })
    quality -= 0.15
  }
  reply("solved", t + rng.int(1, 40) * MINUTE, { agent_id: agent })

  if (rng.chance(0.1)) {
    quality -= 0.6
    reply("reopened", t + clamp(rng.lognormal(DAY, 0.8), HOUR, 6 * DAY), { email: rng.chance(0.3) ? typedEmail(rng, c) : undefined })
    reply("agent_reply", deskTime(rng, t + clamp(rng.lognormal(4 * HOUR, 1), 10 * MINUTE, 2 * DAY)), { agent_id: agent })
    reply("solved", t + rng.int(5, 120) * MINUTE, { agent_id: agent })
  }
  if (rng.chance(0.4)) reply("closed", t + rng.int(3, 7) * DAY)
  surveyAfter()
}

// ---------------------------------------------------------------------------------------------
// Deliveries

type Service = "express" | "standard" | "click_collect"

interface DeliveryOutcome {
  readonly quality: number
  readonly at: number
  readonly failed: boolean
}

const delivery = (ctx: SimContext, c: Customer, orderId: string, purchasedAt: number, loggedIn: boolean): DeliveryOutcome => {
  const rng = c.rng
  const service: Service = rng.weighted([["express", 45], ["standard", 35], ["click_collect", 20]] as const)
  const storeId = service === "click_collect" ? c.homeStore : service === "express" && rng.chance(0.5) ? c.homeStore : undefined
  const ordered = wholeSeconds(purchasedAt + rng.int(5, 120) * SECOND)
  const promised = service === "express"
    ? ordered + rng.int(30, 60) * MINUTE
    : service === "standard"
    ? wholeSeconds(berlinAt(ordered + DAY, 20))
    : ordered + 2 * HOUR
  const common = { order_id: orderId, service, store_id: storeId }
  ctx.emit("delivery", c, ordered, {
    ...common,
    event_type: "ordered",
    promised_at: instant(promised, rng.chance(0.3)),
    customer_id: loggedIn && rng.chance(0.9) ? c.customerId : undefined,
    email: rng.chance(0.7) ? typedEmail(rng, c) : undefined
  }, rng.chance(0.1))

  let dispatched: number
  let arrival: number
  if (service === "express") {
    dispatched = ordered + rng.int(3, 15) * MINUTE
    // Around 40 minutes with a tail beyond the 45-minute promise.
    arrival = Math.max(dispatched + 5 * MINUTE, ordered + rng.lognormal(38, 0.3) * MINUTE)
  } else if (service === "standard") {
    // The warehouse ships during its working hours.
    dispatched = deskTime(rng, ordered + clamp(rng.lognormal(3 * HOUR, 0.6), 30 * MINUTE, 12 * HOUR))
    const onTime = berlinAt(ordered + DAY, rng.uniform(9, 19.5))
    arrival = Math.max(dispatched + HOUR, rng.chance(0.12) ? onTime + rng.uniform(0.5, 1.5) * DAY : onTime)
  } else {
    dispatched = ordered + rng.int(30, 110) * MINUTE
    arrival = dispatched + clamp(rng.lognormal(5 * HOUR, 0.9), 15 * MINUTE, 3 * DAY)
  }
  ctx.emit("delivery", c, wholeSeconds(dispatched), { ...common, event_type: "dispatched" }, rng.chance(0.1))

  const failed = rng.chance(0.03)
  if (failed) {
    ctx.emit("delivery", c, wholeSeconds(arrival), { ...common, event_type: "failed" }, rng.chance(0.1))
    if (rng.chance(0.5)) {
      arrival += service === "express" ? rng.uniform(1, 3) * HOUR : DAY
      ctx.emit("delivery", c, wholeSeconds(arrival), { ...common, event_type: "delivered" }, rng.chance(0.1))
    }
  } else {
    ctx.emit("delivery", c, wholeSeconds(arrival), {
      ...common,
      event_type: "delivered",
      email: rng.chance(0.1) ? typedEmail(rng, c) : undefined
    }, rng.chance(0.1))
  }
  const lateMinutes = (arrival - promised) / MINUTE
  const quality = failed ? -1 : 0.3 - (lateMinutes > 0 ? ctx.effects.lateDelivery * clamp(lateMinutes / 60, 0.5, 1.5) : 0)
  if (failed || lateMinutes > 0) breach(ctx, c)
  return { quality, at: wholeSeconds(arrival), failed }
}

// ---------------------------------------------------------------------------------------------
// Web

type WebEventType = (typeof WEB_EVENT_TYPES)[number]

type Intent = "bounce" | "browse" | "buy" | "research" | "help" | "account"

const webSession = (ctx: SimContext, p: Person, c: Customer | undefined, device: Device, start: number, weekday: number): void => {
  const rng = p.rng
  let t = start
  let loggedIn = c !== undefined && device.loggedIn
  const appSession = device.app && rng.chance(0.5)
  const entry: Entry = appSession
    ? rng.chance(0.2) ? { channel: "Mobile Push Notifications", utm_source: "app", utm_medium: "push", utm_campaign: rng.pick(["push_price_drop", "push_weekend_deal"]) } : { channel: "Direct" }
    : pickEntry(rng, weekday)
  let first = true

  const hit = (type: WebEventType, path: string | undefined, extra: Cells = {}): void => {
    const base: Cells = {
      anonymous_id: device.anonymousId,
      event_type: type,
      customer_id: loggedIn && c !== undefined ? c.customerId : undefined,
      page_url: path === undefined ? undefined : first ? landingUrl(rng, path, entry) : `${SHOP}${path}`,
      device_type: device.type
    }
    const marketing: Cells = first
      ? { referrer: entry.referrer, utm_source: entry.utm_source, utm_medium: entry.utm_medium, utm_campaign: entry.utm_campaign, utm_content: entry.utm_content, utm_term: entry.utm_term }
      : {}
    ctx.emit("web", p, t, { ...base, ...marketing, ...extra }, rng.chance(0.04))
    first = false
    t += hitGap(rng)
  }
  const login = (): Cells => {
    if (c === undefined) return {}
    loggedIn = true
    if (rng.chance(0.7)) device.loggedIn = true
    return { customer_id: c.customerId, email: typedEmail(rng, c) }
  }
  const browse = (count: number): void => {
    for (let i = 0; i < count; i++) {
      const kind = rng.weighted([["product", 50], ["category", 25], ["search", 25]] as const)
      if (kind === "product") hit("product_view", `/p/${rng.int(1000, 9999)}`)
      else if (kind === "category") hit("page_view", `/c/${rng.pick(CATEGORIES)}`)
      else hit("search", `/search?q=${rng.pick(SEARCHES)}`)
    }
  }

  const intent: Intent = rng.weighted<Intent>([
    ["bounce", 22], ["browse", 38], ["buy", 18 * (1 - (c?.lapse ?? 0))], ["research", c === undefined ? 8 : 12], ["help", 7], ["account", c === undefined ? 0 : 3]
  ])
  if (appSession) hit("app_open", undefined)
  else hit("page_view", landingPath(rng, entry))

  // Logged-out customers sometimes log in while browsing.
  if (c !== undefined && !loggedIn && c.registered && intent !== "account" && intent !== "buy" && rng.chance(0.06)) {
    hit("page_view", "/account/login", login())
  }

  switch (intent) {
    case "bounce":
      return
    case "browse":
      browse(rng.int(1, 8))
      return
    case "account": {
      if (c === undefined) return
      if (!c.registered) {
        hit("signup", "/account/signup", login())
        c.registered = true
      } else if (!loggedIn) {
        hit("page_view", "/account/login", login())
      }
      hit("page_view", rng.pick(["/account/orders", "/account/profile", "/account/newsletter"]))
      return
    }
    case "help": {
      const topic = rng.pick(HELP_TOPICS)
      for (let i = rng.int(1, 3); i > 0; i--) hit("help_view", `/help/${topic}`)
      if (c !== undefined && rng.chance(0.2)) {
        const reason: ContactReason = topic === "versand" ? "where_is_my_order" : topic === "retoure" ? "return_request" : topic === "zahlung" ? "payment_issue" : topic === "konto" ? "account_help" : "product_question"
        const order = c.recentOrders[c.recentOrders.length - 1]
        ticket(ctx, c, t + rng.int(1, 90) * MINUTE, {
          reason,
          channel: rng.weighted([["chat", 30], ["chatbot", 35], ["form", 20], ["email", 15]] as const),
          ...(order !== undefined && reason !== "account_help" ? { orderId: order.orderId } : {})
        })
      }
      return
    }
    case "research": {
      browse(rng.int(0, 2))
      for (let i = rng.int(1, 4); i > 0; i--) hit("product_view", `/p/${rng.int(1000, 9999)}`)
      if (rng.chance(0.8)) {
        hit("store_locator", `/stores${rng.chance(0.5) ? `?q=${rng.int(10115, 14199)}` : ""}`)
        // Research online, buy offline: a store visit follows within the next days.
        if (c !== undefined && c.plannedStoreAt === undefined && rng.chance(0.55)) {
          c.plannedStoreAt = t + (rng.chance(0.15) ? rng.int(30, 180) * MINUTE : rng.int(1, 10) * DAY)
        }
      }
      return
    }
    case "buy": {
      browse(rng.int(0, 4))
      hit("product_view", `/p/${rng.int(1000, 9999)}`)
      hit("add_to_cart", "/cart")
      if (rng.chance(0.3)) {
        hit("product_view", `/p/${rng.int(1000, 9999)}`)
        hit("add_to_cart", "/cart")
      }
      if (!rng.chance(0.7)) return
      if (c === undefined) {
        // Anonymous visitors abandon at checkout; they never become buyers in this world.
        if (rng.chance(0.3)) hit("checkout", "/checkout")
        return
      }
      let guest = false
      let checkoutIdentity: Cells = {}
      if (!loggedIn) {
        if (c.registered && rng.chance(0.65)) checkoutIdentity = login()
        else if (!c.registered && rng.chance(0.4)) {
          hit("signup", "/account/signup", login())
          c.registered = true
        } else guest = true
      }
      if (guest) checkoutIdentity = { email: typedEmail(rng, c) }
      else if (loggedIn && rng.chance(0.2) && checkoutIdentity["email"] === undefined) checkoutIdentity = { email: typedEmail(rng, c) }
      hit("checkout", "/checkout", checkoutIdentity)
      if (!rng.chance(0.85)) return
      const orderId = `o-${ctx.nextOrderNumber()}`
      const cents = orderCents(rng, 6500, 1000, 30000)
      const purchasedAt = t
      hit("purchase", "/checkout/confirmation", {
        order_id: orderId,
        revenue: money(cents),
        currency: rng.chance(0.98) ? "EUR" : "CHF",
        email: guest ? typedEmail(rng, c) : undefined
      })
      rememberOrder(c, orderId, cents, undefined)
      afterWebPurchase(ctx, c, orderId, purchasedAt, loggedIn, appSession)
      return
    }
  }
}

const afterWebPurchase = (ctx: SimContext, c: Customer, orderId: string, purchasedAt: number, loggedIn: boolean, app: boolean): void => {
  const rng = c.rng
  const touchpoint: Touchpoint = app ? "app" : "web"
  if (rng.chance(0.2)) {
    survey(ctx, c, wholeSeconds(purchasedAt + rng.int(2, 30) * MINUTE), {
      type: "nps",
      touchpoint,
      channel: app ? "in_app" : "web",
      quality: rng.normal() * 0.3,
      identity: loggedIn ? { customer_id: c.customerId } : { email: typedEmail(rng, c) },
      orderId
    })
  }
  if (!rng.chance(0.75)) return
  const outcome = delivery(ctx, c, orderId, purchasedAt, loggedIn)
  if (rng.chance(outcome.failed ? 0.6 : outcome.quality < -0.3 ? 0.15 : 0.02)) {
    const reason: ContactReason = outcome.failed ? "where_is_my_order" : rng.chance(0.3) ? "delivery_damage" : "where_is_my_order"
    ticket(ctx, c, outcome.at + clamp(rng.lognormal(3 * HOUR, 1), 10 * MINUTE, 3 * DAY), { reason, orderId })
  }
  if (rng.chance(0.3)) {
    survey(ctx, c, wholeSeconds(outcome.at + clamp(rng.lognormal(4 * HOUR, 0.8), 20 * MINUTE, 3 * DAY)), {
      type: rng.chance(0.6) ? "csat" : "nps",
      touchpoint: "delivery",
      channel: rng.chance(0.7) ? "email" : "sms",
      quality: outcome.quality,
      identity: { email: typedEmail(rng, c) },
      orderId
    })
  }
  if (rng.chance(0.05)) customerReview(ctx, c, outcome.at, rng.chance(0.8) ? "trustpilot" : "facebook", outcome.quality, undefined, orderId)
}

// ---------------------------------------------------------------------------------------------
// Stores

/** Which identifiers the till captured for this purchase. */
const tillIdentity = (rng: Rng, c: Customer, storeId: StoreId): Cells => {
  // Cashiers type placeholders when a customer does not want to give their details.
  const email = (): string => (rng.chance(0.03) ? JUNK_EMAIL : typedEmail(rng, c))
  const phone = (): string | undefined => (c.phone === undefined ? (rng.chance(0.3) ? JUNK_PHONE : undefined) : rng.chance(0.08) ? JUNK_PHONE : typedPhone(rng, c.phone))
  const staffCard = STAFF_CARDS[storeId]
  if (c.loyaltyId !== undefined) {
    const how = rng.weighted([["loyalty", 45], ["loyalty_email", 20], ["email", 8], ["app", 10], ["phone", 4], ["nothing", 13]] as const)
    switch (how) {
      case "loyalty": return { loyalty_id: c.loyaltyId }
      case "loyalty_email": return { loyalty_id: c.loyaltyId, email: email() }
      case "email": return { email: email() }
      case "app": return { customer_id: c.customerId, loyalty_id: rng.chance(0.5) ? c.loyaltyId : undefined }
      case "phone": return { phone: phone() }
      case "nothing": return {}
    }
  }
  const how = rng.weighted([["email", 35], ["app", 12], ["phone", 8], ["nothing", 35], ["staff", staffCard === undefined ? 0 : 30]] as const)
  switch (how) {
    case "email": return { email: email() }
    case "app": return { customer_id: c.customerId }
    case "phone": return { phone: phone() }
    case "nothing": return {}
    case "staff": return { loyalty_id: staffCard, email: rng.chance(0.8) ? email() : undefined }
  }
}

const storeVisit = (ctx: SimContext, c: Customer, at: number, planned: boolean): void => {
  const rng = c.rng
  const storeId: StoreId = planned || rng.chance(0.8) ? c.homeStore : rng.pick(STORES)
  const local = rng.chance(0.5)
  let t = at
  // Saturdays are crowded, which shows in waiting times and scores.
  const crowded = berlinParts(at).weekday === 6
  const quality = rng.normal() * 0.4 - (crowded ? 0.2 : 0)
  ctx.emit("store", c, t, {
    store_id: storeId,
    event_type: "visit",
    loyalty_id: c.loyaltyId !== undefined && rng.chance(0.15) ? c.loyaltyId : undefined
  }, local)
  t += rng.int(3, 25) * MINUTE + rng.int(0, 59) * SECOND

  const returned = c.recentOrders.length > 0 && rng.chance(0.06) ? c.recentOrders.shift() : undefined
  if (returned !== undefined) {
    ctx.emit("store", c, t, {
      store_id: storeId,
      event_type: "return",
      order_id: returned.orderId,
      revenue: money(rng.chance(0.7) ? returned.cents : Math.round(returned.cents * rng.uniform(0.2, 0.9))),
      currency: "EUR",
      ...tillIdentity(rng, c, storeId)
    }, local)
    t += rng.int(1, 6) * MINUTE
  }

  if (!rng.chance((planned ? 0.85 : 0.62) * (1 - c.lapse))) return
  const coupon = rng.chance(0.12) ? rng.pick(COUPONS) : undefined
  const identity = tillIdentity(rng, c, storeId)
  if (coupon !== undefined) {
    ctx.emit("store", c, t, { store_id: storeId, event_type: "coupon_redeemed", coupon_code: coupon, loyalty_id: identity["loyalty_id"] }, local)
    t += rng.int(10, 90) * SECOND
  }
  const orderId = `o-${storeId}-${ctx.nextOrderNumber()}`
  const cents = orderCents(rng, 4500, 500, 40000)
  ctx.emit("store", c, t, {
    store_id: storeId,
    event_type: "purchase",
    ...identity,
    order_id: orderId,
    revenue: money(cents),
    currency: "EUR",
    coupon_code: coupon
  }, local)
  rememberOrder(c, orderId, cents, storeId)

  const email = identity["email"]
  const reachable = (typeof email === "string" && email !== JUNK_EMAIL) || (c.loyaltyId !== undefined && identity["loyalty_id"] === c.loyaltyId)
  if (reachable && rng.chance(0.2)) {
    const viaQr = rng.chance(0.3)
    survey(ctx, c, wholeSeconds(t + (viaQr ? rng.int(2, 60) * MINUTE : clamp(rng.lognormal(5 * HOUR, 0.8), 30 * MINUTE, 3 * DAY))), {
      type: rng.weighted([["nps", 50], ["csat", 35], ["ces", 15]] as const),
      touchpoint: "store",
      channel: viaQr ? "qr_code" : "email",
      quality,
      identity: viaQr ? {} : rng.chance(0.5) && c.loyaltyId !== undefined ? { loyalty_id: c.loyaltyId } : { email: typedEmail(rng, c) },
      storeId,
      orderId
    })
  }
  if (rng.chance(0.03)) customerReview(ctx, c, t, "google", quality, storeId)
}

// ---------------------------------------------------------------------------------------------
// A day per person

const pickDevice = (rng: Rng, devices: ReadonlyArray<Device>): Device =>
  rng.weighted(devices.map((d, i) => [d, i === 0 ? 3 : 1] as const))

export const customerDay = (ctx: SimContext, c: Customer, day: number, dayStart: number): void => {
  if (day < c.firstActiveDay) return
  const rng = c.rng
  const weekday = weekdayOf(dayStart)
  const starts: Array<number> = []
  for (let n = rng.poisson(c.webRate * (WEB_WEEKDAY[weekday] ?? 1)); n > 0; n--) starts.push(sampleWebStart(rng, dayStart))
  starts.sort((a, b) => a - b)
  for (const start of starts) webSession(ctx, c, c, pickDevice(rng, c.devices), start, weekday)

  const visits: Array<{ at: number; planned: boolean }> = []
  if (weekday !== 7) {
    for (let n = rng.poisson(c.storeRate * (STORE_WEEKDAY[weekday] ?? 1)); n > 0; n--) visits.push({ at: sampleStoreTime(rng, dayStart), planned: false })
  }
  const plannedAt = c.plannedStoreAt
  if (plannedAt !== undefined && plannedAt < dayStart + DAY) {
    const at = Math.max(sampleStoreTime(rng, dayStart), wholeSeconds(plannedAt + rng.int(10, 40) * MINUTE))
    const { hour, weekday: visitDay } = berlinParts(at)
    if (visitDay !== 7 && hour >= 9 && hour < 20) {
      visits.push({ at, planned: true })
      c.plannedStoreAt = undefined
    } else {
      // Closed (evening or Sunday): the visit slips to the next day.
      c.plannedStoreAt = dayStart + DAY
    }
  }
  visits.sort((a, b) => a.at - b.at)
  for (const v of visits) storeVisit(ctx, c, v.at, v.planned)

  if (rng.chance(0.0012)) {
    const reason = rng.weighted(RANDOM_REASONS)
    const order = c.recentOrders[c.recentOrders.length - 1]
    ticket(ctx, c, sampleWebStart(rng, dayStart), {
      reason,
      ...(order !== undefined && (reason === "return_request" || reason === "complaint" || reason === "invoice_copy") ? { orderId: order.orderId } : {})
    })
  }
  if (rng.chance(0.0006) && c.devices.some((d) => d.app)) {
    customerReview(ctx, c, sampleWebStart(rng, dayStart), "app_store", rng.normal() * 0.5, undefined)
  }
}

export const visitorDay = (ctx: SimContext, v: Visitor, dayStart: number): void => {
  const rng = v.rng
  const weekday = weekdayOf(dayStart)
  const device = v.devices[0]
  if (device === undefined) return
  const starts: Array<number> = []
  for (let n = rng.poisson(v.webRate * (WEB_WEEKDAY[weekday] ?? 1)); n > 0; n--) starts.push(sampleWebStart(rng, dayStart))
  starts.sort((a, b) => a - b)
  for (const start of starts) webSession(ctx, v, undefined, device, start, weekday)
  // Passers-by who never shop with an account still review the stores.
  if (weekday !== 7 && rng.chance(0.0015)) {
    const storeId = rng.pick(STORES)
    review(ctx, v, rng.hex(8), rng.normal() * 0.4, rng.chance(0.6) ? "de" : "en", sampleStoreTime(rng, dayStart) + HOUR, rng.chance(0.85) ? "google" : "facebook", rng.normal() * 0.5, storeId)
  }
}
