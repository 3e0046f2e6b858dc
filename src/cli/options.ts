/** Flags shared by several commands, and their checks that @effect/cli does not do itself. */
import { Options } from "@effect/cli"
import { Effect, Option } from "effect"
import type { Config } from "../../schemas/config.ts"
import { loadConfig, type LoadedConfig } from "../config/load-config.ts"
import { ConfigInvalid, UsageInvalid } from "../errors.ts"

export const configOption = Options.text("config").pipe(
  Options.withDescription("configuration file (default: touchpoint.config.json if present, else built-in defaults)"),
  Options.optional
)

const DATE = /^\d{4}-\d{2}-\d{2}$/

export const checkDate = (flag: string, value: Option.Option<string>): Effect.Effect<string | null, UsageInvalid> =>
  Option.match(value, {
    onNone: () => Effect.succeed(null),
    onSome: (v) =>
      DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)
        ? Effect.succeed(v)
        : Effect.fail(new UsageInvalid({ message: `--${flag} '${v}' is not a date; use YYYY-MM-DD` }))
  })

export interface PathOverrides {
  readonly inbox: Option.Option<string>
  readonly out: Option.Option<string>
  readonly warehouse: Option.Option<string>
}

/** The configuration with command-line overrides applied; flags win over the file. */
export const loadWithOverrides = (
  configFile: Option.Option<string>,
  overrides: PathOverrides & { readonly maxQuarantineShare?: Option.Option<number> }
): Effect.Effect<LoadedConfig, ConfigInvalid | UsageInvalid> =>
  Effect.gen(function*() {
    const loaded = yield* loadConfig(Option.getOrUndefined(configFile))
    const share = overrides.maxQuarantineShare === undefined ? undefined : Option.getOrUndefined(overrides.maxQuarantineShare)
    if (share !== undefined && !(share >= 0 && share <= 1)) {
      return yield* new UsageInvalid({ message: `--max-quarantine-share ${share} must be a number from 0 to 1` })
    }
    const config: Config = {
      ...loaded.config,
      paths: {
        ...loaded.config.paths,
        inbox: Option.getOrElse(overrides.inbox, () => loaded.config.paths.inbox),
        out: Option.getOrElse(overrides.out, () => loaded.config.paths.out),
        warehouse: Option.getOrElse(overrides.warehouse, () => loaded.config.paths.warehouse)
      },
      quarantine: { maxShare: share ?? loaded.config.quarantine.maxShare }
    }
    return { ...loaded, config }
  })
