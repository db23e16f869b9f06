"""Requests by reply as managers write them, and reflections that only contain a command word.

One case per line: (language, reply text, expected). Expected is "-" for a reflection (it must
never act: at most no answer at all), or a command, "?" after it when the service should ask first
("pause?" - a vague duration), "@YYYY-MM-DD" for the day a pause ends, "=slug" for a switch's lesson.
Read against TODAY, a Wednesday. `bench/intent.py` and `coach intent-report` measure precision and
recall over this table, and the README quotes the figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from service.replies.intent import Intent, read_intent
from service.replies.lesson_target import LessonLike

TODAY = date(2025, 3, 12)

REQUESTS: tuple[tuple[str, str, str], ...] = (
    # English
    ("en", "STOP", "stop"),
    ("en", "Unsubscribe", "stop"),
    ("en", "Please unsubscribe me.", "stop"),
    ("en", "No more of these, thanks", "stop"),
    ("en", "Take me off the list please", "stop"),
    ("en", "Please remove me from your mailing list.", "stop"),
    ("en", "Could you please stop sending me these emails? Thanks!", "stop"),
    ("en", "Hi,\n\nI'd like to unsubscribe please.\n\nThanks,\nJohn", "stop"),
    ("en", "Stop emailing me", "stop"),
    ("en", "I don't want these emails anymore.", "stop"),
    ("en", "Please stop. Thank you.", "stop"),
    ("en", "pause 3 weeks", "pause@2025-04-02"),
    ("en", "PAUSE", "pause@2025-03-26"),
    ("en", "Can you pause these for 3 weeks please? Quarter end is crazy.", "pause@2025-04-02"),
    ("en", "Please pause my emails for two weeks.", "pause@2025-03-26"),
    ("en", "Could you put the coaching emails on hold until April?", "pause@2025-04-01"),
    ("en", "hold these until the new year", "pause@2026-01-01"),
    ("en", "Pause until Friday please", "pause@2025-03-14"),
    ("en", "Please pause for a few weeks over quarter end", "pause?"),
    ("en", "I need a break from these emails for a month", "pause"),
    ("en", "Please stop the emails for 2 weeks, I'm travelling.", "pause@2025-03-26"),
    ("en", "I'm on holiday until 3 April", "pause?@2025-04-03"),
    ("en", "No emails until after Easter please", "pause"),
    ("en", "Resume", "resume"),
    ("en", "I'm back!", "resume"),
    ("en", "Please start the emails again", "resume"),
    ("en", "Stop! These are gold. Keep them coming.", "resume"),  # delight, not an unsubscribe
    ("en", "No wait, I didn't mean to unsubscribe! Please keep sending them.", "resume"),
    ("en", "I changed my mind, please resubscribe me.", "resume"),
    ("en", "Keep them coming!", "resume"),
    ("en", "Please unsubscribe me from these emails. Keep them coming for Maria instead.", "stop?"),
    ("de", "Ich wollte mich nicht abmelden! Bitte weiter schicken.", "resume"),
    ("fr", "Je ne voulais pas me désabonner, continuez à m'envoyer ces mails.", "resume"),
    ("es", "No quería darme de baja, sigan enviando.", "resume"),
    ("en", "SWITCH 4", "switch=know-who-not-to-partner-with"),
    ("en", "Please move me to lesson 7", "switch=invest-in-relationships"),
    ("en", "I'd like to switch to lesson 7, thanks!", "switch=invest-in-relationships"),
    ("en", "Switch me to share-credit", "switch=share-credit"),
    ("en", "Could you switch me to the one about conflict?", "switch?=prepare-for-conflict"),
    ("en", "Can I change my lesson to number 9?", "switch=share-credit"),
    ("en", "help", "help"),
    ("en", "Which words can I reply with?", "help"),
    ("en", "What commands can I use?", "help"),
    (
        "en",
        "I want to unsubscribe, I'm changing roles and this no longer applies to me and my new team.",
        "stop?",
    ),
    # About the schedule (the preferences page), fewer emails, absences named as a period, lessons by topic
    ("en", "No more of these Friday emails please, Mondays are better.", "schedule"),
    ("en", "Could these come on Tuesdays instead?", "schedule"),
    ("en", "Could you send them in the afternoon instead?", "schedule"),
    ("en", "At 8am instead please", "schedule"),
    ("en", "fewer emails please", "fewer"),
    ("en", "Could you send fewer emails? Once a week is plenty for me.", "fewer"),
    ("en", "Too many emails!", "fewer?"),
    ("en", "I'm off next week.", "pause?@2025-03-24"),
    ("en", "Can I do the conflict one instead?", "switch?=prepare-for-conflict"),
    ("en", "Let's do the one about energy next.", "switch?=bring-energy"),
    ("en", "Stop sending me so many emails.", "fewer?"),
    ("en", "Please stop sending me so many emails", "fewer?"),
    ("en", "stop sending me these emails", "stop"),
    # German
    ("de", "Abmelden", "stop"),
    ("de", "Bitte melden Sie mich ab. Danke!", "stop"),
    ("de", "Bitte keine E-Mails mehr.", "stop"),
    ("de", "Ich möchte mich abmelden.", "stop"),
    ("de", "Bitte tragen Sie mich aus dem Verteiler aus.", "stop"),
    ("de", "Hallo,\n\nbitte keine weiteren Mails mehr schicken.\n\nViele Grüße\nJonas", "stop"),
    ("de", "Könnten Sie die E-Mails bitte für drei Wochen pausieren?", "pause@2025-04-02"),
    ("de", "Bitte bis nach Ostern keine Mails mehr", "pause"),
    ("de", "Pausieren bitte bis Ende April", "pause@2025-04-30"),
    ("de", "Bitte die Mails für 2 Wochen aussetzen", "pause@2025-03-26"),
    ("de", "Pause für zwei Wochen, danke", "pause@2025-03-26"),
    ("de", "Ich bin im Urlaub bis 3. April", "pause?@2025-04-03"),
    ("de", "Ich bin wieder da", "resume"),
    ("de", "Bitte wieder aufnehmen", "resume"),
    ("de", "Ich möchte zu Lektion 7 wechseln.", "switch=invest-in-relationships"),
    ("de", "Kannst du mich auf Lektion 3 umstellen?", "switch=prepare-for-conflict"),
    ("de", "Hilfe", "help"),
    ("de", "Welche Befehle gibt es?", "help"),
    ("de", "weniger Mails bitte", "fewer"),
    ("de", "Bitte pausieren Sie die Mails für zwei Wochen.", "pause@2025-03-26"),
    ("de", "Bitte zur Lektion über Konflikte wechseln", "switch?=prepare-for-conflict"),
    ("de", "Montags wäre besser.", "schedule"),
    # French
    ("fr", "Désabonnez-moi s'il vous plaît", "stop"),
    ("fr", "Je veux me désabonner, merci.", "stop"),
    ("fr", "Plus de mails s'il vous plaît", "stop"),
    ("fr", "Merci de me retirer de la liste", "stop"),
    ("fr", "Mettez les e-mails en pause pendant deux semaines, merci", "pause@2025-03-26"),
    ("fr", "Pause jusqu'au 3 avril svp", "pause@2025-04-03"),
    ("fr", "Pouvez-vous suspendre les envois pendant un mois ?", "pause"),
    ("fr", "Je suis en vacances jusqu'au 3 avril", "pause?@2025-04-03"),
    ("fr", "Je suis de retour", "resume"),
    ("fr", "Reprendre", "resume"),
    ("fr", "Je voudrais passer à la leçon 7", "switch=invest-in-relationships"),
    ("fr", "Aide", "help"),
    ("fr", "Quelles commandes ?", "help"),
    ("fr", "moins d'emails s'il vous plaît", "fewer"),
    ("fr", "Quels mots puis-je utiliser pour répondre ?", "help"),
    ("fr", "Plutôt le lundi, merci.", "schedule"),
    ("fr", "Je suis en congé la semaine prochaine.", "pause?@2025-03-24"),
    # Spanish
    ("es", "Quiero darme de baja, gracias", "stop"),
    ("es", "Por favor, dejen de enviarme correos.", "stop"),
    ("es", "Baja", "stop"),
    ("es", "No más correos, por favor", "stop"),
    ("es", "Por favor, pausa los correos hasta abril", "pause@2025-04-01"),
    ("es", "Pausar durante dos semanas, gracias", "pause@2025-03-26"),
    ("es", "¿Pueden suspender los correos por un mes?", "pause"),
    ("es", "Estoy de vacaciones hasta el 3 de abril", "pause?@2025-04-03"),
    ("es", "Ya estoy de vuelta", "resume"),
    ("es", "Reanudar", "resume"),
    ("es", "Quiero cambiar a la lección 7", "switch=invest-in-relationships"),
    ("es", "Ayuda", "help"),
    ("es", "¿Qué palabras puedo usar?", "help"),
    ("es", "menos correos, por favor", "fewer"),
    ("es", "¿Qué palabras puedo usar para responder?", "help"),
    ("es", "Ya no quiero recibir estos correos.", "stop"),
    ("es", "Mejor los lunes, por favor.", "schedule"),
    ("es", "Estoy de vacaciones la semana que viene.", "pause?@2025-03-24"),
    # Dutch
    ("nl", "Afmelden", "stop"),
    ("nl", "Meld me alsjeblieft af", "stop"),
    ("nl", "Geen e-mails meer graag", "stop"),
    ("nl", "Ik wil me uitschrijven", "stop"),
    ("nl", "Kun je de mails pauzeren tot 10 april?", "pause@2025-04-10"),
    ("nl", "Pauze voor twee weken graag", "pause@2025-03-26"),
    ("nl", "Ik ben op vakantie tot 3 april", "pause?@2025-04-03"),
    ("nl", "Ik ben terug", "resume"),
    ("nl", "Hervatten", "resume"),
    ("nl", "Ik wil graag naar les 7 overstappen", "switch=invest-in-relationships"),
    ("nl", "Hulp", "help"),
    ("nl", "Welke woorden kan ik gebruiken?", "help"),
    ("nl", "minder mails graag", "fewer"),
    ("nl", "Ik ben volgende week op vakantie.", "pause?@2025-03-24"),
    ("nl", "Ik ben met vakantie tot 4 januari.", "pause?@2026-01-04"),
    # Italian
    ("it", "Per favore disiscrivimi", "stop"),
    ("it", "Non voglio più ricevere queste email", "stop"),
    ("it", "Basta email, grazie", "stop"),
    ("it", "Toglietemi dalla lista per favore", "stop"),
    ("it", "Mettete in pausa le email per un mese", "pause"),
    ("it", "Pausa per due settimane, grazie", "pause@2025-03-26"),
    ("it", "Sono in ferie fino al 3 aprile", "pause?@2025-04-03"),
    ("it", "Sono tornato", "resume"),
    ("it", "Riprendere", "resume"),
    ("it", "Vorrei passare alla lezione 7", "switch=invest-in-relationships"),
    ("it", "Aiuto", "help"),
    ("it", "Quali parole posso usare?", "help"),
    ("it", "meno email per favore", "fewer"),
    ("it", "Sono in ferie la prossima settimana.", "pause?@2025-03-24"),
    ("it", "Sono in ferie fino al 4 gennaio.", "pause?@2026-01-04"),
    # Portuguese
    ("pt", "Por favor, me descadastre", "stop"),
    ("pt", "Não quero mais receber estes e-mails", "stop"),
    ("pt", "Cancelar inscrição", "stop"),
    ("pt", "Parem de me enviar e-mails, por favor", "stop"),
    ("pt", "Pausar os e-mails até o ano novo, por favor", "pause@2026-01-01"),
    ("pt", "Pausa de duas semanas, obrigado", "pause@2025-03-26"),
    ("pt", "Estou de férias até 3 de abril", "pause?@2025-04-03"),
    ("pt", "Voltei", "resume"),
    ("pt", "Retomar", "resume"),
    ("pt", "Gostaria de mudar para a lição 7", "switch=invest-in-relationships"),
    ("pt", "Ajuda", "help"),
    ("pt", "Que palavras posso usar?", "help"),
    ("pt", "menos e-mails, por favor", "fewer"),
    ("pt", "Estou de férias na próxima semana.", "pause?@2025-03-24"),
    ("pt", "Estou de férias até 4 de janeiro.", "pause?@2026-01-04"),
    ("pt", "Quero cancelar a minha inscrição.", "stop"),
    ("pt", "Podem parar de me enviar esses e-mails?", "stop"),
)

REFLECTIONS: tuple[tuple[str, str, str], ...] = (
    # English
    ("en", "I stopped talking and let the rep finish", "-"),
    ("en", "We put the forecast call on pause so the SE could run it", "-"),
    ("en", "My rep needed help and I held back", "-"),
    ("en", "I'll try to share the credit generously next week.", "-"),
    ("en", "No more excuses from my team this quarter.", "-"),
    ("en", "I told the team to stop sending me status emails and to call instead.", "-"),
    ("en", "Taking a pause before answering made the whole one-on-one calmer.", "-"),
    ("en", "I asked for help from finance and it worked.", "-"),
    ("en", "We switched the pipeline review to Mondays and it helps.", "-"),
    ("en", "I'm back to interrupting people, honestly.", "-"),
    ("en", "She resumed the negotiation after a break of two weeks.", "-"),
    ("en", "I held the deal review until Friday so the SE could join.", "-"),
    ("en", "Stopping to ask a question first changed the meeting.", "-"),
    ("en", "I need to stop rescuing my reps when they struggle.", "-"),
    ("en", "Moved my one-on-ones to lesson-style check-ins this week.", "-"),
    ("en", "The customer asked to unsubscribe their team from our newsletter and I handled it calmly.", "-"),
    ("en", "Our VP said we should pause hiring for two weeks, which frustrated the team.", "-"),
    ("en", "I paused the forecast call on Friday", "-"),
    ("en", "We send fewer emails to customers now", "-"),
    ("en", "Mondays are better for my team's pipeline review", "-"),
    ("en", "I told Priya yes, sounds good", "-"),
    ("en", "Too many emails from my team this week, so I blocked an hour to answer them.", "-"),
    ("en", "I sent the Friday emails to my team and they loved them.", "-"),
    ("en", "We did the conflict one with the team and it went well.", "-"),
    ("en", "We meet once a week now and it is plenty.", "-"),
    ("en", "Fewer meetings, more listening this week.", "-"),
    ("en", "I'd prefer mornings for deep work.", "-"),
    ("en", "The Friday ones with my team are the best part of the week.", "-"),
    ("en", "I told the team to stop sending me so many status emails and it worked.", "-"),
    ("en", "My rep keeps sending so many emails to the client.", "-"),
    ("en", "I was on vacation last week and the team closed two deals.", "-"),
    # German
    ("de", "Ich habe aufgehört zu reden und den Vertriebler ausreden lassen.", "-"),
    ("de", "Wir haben das Forecast-Meeting pausiert, damit der SE es leiten konnte.", "-"),
    ("de", "Mein Mitarbeiter brauchte Hilfe und ich habe mich zurückgehalten.", "-"),
    ("de", "Keine Ausreden mehr im Team, das habe ich klar gesagt.", "-"),
    ("de", "Nach dem Urlaub bin ich wieder da und habe direkt Feedback gegeben.", "-"),
    ("de", "Ich habe die Lektion über Konflikte mit meinem Team besprochen.", "-"),
    ("de", "Wir haben eine Pause im Meeting gemacht und dann weiter diskutiert.", "-"),
    ("de", "Ich muss aufhören, alles selbst zu machen.", "-"),
    ("de", "Wir schicken den Kunden jetzt weniger Mails.", "-"),
    # French
    ("fr", "J'ai arrêté de parler et j'ai laissé le commercial finir.", "-"),
    ("fr", "Nous avons mis la réunion en pause pour que l'avant-vente la reprenne.", "-"),
    ("fr", "Mon commercial avait besoin d'aide et je me suis retenu.", "-"),
    ("fr", "Plus de réunions inutiles le vendredi, c'est ma décision.", "-"),
    ("fr", "Je suis de retour sur le terrain avec l'équipe et ça change tout.", "-"),
    ("fr", "J'ai repris la discussion après une pause de deux semaines.", "-"),
    ("fr", "Le client voulait se désabonner du service, j'ai écouté sans interrompre.", "-"),
    ("fr", "Le lundi, c'est mieux pour la revue du pipeline.", "-"),
    ("fr", "Je suis en congé de paternité depuis lundi et mon équipe a géré le forecast.", "-"),
    ("fr", "J'étais en congé la semaine dernière et l'équipe a signé deux contrats.", "-"),
    # Spanish
    ("es", "Dejé de hablar y dejé que el vendedor terminara.", "-"),
    ("es", "Pusimos la llamada de previsión en pausa para que el ingeniero la dirigiera.", "-"),
    ("es", "Mi vendedor necesitaba ayuda y me contuve.", "-"),
    ("es", "No más excusas en el equipo este trimestre.", "-"),
    ("es", "Estoy de vuelta con el equipo y ya hice dos sesiones de feedback.", "-"),
    ("es", "Cambiamos la reunión al lunes y ayudó mucho.", "-"),
    ("es", "El cliente quería darse de baja del servicio y lo escuché con calma.", "-"),
    ("es", "Enviamos menos correos a los clientes ahora.", "-"),
    ("es", "Estuve de vacaciones la semana pasada y el equipo cerró dos acuerdos.", "-"),
    # Dutch
    ("nl", "Ik ben gestopt met praten en liet de verkoper uitpraten.", "-"),
    ("nl", "We hebben het forecast-overleg gepauzeerd zodat de SE het kon leiden.", "-"),
    ("nl", "Mijn medewerker had hulp nodig en ik hield me in.", "-"),
    ("nl", "Geen excuses meer in het team dit kwartaal.", "-"),
    ("nl", "Ik ben terug bij het team en heb meteen feedback gegeven.", "-"),
    ("nl", "We hebben een pauze genomen in de vergadering en toen verder gepraat.", "-"),
    ("nl", "De klant wilde zich afmelden voor de dienst, ik bleef rustig.", "-"),
    ("nl", "Minder vergaderingen, meer focus: dat werkte.", "-"),
    ("nl", "Ik was vorige week op vakantie en het team heeft twee deals gesloten.", "-"),
    # Italian
    ("it", "Ho smesso di parlare e ho lasciato finire il venditore.", "-"),
    ("it", "Abbiamo messo in pausa la riunione perché il tecnico la guidasse.", "-"),
    ("it", "Il mio venditore aveva bisogno di aiuto e mi sono trattenuto.", "-"),
    ("it", "Basta scuse nel team questo trimestre.", "-"),
    ("it", "Sono tornato dal cliente e ho condiviso il merito con il team.", "-"),
    ("it", "Abbiamo fatto una pausa di due settimane nel progetto.", "-"),
    ("it", "Il cliente voleva disiscriversi dal servizio e l'ho ascoltato.", "-"),
    ("it", "Meno riunioni e più ascolto questa settimana.", "-"),
    ("it", "Ero in ferie la settimana scorsa e il team ha chiuso due contratti.", "-"),
    # Portuguese
    ("pt", "Parei de falar e deixei o vendedor terminar.", "-"),
    ("pt", "Colocamos a reunião de previsão em pausa para o engenheiro conduzir.", "-"),
    ("pt", "Meu vendedor precisava de ajuda e eu me contive.", "-"),
    ("pt", "Chega de desculpas no time neste trimestre.", "-"),
    ("pt", "Voltei a conversar com o time e dei feedback na hora.", "-"),
    ("pt", "Fizemos uma pausa de duas semanas no projeto.", "-"),
    ("pt", "O cliente queria se descadastrar do serviço e eu ouvi com calma.", "-"),
    ("pt", "Menos reuniões, mais conversa com o time.", "-"),
    ("pt", "Estive de férias na semana passada e o time fechou dois contratos.", "-"),
    ("pt", "O cliente quer cancelar a minha inscrição no evento.", "-"),
    ("pt", "Eu pedi ao time para parar de me enviar relatórios.", "-"),
    # Praise and "keep" inside a story
    ("en", "These are great, keep them coming.", "-"),
    ("en", "I keep sending my team these tips, they love them.", "-"),
    ("en", "I told the rep to keep sending me the updates, and it worked.", "-"),
    ("en", "Stop talking, start listening: that is what I did with Priya. Keep them coming.", "-"),
)

CORPUS = REQUESTS + REFLECTIONS


@dataclass(frozen=True)
class Score:
    """How the intent reader did on a set of cases."""

    requests: int
    acted: int  # requests carried out at once with the right command
    asked: int  # requests answered with "Did you mean …?" naming the right command
    missed: int  # requests taken for reflections
    wrong: int  # requests carried out as another command (a false action)
    reflections: int
    false_actions: int  # reflections acted on
    questions: int  # reflections answered with a question (no action, but noise)

    @property
    def recall(self) -> float:
        """Share of requests acted on or confirmed with the right command."""
        return (self.acted + self.asked) / self.requests if self.requests else 1.0

    @property
    def precision(self) -> float:
        """Share of actions taken that were asked for."""
        actions = self.acted + self.wrong + self.false_actions
        return self.acted / actions if actions else 1.0


def render(intent: Intent | None) -> str:
    """An intent in the table's notation."""
    if intent is None:
        return "-"
    text = intent.command.value + ("" if intent.sure else "?")
    if intent.command == "pause" and intent.resume_on is not None:
        text += f"@{intent.resume_on.isoformat()}"
    if intent.target:
        text += f"={intent.target}"
    return text


