"""Language tables for reply parsing, in one place: quote headers, separators, signatures, OOO subjects.

Seven languages are covered: English, German, French, Spanish, Dutch, Italian and Portuguese. The
reply-parsing library finds most quote headers; these tables cover what it misses (Gmail's Spanish,
Dutch and Portuguese attributions, attributions wrapped over two lines, Outlook header blocks whose
labels carry a non-breaking space) and everything about where the manager's text ends: phone
signatures, sign-offs, signature lines and disclaimers (used by service/replies/signatures.py).
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

#: A sign-off at the start of its line ("Best regards,", "Cheers", "Mit freundlichen Grüßen", "Cordialement",
#: "Saludos", "Met vriendelijke groet", "Cordiali saluti", "Atenciosamente"); what follows it on the line
#: (`rest`, "Anna" in "Thanks, Anna") must look like a signature (service/replies/signatures.py), so
#: "Thanks, that made me rethink" is a sentence. A rule of 32 dashes (Outlook's) or "__" starts one too.
_SIGN_OFF_PHRASES = (
    r"(?:(?:best|kind|warm|warmest|many|with\s+(?:best|kind))\s+)?regards|best(?:\s+wishes)?|"
    r"all\s+the\s+best|cheers|thanks?(?:\s+(?:again|a\s+lot|so\s+much|in\s+advance))?|"
    r"thank\s+you(?:\s+(?:again|so\s+much))?|many\s+thanks|thx|take\s+care|talk\s+soon|"
    r"yours(?:\s+(?:sincerely|truly))?|sincerely|br|kr|"
    r"mit\s+(?:freundlichen|besten|herzlichen)\s+gr(?:ü|ue)(?:ß|ss)en|"
    r"(?:viele|beste|liebe|herzliche|freundliche|sonnige)\s+gr(?:ü|ue)(?:ß|ss)e|gr(?:ü|ue)(?:ß|ss)e|"
    r"gru(?:ß|ss)|mfg|vg|lg|danke(?:\s+(?:schön|sehr|dir|ihnen))?|vielen\s+dank|"
    r"(?:bien\s+)?cordialement|(?:meilleures|sinc[eè]res|bien\s+amicales)\s+salutations|salutations|"
    r"bien\s+à\s+(?:vous|toi)|amitiés|bonne\s+(?:journée|soirée|semaine)|merci(?:\s+(?:beaucoup|encore))?|"
    r"(?:un\s+)?saludos?(?:\s+cordiales)?|atentamente|cordialmente|(?:muchas\s+)?gracias|un\s+abrazo|"
    r"(?:met\s+)?(?:vriendelijke|hartelijke)\s+groet(?:en)?|groet(?:en|jes)?|bedankt|"
    r"dank\s+(?:je|u)(?:\s+wel)?|"
    r"(?:cordiali|distinti)\s+saluti|saluti|un\s+saluto|grazie(?:\s+mille)?|a\s+presto|"
    r"atenciosamente|cumprimentos|(?:um\s+)?abraços?|obrigad[oa]|att"
)
SIGN_OFF = re.compile(
    rf"^(?:(?:{_SIGN_OFF_PHRASES})(?P<rest>[\s,.!\-\u2013\u2014].*)?|__|-{{32,}})\s*$", re.IGNORECASE
)

#: What makes a short line under a sign-off a signature even when it is lower case: an address, a link,
#: a phone number.
SIGNATURE_CONTACT = re.compile(
    r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+|\bhttps?://\S+|\bwww\.\S+|(?:\+|\b)\d[\d \t()./\-]{6,}\d",
    re.IGNORECASE,
)

#: Small words a name, a title or a company may hold in lower case ("Head of Sales", "Ana de la Cruz").
SIGNATURE_SMALL_WORDS = frozenset(
    {
        "of", "and", "for", "the", "at", "in", "on", "to", "&", "de", "du", "des", "la", "le", "les", "et",
        "von", "van", "der", "den", "und", "für", "bei", "y", "e", "del", "di", "da", "do", "dos", "das",
        "het", "en", "per", "a",
    }
)  # fmt: skip

#: How a company's legal disclaimer opens, at the start of its paragraph: a label ("CONFIDENTIALITY
#: NOTICE", "Vertraulichkeitshinweis") or its first sentence ("This email and any attachments are
#: confidential", "Diese E-Mail enthält vertrauliche …", "Ce message et ses pièces jointes sont …").
DISCLAIMER_OPENING = re.compile(
    r"^[\W_]{0,5}(?:"
    r"(?:confidentiality|privacy|legal|important|e-?mail)\s+(?:notice|note|statement|disclaimer|warning)"
    r"|confidential(?:ity)?\s*:|disclaimer\b|caution\s*:"
    r"|(?:this|the)\s+(?:e-?mail|message|communication|transmission)\b.{0,80}?"
    r"\b(?:is|are|may\s+be|contains?|may\s+contain)\s+(?:strictly\s+)?(?:confidential|privileged|intended)"
    r"|the\s+information\s+(?:contained\s+)?in\s+this\s+(?:e-?mail|message)"
    r"|if\s+you\s+(?:are\s+not\s+the|have\s+received\s+this)"
    r"|vertraulichkeitshinweis|datenschutzhinweis|haftungsausschluss|rechtlicher\s+hinweis"
    r"|diese\s+(?:e-?mail|nachricht)\b.{0,80}?\b(?:enthält|ist|kann)\b.{0,40}?vertraulich"
    r"|(?:sollten|wenn|falls)\s+sie\s+nicht\s+der\s+(?:richtige|beabsichtigte|vorgesehene)"
    r"|avis\s+de\s+confidentialité|clause\s+de\s+confidentialité|mentions?\s+légales?"
    r"|ce\s+(?:message|courriel|e-?mail|mail)\b.{0,80}?\b(?:est|sont|peut|peuvent|contient|contiennent)\b"
    r".{0,40}?(?:confidenti|destinés?)"
    r"|si\s+vous\s+(?:n['\u2019]êtes\s+pas|avez\s+reçu\s+ce)"
    r"|aviso\s+(?:de\s+confidencialidad|legal)|cláusula\s+de\s+confidencialidad|confidencialidad\s*:"
    r"|este\s+(?:mensaje|correo)\b.{0,80}?\b(?:es|son|contiene|puede|va)\b.{0,40}?"
    r"(?:confidencial|dirigido|destinado)"
    r"|si\s+usted\s+no\s+es\s+el"
    r"|vertrouwelijkheids(?:verklaring|clausule)"
    r"|dit\s+(?:e-?mail(?:bericht)?|bericht)\b.{0,80}?\b(?:is|zijn|kan|bevat)\b.{0,40}?"
    r"(?:vertrouwelijk|bestemd|uitsluitend)"
    r"|indien\s+u\s+(?:niet\s+de|dit\s+bericht)"
    r"|avviso\s+di\s+riservatezza|informativa\s+(?:sulla\s+)?(?:privacy|riservatezza)|riservatezza\s*:"
    r"|(?:questo|il\s+presente)\s+(?:messaggio|e-?mail)\b.{0,80}?\b(?:è|sono|contiene|può|possono)\b.{0,40}?"
    r"(?:riservat|confidenzial|destinat)"
    r"|le\s+informazioni\s+contenute|se\s+(?:non\s+siete|non\s+sei|avete\s+ricevuto)"
    r"|aviso\s+de\s+confidencialidade|confidencialidade\s*:"
    r"|esta\s+(?:mensagem|e-?mail)\b.{0,80}?\b(?:é|são|contém|pode|podem)\b.{0,40}?(?:confidencia|destinad)"
    r"|se\s+você\s+não\s+(?:é|for)\s+o"
    r")",
    re.IGNORECASE,
)

#: A legal phrase a disclaimer carries somewhere ("intended recipient", "notify the sender", "untersagt",
#: "destinataire", …): an opening without one is a manager's own sentence ("This email is confidential,
#: please keep it to yourself").
DISCLAIMER_LEGAL = re.compile(
    r"intended\s+(?:solely\s+)?(?:recipient|for\s+the)|addressee|notify\s+the\s+sender|unauthori[sz]ed"
    r"|prohibited|privileged|(?:delete|destroy)\s+(?:this|the|it|all)\b"
    r"|empfänger|adressat|absender|unbefugt|untersagt|nicht\s+gestattet|vernichten"
    r"|destinataire|expéditeur|interdite?s?\b|non\s+autorisée?s?|détruire"
    r"|destinatari[oa]?|remitente|prohibid[ao]|no\s+autorizad[ao]"
    r"|geadresseerde|afzender|niet\s+toegestaan|verboden|vernietig|verwijder"
    r"|mittente|vietat[ao]|non\s+autorizzat|distrugg"
    r"|destinatário|remetente|proibid[ao]|não\s+autorizad",
    re.IGNORECASE,
)
