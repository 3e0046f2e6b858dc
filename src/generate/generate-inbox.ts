/**
 * Seeded synthetic inbox for Touchpoint: simulates customers day by day and writes one file per
 * source per day (or per few days for low-volume sources) under `<inbox>/<source>/`.
 *
 * Memory stays O(customers): only per-person state and the events of days not yet written are
 * held. Follow-ups (deliveries, ticket replies) reach at most a few days ahead, so the buffer is a
 * handful of days, whatever the length of the window.
 *
 * Determinism: every person draws from a PRNG stream derived from (seed, person index); people
 * are simulated in index order each day; order and ticket numbers come from counters advanced in
 * that same order; event ids are assigned per source in (time, person, sequence) order when a day
 * is written. The same options therefore give byte-identical files.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api"
import { mkdir, mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DAY, isoDate, parseDate } from "./calendar.ts"
import { COLUMNS, EVENT_ID_PREFIX, SOURCES, instant, type Cells, type FileFormat, type PendingEvent, type SourceName } from "./columns.ts"
import { makeCustomer, makeVisitor } from "./population.ts"
import { customerDay, defaultCxEffects, visitorDay, type CxEffects, type SimContext } from "./simulate.ts"
import { openSink, type FileSink, type WrittenFile } from "./writers.ts"

export interface GenerateOptions {
  readonly inbox: string
  readonly customers: number
  readonly days: number
  readonly seed: number
  /** YYYY-MM-DD, the UTC day of the first generated day. */
  readonly startDate: string
  /** "mixed" (default) spreads all supported formats over the files; "ndjson" writes only .ndjson. */
  readonly formats?: "mixed" | "ndjson"
  /** The cause and effect built into the data (defaultCxEffects); zeros switch it off. */
  readonly effects?: Partial<CxEffects>
}

export interface GenerateSummary {
  readonly files: ReadonlyArray<{ path: string; source: string; format: string; rows: number }>
  readonly events: number
}

/** Days per file: low-volume sources are grouped so files are not tiny. */
const CHUNK_DAYS: Readonly<Record<SourceName, number>> = { web: 1, store: 1, survey: 2, support: 1, delivery: 1, review: 3 }

/** Anonymous visitors (never log in) per customer. */
const VISITORS_PER_CUSTOMER = 0.5

/**
 * The format of a file in "mixed" mode, by source and the index of its first day. Web has
 * events every day, so the weekly rotation sits mostly on web: with store (csv, closed on
 * Sundays) and delivery (csv.gz) every format occurs in any run of seven days or more, even when
 * the low-volume sources (survey, support, review) stay empty in a small run.
 */
const WEB_WEEK: ReadonlyArray<FileFormat> = ["ndjson.gz", "jsonl", "jsonl.gz", "parquet", "arrows", "arrow", "ndjson"]

const mixedFormat = (source: SourceName, firstDay: number): FileFormat => {
  const cycle = firstDay % 7
  switch (source) {
    case "web":
      return WEB_WEEK[cycle] ?? "ndjson.gz"
    case "store":
      return cycle === 3 ? "arrows" : "csv"
    case "survey":
      return "parquet"
    case "support":
      return "jsonl"
    case "delivery":
      return "csv.gz"
    case "review":
      return "arrow"
  }
}

/** The ticketing export writes occurred_at as epoch milliseconds, which the contract allows. */
const EPOCH_SOURCES: ReadonlySet<SourceName> = new Set(["support"])

const validate = (o: GenerateOptions): number => {
  if (!Number.isSafeInteger(o.customers) || o.customers < 0) throw new Error(`customers must be a whole number >= 0, got ${o.customers}`)
  if (!Number.isSafeInteger(o.days) || o.days < 1) throw new Error(`days must be a whole number >= 1, got ${o.days}`)
  if (!Number.isSafeInteger(o.seed)) throw new Error(`seed must be a whole number, got ${o.seed}`)
  if (o.formats !== undefined && o.formats !== "mixed" && o.formats !== "ndjson") throw new Error(`formats must be "mixed" or "ndjson"`)
  const start = parseDate(o.startDate)
  if (start === undefined) throw new Error(`startDate must be a date as YYYY-MM-DD, got ${JSON.stringify(o.startDate)}`)
  return start
}

const byTime = (a: PendingEvent, b: PendingEvent): number => a.at - b.at || a.entity - b.entity || a.seq - b.seq

type DayEvents = Record<SourceName, Array<PendingEvent>>

const emptyDay = (): DayEvents => ({ web: [], store: [], survey: [], support: [], delivery: [], review: [] })

