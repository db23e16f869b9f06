"""Only the new text survives: quote styles of Gmail, Outlook, Apple Mail and phones in seven languages."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.replies.extraction import MAX_TEXT_CHARS, extract_new_text, word_count

NEW = "I gave Priya the credit for the Acme renewal in front of the VP.\nShe looked surprised, then proud."
QUOTED = "> What did you share this week?\n> Reply to this email: your coach reads every reply."
ADDR = "reply+0123456789abcdef0123456789abcdef@reply.coach.localhost"

# Gmail's plain-text attribution per language, wrapped over two lines as Gmail does for long names.
GMAIL_TWO_LINE = {
    "en": f"On Mon, Jan 6, 2025 at 9:15 AM Collaborative Leadership Coach <\n{ADDR}> wrote:",
    "de": f"Am Mo., 6. Jan. 2025 um 09:15 Uhr schrieb Collaborative Leadership Coach <\n{ADDR}>:",
    "fr": f"Le lun. 6 janv. 2025 à 09:15, Collaborative Leadership Coach <\n{ADDR}> a écrit :",
    "es": f"El lun, 6 ene 2025 a las 9:15, Collaborative Leadership Coach (<\n{ADDR}>) escribió:",
    "nl": f"Op ma 6 jan 2025 om 09:15 schreef Collaborative Leadership Coach <\n{ADDR}>:",
    "it": f"Il giorno lun 6 gen 2025 alle ore 09:15 Collaborative Leadership Coach <\n{ADDR}> ha scritto:",
    "pt": f"Em seg., 6 de jan. de 2025 às 09:15, Collaborative Leadership Coach <\n{ADDR}> escreveu:",
}
GMAIL_ONE_LINE = {lang: header.replace("<\n", "<") for lang, header in GMAIL_TWO_LINE.items()}
# Three lines: a long display name wraps too.
GMAIL_THREE_LINE = {
    "en": "On Mon, Jan 6, 2025 at 9:15 AM Collaborative Leadership Coach for\n"
    f"Sales Managers at Example Corporation <\n{ADDR}> wrote:",
}

APPLE = {
    "en": "On 6 Jan 2025, at 09:15, Coach <coach@coach.localhost> wrote:",
    "de": "Am 06.01.2025 um 09:15 schrieb Coach <coach@coach.localhost>:",
    "fr": "Le 6 janv. 2025 à 09:15, Coach <coach@coach.localhost> a écrit :",
    "es": "El 6 ene 2025, a las 9:15, Coach <coach@coach.localhost> escribió:",
    "nl": "Op 6 jan. 2025, om 09:15 heeft Coach <coach@coach.localhost> het volgende geschreven:",
    "it": "Il giorno 6 gen 2025, alle ore 09:15, Coach <coach@coach.localhost> ha scritto:",
    "pt": "Em 6 de jan. de 2025, à(s) 09:15, Coach <coach@coach.localhost> escreveu:",
}

OUTLOOK_BLOCK = {
    "en": "From: Coach <coach@coach.localhost>\nSent: Monday, January 6, 2025 9:15 AM\nTo: Anna Schmidt "
    "<anna@example.com>\nSubject: What did you share this week?",
    "de": "Von: Coach <coach@coach.localhost>\nGesendet: Montag, 6. Januar 2025 09:15\nAn: Anna Schmidt\n"
    "Betreff: Was haben Sie diese Woche geteilt?",
    "fr": "De\u00a0: Coach <coach@coach.localhost>\nEnvoyé\u00a0: lundi 6 janvier 2025 09:15\n"
    "À\u00a0: Anna Schmidt\nObjet\u00a0: Qu'avez-vous partagé ?",
    "es": "De: Coach <coach@coach.localhost>\nEnviado el: lunes, 6 de enero de 2025 9:15\nPara: Anna\n"
    "Asunto: ¿Qué compartiste?",
    "nl": "Van: Coach <coach@coach.localhost>\nVerzonden: maandag 6 januari 2025 09:15\nAan: Anna\n"
    "Onderwerp: Wat heb je gedeeld?",
    "it": "Da: Coach <coach@coach.localhost>\nInviato: lunedì 6 gennaio 2025 09:15\nA: Anna\n"
    "Oggetto: Cosa hai condiviso?",
    "pt": "De: Coach <coach@coach.localhost>\nEnviado: segunda-feira, 6 de janeiro de 2025 09:15\n"
    "Para: Anna\nAssunto: O que você compartilhou?",
}

ORIGINAL_MESSAGE = {
    "en": "-----Original Message-----",
    "de": "-----Ursprüngliche Nachricht-----",
    "fr": "-----Message d'origine-----",
    "es": "-----Mensaje original-----",
    "nl": "-----Oorspronkelijk bericht-----",
    "it": "-----Messaggio originale-----",
    "pt": "-----Mensagem original-----",
}

PHONES = {
    "en": ["Sent from my iPhone", "Sent from my Galaxy", "Get Outlook for iOS<https://aka.ms/o0ukef>"],
    "de": ["Von meinem iPhone gesendet", "Gesendet von Outlook für Android"],
    "fr": ["Envoyé de mon iPhone", "Envoyé depuis mon mobile"],
    "es": ["Enviado desde mi iPhone", "Obtener Outlook para Android"],
    "nl": ["Verstuurd vanaf mijn iPhone", "Verzonden met mijn Galaxy"],
    "it": ["Inviato da iPhone", "Inviato dal mio dispositivo Galaxy"],
    "pt": ["Enviado do meu iPhone", "Obter o Outlook para Android"],
}


@pytest.mark.parametrize("lang", sorted(GMAIL_ONE_LINE))
@pytest.mark.parametrize("style", ["one-line", "two-line"])
def test_gmail_plain_text_attribution_cuts_the_quote(lang: str, style: str) -> None:
    header = (GMAIL_ONE_LINE if style == "one-line" else GMAIL_TWO_LINE)[lang]
    assert extract_new_text(f"{NEW}\n\n{header}\n{QUOTED}\n") == NEW


def test_an_attribution_wrapped_over_three_lines_is_still_a_quote_header() -> None:
    assert extract_new_text(f"{NEW}\n\n{GMAIL_THREE_LINE['en']}\n{QUOTED}\n") == NEW


@pytest.mark.parametrize("lang", sorted(APPLE))
def test_apple_mail_attribution_inside_and_outside_the_quote(lang: str) -> None:
    outside = f"{NEW}\n\n{APPLE[lang]}\n\n{QUOTED}\n"
    inside = f"{NEW}\n\n> {APPLE[lang]}\n> \n{QUOTED}\n"
    assert extract_new_text(outside) == NEW
    assert extract_new_text(inside) == NEW


@pytest.mark.parametrize("lang", sorted(OUTLOOK_BLOCK))
@pytest.mark.parametrize("divider", ["", "________________________________\n"])
def test_outlook_header_blocks_with_or_without_the_underscore_rule(lang: str, divider: str) -> None:
    body = f"{NEW}\r\n\r\n{divider}{OUTLOOK_BLOCK[lang]}\r\n\r\nWhat did you share this week?\r\n".replace(
        "\n", "\r\n"
    ).replace("\r\r\n", "\r\n")
    assert extract_new_text(body) == NEW


@pytest.mark.parametrize("lang", sorted(ORIGINAL_MESSAGE))
def test_original_message_separators(lang: str) -> None:
    body = f"{NEW}\n\n{ORIGINAL_MESSAGE[lang]}\n{OUTLOOK_BLOCK[lang]}\n\nold text"
    assert extract_new_text(body) == NEW


@pytest.mark.parametrize(("lang", "line"), [(lang, line) for lang, lines in PHONES.items() for line in lines])
def test_phone_signatures_go_in_every_language(lang: str, line: str) -> None:
    body = f"{NEW}\n\n{line}\n\n{GMAIL_ONE_LINE[lang]}\n{QUOTED}"
    assert extract_new_text(body) == NEW
    assert extract_new_text(f"{NEW}\n\n{line}") == NEW


def test_bottom_posted_and_inline_answers_keep_only_the_unquoted_lines() -> None:
    bottom = f"{GMAIL_ONE_LINE['en']}\n{QUOTED}\n\n{NEW}\n"
    assert extract_new_text(bottom) == NEW
    inline = "> What did you share this week?\nThe Acme credit, with Priya.\n> Anything else?\nNo.\n"
    assert extract_new_text(inline) == "The Acme credit, with Priya.\nNo."


def test_signatures_go_but_a_paragraph_starting_with_thanks_stays() -> None:
    signed = f"{NEW}\n\nBest regards,\nAnna Schmidt\nHead of Sales DACH\n\n{GMAIL_ONE_LINE['en']}\n{QUOTED}"
    assert extract_new_text(signed) == NEW
    german = f"{NEW}\n\nViele Grüße\nAnna\n\n{GMAIL_ONE_LINE['de']}\n{QUOTED}"
    assert extract_new_text(german) == NEW
    delimiter = f"{NEW}\n-- \nAnna Schmidt | ACME GmbH | +49 89 123456"
    assert extract_new_text(delimiter) == NEW
    thanks = (
        "Thanks, this one hit home: in Tuesday's forecast call I named Priya as the one who rescued the "
        "Acme renewal instead of taking the credit myself, and the room changed.\n"
        "Next week I will do the same for the channel team."
    )
    assert extract_new_text(f"{thanks}\n\n{GMAIL_ONE_LINE['en']}\n{QUOTED}") == thanks


def test_hyphen_lists_are_not_mistaken_for_signatures() -> None:
    listed = "Three things:\n- credit to Priya\n- a thank-you note to ops\n- lunch with marketing"
    assert extract_new_text(f"{listed}\n\n{GMAIL_ONE_LINE['en']}\n{QUOTED}") == listed


def test_a_reflection_mentioning_what_i_wrote_is_not_a_quote_header() -> None:
    text = "On Monday I wrote:\nwe win together.\nAnd I meant it."
    assert extract_new_text(text) == text


GMAIL_HTML = (
    '<div dir="ltr">I gave Priya the credit for the Acme renewal in front of the VP.<div>She looked '
    'surprised, then proud.</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
    '{attribution}<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
    'border-left:1px solid rgb(204,204,204);padding-left:1ex"><p>What did you share this week?</p>'
    "</blockquote></div>"
)
OUTLOOK_DESKTOP_HTML = (
    '<html><head><style>p.MsoNormal{{margin:0}}</style></head><body lang="DE"><div class="WordSection1">'
    '<p class="MsoNormal">I gave Priya the credit for the Acme renewal in front of the VP.<o:p></o:p></p>'
    '<p class="MsoNormal">She looked surprised, then proud.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;'
    '</o:p></p><div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
    '<p class="MsoNormal"><b>{label}</b> Coach &lt;coach@coach.localhost&gt;</p></div></div>'
    '<p class="MsoNormal">What did you share this week?</p></div></body></html>'
)
OUTLOOK_WEB_HTML = (
    '<div dir="ltr"><div>I gave Priya the credit for the Acme renewal in front of the VP.</div><div>She '
    'looked surprised, then proud.</div></div><div id="appendonsend"></div><hr style="display:inline-block;'
    'width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> Coach'
    "<br><b>Sent:</b> Monday, January 6, 2025 9:15 AM</font></div><div>What did you share this week?</div>"
)
APPLE_HTML = (
    '<html><body dir="auto"><div dir="ltr">I gave Priya the credit for the Acme renewal in front of the VP.'
    '<br>She looked surprised, then proud.</div><div dir="ltr"><br><blockquote type="cite">On 6 Jan 2025, '
    "at 09:15, Coach &lt;coach@coach.localhost&gt; wrote:<br><br></blockquote></div><blockquote "
    'type="cite"><div dir="ltr">What did you share this week?</div></blockquote></body></html>'
)
THUNDERBIRD_HTML = (
    "<p>I gave Priya the credit for the Acme renewal in front of the VP.<br>She looked surprised, then "
    'proud.</p><div class="moz-cite-prefix">On 06/01/2025 09:15, Coach wrote:<br></div><blockquote '
    'type="cite" cite="mid:prompt-1@ismtpd-sandbox">What did you share this week?</blockquote>'
)
OLD_OUTLOOK_HTML = (
    "<div>I gave Priya the credit for the Acme renewal in front of the VP.</div><div>She looked surprised, "
    "then proud.</div><div>&nbsp;</div><div>-----Original Message-----<br>From: Coach<br>Sent: Monday<br>"
    "To: Anna<br>Subject: What did you share?</div><div>What did you share this week?</div>"
)


@pytest.mark.parametrize("lang", sorted(GMAIL_ONE_LINE))
def test_html_only_gmail_replies(lang: str) -> None:
    html = GMAIL_HTML.format(attribution=GMAIL_ONE_LINE[lang].replace("<", "&lt;").replace(">", "&gt;"))
    assert extract_new_text("", html) == NEW
    assert extract_new_text(None, html) == NEW


@pytest.mark.parametrize("label", ["From:", "Von:", "De\u00a0:", "De:", "Van:", "Da:"])
def test_html_only_outlook_desktop_reply_divider(label: str) -> None:
    assert extract_new_text("", OUTLOOK_DESKTOP_HTML.format(label=label)) == NEW


@pytest.mark.parametrize(
    "html",
    [OUTLOOK_WEB_HTML, APPLE_HTML, THUNDERBIRD_HTML, OLD_OUTLOOK_HTML],
    ids=["owa", "apple", "tb", "old"],
)
def test_html_only_replies_from_other_clients(html: str) -> None:
    assert extract_new_text("   \n", html) == NEW


def test_html_scripts_and_styles_are_not_text_and_entities_stay_literal() -> None:
    html = "<style>.x{color:red}</style><script>alert(1)</script><p>I wrote &lt;script&gt; on the board</p>"
    assert extract_new_text("", html) == "I wrote <script> on the board"


def test_plain_text_wins_over_html_when_both_exist() -> None:
    assert extract_new_text("plain words", "<p>html words</p>") == "plain words"


def test_empty_and_whitespace_bodies_give_empty_text() -> None:
    assert extract_new_text(None, None) == ""
    assert extract_new_text(" \n\n", "<div><br></div>") == ""


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), ("Didn't follow-up, yet.", 3), ("Grüße aus München: ça va très bien", 7), (NEW, 19)],
)
def test_word_count(text: str, words: int) -> None:
    assert word_count(text) == words


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(
                [
                    *GMAIL_ONE_LINE.values(),
                    *APPLE.values(),
                    *ORIGINAL_MESSAGE.values(),
                    "> quoted",
                    "-- ",
                    "Best regards,",
                    "Sent from my iPhone",
                    "From: x\nSent: y",
                    "<div>x</div>",
                ]
            ),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_extraction_never_invents_text(lines: list[str], as_html: bool) -> None:
    """Whatever the input, the output is made of (parts of) input lines and never raises."""
    source = "\n".join(lines)
    result = extract_new_text(None, source) if as_html else extract_new_text(source)
    if as_html:
        return
    normalised = source.replace("\r\n", "\n").replace("\r", "\n")
    for line in result.splitlines():
        assert line.strip() in normalised


# Inline answers: the manager's lines between (and below) ">" blocks are kept as paragraphs, the quoted
# lines are not; a top-posted text with the whole quote below it is cut as before.
GMAIL_HEADER = GMAIL_ONE_LINE["en"]
QA_INLINE = (
    "Answers inline below.\n\n"
    f"{GMAIL_HEADER}\n"
    "> Hi Anna,\n>\n> Who contributed to the Acme renewal in a way nobody saw?\n\n"
    "Jenna, our SE lead. I'll name her first in Thursday's forecast call.\n\n"
    "> What would you tell them?\n> Reply to this email: your coach reads every reply.\n"
)
QA_INLINE_NEW = (
    "Answers inline below.\n\nJenna, our SE lead. I'll name her first in Thursday's forecast call."
)
INLINE_CASES = {
    "qa-gmail-header": (QA_INLINE, QA_INLINE_NEW),
    "several-answers": (
        f"See below.\n\n{GMAIL_HEADER}\n> Who?\nJenna.\n> When?\n\nThursday, in the forecast call.\n\n"
        "> Anything else?\n>\nI'll copy her manager.\n",
        "See below.\n\nJenna.\n\nThursday, in the forecast call.\n\nI'll copy her manager.",
    ),
    "answer-below-the-last-block-too": (
        f"Inline, sorry.\n\n{GMAIL_HEADER}\n> Who?\n\nJenna.\n\n> When?\n\nThursday.\n",
        "Inline, sorry.\n\nJenna.\n\nThursday.",
    ),
    "apple-header-outside-the-quote": (
        f"Short answers:\n\n{APPLE['en']}\n\n> Who?\nJenna.\n> When?\n",
        "Short answers:\n\nJenna.",
    ),
    "no-header-at-all": (
        "Answers below\n> Who?\nJenna.\n> When?\nFriday.\n",
        "Answers below\n\nJenna.\nFriday.",
    ),
    "nested-quote-header-inside": (
        f"Below.\n\n{GMAIL_HEADER}\n> Who?\n>> {APPLE['en']}\n>> older\nJenna.\n> When?\n",
        "Below.\n\nJenna.",
    ),
}
UNCHANGED_CASES = {
    "top-posted": (f"{NEW}\n\n{GMAIL_HEADER}\n{QUOTED}\n", NEW),
    "top-posted-footer-below-the-quote": (
        f"{NEW}\n\n{GMAIL_HEADER}\n{QUOTED}\n\nVirus-free. www.avast.com\n",
        NEW,
    ),
    "top-posted-unmarked-original": (f"{NEW}\n\n{GMAIL_HEADER}\n\nWhat did you share?\n> older\nmore\n", NEW),
    "top-posted-outlook-below-inline-looking-lines": (
        f"{NEW}\n\n{OUTLOOK_BLOCK['en']}\n\nWhat did you share?\n> older\nmore\n",
        NEW,
    ),
    "bottom-posted": (f"{GMAIL_HEADER}\n{QUOTED}\n\n{NEW}\n", NEW),
    "bottom-posted-signed": (f"{GMAIL_HEADER}\n{QUOTED}\n\n{NEW}\n\n-- \nAnna\n", NEW),
    "inline-without-text-above": (
        "> What did you share this week?\nThe Acme credit, with Priya.\n> Anything else?\nNo.\n",
        "The Acme credit, with Priya.\nNo.",
    ),
}


@pytest.mark.parametrize(("body", "expected"), INLINE_CASES.values(), ids=INLINE_CASES.keys())
def test_inline_answers_between_quoted_lines_are_kept_without_the_quote(body: str, expected: str) -> None:
    assert extract_new_text(body) == expected


@pytest.mark.parametrize(("body", "expected"), UNCHANGED_CASES.values(), ids=UNCHANGED_CASES.keys())
def test_top_and_bottom_posted_replies_are_cut_as_before(body: str, expected: str) -> None:
    assert extract_new_text(body) == expected


# Signatures and disclaimers: a sign-off followed only by signature lines and/or a disclaimer ends the
# text; a disclaimer at the end goes without a sign-off too; a sentence mentioning them stays.
OUTLOOK_SIGNATURE = (
    "Best regards,\nAnna Schmidt\nHead of Sales DACH\nMobile: +44 20 7946 0000\nanna.schmidt@example.com"
)
CONFIDENTIALITY = (
    "CONFIDENTIALITY NOTICE: This email and any attachments are confidential and intended solely for the "
    "addressee. If you are not the intended recipient I will be forced to take action against you. Please "
    "notify the sender and delete this email."
)
GERMAN_DISCLAIMER = (
    "Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen. Wenn Sie nicht der "
    "richtige Adressat sind, informieren Sie bitte sofort den Absender und vernichten Sie diese Mail."
)
FRENCH_DISCLAIMER = (
    "Ce message et ses pièces jointes sont confidentiels et destinés exclusivement à leurs destinataires. "
    "Si vous avez reçu ce message par erreur, merci de le détruire et d'en avertir l'expéditeur."
)
OTHER_DISCLAIMERS = {
    "es": "Este mensaje y sus anexos son confidenciales. Si usted no es el destinatario, queda prohibida su "
    "difusión.",
    "nl": "Dit e-mailbericht is uitsluitend bestemd voor de geadresseerde. Indien u niet de geadresseerde "
    "bent, verzoeken wij u het te verwijderen.",
    "it": "Questo messaggio è riservato e destinato esclusivamente al destinatario. Se avete ricevuto questo "
    "messaggio per errore, vi preghiamo di distruggerlo.",
    "pt": "Esta mensagem é confidencial e destinada apenas ao destinatário. Se você não for o destinatário, "
    "a divulgação é proibida.",
}
OUTLOOK_QUOTE = f"\n\n{OUTLOOK_BLOCK['en']}\n\nWhat did you share this week?\n"
SIGNED_CASES = {
    "outlook-with-disclaimer": f"{NEW}\n\n{OUTLOOK_SIGNATURE}\n\n{CONFIDENTIALITY}{OUTLOOK_QUOTE}",
    "outlook-disclaimer-right-under-the-address": f"{NEW}\n\n{OUTLOOK_SIGNATURE}\n{CONFIDENTIALITY}",
    "outlook-without-disclaimer": f"{NEW}\n\n{OUTLOOK_SIGNATURE}{OUTLOOK_QUOTE}",
    "german-with-disclaimer": f"{NEW}\n\nMit freundlichen Grüßen\nAnna Schmidt\nVertrieb DACH\n"
    f"Tel. +49 89 1234567\n\n{GERMAN_DISCLAIMER}",
    "german-without-disclaimer": f"{NEW}\n\nViele Grüße\nAnna Schmidt\nwww.example.de",
    "french-with-disclaimer": f"{NEW}\n\nCordialement,\nAnne Dupont\nDirectrice Commerciale\n\n"
    f"{FRENCH_DISCLAIMER}",
    "french-without-disclaimer": f"{NEW}\n\nCordialement\nAnne Dupont | Exemple SA | +33 1 23 45 67 89",
    "cheers": f"{NEW}\n\nCheers\nAnna",
    "thanks-and-name-on-one-line": f"{NEW}\n\nThanks, Anna",
    "spanish": f"{NEW}\n\nSaludos\nAna García\nDirectora de Ventas",
    "dutch": f"{NEW}\n\nMet vriendelijke groet,\nAnna de Vries",
    "italian": f"{NEW}\n\nCordiali saluti\nAnna Rossi",
    "portuguese": f"{NEW}\n\nAtenciosamente,\nAna Souza\nGerente de Vendas",
    "disclaimer-without-sign-off": f"{NEW}\n\n{CONFIDENTIALITY}",
    "german-disclaimer-without-sign-off": f"{NEW}\n\n{GERMAN_DISCLAIMER}",
    "french-disclaimer-without-sign-off": f"{NEW}\n\n{FRENCH_DISCLAIMER}",
    **{f"{lang}-disclaimer-without-sign-off": f"{NEW}\n\n{text}" for lang, text in OTHER_DISCLAIMERS.items()},
    "server-disclaimer-below-the-quote": f"{NEW}\n\nBest,\nAnna\n\n{GMAIL_HEADER}\n{QUOTED}\n\n"
    f"{CONFIDENTIALITY}",
    "inline-answers-signed-with-a-disclaimer": (
        f"Below.\n\n{GMAIL_HEADER}\n> Who?\n\nJenna.\n\n> When?\n\nThursday.\n\n{OUTLOOK_SIGNATURE}\n\n"
        f"{CONFIDENTIALITY}"
    ),
}
SIGNED_EXPECTED = {"inline-answers-signed-with-a-disclaimer": "Below.\n\nJenna.\n\nThursday."}


@pytest.mark.parametrize("name", SIGNED_CASES)
def test_a_sign_off_with_its_signature_and_a_disclaimer_end_the_text(name: str) -> None:
    assert extract_new_text(SIGNED_CASES[name]) == SIGNED_EXPECTED.get(name, NEW)


KEPT_CASES = {
    "regards-mid-sentence": "With regards to the forecast, I named Priya.\nKind regards to the team: me.",
    "confidential-mid-text": f"{NEW}\n\nThis email is confidential, please keep it. I'll tell Jenna first.",
    "confidential-sentence-with-a-recipient": (
        f"{NEW}\nI told them the numbers are confidential until the recipient of the award is announced."
    ),
    "thanks-then-a-sentence": f"{NEW}\n\nThanks,\nI will call her on Friday",
    "thanks-then-a-postscript": f"{NEW}\n\nThanks,\nAnna\n\nPS: I'll call her Friday",
    "thanks-opening-a-sentence": f"{NEW}\n\nThanks, that made me rethink the call\nok",
    "cheers-to-the-team": f"{NEW}\n\nCheers to the team!",
    "disclaimer-word-without-legal-text": f"{NEW}\n\nDisclaimer: I have not asked Jenna yet.",
}


@pytest.mark.parametrize("body", KEPT_CASES.values(), ids=KEPT_CASES.keys())
def test_a_managers_sentence_mentioning_regards_or_confidential_stays(body: str) -> None:
    assert extract_new_text(body) == body


HOSTILE = {
    "100k-quote-lines": "> \n" * 100_000,
    "1mb-single-line": "x" * 1_000_000,
    "only-quotes": f"{GMAIL_HEADER}\n" + "> quoted line\n" * 20_000,
    "only-a-signature": OUTLOOK_SIGNATURE,
    "only-a-disclaimer": CONFIDENTIALITY,
    "markup": "<div><blockquote>" * 20_000 + "> <b>x</b>\n" * 5_000,
    "sign-offs-all-the-way": "Thanks,\n" * 50_000,
    "disclaimers-all-the-way": f"\n{CONFIDENTIALITY}\n" * 2_000,
    "quote-and-answer-alternating": "top\n" + "> q\na\n" * 30_000,
    "headers-without-quotes": f"top\n{GMAIL_HEADER}\nx\n" * 10_000,
    "1mb-disclaimer-line": f"{NEW}\n\nThis email is confidential " + "and privileged " * 70_000,
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_bodies_finish_fast_and_never_raise(body: str) -> None:
    started = time.perf_counter()
    for text, html in ((body, None), (None, body)):
        result = extract_new_text(text, html)
        assert isinstance(result, str) and len(result) <= MAX_TEXT_CHARS
    assert time.perf_counter() - started < 3.0
