"""Only the new text survives: quote styles of Gmail, Outlook, Apple Mail and phones in seven languages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.replies.extraction import extract_new_text, word_count

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