interface OpenFile {
  readonly sink: FileSink
  readonly lastDay: number
}

export const generateInbox = async (options: GenerateOptions): Promise<GenerateSummary> => {
  const start = validate(options)
  const { inbox, customers: customerCount, days, seed } = options
  const mode = options.formats ?? "mixed"
  const end = start + days * DAY

  for (const source of SOURCES) await mkdir(join(inbox, source), { recursive: true })
  const scratch = await mkdtemp(join(tmpdir(), "touchpoint-generate-"))

  let duck: { readonly instance: DuckDBInstance; readonly connection: DuckDBConnection } | undefined
  const connection = async (): Promise<DuckDBConnection> => {
    if (duck === undefined) {
      // One thread so Parquet row order, and so the bytes, cannot depend on scheduling.
      const instance = await DuckDBInstance.create(":memory:", { threads: "1" })
      duck = { instance, connection: await instance.connect() }
    }
    return duck.connection
  }

  const buffered = new Map<number, DayEvents>()
  let currentDay = 0
  let orderNumber = 100_000
  let ticketNumber = 50_000
  const ctx: SimContext = {
    end,
    effects: { ...defaultCxEffects, ...options.effects },
    emit: (source, person, at, cells, local = false) => {
      if (at >= end) return
      const day = Math.floor((at - start) / DAY)
      if (day < currentDay) throw new Error(`generator emitted a ${source} event before the day being simulated`)
      let events = buffered.get(day)
      if (events === undefined) {
        events = emptyDay()
        buffered.set(day, events)
      }
      events[source].push({ at, local, entity: person.entity, seq: person.seq++, cells })
    },
    nextOrderNumber: () => ++orderNumber,
    nextTicketNumber: () => ++ticketNumber
  }

  const customers = Array.from({ length: customerCount }, (_, i) => makeCustomer(seed, i, days))
  const visitorCount = Math.round(customerCount * VISITORS_PER_CUSTOMER)
  const visitors = Array.from({ length: visitorCount }, (_, i) => makeVisitor(seed, i, customerCount + i))

  const nextId: Record<SourceName, number> = { web: 0, store: 0, survey: 0, support: 0, delivery: 0, review: 0 }
  const open = new Map<SourceName, OpenFile>()
  const written: Array<WrittenFile> = []
  let total = 0

  const openFile = (source: SourceName, day: number): OpenFile => {
    const size = CHUNK_DAYS[source]
    const firstDay = Math.floor(day / size) * size
    const lastDay = Math.min(days - 1, firstDay + size - 1)
    const format: FileFormat = mode === "ndjson" ? "ndjson" : mixedFormat(source, firstDay)
    const range = lastDay > firstDay ? `${isoDate(start + firstDay * DAY)}_${isoDate(start + lastDay * DAY)}` : isoDate(start + firstDay * DAY)
    const path = join(inbox, source, `${source}-${range}.${format}`)
    const sink = openSink({ path, source, format, columns: COLUMNS[source], epochOccurredAt: EPOCH_SOURCES.has(source) }, scratch, connection)
    return { sink, lastDay }
  }

  const writeDay = async (day: number): Promise<void> => {
    const events = buffered.get(day) ?? emptyDay()
    buffered.delete(day)
    for (const source of SOURCES) {
      const list = events[source]
      if (list.length > 0) {
        list.sort(byTime)
        const rows: Array<Cells> = list.map((e) => ({
          event_id: `${EVENT_ID_PREFIX[source]}-${seed}-${++nextId[source]}`,
          occurred_at: instant(e.at, e.local),
          ...e.cells
        }))
        let file = open.get(source)
        if (file === undefined) {
          file = openFile(source, day)
          open.set(source, file)
        }
        await file.sink.append(rows)
        total += rows.length
      }
      const file = open.get(source)
      if (file !== undefined && file.lastDay === day) {
        open.delete(source)
        written.push(await file.sink.close())
      }
    }
  }

  try {
    for (let day = 0; day < days; day++) {
      currentDay = day
      const dayStart = start + day * DAY
      for (const c of customers) customerDay(ctx, c, day, dayStart)
      for (const v of visitors) visitorDay(ctx, v, dayStart)
      await writeDay(day)
    }
  } catch (error) {
    for (const file of open.values()) await file.sink.abort().catch(() => undefined)
    throw error
  } finally {
    if (duck !== undefined) {
      duck.connection.closeSync()
      duck.instance.closeSync()
    }
    await rm(scratch, { recursive: true, force: true })
  }

  return { files: written.map((f) => ({ ...f })), events: total }
}
