/**
 * The rules that are data: GA4's default channel group, the source categories it relies on and
 * the micro-moment rules live as CSV files under sql/journeys/seeds/ and are read by the seed
 * models (sql/journeys/channel_rules.sql, …) through bound file paths. Config channelRules
 * travel as one bound JSON parameter.
 */
import { join } from "node:path"
import type { Config } from "../../schemas/config.ts"
import { projectRoot } from "../project-root.ts"

const seedsDir = join(projectRoot, "sql", "journeys", "seeds")

export const seedFiles = {
  channelRules: join(seedsDir, "channel_rules.csv"),
  sourceCategories: join(seedsDir, "source_categories.csv"),
  microMoments: join(seedsDir, "micro_moments.csv"),
  microMomentRules: join(seedsDir, "micro_moment_rules.csv")
} as const

/** config.channelRules as the JSON list channel_rules.sql unpacks, in config order. */
export const configChannelRules = (rules: Config["channelRules"]): string =>
  JSON.stringify(rules.map((r) => ({
    channel: r.channel,
    source: r.source ?? null,
    medium: r.medium ?? null,
    campaign: r.campaign ?? null,
    referrer: r.referrer ?? null
  })))
