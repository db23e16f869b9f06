"""Words that answer a check-back, in English, German, French, Spanish, Dutch, Italian and Portuguese.

Tables only: `service/commitments/answers.py` reads them. Each entry is a regular expression over a
clause's plain words (`service.replies.intent.plain`: folded, accents and punctuation gone,
apostrophes kept). A clause answers only when it is made of one of these answers, a lead-in ("yes",
"no", polite words) and words of when it happened ("yesterday", "as promised"); anything else
("I did *talk to her*") and it is not an answer. Precision comes first: a phrase that could mean two
things ("cancelled": put off or given up?) is left out, and the reply stays a reflection.
"""

from __future__ import annotations

# "I did it": the commitment is kept.
DONE = (
    # English
    r"done|all done|done and dusted|done it|did it|i did it|did that|i did that|i did|i've done it|"
    r"i have done it|i've done that|it's done|it is done|that's done|got it done|i got it done|"
    r"completed|finished|all finished|mission accomplished|nailed it|sure did|kept it|i kept it|"
    r"did as promised|did as i said|i did as i said|ticked off|it happened|it went well|went well|"
    r"it went great|went great|it went really well|went really well|it went fine|went fine|it worked|"
    r"it worked well|worked well|it went ok|it went okay",
    # German
    r"erledigt|ist erledigt|alles erledigt|gemacht|hab ich gemacht|habe ich gemacht|ich hab's gemacht|"
    r"hab's gemacht|ich habe es gemacht|ich hab es gemacht|hab ich|habe ich|getan|hab ich getan|"
    r"geschafft|hab ich geschafft|fertig|umgesetzt|hab ich umgesetzt|lief gut|es lief gut|lief super|"
    r"ist gut gelaufen|hat geklappt|es hat geklappt|hat gut geklappt",
    # French
    r"c'est fait|fait|fini|c'est fini|termine|c'est termine|je l'ai fait|j'ai fait|oui c'est fait|"
    r"c'est bon|mission accomplie|accompli|realise|ca s'est bien passe|ca a marche|ca a bien marche|"
    r"c'etait bien",
    # Spanish
    r"hecho|ya esta|esta hecho|ya esta hecho|lo hice|ya lo hice|lo he hecho|ya lo he hecho|listo|"
    r"terminado|completado|cumplido|lo cumpli|salio bien|fue bien|me fue bien|funciono",
    # Dutch
    r"gedaan|heb ik gedaan|ik heb het gedaan|klaar|is klaar|afgerond|gelukt|het is gelukt|ging goed|"
    r"het ging goed|is gebeurd|voltooid",
    # Italian
    r"fatto|l'ho fatto|ho fatto|gia fatto|tutto fatto|finito|completato|fatto e finito|e andata bene|"
    r"andata bene|e andato bene|andato bene|ha funzionato|missione compiuta",
    # Portuguese
    r"feito|esta feito|ja esta feito|fiz|ja fiz|eu fiz|fiz isso|eu fiz isso|concluido|terminado|"
    r"deu certo|correu bem|foi bem|funcionou|missao cumprida|cumprido",
)

