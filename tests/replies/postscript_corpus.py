"""Reflections with a request after them, and reflections whose later paragraph only looks like one.

Same format as `intent_corpus` (language, reply text, expected; "-" for no request), read against its
TODAY. Every reply opens with a reflection, which must be kept: `read_intent` must find nothing in it,
and `read_postscript` the request in the paragraph after it. `bench/intent.py` reports the score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from service.replies.intent import Intent, read_intent
from service.replies.lesson_target import LessonLike
from service.replies.postscript import read_postscript
from tests.replies.intent_corpus import TODAY, Score, tally

_EN = (
    "In Tuesday's forecast review I gave Priya the credit for rescuing the Acme renewal, in front of "
    "the VP. Two reps asked her for help the next day."
)
_DE = (
    "Im Forecast-Meeting habe ich Jonas vor dem Vertriebsleiter für die Rettung des Müller-Deals gelobt. "
    "Am nächsten Tag haben ihn zwei Kollegen um Rat gefragt."
)
_FR = (
    "Lors de la revue du pipeline, j'ai laissé Claire présenter le dossier Dupont elle-même. Elle a "
    "répondu à toutes les questions du directeur."
)
_ES = (
    "En la reunión del lunes dejé que Lucía presentara la propuesta para el cliente Ortega. Respondió a "
    "todas las preguntas del director."
)
_IT = (
    "Nella riunione di lunedì ho lasciato che Marco presentasse l'offerta al cliente Rossi. Ha risposto "
    "a tutte le domande del direttore."
)
_NL = (
    "In de pipeline-review liet ik Sanne zelf de deal met De Vries presenteren. Ze beantwoordde alle "
    "vragen van de directeur."
)
_PT = (
    "Na reunião de segunda deixei a Ana apresentar a proposta ao cliente Souza. Ela respondeu a todas as "
    "perguntas do diretor."
)

POSTSCRIPTS: tuple[tuple[str, str, str], ...] = (
    ("en", f"{_EN}\n\nPS: please pause the emails for two weeks, I'm on leave.", "pause"),
    ("en", f"{_EN}\n\nP.S. I'm off next week, please pause until the 24th.", "pause?"),
    ("en", f"{_EN}\n\nPS - could you pause these until April?", "pause"),
    ("en", f"{_EN}\n\nAlso, please pause my emails until 4 April.\n\nThanks,\nAnna", "pause"),
    ("en", f"Hi coach,\n\n{_EN}\n\nPS: pause 3 weeks please\n\nAnna", "pause"),
    ("en", f"{_EN}\n\nPS: can you switch me to lesson 7?", "switch"),
    ("en", f"{_EN}\n\nPS: can you switch me to lesson 7 next?", "switch?"),
    ("en", f"{_EN}\n\nP.S. Could I do the conflict one instead?", "switch?"),
    ("en", f"{_EN}\n\nPS: fewer emails please, once a week is enough.", "fewer"),
    ("en", f"{_EN}\n\nPS: please unsubscribe me, I'm leaving the company at the end of the month.", "stop?"),
    ("en", f"{_EN}\n\nPPS: how do I change my lesson?", "switch?"),  # asked: "Which lesson …?"
    ("en", f"{_EN}\n\nPS: which words can I reply with?", "help"),
    ("en", f"{_EN}\n\nPS: could these come on Tuesdays instead?", "schedule"),
    ("en", "Thanks!\n\nPS: please pause for 2 weeks", "pause"),
    ("en", f"{_EN}\n\nPlease stop the emails for 2 weeks, I'm travelling.", "pause"),
    ("de", f"{_DE}\n\nPS: Bitte die Mails für zwei Wochen pausieren, ich bin im Urlaub.", "pause?"),
    ("de", f"{_DE}\n\nP.S. Bitte auf Lektion 9 wechseln.", "switch"),
    ("de", f"{_DE}\n\nPS: Bitte austragen.", "stop?"),
    ("fr", f"{_FR}\n\nP.-S. : pouvez-vous mettre en pause jusqu'à la fin du mois ?", "pause"),
    ("fr", f"{_FR}\n\nPS : je suis en congé la semaine prochaine.", "pause?"),
    ("es", f"{_ES}\n\nP.D.: Pausen los correos hasta después de Semana Santa, por favor.", "pause"),
    ("es", f"{_ES}\n\nP.S. Por favor, denme de baja.", "stop?"),
    ("it", f"{_IT}\n\nP.S. Per favore mettete in pausa le email per due settimane.", "pause"),
    ("nl", f"{_NL}\n\nPS: kunnen jullie de mails even pauzeren voor drie weken?", "pause"),
    ("pt", f"{_PT}\n\nP.S. Por favor, pausem os e-mails por duas semanas.", "pause"),
)

LOOKALIKES: tuple[tuple[str, str, str], ...] = (
    ("en", f"{_EN}\n\nNext week I'll pause the pipeline review and let the reps lead.", "-"),
    ("en", f"{_EN}\n\nStop.", "-"),
    ("en", f"{_EN}\n\nPS: these are gold, keep them coming!", "-"),
    ("en", f"{_EN}\n\nPS: stop, these are gold, keep them coming", "-"),
    ("en", f"{_EN}\n\nPS: I stopped talking and let the rep finish, it worked.", "-"),
    ("en", f"{_EN}\n\nPsst, this one was hard to write.", "-"),
    ("en", f"{_EN}\n\nI'll try it again on Thursday with the channel team.", "-"),
    ("en", f"{_EN}\n\nHelp came from an unexpected place: the channel team.", "-"),
    ("en", f"{_EN}\n\nPS: my rep wanted a break after the demo, so we took one.", "-"),
    ("en", f"{_EN}\n\nMondays are better for our team meeting anyway.", "-"),
    ("de", f"{_DE}\n\nPS: Wir haben das Projekt pausiert, weil der Kunde nicht bereit war.", "-"),
    ("fr", f"{_FR}\n\nP.-S. : j'ai mis le projet en pause et l'équipe a respiré.", "-"),
    ("es", f"{_ES}\n\nHice una pausa en la reunión y funcionó.", "-"),
)

CASES = POSTSCRIPTS + LOOKALIKES


def score_postscripts(cases: Iterable[tuple[str, str, str]], lessons: Sequence[LessonLike]) -> Score:
    """Count each case's outcome. A request read from the opening loses the reflection: a false action."""

    def read(text: str) -> tuple[Intent | None, bool]:
        if read_intent(text, TODAY, lessons) is not None:
            return None, True
        found = read_postscript(text, TODAY, lessons)
        return (found.intent if found is not None else None), False

    return tally(cases, read)
