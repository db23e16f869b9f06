"""Phrasings written after the intent module was tuned on `intent_corpus`, kept apart to measure it honestly.

Same format as `intent_corpus`. The README reports the score on this set as first measured, before
any change made for it, next to its score today.
"""

from __future__ import annotations

HELD_OUT: tuple[tuple[str, str, str], ...] = (
    ("en", "Please don't send me any more of these.", "stop"),
    ("en", "Can you cancel my subscription?", "stop"),
    ("en", "I'd like to opt out of the coaching emails.", "stop"),
    ("en", "Kindly remove me.", "stop"),
    ("en", "Could we pause this until after the holidays?", "pause"),
    ("en", "Put everything on hold for a month please", "pause"),
    ("en", "Snooze for 10 days", "pause"),
    ("en", "Hey, I'm going on parental leave until June, can you hold the emails?", "pause"),
    ("en", "ok I'm back, you can start sending again", "resume"),
    ("en", "Could I do lesson 2 instead?", "switch=simplify-complexity"),
    ("en", "How does this work?", "help"),
    ("en", "I stopped the meeting early because nobody had prepared.", "-"),
    ("en", "We took a break after the demo and came back with better questions.", "-"),
    ("en", "I helped my rep prepare instead of doing it for her.", "-"),
    ("en", "The help desk escalation taught me to listen first.", "-"),
    ("de", "Bitte austragen.", "stop"),
    ("de", "Ich will diese Mails nicht mehr bekommen.", "stop"),
    ("de", "Können wir das bis Mitte Januar pausieren?", "pause"),
    ("de", "Bitte für einen Monat pausieren, danke!", "pause"),
    ("de", "Ich bin zurück, bitte fortsetzen.", "resume"),
    ("de", "Bitte auf Lektion 9 wechseln.", "switch=share-credit"),
    ("de", "Wir haben das Projekt pausiert, weil der Kunde nicht bereit war.", "-"),
    ("de", "Ich habe um Hilfe gebeten und es hat funktioniert.", "-"),
    ("fr", "Arrêtez de m'envoyer ces e-mails s'il vous plaît.", "stop"),
    ("fr", "Pouvez-vous mettre en pause jusqu'à la fin du mois ?", "pause"),
    ("fr", "J'ai mis le projet en pause et l'équipe a respiré.", "-"),
    ("es", "Por favor, denme de baja.", "stop"),
    ("es", "Pausen los correos hasta después de Navidad, por favor.", "pause"),
    ("es", "Hice una pausa en la reunión y funcionó.", "-"),
    ("nl", "Graag uitschrijven.", "stop"),
    ("nl", "Kunnen jullie de mails even pauzeren voor drie weken?", "pause"),
    ("nl", "We hebben het project gepauzeerd, het team was moe.", "-"),
    ("it", "Vi prego di cancellarmi dalla lista.", "stop"),
    ("it", "Potete sospendere le email fino a gennaio?", "pause"),
    ("it", "Ho chiesto aiuto al mio capo e ha funzionato.", "-"),
    ("pt", "Quero cancelar a inscrição, obrigado.", "stop"),
    ("pt", "Podem pausar os e-mails por três semanas?", "pause"),
    ("pt", "Pedi ajuda ao meu gerente e deu certo.", "-"),
)