def command_of(notation: str) -> str:
    return notation.split("@")[0].split("=")[0].rstrip("?")


def score(cases: Iterable[tuple[str, str, str]], lessons: Sequence[LessonLike]) -> Score:
    """Count each case's outcome; only the command matters here, `test_intent` checks the details."""
    return tally(cases, lambda text: (read_intent(text, TODAY, lessons), False))


def tally(cases: Iterable[tuple[str, str, str]], read: Callable[[str], tuple[Intent | None, bool]]) -> Score:
    """Count what `read` made of each case: the request it found, and whether the reply's reflection
    was lost to it (a false action either way)."""
    counts = dict.fromkeys(("requests", "acted", "asked", "missed", "wrong", "reflections", "fa", "q"), 0)
    for _, text, expected in cases:
        intent, lost = read(text)
        if expected == "-":
            counts["reflections"] += 1
            counts["fa"] += lost or (intent is not None and intent.sure)
            counts["q"] += not lost and intent is not None and not intent.sure
            continue
        counts["requests"] += 1
        if lost:
            counts["wrong"] += 1
        elif intent is None:
            counts["missed"] += 1
        elif intent.command != command_of(expected):
            counts["wrong" if intent.sure else "missed"] += 1
        else:
            counts["acted" if intent.sure else "asked"] += 1
    order = ("requests", "acted", "asked", "missed", "wrong", "reflections", "fa", "q")
    return Score(*(counts[key] for key in order))
