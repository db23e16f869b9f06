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
    r"(?:i )?(?:haven't|have not|hadn't|didn't|did not) (?:had|have|got|get|found|find) (?:one|any|"
    r"anything|a chance|the chance|time|the time|much time|a moment|a minute|the headspace|the "
    r"bandwidth)(?: (?:yet|to (?:think about|look at|read|answer|reply to|respond to|get to|try|do) (?:it|"
    r"this|that|your email|your question|the question)|to (?:answer|reply|respond)|for (?:it|this|that)))?",
    r"(?:i )?(?:haven't|have not|didn't|did not) (?:got|gotten|get) (?:round|around) to (?:it|this|"
    r"that)(?: yet)?",
    r"no time (?:to (?:think about it|answer|reply)|for (?:it|this|that))",
    r"(?:i'm|i am) not sure|(?:i )?(?:don't|do not) (?:really )?know|no idea|(?:it's |it is )?hard to say",
    r"(?:i )?(?:drew|draw|am drawing|i'm drawing) a blank|my mind is blank",
    # German
    r"nein|nee|niemand|keiner|keine|keins|nichts|nix|nicht wirklich|noch nicht|eigentlich nicht",
    r"(?:niemand|nichts) (?:bestimmtes|besonderes)",
    r"mir fallt (?:gerade |spontan |leider |jetzt )*(?:niemand|keiner|keins|nichts|kein beispiel) ein",
    r"ich (?:habe|hab|hatte) (?:leider )?(?:nichts|keins|keine|kein beispiel|keine zeit|noch nichts)"
    r"(?: (?:zu berichten|zu erzahlen|zu sagen|gehabt))?",
    r"ich weiss (?:es )?nicht|keine ahnung|schwer zu sagen|ich bin (?:mir )?nicht sicher",
    r"ich (?:bin|war) (?:noch )?nicht dazu gekommen|ich komme (?:gerade |diese woche |noch )?nicht dazu|"
    r"ich hatte (?:noch )?keine zeit(?: dafur| daruber nachzudenken)?|(?:noch )?keine zeit (?:dafur|"
    r"daruber nachzudenken)",
    # French
    r"non|personne|rien|aucun|aucune|pas vraiment|pas encore|pas cette fois",
    r"(?:personne|rien) (?:en particulier|de particulier|de special)",
    r"je ne vois (?:pas|personne|rien)(?: qui| quoi)?",
    r"(?:rien|personne|aucun exemple) ne me vient(?: a l'esprit| en tete)?",
    r"je n'ai (?:rien|aucun exemple|pas d'exemple|pas eu le temps)(?: (?:a partager|a signaler|a dire))?",
    r"je ne sais pas|aucune idee|difficile a dire|je ne suis pas sure?",
    r"je n'ai pas encore eu le temps(?: d'y (?:penser|repondre|reflechir))?|pas (?:encore )?eu le temps",
    # Spanish
    r"nadie|nada|ninguno|ninguna|todavia no|aun no|no realmente|no mucho",
    r"(?:nadie|nada) (?:en particular|especial)",
    r"no se me ocurre (?:nadie|nada|ninguno|ningun ejemplo)",
    r"no (?:recuerdo|tengo) (?:a nadie|nada|ninguno|ningun ejemplo)(?: (?:que contar|que compartir))?",
    r"no se|ni idea|no estoy segur[oa]|(?:es )?dificil de decir",
    r"(?:todavia |aun )?no he tenido tiempo(?: (?:de pensarlo|de responder|de mirarlo|para esto))?",
    # Dutch
    r"niemand|niets|niks|geen|niet echt|nog niet",
    r"(?:niemand|niets) (?:in het bijzonder|bijzonders)",
    r"ik kan (?:niemand|niets|niks|geen voorbeeld) bedenken",
    r"er (?:schiet|komt) me (?:niemand|niets|niks) (?:te binnen|op)",
    r"ik heb (?:niets|niks|geen voorbeeld|geen tijd gehad)(?: (?:te melden|te delen))?",
    r"ik weet het niet(?: zeker)?|geen idee|moeilijk te zeggen",
    r"ik ben er (?:nog )?niet aan toegekomen|ik kom er (?:nu |deze week |nog )?niet aan toe|"
    r"(?:ik heb )?(?:nog )?geen tijd gehad(?: om erover na te denken)?|geen tijd om erover na te denken",
    # Italian
    r"nessuno|niente|nulla|non proprio|non ancora",
    r"(?:nessuno|niente) (?:in particolare|di particolare|di speciale)",
    r"non mi viene in mente (?:nessuno|niente|nulla|alcun esempio)",
    r"non ho (?:niente|nulla|esempi|nessun esempio|avuto tempo)(?: (?:da condividere|da segnalare|da dire))?",
    r"non (?:lo )?so|nessuna idea|non saprei|difficile dirlo|non sono sicur[oa]",
    r"non ho (?:ancora )?avuto (?:il )?tempo(?: di pensarci| per pensarci| di rispondere)?",
    # Portuguese
    r"nao|ninguem|nenhum|nenhuma|ainda nao|nao exatamente|nao muito",
    r"(?:ninguem|nada) (?:em particular|de especial)",
    r"nao me (?:lembro|ocorre) (?:de )?(?:ninguem|nada|nenhum|nenhum exemplo)",
    r"nao tenho (?:nada|nenhum|nenhum exemplo|tido tempo)(?: (?:a compartilhar|a relatar|para contar))?",
    r"nao sei|nao faco ideia|(?:e )?dificil dizer|nao tenho certeza",
    r"(?:ainda )?nao tive tempo(?: (?:de pensar nisso|para pensar nisso|de responder))?",
)

