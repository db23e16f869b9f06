"""Words of a reply that tells nothing, in English, German, French, Spanish, Dutch, Italian and Portuguese.

Tables only: `service/replies/nothing_to_tell.py` reads them. Each entry is a regular expression over
the reply's plain words (`service.replies.intent.plain`: folded, punctuation gone, apostrophes
kept). A sentence tells nothing when it is made of these phrases and polite words alone; one other
word ("nobody *from marketing*", "not yet, *I'll call Priya*") and it tells something.
"""

from __future__ import annotations

# "There is nothing to tell": the answer itself. At least one of these (or a LATER) must be there.
NOTHING = (
    # English
    r"no|nope|nah|none|nobody|no one|noone|nothing|not really|not yet|not much|not this time",
    r"(?:no one|nobody|nothing|none|no example|no examples) (?:really|yet|in particular|much)",
    r"(?:none|nothing|no one|nobody) that i can think of",
    r"(?:i )?(?:can't|cannot|can not|couldn't|could not) (?:really )?(?:think of|remember|recall|name) "
    r"(?:any|anyone|anybody|anything|one|a single one|an example|any examples|a good example|"
    r"a time|a moment)",
    r"(?:nothing|nobody|no one|none|no example) (?:really )?(?:comes|came|springs|sprang) to mind",
    r"(?:i )?(?:have|had|got|i've got|i've) (?:nothing|none)(?: (?:to share|to report|to add|to say|yet))?",
    r"nothing (?:to share|to report|to add|to say|new)",
    r"(?:i )?(?:don't|do not|didn't|did not) (?:really )?(?:have|get) "
    r"(?:one|any|anything|an answer|an example|any examples|a good example|a chance|the chance|time)"
    r"(?: (?:to share|to report|to think about it|to try it|to do it))?",
    r"(?:i )?(?:haven't|have not|hadn't) (?:had|got|found) "
    r"(?:one|any|anything|a chance|the chance|time|a moment)(?: (?:to think about it|to try it|to do it))?",
    r"(?:i'm|i am) not sure|(?:i )?(?:don't|do not) (?:really )?know|no idea|(?:it's |it is )?hard to say",
    r"(?:i )?(?:drew|draw|am drawing|i'm drawing) a blank|my mind is blank",
    # German
    r"nein|nee|niemand|keiner|keine|keins|nichts|nix|nicht wirklich|noch nicht|eigentlich nicht",
    r"(?:niemand|nichts) (?:bestimmtes|besonderes)",
    r"mir fallt (?:gerade |spontan |leider |jetzt )*(?:niemand|keiner|keins|nichts|kein beispiel) ein",
    r"ich (?:habe|hab|hatte) (?:leider )?(?:nichts|keins|keine|kein beispiel|keine zeit|noch nichts)"
    r"(?: (?:zu berichten|zu erzahlen|zu sagen|gehabt))?",
    r"ich weiss (?:es )?nicht|keine ahnung|schwer zu sagen|ich bin (?:mir )?nicht sicher",
    # French
    r"non|personne|rien|aucun|aucune|pas vraiment|pas encore|pas cette fois",
    r"(?:personne|rien) (?:en particulier|de particulier|de special)",
    r"je ne vois (?:pas|personne|rien)(?: qui| quoi)?",
    r"(?:rien|personne|aucun exemple) ne me vient(?: a l'esprit| en tete)?",
    r"je n'ai (?:rien|aucun exemple|pas d'exemple|pas eu le temps)(?: (?:a partager|a signaler|a dire))?",
    r"je ne sais pas|aucune idee|difficile a dire|je ne suis pas sure?",
    # Spanish
    r"nadie|nada|ninguno|ninguna|todavia no|aun no|no realmente|no mucho",
    r"(?:nadie|nada) (?:en particular|especial)",
    r"no se me ocurre (?:nadie|nada|ninguno|ningun ejemplo)",
    r"no (?:recuerdo|tengo) (?:a nadie|nada|ninguno|ningun ejemplo)(?: (?:que contar|que compartir))?",
    r"no se|ni idea|no estoy segur[oa]|(?:es )?dificil de decir",
    # Dutch
    r"niemand|niets|niks|geen|niet echt|nog niet",
    r"(?:niemand|niets) (?:in het bijzonder|bijzonders)",
    r"ik kan (?:niemand|niets|niks|geen voorbeeld) bedenken",
    r"er (?:schiet|komt) me (?:niemand|niets|niks) (?:te binnen|op)",
    r"ik heb (?:niets|niks|geen voorbeeld|geen tijd gehad)(?: (?:te melden|te delen))?",
    r"ik weet het niet(?: zeker)?|geen idee|moeilijk te zeggen",
    # Italian
    r"nessuno|niente|nulla|non proprio|non ancora",
    r"(?:nessuno|niente) (?:in particolare|di particolare|di speciale)",
    r"non mi viene in mente (?:nessuno|niente|nulla|alcun esempio)",
    r"non ho (?:niente|nulla|esempi|nessun esempio|avuto tempo)(?: (?:da condividere|da segnalare|da dire))?",
    r"non (?:lo )?so|nessuna idea|non saprei|difficile dirlo|non sono sicur[oa]",
    # Portuguese
    r"nao|ninguem|nenhum|nenhuma|ainda nao|nao exatamente|nao muito",
    r"(?:ninguem|nada) (?:em particular|de especial)",
    r"nao me (?:lembro|ocorre) (?:de )?(?:ninguem|nada|nenhum|nenhum exemplo)",
    r"nao tenho (?:nada|nenhum|nenhum exemplo|tido tempo)(?: (?:a compartilhar|a relatar|para contar))?",
    r"nao sei|nao faco ideia|(?:e )?dificil dizer|nao tenho certeza",
)

