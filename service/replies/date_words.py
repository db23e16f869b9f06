"""The words of date and duration phrases in English, German, French, Spanish, Dutch, Italian, Portuguese.

Tables only: `service/replies/date_patterns.py` turns them into patterns. A table is written as text
("value:" then its phrases separated by "|") so that each language's words sit side by side. Words
are written with their accents; patterns also accept them without (people type "proxima semana" and
"fevrier"), and lookups go through `fold()`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

V = TypeVar("V")


def words(spec: str) -> tuple[str, ...]:
    """Phrases separated by "|", over any number of lines."""
    return tuple(phrase for phrase in (" ".join(part.split()) for part in spec.split("|")) if phrase)


def table(spec: str) -> dict[str, str]:
    """Lines "value: phrase | phrase", continued on indented lines."""
    result: dict[str, str] = {}
    pieces = re.split(r"^(\S+):\s", spec.strip(), flags=re.MULTILINE)[1:]
    for value, phrases in zip(pieces[::2], pieces[1::2], strict=True):
        result.update(dict.fromkeys(words(phrases), value))
    return result


def numbered(spec: str) -> dict[str, int]:
    """A `table` whose values are numbers."""
    return {phrase: int(value) for phrase, value in table(spec).items()}


#: Weekday names, Monday = 0.
WEEKDAYS = numbered(
    """
0: monday | montag | lundi | lunes | maandag | lunedì | segunda-feira
1: tuesday | dienstag | mardi | martes | dinsdag | martedì | terça-feira
2: wednesday | mittwoch | mercredi | miércoles | woensdag | mercoledì | quarta-feira
3: thursday | donnerstag | jeudi | jueves | donderdag | giovedì | quinta-feira
4: friday | freitag | vendredi | viernes | vrijdag | venerdì | sexta-feira
5: saturday | samstag | sonnabend | samedi | sábado | zaterdag | sabato
6: sunday | sonntag | dimanche | domingo | zondag | domenica
"""
)

#: Portuguese short forms ("na sexta", "até segunda"): only after a preposition or "next".
WEEKDAYS_SHORT_PT = numbered(
    """
0: segunda
1: terça
2: quarta
3: quinta
4: sexta
"""
)

#: Month names, January = 1.
MONTHS = numbered(
    """
1: january | januar | jänner | janvier | enero | januari | gennaio | janeiro
2: february | februar | février | febrero | februari | febbraio | fevereiro
3: march | märz | mars | marzo | maart | março
4: april | avril | abril | aprile
5: may | mai | mayo | mei | maggio | maio
6: june | juni | juin | junio | giugno | junho
7: july | juli | juillet | julio | luglio | julho
8: august | août | agosto | augustus
9: september | septembre | septiembre | setiembre | settembre | setembro
10: october | oktober | octobre | octubre | ottobre | outubro
11: november | novembre | noviembre | novembro
12: december | dezember | décembre | diciembre | dicembre | dezembro
"""
)

#: Abbreviations, accepted only next to a day number ("12 Sept", "Mar 3").
MONTH_ABBREVIATIONS = numbered(
    """
1: jan
2: feb | febr | fév
3: mar | mär
4: apr | avr
6: jun
7: jul
8: aug
9: sep | sept
10: oct | okt | ott
11: nov
12: dec | dez | déc | dic
"""
)

#: English month names that are also everyday words: alone they count only when capitalised.
COMMON_WORD_MONTHS = frozenset(("may", "march", "august"))

#: Number words for amounts of days, weeks and months.
NUMBERS = numbered(
    """
1: one | a | an | ein | eine | einen | einem | einer | un | une | uno | una | een | één | um | uma
2: two | zwei | deux | dos | twee | due | dois | duas
3: three | drei | trois | tres | drie | tre | três
4: four | vier | quatre | cuatro | quattro | quatro
5: five | fünf | cinq | cinco | vijf | cinque
6: six | sechs | seis | zes | sei
7: seven | sieben | sept | siete | zeven | sette | sete
8: eight | acht | huit | ocho | otto | oito
9: nine | neun | neuf | nueve | negen | nove
10: ten | zehn | dix | diez | tien | dieci | dez
11: eleven | elf | onze | once | undici
12: twelve | zwölf | douze | doce | twaalf | dodici
14: fourteen | vierzehn | quatorze | catorce | veertien | quattordici | catorze
15: fifteen | fünfzehn | quinze | quince | vijftien | quindici
20: twenty | zwanzig | vingt | veinte | twintig | venti | vinte
30: thirty | dreißig | dreissig | trente | treinta | dertig | trenta | trinta
"""
)

#: Amounts people give loosely (never explicit): "a couple of" is two, "a few" is taken as three.
VAGUE_AMOUNTS = numbered(
    """