# "Not yet": the commitment stays open, maybe with a new date (read by `due_date`, not here).
NOT_YET = (
    # English
    r"not yet|not quite yet|not yet done|not done yet|haven't yet|i haven't yet|haven't done it yet|"
    r"i haven't done it yet|have not done it yet|i have not done it yet|haven't done it|i haven't done it|"
    r"didn't get to it|i didn't get to it|didn't get round to it|i didn't get round to it|"
    r"didn't get around to it|i didn't get around to it|haven't got to it yet|i haven't got to it yet|"
    r"haven't gotten to it yet|i haven't gotten to it yet|haven't had time|i haven't had time|"
    r"haven't had the time|i haven't had the time|didn't have time|i didn't have time|ran out of time|"
    r"i ran out of time|still on my list|still to do|still pending|working on it|i'm working on it|"
    r"still working on it|in progress|postponed|postponed it|i postponed it|pushed it back|"
    r"i pushed it back|it hasn't happened yet|hasn't happened yet|not so far",
    # German
    r"noch nicht|noch nicht ganz|noch nicht erledigt|noch nicht gemacht|noch nicht geschafft|"
    r"hab ich noch nicht gemacht|habe ich noch nicht gemacht|hab's noch nicht gemacht|"
    r"ich bin noch nicht dazu gekommen|bin noch nicht dazu gekommen|noch nicht dazu gekommen|"
    r"nicht dazu gekommen|noch offen|ist noch offen|verschoben|hab's verschoben|ich habe es verschoben|"
    r"kommt noch|ich arbeite dran|ich arbeite daran|in arbeit|hatte noch keine zeit|keine zeit gehabt",
    # French
    r"pas encore|pas encore fait|pas encore fini|pas encore eu le temps|je ne l'ai pas encore fait|"
    r"je n'ai pas encore eu le temps|toujours pas|pas eu le temps|je n'ai pas eu le temps|en cours|"
    r"c'est en cours|reporte|j'ai reporte|je n'ai pas encore pu|ca viendra",
    # Spanish
    r"todavia no|aun no|todavia no lo hice|aun no lo hice|todavia no lo he hecho|aun no lo he hecho|"
    r"no lo he hecho todavia|no lo he hecho aun|no he podido todavia|no tuve tiempo|no he tenido tiempo|"
    r"en proceso|en eso estoy|lo pospuse|pospuesto|pendiente|sigue pendiente",
    # Dutch
    r"nog niet|nog niet gedaan|nog niet gelukt|nog niet aan toegekomen|ik ben er nog niet aan toegekomen|"
    r"nog bezig|ik ben ermee bezig|mee bezig|uitgesteld|verschoven|nog geen tijd gehad|geen tijd gehad",
    # Italian
    r"non ancora|ancora no|non ancora fatto|non l'ho ancora fatto|non ho ancora avuto tempo|"
    r"non ho avuto tempo|ci sto lavorando|in corso|rimandato|l'ho rimandato|non ci sono ancora riuscito|"
    r"non ci sono ancora riuscita",
    # Portuguese
    r"ainda nao|nao ainda|ainda nao fiz|ainda nao consegui|nao tive tempo|ainda nao tive tempo|"
    r"em andamento|estou trabalhando nisso|adiei|adiado|pendente|ainda pendente",
)

# "Drop it": the commitment is given up, and never asked about again.
DROPPED = (
    # English
    r"drop it|dropping it|i'm dropping it|i am dropping it|let's drop it|dropped it|i dropped it|"
    r"drop that|drop this one|not doing it|not doing it anymore|not doing it any more|i'm not doing it|"
    r"i'm not going to do it|i am not going to do it|not going to happen|won't do it|i won't do it|"
    r"it won't happen|no longer relevant|not relevant anymore|not relevant any more|no longer needed|"
    r"not needed anymore|not needed any more|forget it|forget about it|scrap it|scrapped it|skip it|"
    r"gave up on it|i gave up on it|abandoned it|i abandoned it|let it go|i let it go|no longer applies|"
    r"doesn't apply anymore",
    # German
    r"fallen lassen|lasse ich fallen|ich lasse es fallen|hab's fallen gelassen|habe ich fallen gelassen|"
    r"gestrichen|bitte streichen|streich es|nicht mehr relevant|nicht mehr notig|nicht mehr aktuell|"
    r"mache ich nicht mehr|mach ich nicht mehr|das wird nichts|vergiss es|hat sich erledigt|ist hinfallig",
    # French
    r"laisse tomber|je laisse tomber|on laisse tomber|j'ai laisse tomber|j'abandonne|je l'abandonne|"
    r"plus d'actualite|ce n'est plus d'actualite|n'est plus d'actualite|plus pertinent|"
    r"ce n'est plus pertinent|n'est plus pertinent|je ne le ferai pas|je ne vais pas le faire|on oublie",
    # Spanish
    r"lo dejo|lo dejo estar|lo descarto|descartado|olvidalo|ya no aplica|ya no es relevante|"
    r"ya no tiene sentido|no lo voy a hacer|no lo hare|lo abandono",
    # Dutch
    r"laat maar|laat maar zitten|laat ik vallen|ik laat het vallen|geschrapt|vergeet het maar|"
    r"niet meer relevant|niet meer nodig|niet meer van toepassing|ik ga het niet doen|doe ik niet meer|"
    r"gaat niet gebeuren",
    # Italian
    r"lascio perdere|lasciamo perdere|ho lasciato perdere|ci rinuncio|rinuncio|non piu rilevante|"
    r"non e piu rilevante|non serve piu|non e piu necessario|non lo faro|non lo faccio piu|scartato",
    # Portuguese
    r"desisti|eu desisti|desisto|deixa pra la|deixa para la|deixei pra la|descartado|abandonei|"
    r"nao e mais relevante|nao faz mais sentido|nao e mais necessario|nao vou fazer|nao vou mais fazer",
)

