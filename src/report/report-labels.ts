/**
 * Every word the report shows, in each of its languages (`report.language`). Column labels are
 * keyed by the published column's name, so a column reads the same in every table.
 */
import type { reportLanguages } from "../../schemas/config.ts"

export type Language = (typeof reportLanguages)[number]

interface Words {
  readonly locale: string
  readonly title: string
  readonly generated: (run: string, at: string) => string
  readonly window: (since: string, until: string) => string
  readonly wholeWindow: string
  readonly noData: string
  readonly tableOf: string
  readonly sections: Record<SectionId, { readonly title: string; readonly intro: string }>
  readonly charts: Record<ChartId, string>
  readonly columns: Record<string, string>
  readonly values: Record<string, string>
}

export type SectionId = "health" | "attribution" | "kpis" | "reputation" | "drivers"

export type ChartId =
  | "health"
  | "shares"
  | "paths"
  | "nps"
  | "csat"
  | "ces"
  | "delivery"
  | "first_reply"
  | "breaches"
  | "rating"
  | "drivers"

const en: Words = {
  locale: "en-GB",
  title: "Touchpoint report",
  generated: (run, at) => `Run ${run}, published ${at} (UTC).`,
  window: (since, until) => `Window: ${since} to ${until}.`,
  wholeWindow: "Window: every event loaded.",
  noData: "No data in this window.",
  tableOf: "Numbers of the chart above",
  sections: {
    health: {
      title: "Data health",
      intro: "Rows per source as published, what this run read and set aside, and how recent the newest event is."
    },
    attribution: {
      title: "Attribution",
      intro: "Each model's share of conversions per channel; lines span the 90 % interval where the model has one (Markov, Shapley). Below, the converting paths most conversions took."
    },
    kpis: {
      title: "CX KPIs over time",
      intro: "Survey KPIs per week over all touchpoints (NPS with its margin of error, CSAT, CES); deliveries over the threshold and first replies per day over all segments."
    },
    reputation: {
      title: "Reputation",
      intro: "Reviews per week and platform over all stores: average rating, sentiment and replies."
    },
    drivers: {
      title: "CX drivers",
      intro: "What a breach did to each outcome: the difference between exposed and unexposed customers or orders, with its 95 % interval. A hollow dot marks a small sample (too few units for a reliable difference)."
    }
  },
  charts: {
    health: "Rows accepted and quarantined by this run, per source",
    shares: "Share of conversions per channel and model",
    paths: "Top converting paths",
    nps: "NPS per week (band: margin of error)",
    csat: "CSAT per week (share satisfied)",
    ces: "CES per week (mean score)",
    delivery: "Share of deliveries over the threshold, per day",
    first_reply: "Support first reply per day, p50 and p90 (minutes)",
    breaches: "First replies over the SLA per day",
    rating: "Average rating per week and platform",
    drivers: "Difference per driver"
  },
  columns: {
    source: "Source",
    files_loaded: "Files loaded",
    files_skipped: "Files loaded before",
    files_unreadable: "Files unreadable",
    events: "Events published",
    rows_read: "Read",
    accepted: "Accepted",
    quarantined: "Quarantined",
    duplicates: "Duplicates",
    filtered: "Filtered",
    suppressed: "Suppressed",
    quarantine_share: "Quarantine share",
    newest_event_at: "Newest event (UTC)",
    model: "Model",
    channel: "Channel",
    conversions: "Conversions",
    revenue: "Revenue",
    share: "Share",
    share_low: "Share, 90 % low",
    share_high: "Share, 90 % high",
    path_string: "Path",
    path_length: "Path length",
    week: "Week",
    date: "Date",
    survey_type: "Survey",
    touchpoint: "Touchpoint",
    responses: "Responses",
    nps: "NPS",
    nps_margin_of_error: "NPS margin of error",
    csat: "CSAT",
    ces: "CES",
    metric: "Metric",
    dimension: "Dimension",
    segment: "Segment",
    time_basis: "Time basis",
    n: "n",
    p50_minutes: "p50 (min)",
    p90_minutes: "p90 (min)",
    threshold_minutes: "Threshold (min)",
    over_threshold: "Over threshold",
    share_over_threshold: "Share over threshold",
    platform: "Platform",
    store_id: "Store",
    reviews: "Reviews",
    avg_rating: "Average rating",
    avg_sentiment: "Average sentiment",
    share_negative: "Share negative",
    reply_rate: "Reply rate",
    driver: "Driver",
    outcome: "Outcome",
    unit: "Unit",
    exposed_n: "Exposed n",
    exposed_value: "Exposed",
    unexposed_n: "Unexposed n",
    unexposed_value: "Unexposed",
    difference: "Difference",
    difference_low: "95 % low",
    difference_high: "95 % high",
    low_sample: "Small sample"
  },
  values: { true: "yes", false: "no", accepted: "accepted", quarantined: "quarantined" }
}

