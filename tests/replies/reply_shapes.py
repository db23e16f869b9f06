# ruff: noqa: E501, RUF001  -- mail lines as clients write them, in Cyrillic and CJK script: kept verbatim
"""Replies as real mail clients shape them: quote headers, scripts, encodings, body types, signatures, traps.

Each shape is a whole RFC 5322 message, built byte for byte (charset and transfer encoding as the
client sends them) and posted in Inbound Parse's "send raw" mode, so parsing, decoding and
extraction are tested together. Quote headers follow what each client writes (checked against the
clients' own output and their documented formats): Gmail "On <date> <name> <addr> wrote:" and its
translations, Outlook's "From:/Sent:/To:/Subject:" block under a rule, Apple Mail "On <date>, at
<time>, <name> wrote:", Thunderbird "On <date> <time>, <name> wrote:", Yahoo's long date with the
time zone, Samsung's "-------- Original message --------".
"""

from __future__ import annotations

from dataclasses import dataclass

ADDR = "reply+0123456789abcdef0123456789abcdef@reply.coach.localhost"
COACH = f"Collaborative Leadership Coach <{ADDR}>"
NEW = "I gave Priya the credit for the Acme renewal in front of the VP.\nShe looked surprised, then proud."
ORIGINAL = "What did you share this week?\nReply to this email: we keep your words for you."


@dataclass(frozen=True)
class Shape:
    """One reply: how it is built and the new text the extractor must return."""

    name: str
    text: str | None  # the plain-text part as the client writes it (None: HTML only)
    html: str | None = None
    charset: str = "utf-8"
    encoding: str = "qp"  # "qp" | "base64" | "8bit" | "7bit"
    expected: str = NEW


def quoted(lines: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in lines.split("\n"))


def gmail(header: str, new: str = NEW) -> str:
    return f"{new}\n\n{header}\n\n{quoted(ORIGINAL)}\n"


def block(new: str, header: str) -> str:
    return f"{new}\n\n{header}\n\n{ORIGINAL}\n"


OUTLOOK_RULE = "________________________________"
GMAIL_HEADERS = {
    "en": f"On Mon, Jan 6, 2025 at 9:15 AM {COACH} wrote:",
    "de": f"Am Mo., 6. Jan. 2025 um 09:15 Uhr schrieb {COACH}:",
    "fr": f"Le lun. 6 janv. 2025 à 09:15, {COACH} a écrit :",
    "es": f"El lun, 6 ene 2025 a las 9:15, {COACH[: -len(ADDR) - 2]}(<{ADDR}>) escribió:",
    "nl": f"Op ma 6 jan 2025 om 09:15 schreef {COACH}:",
    "it": f"Il giorno lun 6 gen 2025 alle ore 09:15 {COACH} ha scritto:",
    "pt": f"Em seg., 6 de jan. de 2025 às 09:15, {COACH} escreveu:",
}
OUTLOOK_BLOCKS = {
    "en": f"From: Coach <{ADDR}>\nSent: Monday, January 6, 2025 9:15 AM\nTo: Anna Schmidt <anna@example.com>\n"
    "Subject: What did you share this week?",
    "de": f"Von: Coach <{ADDR}>\nGesendet: Montag, 6. Januar 2025 09:15\nAn: Anna Schmidt <anna@example.com>\n"
    "Betreff: Was haben Sie diese Woche geteilt?",
    "fr": f"De\u00a0: Coach <{ADDR}>\nEnvoyé\u00a0: lundi 6 janvier 2025 09:15\nÀ\u00a0: Anna Schmidt\n"
    "Objet\u00a0: Qu'avez-vous partagé cette semaine ?",
    "es": f"De: Coach <{ADDR}>\nEnviado el: lunes, 6 de enero de 2025 9:15\nPara: Anna Schmidt\n"
    "Asunto: ¿Qué compartiste esta semana?",
    "nl": f"Van: Coach <{ADDR}>\nVerzonden: maandag 6 januari 2025 09:15\nAan: Anna Schmidt\n"
    "Onderwerp: Wat heb je deze week gedeeld?",
    "it": f"Da: Coach <{ADDR}>\nInviato: lunedì 6 gennaio 2025 09:15\nA: Anna Schmidt\n"
    "Oggetto: Cosa hai condiviso questa settimana?",
    "pt": f"De: Coach <{ADDR}>\nEnviado: segunda-feira, 6 de janeiro de 2025 09:15\nPara: Anna Schmidt\n"
    "Assunto: O que você compartilhou esta semana?",
}
RUSSIAN = "Я отдал Прие заслугу за продление Acme перед вице-президентом.\nОна удивилась, потом гордилась."
JAPANESE = "VPの前でAcmeの更新の功績をプリヤに譲りました。\n彼女は驚いて、それから誇らしげでした。"
CHINESE = "我在副总裁面前把Acme续约的功劳给了普丽娅。\n她先是惊讶，然后很自豪。"
KOREAN = "부사장 앞에서 Acme 갱신의 공을 프리야에게 돌렸습니다.\n그녀는 놀랐고 자랑스러워했습니다."
GERMAN = "Ich habe Priya vor dem VP die Anerkennung für die Acme-Verlängerung gegeben.\nSie war überrascht – und stolz."
FRENCH = (
    "J'ai laissé à Priya le mérite du renouvellement Acme devant le VP.\nElle était surprise, puis fière."
)

