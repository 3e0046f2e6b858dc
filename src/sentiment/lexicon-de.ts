/**
 * German sentiment lexicon, written by the Touchpoint project from general
 * German evaluative vocabulary (no third-party word list was used).
 * Weights follow the AFINN convention: -5 (very negative) .. +5 (very positive).
 *
 * Entries are lower-case base forms. The lookup in `morphology-de.ts` strips
 * inflection endings (-e, -en, -er, -es, -em, -n, -s), comparative/superlative
 * endings, handles `un`-prefixes and compounds, and accepts the ASCII spellings
 * ae/oe/ue/ss. Irregular verb forms are listed explicitly; adjectives that drop
 * an -e- when inflected (teuer -> teure) are also listed by that stem ("teur").
 * Multi-word expressions live in `rules-de.ts` (phrases).
 *
 * Licence: part of the project source (same licence as the project).
 */
export const DE_LEXICON_GROUPS: ReadonlyArray<readonly [number, string]> = [
  [5, `atemberaubend überragend phänomenal sensationell weltklasse`],
  [4, `hervorragend ausgezeichnet exzellent fantastisch phantastisch großartig grandios
       herausragend wunderbar wundervoll wunderschön traumhaft perfekt spitze spitzenmäßig
       spitzenklasse erstklassig genial himmlisch einzigartig fabelhaft sagenhaft vorzüglich
       vorbildlich unschlagbar unübertroffen meisterhaft brillant bombastisch paradies
       überwältigend hammer göttlich bestens makellos tadellos einwandfrei vortrefflich
       unvergesslich zauberhaft prachtvoll`],
  [3, `astrein ideal optimal eindrucksvoll perle juwel geheimtipp volltreffer glücksgriff übertroffen gut super toll klasse prima schön lecker köstlich empfehlenswert begeistert glücklich
       herzlich liebevoll zuvorkommend beeindruckend beeindruckt best top geil cool
       lieben liebe liebt liebten geliebt genuss freude spaß vergnügen gelungen traum
       kinderleicht hochwertig überzeugend erstaunlich wow highlight
       weiterempfehlen weiterempfehle weiterempfiehlt weiterempfohlen weiterzuempfehlen
       kaufempfehlung lob bravo happy entzückend bezaubernd hinreißend herrlich exquisit
       delikat blitzsauber pikobello picobello unkompliziert angetan begeisterung`],
  [2, `bemerkenswert beachtlich clever pfiffig verblüffend kuschelig flink prompt wertvoll stylisch leistungsstark haltbar strapazierfähig pflegeleicht selbsterklärend imposant bewährt mehrwert erfolg handlich besser nett freundlich hilfsbereit aufmerksam kompetent professionell höflich sympathisch
       charmant angenehm bequem gemütlich sauber gepflegt geräumig praktisch nützlich hilfreich
       zufrieden zufriedenheit zügig flott pünktlich zuverlässig fair preiswert preisgünstig
       schmackhaft frisch abwechslungsreich stilvoll schick hübsch elegant edel edl wertig
       empfehlung empfehlen empfehle empfiehlt empfohlen empfahl empfahlen
       gefallen gefällt gefiel gefielen gefalle gemocht mögen mag magst mochte mochten
       überzeugen überzeugt überzeugte überzeugten lohnenswert lohnen lohnt lohnte gelohnt
       schmecken schmeckt schmeckte schmeckten geschmeckt genießen genießt genossen
       freuen freut freue gefreut froh dankbar danke dank dankeschön bedanken bedanke
       loben lobe gelobt lobenswert positiv problemlos reibungslos mühelos
       komfortabel komfortabl komfort intuitiv übersichtlich idyllisch malerisch romantisch
       entspannt entspannend erholsam erholung großzügig kulant engagiert geduldig lieb
       fürsorglich fachkundig sachkundig kompetenz seriös vertrauenswürdig ehrlich witzig
       lustig spannend gewissenhaft sorgfältig liebenswert herzlichkeit gastfreundlich
       gastfreundschaft stimmungsvoll einladend ansprechend ästhetisch
       schnäppchen pluspunkt glück glücklicherweise erfreulich erfreut fehlerfrei robust
       langlebig hit wohlgefühlt wohlfühlen willkommen verlässlich effizient sauberkeit
       wiederkommen wiederkomme sehenswert kreativ originell innovativ durchdacht ausgereift
       präzise serviceorientiert kundenorientiert souverän geschmackvoll`],
  [1.5, `smart schlau klug raffiniert erleichtert kraftvoll platzsparend transparent luxus verbessert schnell rasch ruhig günstig solid solide vielfältig vielseitig knusprig saftig zart
       aromatisch reichhaltig informativ verständlich erschwinglich gern gerne ordentlich
       klappen klappt klappte klappten geklappt helfen hilft half halfen geholfen
       zufriedenstellend vernünftig stabil modern korrekt angemessen vorteil`],
  [1, `leise kompakt barrierefrei erfüllt entspricht bonus funktionieren funktioniert funktionierte funktionierten funktionierend läuft lief
       passen passt passte passten gepasst stimmt stimmen stimmte erreichbar brauchbar
       akzeptabel akzeptabl geeignet gelöst löst behoben interessant gratis kostenlos
       zentral hell gewohnt zweckmäßig funktional plus reichlich satt passend`],
  [0.5, `erträglich okay ok ausreichend passabel passabl annehmbar befriedigend`],
  [-0.5, `durchschnittlich standard wartezeit`],
  [-1, `kostspielig warteschleife naja solala mittel altmodisch kalt trocken salzig hart eng schade fehlt fehlte fehlten
       fehlen fehlend kritik kritikpunkt minus manko warten wartet wartete warteten gewartet
       warte ewig umständlich kompliziert zerbrechlich billig reklamation reklamieren
       reklamiert zurückschicken zurückgeschickt retoure storniert storno stornieren
       stornierung abgelehnt verwirrend unklar schwierig mühsam leider zugig klamm winzig
       hakt hakte klemmt klemmte ruckelt verpasst schief heruntergefallen runtergefallen eintönig zäh knapp gewöhnungsbedürftig überfüllt
       unterbesetzt nachteil verschoben verschwindet verschwinden`],
  [-1.5, `primitiv schwerfällig unlogisch undurchsichtig zweifelhaft verdächtig klebrig wässrig düster gereizt hilflos überflüssig unnötig riskant happig kritisieren meckern vermeiden schwachstelle schwäche störung vergessen verwechselt vertauscht mäßig mau mittelmäßig langsam träge lauwarm veraltet abgenutzt hellhörig laut unruhig
       flecken fleck kratzer verkratzt zerkratzt verzögert verzögerung verblasst wackelig
       instabil unpraktisch unverständlich teuer teur problem probleme stören stört störte
       störend gestört beanstandung beanstanden beanstandet bemängeln bemängelt feucht stickig
       lieblos gestresst vermissen vermisst vermisste beschwerde beschwerden beschweren
       beschwert falsch unvollständig oberflächlich`],
  [-2, `lahm intransparent fragwürdig verbeult fleckig modrig abgestanden angebrannt verkocht zerkocht pappig renovierungsbedürftig überheblich barsch schroff lustlos planlos zwecklos ernüchternd warnen warne verschlechtert nachgelassen verweigert rausgeworfen weggeschickt ausfall ärger ärgerlich ärgern ärgert ärgerte geärgert nervig nervt nervte genervt nerven
       lästig anstrengend stressig stress unangenehm traurig bedauerlich langweilig öde fad
       fade geschmacklos labbrig matschig versalzen verbrannt welk abgelaufen dürftig mager
       überfordert desinteressiert ahnungslos gelangweilt unmotiviert mürrisch grimmig
       verspätet verspätung verspätungen unpünktlich fehler fehlerhaft zerrissen gerissen gebrochen zerbrochen
       verbogen undicht leckt leckte ausgelaufen verloren verschwunden mangel mängel schaden
       schäden beschädigung panne pannen schimmel muffig lärm krach chaos chaotisch
       unorganisiert unübersichtlich peinlich ignorieren ignoriert ignorierte vertröstet
       vertrösten hingehalten abgewimmelt minderwertig schäbig verraucht schlampig nachlässig
       unsauber ungepflegt unzuverlässig unbequem unzureichend abstürzen stürzt stürzte
       abgestürzt absturz abstürze bug bugs fehlermeldung frust frustriert frustrierend
       unerreichbar unbefriedigend verbesserungswürdig verbesserungsbedürftig ausbaufähig
       verlust verschwendung verschwendet bereuen bereue bereut bereute sinnlos vergeblich
       hässlich verwahrlost unfähig pfusch gepfuscht unfreundlich unhöflich abgewohnt
       durchgelegen ausgefallen missfallen missfällt missfiel nichtssagend`],
  [-2.5, `übel kläglich fahrlässig dubios irreführend verschmutzt schmierig baufällig herablassend aggressiv rüde durchgefallen schlimm mies frech arrogant respektlos pampig patzig überteuert beschädigt
       heruntergekommen dreist ungenügend enttäuschung enttäuschend enttäuscht enttäuschte
       enttäuschten enttäuschen unprofessionell überzogen wucher lächerlich dreckig schmutzig
       dreck schmutz ekelig eklig verdreckt verschimmelt schimmelig stinkend stinkt stank
       gestank kaputt defekt mangelhaft unbrauchbar nutzlos wertlos unmöglich inakzeptabel
       inakzeptabl untragbar indiskutabel fehlkauf reinfall ärgernis skandal skandalös sauerei
       unding schande inkompetent inkompetenz angeschrien anschreien angebrüllt ausgelacht
       belogen lügen lügt gelogen beleidigend beleidigt beleidigen kakerlaken kakerlake
       ungeziefer wanzen schaben zeitverschwendung geldverschwendung witz hassen hasse hasst
       gehasst wut wütend sauer saur zornig empört empörend entsetzt`],
  [-3, `lausig jämmerlich ranzig vergammelt verfault unverantwortlich fatal verheerend abartig nepp touristenfalle versagt abraten abzuraten abgeraten unerträglich schlecht furchtbar fürchterlich schrecklich miserabel miserabl grausam scheußlich
       ungenießbar verdorben versifft armselig erbärmlich müll mist beschissen frechheit
       zumutung unverschämt unverschämtheit unzumutbar hölle horror betrogen verarscht
       verarsche verarschen unseriös kriminell gefährlich katastrophe scheiße scheiss scheiß
       schrott`],
  [-4, `betrügen katastrophal grauenhaft grauenvoll entsetzlich abscheulich widerlich ekelhaft
       abstoßend unterirdisch desaster debakel albtraum alptraum betrug betrüger betrügerisch
       abzocke abzocker abgezockt abzocken bettwanzen lebensmittelvergiftung`],
];

/** Words never scored even though a rule (compound, prefix) would match them. */
export const DE_NEUTRAL_WORDS: ReadonlySet<string> = new Set([
  "supermarkt", "supermärkte", "supermarktes", "superlativ", "topf", "töpfe", "topping",
  "trauma", "traumata", "traumatisch", "mistel", "misteln", "spitzer", "toppen", "hellhörigkeit",
  "aufgefallen", "eingefallen", "superior", "gutschein", "gutscheine", "gutscheincode", "guthaben", "gutschrift",
]);

/** ä -> ae, ö -> oe, ü -> ue, ß -> ss */
export function foldGerman(w: string): string {
  return w.replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss");
}

function build(): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  for (const [weight, words] of DE_LEXICON_GROUPS) {
    for (const raw of words.split(/\s+/)) {
      if (raw === "") continue;
      map.set(raw, weight);
      const f = foldGerman(raw);
      if (f !== raw && !map.has(f)) map.set(f, weight);
    }
  }
  return map;
}

/** German lexicon: lower-case base form (and its ae/oe/ue/ss spelling) -> weight. */
export const DE_LEXICON: ReadonlyMap<string, number> = build();