# "I'll answer later": tells nothing yet either.
LATER = (
    r"(?:(?:i'll|i will|will|let me) )?(?:get back to you|come back to (?:you|this|it)|think (?:about|on) "
    r"it|think it over|reply later|answer later|let you know)",
    r"(?:maybe |perhaps )?(?:next week|next time|later|another time|tomorrow)",
    r"ask me (?:again )?(?:next week|later|another time)",
    r"(?:(?:i'll|i will|will) )?(?:try to |try and )?(?:reply|answer|respond|write back|get to (?:it|this|"
    r"that)|come back to (?:it|this|that))(?: (?:properly|in full))?(?: (?:later|soon|then|next week|"
    r"tomorrow|when i can|when things calm down|once things calm down|after the quarter|after quarter end|"
    r"after the holidays))?",
    r"(?:let me|i'll|i will|i need to|need to|i have to) (?:think about|think on|sleep on|mull over|"
    r"reflect on) (?:it|this|that)(?: (?:a bit|for a bit|some more|a little|over the weekend))?",
    r"ich antworte (?:spater|nachste woche|bald)|ich komme (?:spater |nachste woche )?darauf zuruck|"
    r"ich melde mich(?: spater| nochmal| noch)?|ich denke (?:daruber|dran) nach|"
    r"(?:vielleicht )?nachste woche|spater",
    r"je (?:vous |te )?repondrai (?:plus tard|la semaine prochaine|bientot)|"
    r"je reviens vers (?:vous|toi)|je vais y reflechir|(?:peut-etre )?la semaine prochaine|plus tard",
    r"(?:te|le|les) (?:respondo|contesto|escribo) (?:luego|mas tarde|la proxima semana|pronto)|lo "
    r"(?:pienso|pensare)|(?:quizas |quiza )?la proxima semana|mas tarde|luego",
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

# Being busy or away, and polite words about the question: said around a "later" or a "nothing"
# ("Crazy week, will reply later"), never enough on their own. "Quarter end." or "Swamped." alone
# may well answer a prompt ("In which situations does giving credit away feel like a risk?").
BUSY = (
    # English
    r"(?:i'm|i am|i was|i've been|i have been|been|it's been|it has been|it was|we're|we are|we've been|"
    r"things are|work is|life is)",
    r"(?:(?:really|very|super|so|too|crazy|incredibly|extremely|completely|totally|a bit|a little|pretty|"
    r"quite) )?(?:busy|swamped|slammed|snowed under|flat out|buried|underwater|overloaded|overwhelmed|"
    r"stretched thin|crazy|hectic|manic|on the road|travell?ing|away|on holiday|on vacation|on leave|out "
    r"of (?:the )?office|off sick|heads down|head down|firefighting)",
    r"(?:with|at|for|because of) (?:the |my |our |all the )?(?:end of (?:the )?quarter|end-of-quarter|"
    r"quarter end|quarter-end|year end|year-end|end of (?:the )?year|month end|month-end|end of (?:the "
    r")?month|forecasts?|forecasting|the forecast call|closing|deals|renewals|qbrs?|pipeline reviews?|"
    r"planning|hiring|travel|customer meetings|board prep|kickoff|work)",
    r"(?:(?:a|such a|what a|it's been a|it has been a|it was a|had a|i had a) )?"
    r"(?:busy|crazy|hectic|mad|insane|wild|rough|long|tough|manic|full|packed|intense|brutal|heavy) "
    r"(?:week|weeks|day|days|few days|month|quarter|stretch)",
    r"(?:it's |it is )?(?:end of (?:the )?quarter|end-of-quarter|quarter end|quarter-end|year end|year-end|"
    r"month end|month-end)(?: (?:crunch|rush|madness))?",
    r"no time|(?:not|never) enough time",
    r"(?:until|till|after|back on|back) (?:monday|tuesday|wednesday|thursday|friday|the weekend|next week|"
    r"the holidays|new year|the new year)",
    r"good question|great question|interesting question|tough question|hard question|fair question|"
    r"thanks for the question|thanks for asking|thanks for the reminder|thanks for the nudge|thanks for this",
    # German
    r"(?:ich bin |ich war )?(?:gerade |im moment |diese woche )?(?:sehr |total |extrem |ziemlich "
    r")?(?:beschaftigt|eingespannt|im stress|gestresst|unterwegs|im urlaub|krank|ausgelastet)|viel zu tun|"
    r"keine zeit|(?:(?:bei mir |diese woche )?ist )?land unter|mit dem (?:quartalsende|jahresende|"
    r"monatsende|forecast)",
    r"(?:eine |was fur eine )?(?:stressige|hektische|volle|verruckte|lange|harte) woche|"
    r"(?:es ist )?(?:quartalsende|jahresende|monatsende)|gute frage",
    # French
    r"(?:je suis |j'ai ete |j'etais )?(?:tres |trop |super |completement |un peu )?"
    r"(?:occupee?|debordee?|charrette|sous l'eau|en deplacement|en vacances|en conges|malade)|pas le temps",
    r"(?:une )?(?:semaine|journee|periode) (?:chargee|de folie|intense|difficile|compliquee)|"
    r"(?:c'est la |avec la )?fin (?:de|du) (?:trimestre|mois|l'annee|annee)|bonne question",
    # Spanish
    r"(?:estoy |he estado |estuve |ando )?(?:muy |super |bastante |un poco )?"
    r"(?:ocupad[oa]|liad[oa]|a tope|desbordad[oa]|hasta arriba|de viaje|de vacaciones|enferm[oa])|sin tiempo",
    r"(?:una |que )?semana (?:loca|intensa|complicada|dificil|de locos)|"
    r"(?:es |con )?(?:el )?(?:cierre|fin) de (?:trimestre|mes|ano)|buena pregunta",
    # Dutch
    r"(?:ik ben |ik was |het is )?(?:erg |heel |super |te |best )?(?:druk|bezig|onderweg|op vakantie|"
    r"ziek)|geen tijd",
    r"(?:een )?(?:drukke|gekke|hectische|lange|zware) week|"
    r"(?:het is |met het )?(?:kwartaaleinde|einde van het kwartaal|jaareinde|einde van de maand)|goede vraag",
    # Italian
    r"(?:sono |sono stato |sono stata |ero )?(?:molto |troppo |super |un po' )?"
    r"(?:impegnat[oa]|pien[oa]|sommers[oa]|incasinat[oa]|in viaggio|in ferie|in vacanza|malat[oa])|"
    r"niente tempo|senza tempo",
    r"(?:una )?settimana (?:pesante|intensa|di fuoco|folle|difficile|piena)|"
    r"(?:e |con )?(?:la )?(?:fine|chiusura) (?:del |di )?(?:trimestre|mese|anno)|bella domanda|buona domanda",
    # Portuguese
    r"(?:estou |estive |ando )?(?:muito |super |bem |um pouco )?"
    r"(?:ocupad[oa]|atarefad[oa]|sobrecarregad[oa]|enrolad[oa]|em viagem|de ferias|doente)|sem tempo",
    r"(?:uma |que )?semana (?:corrida|louca|intensa|dificil|puxada|cheia)|"
    r"(?:e |com )?(?:o )?(?:fim|fechamento) (?:do |de )?(?:trimestre|mes|ano)|boa pergunta",
)

# "None": the words of an answer that says there is no such person, thing or moment. An opening
# sentence of these and the phrases above ("Nobody really.") declines the prompt; "Not much." or
# "I don't know." (DEGREE) answer it.
NONE = (
    r"no|nope|nah|none|nobody|no one|noone|nothing|no example|no examples",
    r"nein|nee|niemand|keiner|keine|keins|nichts|nix|kein beispiel",
    r"non|personne|rien|aucun|aucune|aucun exemple",
    r"nadie|nada|ninguno|ninguna|ningun ejemplo",
    r"niemand|niets|niks|geen|geen voorbeeld",
    r"nessuno|niente|nulla|nessun esempio",
    r"nao|ninguem|nenhum|nenhuma",
)
DEGREE = (
    r"not much|not really|not yet|not this time|not sure|don't know|do not know|no idea|hard to say",
    r"nicht wirklich|noch nicht|eigentlich nicht|nicht sicher|weiss (?:es )?nicht|keine ahnung|"
    r"schwer zu sagen",
    r"pas vraiment|pas encore|pas cette fois|pas sure?|ne sais pas|aucune idee|difficile a dire",
    r"no realmente|no mucho|todavia no|aun no|no se|ni idea|no estoy segur[oa]|dificil de decir",
    r"niet echt|nog niet|weet het niet|geen idee|moeilijk te zeggen",
    r"non proprio|non ancora|non (?:lo )?so|nessuna idea|non saprei|difficile dirlo|non sono sicur[oa]",
    r"ainda nao|nao exatamente|nao muito|nao sei|nao faco ideia|dificil dizer|nao tenho certeza",
)

# A promise to answer the coach later, with any short time or condition after it ("I'll reply
# properly on Monday", "I'll get back to you on this one after the QBR", "ich melde mich am Montag
# dazu"). The whole sentence must be one: PROMISE, then at most two ABOUT, then at most one WHEN
# clause of a few words. "I'll answer the customer on Monday" names something else: a commitment.
PROMISE = (
    r"(?:(?:i'll|i will|will|i'm going to|i am going to|i'm gonna|let me|i shall|i promise to|i need to|"
    r"i have to|i want to) )?(?:try to |try and |definitely )?(?:get back to you|get back to this|"
    r"reply|answer|respond|write back|write you back|come back to (?:you|this|it|that)|"
    r"think (?:about|on) (?:it|this|that)|think it over|sleep on it|mull it over|"
    r"give (?:it|this) (?:some )?thought)",
    r"ich (?:melde mich|antworte|schreibe zuruck|komme darauf zuruck)(?: (?:bei (?:ihnen|dir)|ihnen|dir))?",
    r"je (?:vous |te )?(?:reponds|repondrai|reviens vers (?:vous|toi)|vous recontacte|te recontacte)",
    r"(?:te|le|les) (?:respondo|contesto|escribo|respondere|contestare|escribire)",
    r"ik (?:kom erop terug|antwoord|reageer|laat (?:het )?(?:je|u) weten)",
    r"(?:ti|vi) (?:rispondo|rispondero|faccio sapere|scrivo)",
    r"(?:te|lhe) (?:respondo|responderei|escrevo|aviso)",
)
ABOUT = (
    r"(?:to|on|about) (?:this|it|that|this one|that one|your question|the question|your email|you)|"
    r"this|it|that|this one|properly|in full|in more detail|in detail|soon|later|"
    r"dazu|darauf|dessen|la dessus|a ce sujet|sobre esto|al respecto|daarop|erover|su questo|sobre isso"
)
WHEN = (
    r"on|by|until|till|next|this|in|at|after|before|when|once|as soon as|over|early|tomorrow|tonight|"
    r"am|bis|nachste|nachsten|diese|nach|wenn|sobald|morgen|"
    r"lundi|mardi|mercredi|jeudi|vendredi|la semaine|demain|apres|quand|des que|d'ici|"
    r"el|la proxima|manana|despues|cuando|en cuanto|"
    r"op|volgende|morgen|na|als|zodra|"
    r"lunedi|martedi|mercoledi|giovedi|venerdi|la prossima|domani|dopo|quando|appena|"
    r"na proxima|amanha|depois|quando|assim que"
)
PROMISE_WHEN_WORDS = 6  # "after the QBR next week", "once the quarter has closed": a few words