2: a couple of | couple of | a couple | un par de | um par de | un paio di | a pair of
3: een paar | ein paar | paar | a few | few | several | some | einige | mehrere | quelques |
    plusieurs | unas | unos | unas cuantas | unos cuantos | algunas | algunos | varias | varios |
    enkele | een aantal | qualche | alcune | alcuni | diverse | diversi | umas | uns | algumas |
    alguns | várias | vários
"""
)

#: Units of a duration.
UNITS = table(
    """
day: day | days | tag | tage | tagen | jour | jours | día | días | dag | dagen | giorno | giorni |
    dia | dias
week: week | weeks | wk | wks | woche | wochen | semaine | semaines | semana | semanas | weken |
    settimana | settimane
month: month | months | monat | monate | monaten | mois | mes | meses | maand | maanden | mese |
    mesi | mês
"""
)

#: Fixed durations said as one phrase, in days: a fortnight, "quinze jours", "huit jours".
FIXED_DURATIONS = numbered(
    """
14: fortnight | a fortnight | quinze jours | quinzaine | une quinzaine | quince días |
    una quincena | quincena | quindici giorni | quinze dias | uma quinzena | quinzena |
    vierzehn tage | veertien dagen
7: huit jours | acht tage
"""
)

#: Prepositions before a date, mapped to the relation they express.
RELATIONS = table(
    """
until: until | till | til | 'til | up to | up until | bis | bis zum | bis zur | jusqu'à | jusqu'au |
    jusqu'aux | jusqu'en | jusque | hasta | hasta el | hasta la | hasta que | tot | tot en met |
    fino a | fino al | fino alla | fino all' | fino | até | até ao | até à | até o | até a
by: by | before | no later than | spätestens | spätestens bis | vor | d'ici | d'ici à | avant |
    avant le | avant la | antes de | antes del | para | para el | uiterlijk | vóór | voor | entro |
    entro il | entro la | prima di | prima del | prima della | antes do | antes da
after: after | nach | après | después de | después del | na | dopo | dopo il | dopo la | dopo le |
    depois de | depois do | depois da | depois das | until after | till after | not until after |
    bis nach | jusqu'après | hasta después de | hasta después del | tot na | tot na de |
    fino a dopo | fino a dopo il | até depois de | até depois do | até depois da | até depois das
from: from | starting | starting from | as of | ab | à partir de | à partir du | a partir de |
    a partir del | a partir do | a partir da | vanaf | dal | dalla
through: over | through | throughout | during | über | während | durant | pendant | durante | tijdens |
    gedurende
in: in | within | im | innerhalb | dans | en | dentro de | binnen | tra | fra | em | daqui a |
    in de | nel | nella
on: no | on | am | le | el | op | il | la | ce | este | esta | deze | nas | à
for: for | for the next | for another | für | pour | por | per
"""
)

#: Portuguese words after "na" ("na sexta": on Friday); before anything else "na" is Dutch "after".
PORTUGUESE_AFTER_NA = words(
    """
    sexta-feira | segunda-feira | segunda | terça | páscoa | terça-feira | quinta-feira | próxima |
    virada | semana | sexta | quarta-feira | quinta | quarta
"""
)

#: Prepositions that mean something else before a duration ("over twee weken": in two weeks).
DURATION_RELATIONS = table(
    """
in: over
for: voor | per
after: na
ago: vor
"""
)

#: "next" before the noun ("next week", "nächste Woche", "prochaine semaine", "volgende week").
NEXT_BEFORE = words(
    """
    next | coming | following | nächste | nächsten | nächster | nächstes | kommende | kommenden |
    kommender | kommendes | prochain | prochaine | próximo | próxima | volgende | volgend |
    komende | komend | prossimo | prossima
"""
)

#: "next" after the noun ("semaine prochaine", "semana que viene", "mese prossimo", "mês que vem").
NEXT_AFTER = words(
    """
    prochain | prochaine | próximo | próxima | que viene | que vem | prossimo | prossima |
    seguinte | siguiente
"""
)

#: "next week" as a whole, before or after a weekday ("next week Friday", "vendredi de la semaine prochaine").
NEXT_WEEK_PHRASES = words(
    """
    next week | of next week | the following week | nächste woche | nächster woche |
    der nächsten woche | kommende woche | kommender woche | la semaine prochaine |
    de la semaine prochaine | la próxima semana | de la próxima semana | la semana que viene |
    de la semana que viene | volgende week | komende week | van volgende week |
    la prossima settimana | della prossima settimana | la settimana prossima |
    della settimana prossima | da próxima semana | da semana que vem | na próxima semana |
    na semana que vem | next wk