GMAIL_HTML = (
    '<div dir="ltr">I gave Priya the credit for the Acme renewal in front of the VP.<div>She looked surprised, '
    'then proud.</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Jan 6, 2025 '
    f'at 9:15 AM Coach &lt;{ADDR}&gt; wrote:<br></div><blockquote class="gmail_quote">What did you share?'
    "</blockquote></div>"
)
OUTLOOK_HTML = (
    '<div class="WordSection1"><p class="MsoNormal">I gave Priya the credit for the Acme renewal in front of the '
    'VP.</p><p class="MsoNormal">She looked surprised, then proud.</p></div><div id="divRplyFwdMsg" dir="ltr">'
    f"<hr><b>From:</b> Coach &lt;{ADDR}&gt;<br><b>Sent:</b> Monday, January 6, 2025 9:15 AM<br><b>To:</b> Anna"
    "<br><b>Subject:</b> What did you share?</div><div>What did you share?</div>"
)
APPLE_HTML = (
    "<html><body><div>I gave Priya the credit for the Acme renewal in front of the VP.</div><div>She looked "
    'surprised, then proud.</div><div><br><blockquote type="cite"><div>On Jan 6, 2025, at 9:15 AM, Coach '
    f"&lt;{ADDR}&gt; wrote:</div><br><div>What did you share?</div></blockquote></div></body></html>"
)
YAHOO_HTML = (
    '<div class="ydp1"><div>I gave Priya the credit for the Acme renewal in front of the VP.</div><div>She looked '
    'surprised, then proud.</div></div><div id="yahoo_quoted_1" class="yahoo_quoted"><div>On Monday, January 6, '
    f"2025 at 09:15:00 AM GMT+1, Coach &lt;{ADDR}&gt; wrote:</div><div>What did you share?</div></div>"
)

