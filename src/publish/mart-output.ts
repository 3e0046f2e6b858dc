/**
 * A mart published as its model builds it: the model's final select is the published schema,
 * defined once (the docs of each stage describe it; the output tests of each stage pin the
 * contract's columns). A column a model adds is published: helper columns live in int_ tables,
 * never in marts.
 */
import type { TableOutput } from "./publish.ts"
import type { WindowFilter } from "./window.ts"

export interface MartOutputOptions {
  /** The run's window on the mart's date, week or month column. */
  readonly filter?: WindowFilter
  /** Sorted for a deterministic file (TableOutput.orderBy). */
  readonly orderBy?: string
  /** Hive-partitioned by this month expression (TableOutput.monthOf). */
  readonly monthOf?: string
}

export const martOutput = (name: string, options: MartOutputOptions = {}): TableOutput => ({
  name,
  sql: `select * from ${name}${options.filter === undefined || options.filter.where === "" ? "" : `\n${options.filter.where}`}`,
  ...(options.filter === undefined ? {} : { params: options.filter.params }),
  ...(options.orderBy === undefined ? {} : { orderBy: options.orderBy }),
  ...(options.monthOf === undefined ? {} : { monthOf: options.monthOf })
})