const de: Words = {
  locale: "de-DE",
  title: "Touchpoint-Bericht",
  generated: (run, at) => `Lauf ${run}, veröffentlicht ${at} (UTC).`,
  window: (since, until) => `Zeitraum: ${since} bis ${until}.`,
  wholeWindow: "Zeitraum: alle geladenen Ereignisse.",
  noData: "Keine Daten in diesem Zeitraum.",
  tableOf: "Zahlen der Grafik oben",
  sections: {
    health: {
      title: "Datenqualität",
      intro: "Veröffentlichte Zeilen je Quelle, was dieser Lauf gelesen und zurückgestellt hat und wie aktuell das neueste Ereignis ist."
    },
    attribution: {
      title: "Attribution",
      intro: "Anteil jedes Modells an den Conversions je Kanal; Linien zeigen das 90-%-Intervall, wo das Modell eines hat (Markov, Shapley). Darunter die häufigsten Pfade zur Conversion."
    },
    kpis: {
      title: "CX-Kennzahlen im Zeitverlauf",
      intro: "Umfragekennzahlen je Woche über alle Touchpoints (NPS mit Fehlerspanne, CSAT, CES); Lieferungen über dem Schwellenwert und Erstantworten je Tag über alle Segmente."
    },
    reputation: {
      title: "Reputation",
      intro: "Bewertungen je Woche und Plattform über alle Filialen: Durchschnittsbewertung, Stimmung und Antworten."
    },
    drivers: {
      title: "CX-Treiber",
      intro: "Was ein Versäumnis bei jeder Zielgröße bewirkt hat: der Unterschied zwischen betroffenen und nicht betroffenen Kunden oder Bestellungen, mit 95-%-Intervall. Ein hohler Punkt markiert eine kleine Stichprobe (zu wenige Einheiten für einen verlässlichen Unterschied)."
    }
  },
  charts: {
    health: "Von diesem Lauf angenommene und zurückgestellte Zeilen je Quelle",
    shares: "Anteil an den Conversions je Kanal und Modell",
    paths: "Häufigste Pfade zur Conversion",
    nps: "NPS je Woche (Band: Fehlerspanne)",
    csat: "CSAT je Woche (Anteil zufrieden)",
    ces: "CES je Woche (Mittelwert)",
    delivery: "Anteil der Lieferungen über dem Schwellenwert je Tag",
    first_reply: "Erste Antwort im Support je Tag, p50 und p90 (Minuten)",
    breaches: "Erstantworten über dem SLA je Tag",
    rating: "Durchschnittsbewertung je Woche und Plattform",
    drivers: "Unterschied je Treiber"
  },
  columns: {
    source: "Quelle",
    files_loaded: "Geladene Dateien",
    files_skipped: "Schon geladene Dateien",
    files_unreadable: "Unlesbare Dateien",
    events: "Veröffentlichte Ereignisse",
    rows_read: "Gelesen",
    accepted: "Angenommen",
    quarantined: "Quarantäne",
    duplicates: "Duplikate",
    filtered: "Gefiltert",
    suppressed: "Unterdrückt",
    quarantine_share: "Quarantäneanteil",
    newest_event_at: "Neuestes Ereignis (UTC)",
    model: "Modell",
    channel: "Kanal",
    conversions: "Conversions",
    revenue: "Umsatz",
    share: "Anteil",
    share_low: "Anteil, 90 % unten",
    share_high: "Anteil, 90 % oben",
    path_string: "Pfad",
    path_length: "Pfadlänge",
    week: "Woche",
    date: "Datum",
    survey_type: "Umfrage",
    touchpoint: "Touchpoint",
    responses: "Antworten",
    nps: "NPS",
    nps_margin_of_error: "NPS-Fehlerspanne",
    csat: "CSAT",
    ces: "CES",
    metric: "Kennzahl",
    dimension: "Dimension",
    segment: "Segment",
    time_basis: "Zeitbasis",
    n: "n",
    p50_minutes: "p50 (Min.)",
    p90_minutes: "p90 (Min.)",
    threshold_minutes: "Schwellenwert (Min.)",
    over_threshold: "Über Schwellenwert",
    share_over_threshold: "Anteil über Schwellenwert",
    platform: "Plattform",
    store_id: "Filiale",
    reviews: "Bewertungen",
    avg_rating: "Durchschnittsbewertung",
    avg_sentiment: "Durchschnittliche Stimmung",
    share_negative: "Anteil negativ",
    reply_rate: "Antwortquote",
    driver: "Treiber",
    outcome: "Zielgröße",
    unit: "Einheit",
    exposed_n: "Betroffen n",
    exposed_value: "Betroffen",
    unexposed_n: "Nicht betroffen n",
    unexposed_value: "Nicht betroffen",
    difference: "Unterschied",
    difference_low: "95 % unten",
    difference_high: "95 % oben",
    low_sample: "Kleine Stichprobe"
  },
  values: { true: "ja", false: "nein", accepted: "angenommen", quarantined: "Quarantäne" }
}

export const words = (language: Language): Words => (language === "de" ? de : en)
