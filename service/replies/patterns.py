"""Language tables for reply parsing, in one place: quote headers, separators, phone signatures, OOO subjects.

Seven languages are covered: English, German, French, Spanish, Dutch, Italian and Portuguese. The
reply-parsing library handles most clients; these tables cover what it misses (Gmail's Spanish,
Dutch and Portuguese attributions, attributions wrapped over two lines, phone signatures in every
language, Outlook header blocks whose labels carry a non-breaking space).
"""

from __future__ import annotations

import re

#: Languages handed to mail-parser-reply (it has no Portuguese table; ours covers it).
LIBRARY_LANGUAGES = ("en", "de", "fr", "es", "nl", "it")

#: The word an attribution line starts with, per language ("On …", "Am …", "Le …", …).
_ATTRIBUTION_START = r"(?:On|Am|Le|El|Op|Il|Em)\b"

#: How the attribution ends: the verb, maybe the quoted author (German and Dutch put it after), a colon.
_ATTRIBUTION_VERB = (
    r"(?:wrote|schrieb|a\s+écrit|escribió|escribio|schreef|het\s+volgende\s+geschreven|"
    r"ha\s+scritto|escreveu)"
)

#: One attribution ("quote header"), possibly wrapped over several lines and joined with spaces.
ATTRIBUTION = re.compile(
    rf"^{_ATTRIBUTION_START}\s.{{0,300}}?\b{_ATTRIBUTION_VERB}(?:\s.{{0,200}})?\s?:\s*$",
    re.IGNORECASE,
)

#: A line that may begin an attribution (checked alone, then joined with the next lines).
ATTRIBUTION_START = re.compile(rf"^{_ATTRIBUTION_START}\s", re.IGNORECASE)

#: Outlook-style header block labels; the first line of a block carries a "From" label.
_FROM_LABELS = r"From|Von|De|Van|Da"
_OTHER_LABELS = (
    r"Sent|Date|To|Cc|Subject|Gesendet|Datum|An|Betreff|Envoyé|Envoye|À|A|Objet|Enviado(?:\s+el)?|"
    r"Enviada|Fecha|Para|Asunto|Verzonden|Aan|Onderwerp|Inviato|Oggetto|Data|Assunto"
)
_LABEL_TAIL = r"\*?[ \u00a0]?:\*?"
HEADER_FROM = re.compile(rf"^\*?(?:{_FROM_LABELS}){_LABEL_TAIL}\s*\S", re.IGNORECASE)
HEADER_OTHER = re.compile(rf"^\*?(?:{_OTHER_LABELS}){_LABEL_TAIL}", re.IGNORECASE)

#: Separators mail clients put above the quoted original (or a forwarded message).
SEPARATOR = re.compile(
    r"^(?:-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Originalnachricht|Message d'origine|"
    r"Mensaje original|Oorspronkelijk bericht|Origineel bericht|Messaggio originale|Mensagem original|"
    r"Forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|"
    r"Doorgestuurd bericht|Messaggio inoltrato|Mensagem encaminhada)\s*-{2,}"
    r"|_{10,}"
    r"|Begin forwarded message:|Anfang der weitergeleiteten Nachricht:|Début du message réexpédié\s?:"
    r")\s*$",
    re.IGNORECASE,
)

#: "Sent from my iPhone" and friends: a phone or app signature line, in the seven languages.
PHONE_SIGNATURE = re.compile(
    r"^(?:"
    r"Sent from (?:my )?[\w .&-]{1,40}"
    r"|Sent with [\w .&-]{1,40}"
    r"|Get Outlook for [\w .&-]{1,20}"
    r"|Von meinem [\w .&-]{1,40} gesendet"
    r"|Gesendet (?:von|mit|vom) (?:meinem )?[\w .&-]{1,40}"
    r"|Envoyé (?:de|depuis) (?:mon |ma )?[\w .&-]{1,40}"
    r"|Obtenir Outlook pour [\w .&-]{1,20}"
    r"|Enviado (?:desde|con|de) (?:mi )?[\w .&-]{1,40}"
    r"|Enviado (?:do|de|pelo) (?:meu |minha )?[\w .&-]{1,40}"
    r"|Obtener Outlook para [\w .&-]{1,20}"
    r"|Obter o Outlook para [\w .&-]{1,20}"
    r"|(?:Verzonden|Verstuurd) (?:vanaf|met|via) (?:mijn )?[\w .&-]{1,40}"
    r"|Outlook voor [\w .&-]{1,20} downloaden"
    r"|Inviato da (?:il mio |dal mio )?[\w .&-]{1,40}"
    r"|Inviato dal mio [\w .&-]{1,40}"
    r"|Scarica Outlook per [\w .&-]{1,20}"
    r")(?:\s*<https?://[^>\s]+>)?\s*$",
    re.IGNORECASE,
)

#: The conventional signature delimiter ("-- " on its own line) and Outlook's long rules.
SIGNATURE_DELIMITER = re.compile(r"^--\s?$")

#: Out-of-office phrases that mark an automatic reply wherever they appear in the subject.
OOO_ANYWHERE = re.compile(
    r"\b(?:out of (?:the )?office|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|"
    r"away from (?:the |my )?office|abwesenheitsnotiz|automatische antwort|abwesenheit|"
    r"nicht im büro|außer haus|ausser haus|réponse automatique|absent du bureau|absence du bureau|"
    r"message d'absence|respuesta automática|respuesta automatica|fuera de la oficina|"
    r"respuesta de ausencia|automatisch antwoord|afwezigheidsbericht|buiten kantoor|niet op kantoor|"
    r"risposta automatica|fuori ufficio|fuori sede|resposta automática|resposta automatica|"
    r"fora do escritório|fora do escritorio|mensagem de ausência)\b",
    re.IGNORECASE,
)

#: Weaker words that mark an automatic reply only at the start of a subject ("Absent: …", "OOO …").
OOO_START = re.compile(
    r"^(?:ooo|on (?:vacation|holiday|leave|annual leave)|away until|urlaub|abwesend|absent|absente|"
    r"en congés?|en vacances|ausente|de vacaciones|afwezig|met vakantie|assente|in ferie|"
    r"de férias|em férias|ausência)\b",
    re.IGNORECASE,
)

#: "Re:", "AW:", "RE :", "Antw:", "RES:", "R:", "SV:", "Fwd:" prefixes stripped before OOO_START.
REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|aw|antw|antwort|rif|r|res|ref|sv|wg|fw|fwd|tr)\s?:\s*)+", re.I)