"""
)

#: Words between a preposition and a duration's amount ("another", "the next", "las próximas").
DURATION_LEADS = words(
    """
    another | a further | further | an extra | the next | the coming | weitere | noch | noch mal |
    die nächsten | den nächsten | die kommenden | den kommenden | encore | les | otras | otros |
    las próximas | los próximos | las siguientes | nog | de komende | de volgende | nog eens |
    altre | altri | le prossime | i prossimi | mais | as próximas | os próximos | outras | outros
"""
)

#: Words between a duration's amount and its unit that keep it ahead ("3 more weeks", "trois prochaines").
DURATION_MIDDLES = words(
    """
    more | further | extra | additional | weitere | weiteren | prochaines | prochains | próximas |
    próximos | semaines de plus | más | meer | in più | mais | supplémentaires
"""
)

#: The same place in a past duration ("les trois dernières semaines").
PAST_DURATION_MIDDLES = words(
    """
    dernières | derniers | passées | passés | últimas | últimos | passadas
"""
)

#: "this" before the noun; "this Friday" may be today.
THIS_BEFORE = words(
    """
    this | diese | diesen | dieser | dieses | ce | cette | este | esta | deze | dit | questo |
    questa | nesta | neste | essa | esse
"""
)

#: "last" before a day: the phrase is in the past and never yields a date.
PAST_BEFORE = words(
    """
    last | past | previous | letzte | letzten | letzter | letztes | vergangene | vergangenen |
    vorige | vorigen | dernier | dernière | derniers | dernières | pasado | pasada | último |
    última | últimos | últimas | afgelopen | laatste | scorso | scorsa | ultimo | ultima | ultimi |
    ultime | passado | passada | the last | the past
"""
)

#: "last" or "ago" after a day or duration ("vendredi dernier", "drei Wochen zuvor", "tre settimane fa").
PAST_AFTER = words(
    """
    ago | dernier | dernière | derniers | dernières | passé | passée | pasado | pasada | geleden |
    fa | scorso | scorsa | passado | passada | atrás | zuvor
"""
)

#: Words before a duration that put it in the past ("vor drei Wochen", "hace dos semanas", "since").
PAST_DURATION_BEFORE = words(
    """
    vor | hace | há | il y a | ya hace | since | seit | depuis | desde | sinds | da |
    in den letzten | in den vergangenen | de afgelopen | de laatste | durante las últimas |
    nas últimas | nos últimos | negli ultimi | nelle ultime | over the last | over the past |
    for the last | for the past | in the last | in the past | during the last | the last |
    the past | last | past | previous | the previous | letzten | vergangenen | hace ya
"""
)

#: Words for "week", "month", "quarter", "year" as a calendar period.
PERIODS = table(
    """
week: week | woche | semaine | semana | settimana
month: month | monat | monats | mois | mes | maand | mese | mês
quarter: quarter | quartal | quartals | trimestre | kwartaal
year: year | jahr | jahres | année | an | año | jaar | anno | ano
"""
)

#: One-word period ends: "Monatsende", "quarter-end", "fin de mois", "EOM".
PERIOD_ENDS = table(
    """
week: eow | end of week
month: month end | month-end | monatsende | fin de mois | fin de mes | eom | maandeinde |
    eind van de maand | fine mese | fim do mês | fim de mês
quarter: quarter end | quarter-end | quartalsende | fin de trimestre | eoq | fin del trimestre |
    kwartaaleinde | fine trimestre | fim do trimestre
year: q-end | qe | year end | year-end | jahresende | fin d'année | eoy | fin de año | jaareinde |
    fine anno | fim do ano | fin del año
"""
)

#: Where in a period: its start, middle or end ("end of", "Anfang", "mi-", "a finales de", "início de").
EDGES = table(
    """
end: end | the end | close | the close | late | ende | am ende | fin | la fin | final | finales |
    a finales | el final | al final | einde | het einde | eind | fine | la fine | alla fine |
    a fine | fim | o fim | no fim | no final | o final
start: beginning | the beginning | start | the start | early | anfang | début | au début |
    principios | a principios | inicios | comienzos | begin | het begin | inizio | all'inizio |
    início | no início | começo | o começo
mid: mid | middle | the middle | mitte | mi | mediados | a mediados | midden | metà | a metà |
    meados | em meados