SHAPES: tuple[Shape, ...] = (
    # Gmail, web and apps, in seven languages; one- and two-line attributions
    *(Shape(f"gmail-{lang}", gmail(header)) for lang, header in GMAIL_HEADERS.items()),
    Shape("gmail-en-two-line", gmail(GMAIL_HEADERS["en"].replace(" <", " <\n", 1))),
    Shape("gmail-de-two-line", gmail(GMAIL_HEADERS["de"].replace(" <", " <\n", 1))),
    Shape("gmail-ios-comma", gmail(f"On Mon, Jan 6, 2025 at 9:15 AM, {COACH} wrote:")),
    Shape("gmail-android-24h", gmail(f"On Mon, 6 Jan 2025, 09:15 {COACH} wrote:")),
    Shape("gmail-html-only", None, GMAIL_HTML),
    Shape("gmail-multipart-alternative", gmail(GMAIL_HEADERS["en"]), GMAIL_HTML),
    Shape(
        "outlook-multipart-alternative", block(NEW, OUTLOOK_RULE + "\n" + OUTLOOK_BLOCKS["en"]), OUTLOOK_HTML
    ),
    Shape("gmail-base64", gmail(GMAIL_HEADERS["en"]), encoding="base64"),
    # Outlook desktop, web and mobile
    *(
        Shape(f"outlook-{lang}", block(NEW, f"{OUTLOOK_RULE}\n{header}"))
        for lang, header in OUTLOOK_BLOCKS.items()
    ),
    Shape("outlook-no-rule", block(NEW, OUTLOOK_BLOCKS["en"])),
    Shape("outlook-original-message", block(NEW, "-----Original Message-----\n" + OUTLOOK_BLOCKS["en"])),
    Shape("outlook-de-original", block(NEW, "-----Ursprüngliche Nachricht-----\n" + OUTLOOK_BLOCKS["de"])),
    Shape(
        "outlook-ios",
        block(
            NEW + "\n\nGet Outlook for iOS<https://aka.ms/o0ukef>", OUTLOOK_RULE + "\n" + OUTLOOK_BLOCKS["en"]
        ),
    ),
    Shape(
        "outlook-android",
        block(
            NEW + "\n\nGet Outlook for Android<https://aka.ms/AAb9ysg>",
            OUTLOOK_RULE + "\n" + OUTLOOK_BLOCKS["en"],
        ),
    ),
    Shape("outlook-html-only", None, OUTLOOK_HTML),
    Shape(
        "outlook-windows-1252",
        block(GERMAN, OUTLOOK_RULE + "\n" + OUTLOOK_BLOCKS["de"]),
        charset="windows-1252",
        expected=GERMAN,
    ),
    # Apple Mail, macOS and iPhone
    Shape("apple-en-us", gmail(f"On Jan 6, 2025, at 9:15 AM, {COACH} wrote:")),
    Shape("apple-en-gb", gmail(f"On 6 Jan 2025, at 09:15, {COACH} wrote:")),
    Shape("apple-de", gmail(f"Am 06.01.2025 um 09:15 schrieb {COACH}:")),
    Shape("apple-fr", gmail(f"Le 6 janv. 2025 à 09:15, {COACH} a écrit :")),
    Shape("apple-nl", gmail(f"Op 6 jan. 2025, om 09:15 heeft {COACH} het volgende geschreven:")),
    Shape(
        "iphone-sent-from",
        gmail(f"On Jan 6, 2025, at 9:15 AM, {COACH} wrote:", NEW + "\n\nSent from my iPhone"),
    ),
    Shape(
        "iphone-de", gmail(f"Am 06.01.2025 um 09:15 schrieb {COACH}:", NEW + "\n\nVon meinem iPhone gesendet")
    ),
    Shape("apple-html-only", None, APPLE_HTML),
    # Thunderbird
    Shape("thunderbird-en", gmail("On 06/01/2025 09:15, Collaborative Leadership Coach wrote:")),
    Shape("thunderbird-us", gmail("On 1/6/25 9:15 AM, Collaborative Leadership Coach wrote:")),
    Shape("thunderbird-de", gmail("Am 06.01.25 um 09:15 schrieb Collaborative Leadership Coach:")),
    Shape("thunderbird-fr", gmail("Le 06/01/2025 à 09:15, Collaborative Leadership Coach a écrit :")),
    # Yahoo, web and phone
    Shape("yahoo-web", gmail(f"On Monday, January 6, 2025 at 09:15:00 AM GMT+1, {COACH} wrote:")),
    Shape("yahoo-html-only", None, YAHOO_HTML),
    Shape(
        "yahoo-android",
        gmail(f"On Mon, Jan 6, 2025 at 9:15, {COACH} wrote:", NEW + "\n\nSent from Yahoo Mail on Android"),
    ),
    Shape(
        "yahoo-iphone",
        gmail(
            f"On Monday, January 6, 2025, 9:15 AM, {COACH} wrote:",
            NEW + "\n\nSent from Yahoo Mail for iPhone",
        ),
    ),
    # Other phone clients and webmails
    Shape(
        "samsung",
        block(
            NEW + "\n\nSent from my Galaxy",
            "-------- Original message --------\n"
            f"From: Coach <{ADDR}>\nDate: 06/01/2025 09:15 (GMT+01:00)\nTo: Anna Schmidt <anna@example.com>\n"
            "Subject: What did you share this week?",
        ),
    ),
    Shape("proton", gmail(f"On Monday, January 6th, 2025 at 9:15 AM, {COACH} wrote:")),
    Shape("fastmail", gmail("On Mon, 6 Jan 2025, at 09:15, Collaborative Leadership Coach wrote:")),
    # Scripts and legacy charsets
    Shape("cyrillic-utf8-base64", gmail(GMAIL_HEADERS["en"], RUSSIAN), encoding="base64", expected=RUSSIAN),
    Shape("cyrillic-koi8-r", gmail(GMAIL_HEADERS["en"], RUSSIAN), charset="koi8-r", expected=RUSSIAN),
    Shape(
        "cyrillic-windows-1251",
        block(RUSSIAN, OUTLOOK_RULE + "\n" + OUTLOOK_BLOCKS["en"]),
        charset="windows-1251",
        expected=RUSSIAN,
    ),
    Shape(
        "japanese-iso-2022-jp",
        gmail(GMAIL_HEADERS["en"], JAPANESE),
        charset="iso-2022-jp",
        encoding="7bit",
        expected=JAPANESE,
    ),
    Shape(
        "japanese-shift-jis",
        gmail(GMAIL_HEADERS["en"], JAPANESE),
        charset="shift_jis",
        encoding="base64",
        expected=JAPANESE,
    ),
    Shape(
        "chinese-gb2312",
        gmail(GMAIL_HEADERS["en"], CHINESE),
        charset="gb2312",
        encoding="base64",
        expected=CHINESE,
    ),
    Shape(
        "chinese-big5",
        gmail(GMAIL_HEADERS["en"], "我在副總裁面前把功勞給了普麗婭。"),
        charset="big5",
        encoding="base64",
        expected="我在副總裁面前把功勞給了普麗婭。",
    ),
    Shape(
        "korean-euc-kr",
        gmail(GMAIL_HEADERS["en"], KOREAN),
        charset="euc-kr",
        encoding="base64",
        expected=KOREAN,
    ),
    Shape(
        "german-iso-8859-1",
        gmail(GMAIL_HEADERS["de"], GERMAN.replace("–", "-")),
        charset="iso-8859-1",
        expected=GERMAN.replace("–", "-"),
    ),
    Shape(
        "french-iso-8859-15",
        gmail(GMAIL_HEADERS["fr"], FRENCH + " 10 €"),
        charset="iso-8859-15",
        expected=FRENCH + " 10 €",
    ),
    Shape("utf8-8bit", gmail(GMAIL_HEADERS["de"], GERMAN), encoding="8bit", expected=GERMAN),
    # Signatures
    Shape(
        "sig-delimiter",
        gmail(GMAIL_HEADERS["en"], NEW + "\n\n-- \nAnna Schmidt\nVP Sales EMEA\n+49 30 1234567"),
    ),
    Shape("sig-best-regards", gmail(GMAIL_HEADERS["en"], NEW + "\n\nBest regards,\nAnna")),
    Shape(
        "sig-german",
        gmail(GMAIL_HEADERS["de"], GERMAN + "\n\nMit freundlichen Grüßen\nAnna Schmidt"),
        expected=GERMAN,
    ),
    Shape(
        "sig-corporate",
        block(
            NEW
            + "\n\nKind regards,\nAnna Schmidt | Regional Sales Director\nExample GmbH | Friedrichstraße 1 | "
            "10117 Berlin\nT +49 30 1234567 | M +49 170 1234567",
            OUTLOOK_RULE + "\n" + OUTLOOK_BLOCKS["en"],
        ),
    ),
    Shape("sig-ipad", gmail(GMAIL_HEADERS["en"], NEW + "\n\nSent from my iPad")),
    Shape(
        "sig-french-mobile", gmail(GMAIL_HEADERS["fr"], FRENCH + "\n\nEnvoyé de mon iPhone"), expected=FRENCH
    ),
    # Traps
    Shape(
        "trap-thanks-first-line",
        gmail(GMAIL_HEADERS["en"], "Thanks, that made me rethink the forecast call.\n" + NEW),
        expected="Thanks, that made me rethink the forecast call.\n" + NEW,
    ),
    Shape("trap-only-quote", gmail(GMAIL_HEADERS["en"], ""), expected=""),
    Shape("trap-bottom-post", f"{GMAIL_HEADERS['en']}\n\n{quoted(ORIGINAL)}\n\n{NEW}\n"),
    Shape(
        "trap-from-in-text",
        gmail(GMAIL_HEADERS["en"], "From: my side, the credit went to Priya.\n" + NEW),
        expected="From: my side, the credit went to Priya.\n" + NEW,
    ),
    Shape(
        "trap-dashes-in-text",
        gmail(GMAIL_HEADERS["en"], "Before ----- after: a big change.\n" + NEW),
        expected="Before ----- after: a big change.\n" + NEW,
    ),
    Shape("trap-multipart-mixed-attachment", gmail(GMAIL_HEADERS["en"])),
)