# "I'll answer later": tells nothing yet either.
LATER = (
    r"(?:(?:i'll|i will|will|let me) )?(?:get back to you|come back to (?:you|this|it)|think (?:about|on) it|"
    r"think it over|reply later|answer later|let you know)",
    r"(?:maybe |perhaps )?(?:next week|next time|later|another time|tomorrow)",
    r"ask me (?:again )?(?:next week|later|another time)",
    r"ich melde mich(?: spater| nochmal| noch)?|ich denke (?:daruber|dran) nach|"
    r"(?:vielleicht )?nachste woche|spater",
    r"je reviens vers (?:vous|toi)|je vais y reflechir|(?:peut-etre )?la semaine prochaine|plus tard",
    r"te respondo (?:luego|mas tarde)|lo (?:pienso|pensare)|(?:quizas |quiza )?la proxima semana|"
    r"mas tarde|luego",
    r"ik kom (?:erop|er later op) terug|ik denk erover na|(?:misschien )?volgende week|later",
    r"(?:ti|vi) faccio sapere|ci (?:penso|pensero)|(?:forse )?la prossima settimana|piu tardi",
    r"(?:te|lhe) respondo depois|vou pensar(?: nisso)?|(?:talvez )?na proxima semana|mais tarde|depois",
)

# Softeners, time words and joining words around such an answer: never enough on their own.
SOFTENERS = (
    r"and|but|or|at all|whatsoever|und|aber|oder|et|mais|ou|y|pero|o|en|maar|of|e|ma|mas",
    r"this week|this time|right now|at the moment|so far|lately|recently|really|honestly|to be honest|tbh|"
    r"actually|sadly|unfortunately|i'm afraid|i am afraid|i think|i guess|well|hmm|um|still|either|yet|"
    r"off the top of my head|today|to be fair|i'm sorry|sorry about that|sorry for the late reply|"
    r"sorry for that",
    r"diese woche|gerade|im moment|momentan|leider|ehrlich gesagt|ehrlich|eigentlich|noch|heute|bisher|"
    r"wirklich|tut mir leid|sorry",
    r"cette semaine|pour l'instant|pour le moment|en ce moment|malheureusement|honnetement|franchement|"
    r"vraiment|encore|aujourd'hui|desole|desolee",
    r"esta semana|por ahora|ahora mismo|de momento|la verdad|sinceramente|lamentablemente|todavia|hoy|"
    r"realmente|perdon|lo siento",
    r"deze week|op dit moment|momenteel|nu even|eerlijk gezegd|helaas|nog|vandaag|echt",
    r"questa settimana|per ora|al momento|in questo momento|onestamente|sinceramente|purtroppo|ancora|oggi|"
    r"davvero|scusa|scusate",
    r"esta semana|por enquanto|no momento|sinceramente|infelizmente|ainda|hoje|realmente|desculpe",
)
