/**
 * CX aspect keywords, kept as data. Per aspect and language:
 *  - words: exact word forms (lower case; German umlauts may be written as such)
 *  - prefixes: a word starting with one of these counts ("liefer" -> Lieferzeit)
 *  - suffixes: a word ending with one of these counts (German compounds:
 *    "Expresslieferung", "Zimmerpreis")
 * Written by the Touchpoint project.
 */
export interface AspectKeywords {
  readonly words: string;
  readonly prefixes?: string;
  readonly suffixes?: string;
}

export interface AspectRule {
  readonly aspect: string;
  readonly de: AspectKeywords;
  readonly en: AspectKeywords;
}

export const ASPECT_RULES: ReadonlyArray<AspectRule> = [
  {
    aspect: "delivery",
    de: {
      words: `paket pakete päckchen geliefert liefern liefert lieferte nachgeliefert versand versandt
        versendet verschickt zugestellt zusteller zustellung bote kurier dhl hermes dpd gls ups
        sendung angekommen ankunft verpackung verpackt karton lieferdienst`,
      prefixes: `liefer versand zustell paket sendungsverfolg`,
      suffixes: `lieferung lieferungen lieferzeit versand zustellung paket pakete`,
    },
    en: {
      words: `delivery deliveries delivered deliver delivers shipping shipped ship shipment arrived
        arrive arrives arrival package packages parcel parcels courier dispatch dispatched tracking
        packaging packed postage fedex ups usps dhl`,
      prefixes: `deliver shipp`,
    },
  },
  {
    aspect: "staff",
    de: {
      words: `personal mitarbeiter mitarbeiterin mitarbeiterinnen verkäufer verkäuferin kellner
        kellnerin bedienung service kundenservice kundendienst beratung berater beraterin
        freundlich unfreundlich rezeption team inhaber gastgeber vermieter support techniker
        fahrer angestellte servicekraft filialleiter kassierer kassiererin chef hotline
        hilfsbereit kompetent inkompetent höflich unhöflich`,
      prefixes: `mitarbeiter verkäuf kellner personal berat kundenservice kundendienst servicekr
        rezeption freundlich unfreundlich`,
      suffixes: `personal service mitarbeiter mitarbeiterin beratung freundlich bedienung`,
    },
    en: {
      words: `staff employee employees server servers waiter waitress waitstaff host hostess manager
        cashier clerk salesman saleswoman salesperson associate agent agents service support
        representative rep reps team bartender receptionist friendly unfriendly rude helpful
        unhelpful attentive owner technician driver crew personnel hotline polite impolite`,
      prefixes: `employ staff waite`,
    },
  },
  {
    aspect: "price",
    de: {
      words: `preis preise teuer teure teuren teurer günstig günstige günstiger billig billiger
        preiswert überteuert kosten kostet gebühr gebühren geld euro bezahlt zahlen rechnung
        abzocke preislich schnäppchen erschwinglich`,
      prefixes: `preis gebühr`,
      suffixes: `preis preise kosten gebühr gebühren`,
    },
    en: {
      words: `price prices priced pricing expensive cheap cheaper overpriced pricey pricy value cost
        costs costly fee fees money charge charged bill affordable bargain ripoff refund dollars
        worth`,
      prefixes: `price overpric`,
    },
  },
  {
    aspect: "quality",
    de: {
      words: `qualität material verarbeitung verarbeitet kaputt defekt stoff nähte naht haltbar
        hochwertig minderwertig wertig mangelhaft beschädigt zerbrochen gerissen kratzer
        wackelig stabil robust langlebig billig`,
      prefixes: `qualität verarbeit material`,
      suffixes: `qualität kaputt`,
    },
    en: {
      words: `quality material materials fabric build broke broken breaks defective faulty durable
        flimsy sturdy stitching seams damaged craftsmanship scratches wobbly cheaply`,
    },
  },
  {
    aspect: "waiting",
    de: {
      words: `wartezeit wartezeiten warten wartet wartete warteten gewartet warteschlange
        warteschleife schlange anstehen angestanden lange ewig dauerte gedauert dauert`,
      prefixes: `warte`,
      suffixes: `wartezeit wartezeiten`,
    },
    en: {
      words: `wait waited waiting waits queue queued queues line lines hold forever`,
    },
  },
  {
    aspect: "app_website",
    de: {
      words: `app apps website webseite homepage internetseite online onlineshop webshop checkout
        login anmeldung einloggen passwort update bestellvorgang warenkorb benutzeroberfläche
        navigation absturz abgestürzt stürzt`,
      prefixes: `webseite website internetseite onlineshop webshop`,
      suffixes: `app webseite website`,
    },
    en: {
      words: `app apps website websites site web online checkout login password update interface ui
        navigation crash crashes crashed bug bugs buggy glitch glitches page`,
    },
  },
];