"""
)

#: Little words between "end of" and the noun ("of the", "des", "de la", "del", "van de", "do", "this").
FILLERS = words(
    """
    of | the | of the | des | der | dieses | diesen | du | de | de la | de l' | del | de este |
    de esta | van | van de | van het | van deze | het | della | dello | dell' | di | di questo |
    di questa | do | da | deste | desta | this | ce | cette | este | esta | questo | questa | le |
    la | el | il | o | a
"""
)

#: "the" and friends before a weekday or event.
ARTICLES = words(
    """
    the | der | die | das | den | dem | le | la | les | l' | el | los | las | de | het | il | lo |
    o | a | os | as | ins | im
"""
)

#: Named points of the year. "holidays" resolves only in the season where its meaning is clear.
EVENTS = table(
    """
new_year: new year | the new year | neues jahr | neue jahr | neuen jahr | neujahr | jahreswechsel |
    nouvel an | nouvelle année | le nouvel an | año nuevo | nuevo año | nieuwe jaar | nieuwjaar |
    jaarwisseling | anno nuovo | nuovo anno | capodanno | ano novo | novo ano | new year's |
    new years
christmas: christmas | xmas | weihnachten | noël | navidad | navidades | kerst | kerstmis | natale | natal
easter: easter | ostern | pâques | pascua | semana santa | pasen | pasqua | páscoa
holidays: holidays | the holidays | holiday season | the holiday season | feiertage | feiertagen |
    festtage | festtagen | fêtes | les fêtes | fiestas | las fiestas | feestdagen | de feestdagen |
    feste | le feste | festas | as festas | the break | the christmas break | christmas break |
    vacation | ferien | vacances | les vacances | vacaciones | las vacaciones | vakantie |
    de vakantie | vacanze | le vacanze | ferie | le ferie | férias | as férias | den ferien |
    die ferien
summer: summer | the summer | summer holidays | summer break | sommer | sommerferien | dem sommer |
    den sommer | sommerpause | l'été | été | les vacances d'été | el verano | verano |
    las vacaciones de verano | zomer | de zomer | zomervakantie | de zomervakantie | l'estate |
    estate | le vacanze estive | o verão | verão | as férias de verão | ferragosto
rentree: la rentrée | rentrée
"""
)

#: Relative days: today, tomorrow, the day after tomorrow.
RELATIVE_DAYS = numbered(
    """
0: today | heute | aujourd'hui | hoy | vandaag | oggi | hoje | tonight | this evening |
    heute abend | ce soir | esta noche | vanavond | stasera | hoje à noite | esta noite
1: tomorrow | morgen | demain | mañana | domani | amanhã
2: the day after tomorrow | day after tomorrow | übermorgen | après-demain | pasado mañana |
    overmorgen | dopodomani | depois de amanhã
"""
)

#: Words before "morgen" / "mañana" that make it "morning" ("guten Morgen", "esta mañana").
MORNING_BEFORE = words(
    """
    por | la | jeden | goede | cada | goeie | guten | this | una | heute | am | de | esta | gute
"""
)

#: "the weekend" and its siblings: the coming Saturday.
WEEKENDS = words(
    """
    weekend | the weekend | wochenende | week-end | fin de semana | el fin de semana |
    het weekend | il weekend | o fim de semana | fim de semana | le week-end
"""
)

_ACCENTS = {"a": "aàáâãä", "e": "eèéêë", "i": "iìíîï", "o": "oòóôõö", "u": "uùúûü", "c": "cç", "n": "nñ"}
_CLASS = {ch: f"[{group}]" for group in _ACCENTS.values() for ch in group}


def fold(text: str) -> str:
    """Lower case without accents, apostrophes and spaces normalised: the key every table is looked up by."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'").replace("ß", "ss"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def word_pattern(phrase: str) -> str:
    """A regex for `phrase` that accepts it with or without accents, any spacing and either apostrophe."""
    parts: list[str] = []
    for ch in phrase.lower():
        if ch == " ":
            parts.append(r"\s+")
        elif ch == "'":
            parts.append("['\u2019]")
        elif ch == "ß":
            parts.append("(?:ß|ss)")
        elif ch == "-":
            parts.append(r"[-\s]?")
        elif ch in _CLASS:
            parts.append(_CLASS[ch])
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def alternation(phrases: Iterable[str]) -> str:
    """One non-capturing group of every phrase, longest first so the longest wins at a position."""
    unique = sorted({fold(p) if p.isascii() else p.lower() for p in phrases}, key=len, reverse=True)
    return "(?:" + "|".join(word_pattern(p) for p in unique) + ")"


def folded(table: dict[str, V]) -> dict[str, V]:
    """The table keyed by `fold()`ed words, for lookups of whatever the text spelled."""
    return {fold(key): value for key, value in table.items()}