# "Yes" alone says it was done ("Yes!"); before a "done" it only agrees ("Yes, did it").
YES = r"yes|yep|yeah|yup|ja|jep|jawohl|oui|ouais|si|sim|ja hoor"
YES_LEADS = r"absolutely|definitely|of course|indeed|klar|naturlich|bien sur|claro|zeker|certo|certamente"

# Words that only open a sentence ("Well, partly"): skipped before reading what it says.
OPENERS = (
    r"well|hmm|um|erm|so|actually|honestly|to be honest|tja|also|bon|eh bien|ben|pues|bueno|nou|allora|"
    r"beh|bem|olha"
)

# "No" before a "not yet" or a "drop" ("No, not yet"); never an answer alone.
NO_LEADS = r"no|nope|nah|nein|nee|non|nao"

# When and how it went, after an answer ("Did it yesterday, as promised"): never an answer alone.
TAILS = (
    r"yesterday|today|this morning|this week|last week|earlier|already|finally|at last|as planned|"
    r"as promised|as agreed|in the end|too|for sure|i'm afraid|unfortunately|still|yet|sorry|thanks|"
    r"thank you|thanks for asking|thanks for the reminder|thanks for checking",
    r"gestern|heute|heute morgen|diese woche|letzte woche|schon|bereits|endlich|wie geplant|"
    r"wie versprochen|leider|danke|danke der nachfrage",
    r"hier|aujourd'hui|ce matin|cette semaine|la semaine derniere|deja|enfin|comme prevu|comme promis|"
    r"malheureusement|merci|desole|desolee",
    r"ayer|hoy|esta semana|la semana pasada|ya|por fin|como prometi|como estaba previsto|"
    r"lamentablemente|gracias|lo siento",
    r"gisteren|vandaag|deze week|vorige week|al|eindelijk|zoals gepland|zoals beloofd|helaas|bedankt|"
    r"sorry",
    r"ieri|oggi|questa settimana|la settimana scorsa|gia|finalmente|come promesso|come previsto|"
    r"purtroppo|grazie|scusa",
    r"ontem|hoje|esta semana|na semana passada|ja|finalmente|como prometido|como planejado|"
    r"infelizmente|obrigado|obrigada|desculpe",
)

# Words that make an answer mixed ("Yes and no", "Done, sort of", "Did it. Well, partly"): in the
# opening sentence beside any answer, or opening the next sentence, the reply changes nothing.
PARTLY = (
    r"yes and no|not really|not quite|not exactly|not entirely|not fully|not completely|sort of|kind of|"
    r"kinda|partly|partially|half|halfway|somewhat|more or less|almost|nearly|in part|mostly|well not|"
    r"actually no|actually not",
    r"jein|nicht wirklich|nicht ganz|nicht so richtig|teilweise|halb|halbwegs|fast|beinahe|"
    r"mehr oder weniger|irgendwie|naja|zum teil|teils",
    r"oui et non|pas vraiment|pas tout a fait|pas completement|en partie|partiellement|a moitie|presque|"
    r"plus ou moins|bof",
    r"si y no|no realmente|no del todo|no exactamente|en parte|parcialmente|a medias|casi|mas o menos",
    r"ja en nee|niet echt|niet helemaal|niet volledig|deels|gedeeltelijk|bijna|min of meer",
    r"si e no|non proprio|non del tutto|non completamente|in parte|parzialmente|a meta|quasi|piu o meno",
    r"sim e nao|nao exatamente|nao totalmente|nao completamente|em parte|parcialmente|pela metade|quase|"
    r"mais ou menos",
)

# Words that turn a "done" or a "drop" around, or doubt it ("Yes, but…", "Drop it, maybe"); beside a
# "not yet" they only say more about it ("Not yet, but I've started", "Not yet, maybe Friday").
DOUBT = (
    r"but|although|though|except|however|maybe|perhaps|hopefully|i think|i guess",
    r"aber|jedoch|allerdings|ausser|vielleicht|hoffentlich|ich glaube",
    r"mais|cependant|pourtant|sauf|peut-etre|j'espere|je crois|je pense",
    r"pero|sin embargo|excepto|aunque|quizas|quiza|tal vez|espero|creo",
    r"maar|echter|behalve|hoewel|misschien|hopelijk|ik denk|denk ik",
    r"ma|pero|tranne|anche se|forse|spero|credo|penso",
    r"mas|porem|exceto|embora|talvez|espero|acho",
)

# What is still to come, beside a "done" ("Yes, I'll do it next week"): the answer is not sure.
FUTURE = (
    r"i'll|i will|will do|going to|gonna|plan to|ich werde|werde ich|je vais|je ferai|voy a|lo hare|"
    r"ik ga|ik zal|ga ik|lo faro|faro|vou|irei"
)
