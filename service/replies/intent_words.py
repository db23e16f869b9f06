"""The words of requests by reply in English, German, French, Spanish, Dutch, Italian and Portuguese.

Tables only: `service/replies/intent.py` reads them. Every phrase is a regular expression over
`fold()`ed text (lower case, no accents, "ß" as "ss", one space between words, punctuation gone),
so "Désabonnez-moi !" is matched as "desabonnez-moi".

A sentence is a request when, after its date phrase, its polite words (FILLERS) and the thing it
names (OBJECTS: "the emails", "from your list") are taken out, what is left is exactly one of the
CORES below. Anything else left over ("I stopped *talking*", "we put *the forecast call* on pause")
means the sentence is about something else. CUES are weaker: words that only a request would use,
found anywhere in a longer sentence; they never act, they make the service ask first.
"""

from __future__ import annotations

from service.enums import ReplyCommand as C

# Politeness, greetings, thanks and the frames that wrap a request ("could you", "ich möchte").
FILLERS = r"""
please|pls|plz|kindly|just|simply|now|right now|again please|also|ok so|ok|okay|so|hi|hello|hey|dear|
hi there|hello there|good morning|good afternoon|thanks|thank you|thanks a lot|thank you very much|
many thanks|cheers|regards|best|best regards|kind regards|thx|ty|sorry|
could you|can you|would you|will you|could you please|can you please|would you please|
would you mind|i'd like to|i would like to|i'd like you to|i would like you to|i want to|i wish to|
i'd love to|i would love to|i'd prefer to|i would prefer to|i'd rather|i'd appreciate it if you|
can i|could i|may i|i think i'd like to|
you can|for me|for now|instead|rather|could we|can we|shall we|for the moment|at the moment|
if possible|if you can|
if that's ok|if that is ok|if that's okay|if that is possible|if you could|
bitte|danke|vielen dank|danke schon|hallo|hi|guten tag|guten morgen|liebe|lieber|gruss|grusse|
viele grusse|beste grusse|mfg|lg|konnen sie|konnten sie|kannst du|konntest du|wurden sie|wurdest du|
ich mochte|ich wurde gerne|ich wurde gern|ich hatte gerne|ich hatte gern|ich will|
mochte ich|ich brauche|ich bitte um|ich bitte sie|gerne|gern|erstmal|erst mal|vorerst|jetzt|
einfach|mal|doch|ab sofort|sofort|konnen wir|konnten wir|stattdessen|
s'il vous plait|s'il te plait|svp|stp|merci|merci beaucoup|bonjour|salut|cher|chere|cordialement|
pourriez-vous|pourriez vous|pouvez-vous|pouvez vous|peux-tu|peux tu|pourrais-tu|pourrais tu|
je voudrais|je veux|j'aimerais|je souhaite|je souhaiterais|je dois|merci de|vous pouvez|
pour l'instant|pour le moment|maintenant|pouvons-nous|pouvons nous|pourrions-nous|plutot|
por favor|gracias|muchas gracias|hola|buenos dias|buenas tardes|estimado|estimada|saludos|
puedes|puede|podrias|podria|pueden|podrian|quiero|quisiera|me gustaria|necesito|
por ahora|de momento|ahora|podemos|podriamos|en su lugar|
alsjeblieft|alstublieft|aub|a.u.b.|graag|bedankt|dank je|dank u|dankjewel|hallo|hoi|beste|groeten|
kun je|kunt u|kan je|zou je|zou u|zouden jullie|ik wil|ik zou graag|ik wil graag|ik moet|
voorlopig|nu|even|gewoon|kunnen jullie|kunnen we|kun jij|kunt u|in plaats daarvan|
per favore|per piacere|grazie|grazie mille|ciao|buongiorno|salve|gentile|cordiali saluti|saluti|
puoi|potete|potresti|potreste|puo|vorrei|voglio|desidero|ho bisogno di|per ora|adesso|ora|
possiamo|potremmo|vi prego di|vi chiedo di|ti prego di|invece|
por favor|obrigado|obrigada|muito obrigado|muito obrigada|ola|bom dia|boa tarde|prezado|prezada|
abracos|pode|podem|poderia|poderiam|voce pode|voces podem|quero|queria|gostaria de|preciso|
por enquanto|agora|poderiamos|peco que|por gentileza|em vez disso
"""

# Words that make a sentence a request to us: with one of them, "stop" above a long story still counts.
REQUEST_MARKERS = r"""
please|kindly|could you|can you|would you|i'd like to|i would like to|i want to|i wish to|
bitte|konnen sie|konnten sie|kannst du|ich mochte|ich will|s'il vous plait|svp|pourriez-vous|pouvez-vous|
je voudrais|je veux|merci de|por favor|puedes|pueden|quiero|quisiera|alsjeblieft|graag|kun je|kunt u|
ik wil|per favore|potete|puoi|vorrei|voglio|vi prego|por favor|podem|pode|quero|gostaria
"""

# Words that make a "stop" temporary ("stop these for now"): a pause, to be confirmed.
TEMPORARY = r"""
for now|for the moment|for a while|for the time being|at the moment|temporarily|maybe until|until|till|
vorerst|vorlaufig|erstmal|erst mal|eine weile|bis|momentan|voruebergehend|vorubergehend|
pour l'instant|pour le moment|temporairement|jusqu'a|jusqu'au|
por ahora|de momento|por un tiempo|temporalmente|hasta|
voorlopig|even|tijdelijk|tot|
per ora|per il momento|temporaneamente|fino a|fino al|
por enquanto|por agora|temporariamente|ate
"""

# "Keep them coming", "I didn't mean to unsubscribe": the emails should go on. Beside a bare "Stop!"
# ("Stop! These are gold. Keep them coming.") or a likely stop ("No wait, I didn't mean to
# unsubscribe!") they make the reply a resume, never an unsubscribe; alone they are one too.
KEEP = r"""
keep (?:them|these|'em|the emails|it) coming|keep (?:on )?sending(?: them| these| the emails| me these)?|
(?:i )?(?:didn't|did not) mean to (?:unsubscribe|stop (?:them|these|the emails)|
click (?:that|unsubscribe|stop))|
(?:i )?changed my mind|(?:re-?subscribe|re-?add) me|subscribe me (?:again|back)|sign me (?:back )?up again|
put me back on (?:the|your) list|undo (?:that|the unsubscribe|my unsubscribe)|unsubscribed by mistake|
(?:clicked|pressed|hit|sent) (?:stop|unsubscribe) by mistake|(?:don't|do not) stop(?: sending)?|
ich wollte (?:mich )?nicht abmelden|bitte weiter (?:schicken|senden)|schicken sie (?:bitte )?weiter|
macht weiter so|weiter so|hort nicht auf|horen sie nicht auf|abmeldung ruckgangig(?: machen)?|
(?:versehentlich|aus versehen) abgemeldet|
je ne voulais pas (?:me desabonner|me desinscrire|arreter)|continuez (?:a m'envoyer|comme ca|ainsi)|
n'arretez pas|reabonnez moi|desabonnee? par erreur|
no queria (?:darme de baja|cancelar|desuscribirme)|sigan (?:enviando|mandando|asi)|no paren|
no dejen de enviar|me di de baja por error|
ik wilde me niet afmelden|blijf (?:ze )?sturen|ga zo door|niet stoppen|per ongeluk afgemeld|
non volevo disiscrivermi|continuate (?:a inviarmeli|a mandarmeli|cosi)|non smettete|disiscritto per errore|
nao queria (?:me )?descadastrar|continuem (?:enviando|mandando|assim)|nao parem|descadastrei por engano
"""

# Object pronouns that only point at the writer ("remove *me*", "melden Sie *mich* ab").
PRONOUNS = r"me|myself|mich|mir|moi|m'|me|mij|mi|me"

# Articles and possessives before the emails.
DETERMINERS = r"""
the|these|those|this|my|your|all|all the|all your|all of the|all of your|any|any more|your coaching|
die|diese|meine|ihre|alle|alle die|den|dem|deine|das|
les|mes|vos|tes|ces|le|la|l'|tous les|toutes les|votre|
los|las|mis|sus|tus|estos|estas|esos|esas|el|la|mi|su|todos los|
de|het|mijn|uw|je|jullie|deze|die|al|alle|
le|i|gli|il|la|l'|mie|miei|tuoi|vostri|vostre|questi|queste|tutte le|tutti i|le vostre|i vostri|
os|as|meus|minhas|seus|suas|teus|tuas|estes|estas|esses|essas|o|a|todos os|todas as|meu|minha|seu|sua
"""

# What a request names: the emails, the coaching, the subscription, the list.
MAIL_NOUNS = r"""
e-?mails?|mails?|messages?|emails?|nudges?|reminders?|prompts?|newsletters?|notifications?|
coaching e-?mails?|coaching mails?|coaching nudges?|coaching messages?|coaching|subscription|
program(?:me)?|course|lessons|
list|mailing list|mailing|distribution list|sends|
e-?mails?|nachrichten|erinnerungen|abo|abonnement|coaching-?e-?mails?|coaching-?mails?|impulse|
verteiler|mailingliste|liste|sendungen|
courriels?|e-?mails?|messages?|rappels?|abonnement|inscription|liste|liste de diffusion|envois|
correos? electronicos|correos?|e-?mails?|mensajes?|recordatorios?|suscripcion|lista|envios|
e-?mails?|berichten|herinneringen|abonnement|inschrijving|lijst|mailinglijst|nieuwsbrief|
e-?mail|messaggi|promemoria|iscrizione|abbonamento|lista|lista di distribuzione|invii|
e-?mails?|mensagens|lembretes|inscricao|assinatura|subscricao|lista|envios
"""

# "these" alone stands for the emails ("no more of these", "hold these until…").
DEMONSTRATIVES = r"""
these|them|it all|this|of these|of them|any of these|everything|all of it|
diese|das hier|das|es|alles|
ca|cela|
esto|estos|
deze|dit|
questi|queste|
isso|estes
"""

# Prepositions before a list or the emails ("take me off *the list*", "von der Liste").
FROM = r"from|off|of|von|aus|de|du|des|de la|d'|van|uit|da|dalla|dai|dalle|dos|das|do|da"

# Each command's cores: (command, regex, what it needs besides: "" | "object" | "date" | "target").
CORES: tuple[tuple[C, str, str], ...] = (
    # -- STOP ----------------------------------------------------------------------------------
    (
        C.STOP,
        r"stop|stop it|unsubscribe|opt out|opt-out|cancel subscription|cancel|end|quit|remove|remove me",
        "",
    ),
    (
        C.STOP,
        r"(?:please )?remove|take|take off|take me off|unsubscribe|cancel|end|stop|stop all|delete",
        "object",
    ),
    (C.STOP, r"stop (?:sending|emailing|mailing|e-mailing)|stop sending (?:any more|anymore)", ""),
    (C.STOP, r"no more|no more thanks|not interested|not interested anymore|not interested any more", ""),
    (C.STOP, r"(?:i )?(?:don't|do not) want (?:to (?:receive|get) )?(?:any more|anymore)?", "object"),
    (C.STOP, r"(?:don't|do not) (?:send|email)(?: any more| anymore)?", ""),
    (
        C.STOP,
        r"(?:i )?(?:no longer|don't|do not) (?:want|wish) to (?:receive|get)(?: any more| anymore)?",
        "",
    ),
    (C.STOP, r"(?:i )?(?:no longer|don't|do not) (?:want|need)(?: any more| anymore)?", "object"),
    (C.STOP, r"unsubscribe|opt out|leave|be removed|get off|come off|stop (?:receiving|getting)", ""),
    (C.STOP, r"stopp|stop|abmelden|abbestellen|austragen|kundigen|beenden", ""),
    (
        C.STOP,
        r"melden sie ab|melde ab|meldet ab|melden sie bitte ab|tragen sie aus|trag aus|"
        r"nehmen sie raus|nehmen sie|streichen sie|loschen sie",
        "",
    ),
    (
        C.STOP,
        r"keine(?: weiteren)?(?: mehr)?|keine mehr|nicht mehr|keine weiteren|"
        r"keine(?: weiteren)? mehr schicken|keine(?: weiteren)? mehr senden",
        "object",
    ),
    (
        C.STOP,
        r"abmelden|abbestellen|austragen|kundigen|stoppen|beenden|einstellen|entfernen|loschen",
        "object",
    ),
    (
        C.STOP,
        r"horen sie auf(?: zu schicken| zu senden)?|hort auf|"
        r"(?:nicht mehr|keine mehr) (?:erhalten|bekommen|zusenden|schicken)|schicken sie keine mehr",
        "",
    ),
    (
        C.STOP,
        r"se desabonner|desabonner|desabonnez|desabonnez-|desinscrire|desinscrivez|desinscrivez-|"
        r"me desabonner|me desinscrire|arreter|arretez|stop|stoppez",
        "",
    ),
    (
        C.STOP,
        r"arretez(?: de (?:m'envoyer|m'ecrire|envoyer))?|arreter|plus de|plus|retirer|supprimer|enlever|"
        r"je ne veux plus(?: recevoir)?|ne plus m'envoyer|ne plus envoyer|ne plus recevoir|"
        r"retirez|retirez-|supprimez|supprimez-|enlevez|enlevez-|desabonnez|desinscrivez",
        "object",
    ),
    (C.STOP, r"ne m'envoyez plus|ne plus recevoir|je ne veux plus", ""),
    (
        C.STOP,
        r"darme de baja|dar de baja|dame de baja|denme de baja|baja|cancelar(?: la)?|desuscribir|"
        r"desuscribirme|desuscribanme|anular|parar|no quiero recibir mas|no mas|dejar de recibir|"
        r"ya no quiero recibir(?: mas)?",
        "",
    ),
    (
        C.STOP,
        r"dejen de (?:enviar|mandar|enviarme|mandarme)|dejad de (?:enviar|enviarme)|no (?:envien|manden) mas|"
        r"no mas|no quiero (?:recibir )?mas|ya no quiero(?: recibir)?|cancelar|sacar|sacarme|sacadme|"
        r"saquenme|eliminar|eliminarme|"
        r"eliminenme|borrar|borrarme|darme de baja|dar de baja",
        "object",
    ),
    (
        C.STOP,
        r"afmelden|uitschrijven|meld af|meld me af|schrijf uit|schrijf me uit|stoppen|stop|opzeggen",
        "",
    ),
    (
        C.STOP,
        r"geen meer|geen(?: verdere)?(?: meer)?|niet meer (?:ontvangen|sturen)|stop met|stoppen met|"
        r"haal|haal van|haal af|verwijder|verwijder van|afmelden|opzeggen|uitschrijven",
        "object",
    ),
    (C.STOP, r"stop met (?:mailen|sturen|e-?mailen)|niet meer mailen|niet meer sturen", ""),
    (
        C.STOP,
        r"disiscrivi|disiscrivimi|disiscrivermi|disiscrivere|cancellami|cancellare|annulla|basta|stop",
        "",
    ),
    (
        C.STOP,
        r"basta|niente piu|non voglio piu(?: ricevere)?|non desidero piu(?: ricevere)?|smettete di inviare|"
        r"smettete di mandare|smettere di ricevere|togliete|toglietemi|rimuovete|rimuovetemi|cancellate|"
        r"cancellatemi|cancellarmi|cancellami|annulla|disdire|disiscrivere|rimuovermi|togliermi",
        "object",
    ),
    (C.STOP, r"smettete di (?:inviarmi|mandarmi|scrivermi)|non inviatemi piu|non mandatemi piu", ""),
    (
        C.STOP,
        r"descadastrar|descadastre|descadastrem|descadastra|me descadastre|cancelar inscricao|"
        r"cancelar a inscricao|cancelar a subscricao|cancelar a assinatura|cancelar|parar|sair",
        "",
    ),
    (
        C.STOP,
        r"nao quero (?:mais )?receber|nao quero mais|chega de|parem de enviar|parem de mandar|"
        r"tirem|tire|remover|removam|remova|remova-|retirem|cancelar|sem mais|parar de receber|"
        r"descadastrar|chega",
        "object",
    ),
    (
        C.STOP,
        r"(?:parem|parar) de (?:me enviar|me mandar|enviar|mandar)|nao me enviem mais|nao me mandem mais",
        "",
    ),
    # -- PAUSE ---------------------------------------------------------------------------------
    (C.PAUSE, r"pause|pause it|snooze|hold|hold off|hold off on|put on hold|put on pause|pause all", ""),
    (
        C.PAUSE,
        r"stop|suspend|pause|hold|hold off on|put on hold|put on pause|delay|postpone|"
        r"take a break|i need a break|need a break|a break|break|no|skip|silence|mute",
        "date",
    ),
    (
        C.PAUSE,
        r"suspend|hold|delay|postpone|a break|take a break|put on hold|put on pause|"
        r"hold off on|mute|silence",
        "object",
    ),
    (
        C.PAUSE,
        r"i'm away|i am away|i'll be away|i will be away|i'm out|i'm off|i'm on holiday|i'm on vacation|"
        r"i am on holiday|i am on vacation|i'm on leave|i am on leave|i'll be on holiday|i'll be on leave|"
        r"out of office|out of the office|i'll be out|on holiday|on vacation|on leave|away",
        "away",
    ),
    (
        C.PAUSE,
        r"pausieren|pause|pausiere|aussetzen|unterbrechen|anhalten|ruhen lassen|pause machen|"
        r"eine pause|pause einlegen|eine pause einlegen|stoppen|keine|keine mehr|nicht|stopp|"
        r"pausieren sie|setzen sie aus|halten sie an",
        "date",
    ),
    (
        C.PAUSE,
        r"pausieren|pause|pausiere|aussetzen|unterbrechen|anhalten|ruhen lassen|eine pause machen|"
        r"pause machen|eine pause einlegen|pause einlegen|pausiert|pausierst|pausierung|pausieren sie",
        "",
    ),
    (
        C.PAUSE,
        r"ich bin im urlaub|ich bin weg|ich bin nicht da|ich bin unterwegs|ich bin abwesend|"
        r"ich bin verreist|bin im urlaub|im urlaub|urlaub|abwesend|nicht im buro|ausser haus",
        "away",
    ),
    (
        C.PAUSE,
        r"mettre en pause|mettez en pause|mets en pause|mettez-les en pause|pause|faire une pause|"
        r"suspendre|suspendez|suspends|une pause|en pause",
        "",
    ),
    (
        C.PAUSE,
        r"mettre en pause|mettez en pause|pause|faire une pause|une pause|suspendre|suspendez|"
        r"arreter|arretez|plus de|rien|stop",
        "date",
    ),
    (
        C.PAUSE,
        r"je suis en vacances|je suis en conge|je suis absent|je suis absente|en vacances|en conge|absent|"
        r"je serai en vacances|je serai en conge|je serai absent|je serai absente",
        "away",
    ),
    (
        C.PAUSE,
        r"pausar|pausa|pausen|pausad|poner en pausa|pongan en pausa|ponga en pausa|pon en pausa|"
        r"suspender|suspendan|suspende|suspended|una pausa|tomar una pausa|hacer una pausa|en pausa",
        "",
    ),
    (C.PAUSE, r"pausar|pausa|una pausa|suspender|suspendan|parar|no mas|nada|dejen de enviar", "date"),
    (
        C.PAUSE,
        r"estoy de vacaciones|estoy fuera|estare fuera|de vacaciones|fuera de la oficina|ausente|"
        r"estare de vacaciones|estoy de permiso|de permiso",
        "away",
    ),
    (
        C.PAUSE,
        r"pauzeren|pauzeer|pauze|pauzeer ze|pauzeer de|on hold zetten|zet on hold|zet op pauze|"
        r"op pauze|op pauze zetten|even pauze|een pauze|pauze nemen|een pauze nemen",
        "",
    ),
    (C.PAUSE, r"pauzeren|pauzeer|pauze|een pauze|stop|stoppen|geen|geen meer|niets", "date"),
    (
        C.PAUSE,
        r"ik ben op vakantie|ik ben weg|ik ben er niet|ik ben afwezig|op vakantie|afwezig|"
        r"ik ben met vakantie|met vakantie|ik ben met verlof|met verlof|ik ben op verlof|op verlof",
        "away",
    ),
    (
        C.PAUSE,
        r"mettere in pausa|metti in pausa|mettete in pausa|pausa|una pausa|fare una pausa|sospendere|"
        r"sospendi|sospendete|sospendetemi|in pausa",
        "",
    ),
    (
        C.PAUSE,
        r"mettere in pausa|metti in pausa|mettete in pausa|pausa|una pausa|sospendere|sospendi|"
        r"sospendete|niente|basta|stop",
        "date",
    ),
    (
        C.PAUSE,
        r"sono in vacanza|sono in ferie|sono via|saro via|sono assente|in vacanza|in ferie|assente|"
        r"saro in ferie|saro in vacanza",
        "away",
    ),
    (
        C.PAUSE,
        r"pausar|pausa|pausem|pause|uma pausa|dar uma pausa|fazer uma pausa|colocar em pausa|"
        r"coloquem em pausa|suspender|suspendam|suspenda|em pausa",
        "",
    ),
    (C.PAUSE, r"pausar|pausa|pausem|uma pausa|suspender|suspendam|parar|parem|nada|sem", "date"),
    (
        C.PAUSE,
        r"estou de ferias|estou fora|estarei fora|de ferias|ausente|fora do escritorio|estarei de ferias|"
        r"estou em ferias|em ferias",
        "away",
    ),
    # -- RESUME --------------------------------------------------------------------------------
    (
        C.RESUME,
        r"resume|restart|unpause|un-pause|start again|start over again|continue|carry on|"
        r"i'm back|i am back|back|im back|i'm back now|start sending again|send again|resume sending|"
        r"turn back on|switch back on|back on|keep going|you can start again|you can resume|unmute",
        "",
    ),
    (
        C.RESUME,
        r"resume|restart|unpause|start again|turn back on|switch back on|send again|continue",
        "object",
    ),
    (
        C.RESUME,
        r"fortsetzen|weiter|weitermachen|wieder aufnehmen|wieder starten|wieder anfangen|"
        r"ich bin zuruck|bin zuruck|ich bin wieder da|bin wieder da|zuruck|wieder da|fortfahren|reaktivieren",
        "",
    ),
    (
        C.RESUME,
        r"fortsetzen|wieder aufnehmen|wieder starten|wieder schicken|wieder senden|reaktivieren",
        "object",
    ),
    (
        C.RESUME,
        r"reprendre|reprenez|reprends|je suis de retour|de retour|je suis revenu|je suis revenue|"
        r"recommencer|recommencez|continuer|continuez|relancer|relancez",
        "",
    ),
    (C.RESUME, r"reprendre|reprenez|relancer|relancez|reactiver|reactivez|renvoyer", "object"),
    (
        C.RESUME,
        r"reanudar|reanuden|reanuda|reactivar|reactiven|estoy de vuelta|ya estoy de vuelta|he vuelto|"
        r"ya volvi|volvi|de vuelta|ya regrese|regrese|continuar|continuen|seguir|retomar",
        "",
    ),
    (C.RESUME, r"reanudar|reanuden|reactivar|reactiven|retomar|continuar", "object"),
    (
        C.RESUME,
        r"hervatten|hervat|ik ben terug|ben terug|terug|ik ben er weer|weer starten|weer beginnen|"
        r"doorgaan|ga door|verder|verdergaan|heractiveren",
        "",
    ),
    (C.RESUME, r"hervatten|hervat|weer starten|weer sturen|heractiveren", "object"),
    (
        C.RESUME,
        r"riprendere|riprendi|riprendete|sono tornato|sono tornata|sono di nuovo qui|sono rientrato|"
        r"sono rientrata|ricominciare|ricominciamo|continuare|continuiamo|riattivare|riattiva",
        "",
    ),
    (C.RESUME, r"riprendere|riprendi|riprendete|riattivare|riattiva|riattivate", "object"),
    (
        C.RESUME,
        r"retomar|retomem|retome|voltei|estou de volta|ja voltei|ja estou de volta|de volta|"
        r"recomecar|recomecem|continuar|continuem|reativar|reativem|reative",
        "",
    ),
    (C.RESUME, r"retomar|retomem|reativar|reativem|reenviar|voltar a enviar|voltem a enviar", "object"),
    # -- FEWER (the light schedule, as the unsubscribe page offers; "?" after the need: ask first) ----
    (
        C.FEWER,
        r"fewer|send fewer|less|send less|fewer of them|less often|less frequently|not so often|not so many|"
        r"weniger|seltener|moins|moins de|moins d'e-?mails|moins de mails|moins souvent|menos|"
        r"con menos frecuencia|minder|minder vaak|meno|meno spesso|menos frequencia",
        "object",
    ),
    (
        C.FEWER,
        r"fewer (?:e-?mails|emails) please|fewer please|less often|less frequently|not so often|"
        r"send (?:them |these |it )?less often|send fewer|fewer|"
        r"weniger mails|seltener|weniger oft|moins souvent|moins d'e-?mails|moins de mails|"
        r"con menos frecuencia|menos a menudo|minder vaak|minder mails|meno spesso|com menos frequencia",
        "",
    ),
    # A complaint about volume ("too many emails!", "stop sending me so many emails") asks first.
    (
        C.FEWER,
        r"too many|way too many|far too many|zu viele|trop de|demasiados|te veel|troppe|troppi|demais|"
        r"so many|stop sending (?:so |this |that )?many",  # "so" is a filler word
        "object?",
    ),
    # -- HELP ----------------------------------------------------------------------------------
    (
        C.HELP,
        r"help|help me|commands|command list|list of commands|options|menu|instructions|"
        r"what are the commands|what are the options|which commands|what commands|what commands can i use|"
        r"what commands can i reply with|what commands are there|which commands can i use|"
        r"which words can i reply with|which words can i use|what words can i reply with|"
        r"what words can i use|"
        r"what can i reply|what can i reply with|what can i say|what can i write|what can i do|"
        r"how does this work|how do commands work|how do i use this|how do i reply|how does replying work",
        "",
    ),
    (
        C.HELP,
        r"hilfe|befehle|welche befehle gibt es|welche befehle|welche worter kann ich verwenden|"
        r"welche worter kann ich antworten|welche worter|was kann ich antworten|was kann ich schreiben|"
        r"wie funktioniert das|wie funktioniert das hier",
        "",
    ),
    (
        C.HELP,
        r"aide|de l'aide|commandes|quelles commandes|quels mots puis-je utiliser|quels mots puis je utiliser|"
        r"quels mots puis-je utiliser pour repondre|quels mots puis je utiliser pour repondre|"
        r"quels mots pour repondre|"
        r"quels mots|que puis-je repondre|que puis je repondre|comment ca marche|comment cela fonctionne",
        "",
    ),
    (
        C.HELP,
        r"ayuda|comandos|que comandos hay|que palabras puedo usar para responder|"
        r"que palabras puedo usar|que palabras puedo responder|"
        r"que palabras|que puedo responder|como funciona esto|como funciona",
        "",
    ),
    (
        C.HELP,
        r"hulp|help|commando's|commandos|welke commando's|welke woorden kan ik gebruiken|welke woorden|"
        r"wat kan ik antwoorden|hoe werkt dit|hoe werkt het",
        "",
    ),
    (
        C.HELP,
        r"aiuto|comandi|quali comandi|quali parole posso usare|quali parole|cosa posso rispondere|"
        r"come funziona|come funziona questo",
        "",
    ),
    (
        C.HELP,
        r"ajuda|comandos|quais comandos|que palavras posso usar|quais palavras posso usar|quais palavras|"
        r"o que posso responder|como funciona|como funciona isso",
        "",
    ),
    # -- SWITCH (the lesson is read from what follows these words) -----------------------------
    (
        C.SWITCH,
        r"switch|switch me|change|move|move me|go|jump|skip|swap|change my focus|change focus|"
        r"change my lesson|change lesson|switch lesson|switch my lesson|switch focus|switch my focus|"
        r"start|start on|try|do|work on|focus on|i'd like to do|i'd rather do|put me on|"
        r"let's do|lets do|let us do|let's try|let's switch|let's move|let's go|"
        r"wechseln|wechseln sie|wechsle|wechsel|umstellen|stellen sie um|andern|wechseln zu|"
        r"passer|passez|changer|changez|changer de lecon|mettez-moi sur|"
        r"cambiar|cambia|cambiame|cambiarme|pasar|pasame|pasarme|"
        r"overstappen|stap over|wissel|wisselen|veranderen|verander|ga naar|naar|zet me op|"
        r"passare|passa|passami|cambiare|cambia|spostami|spostare|"
        r"mudar|mude|mudem|passar|passe|trocar|troque|troquem",
        "target",
    ),
)

# "Once a week is plenty": the whole sentence, read before its "a week" is taken for a date. The light
# schedule is not weekly, so the service asks before changing to it.
FREQUENCY = r"""
once a week|once a week is (?:plenty|enough|fine|better)|one a week is (?:plenty|enough)|
just once a week|only once a week|einmal (?:pro|die|in der) woche(?: reicht)?|einmal pro woche reicht|
une fois par semaine(?: suffit)?|una vez (?:a la|por) semana(?: es suficiente| basta)?|
een keer per week(?: is genoeg)?|una volta (?:a|alla) settimana(?: basta)?|
uma vez por semana(?: basta| chega)?
"""

# Weekdays, to find requests about the schedule ("these Friday emails", "Mondays are better").
WEEKDAYS = r"""
monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|
samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miercoles|jueves|viernes|
sabado|domingo|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|lunedi|martedi|mercoledi|
giovedi|venerdi|sabato|domenica|segunda|terca|quarta|quinta|sexta
"""

# A weekday naming a kind of email: "these Friday emails", "the Monday ones", "die Freitagsmails". {wd} is
# WEEKDAYS. Beside a stop or a pause it makes the request one about the schedule, never a stop or a pause.
SCHEDULE_KINDS = r"""
(?:these|the|those|your|my|of|all) (?:{wd})(?:'s)?
 (?:e-?mails?|mails?|ones?|nudges?|messages?|prompts?|coaching)|
(?:{wd})s?-?(?:e-?mails?|mails?|nachrichten)|
(?:e-?mails?|mails?|messages?|courriels?) du (?:{wd})|(?:correos?|mensajes?) del (?:{wd})|
(?:e-?mails?|messaggi) del (?:{wd})|(?:e-?mails?|mensagens) de (?:{wd})
"""

# When emails could come instead: plural weekdays, a time of day, an hour. {wd} is WEEKDAYS.
SCHEDULE_WHEN = r"""
(?:on )?(?:{wd})s|on (?:{wd})|(?:in the )?(?:mornings?|afternoons?|evenings?)|(?:at )?lunchtime|
at \d{{1,2}}(?:[ h]\d\d)? ?(?:am|pm|h|o'clock)?|at noon|earlier in the day|later in the day|
(?:on )?weekdays|(?:on )?weekends|
(?:{wd})s|am (?:{wd})|morgens|nachmittags|abends|am (?:morgen|vormittag|nachmittag|abend)|
um \d{{1,2}}(?: \d\d)?(?: uhr)?|
le (?:{wd})|les (?:{wd})s|le matin|l'apres-midi|le soir|a \d{{1,2}} ?h(?:\d\d)?|
los (?:{wd})|los (?:{wd})s|por la (?:manana|tarde|noche)|a las \d{{1,2}}|
op (?:{wd})|(?:{wd})s|'s (?:ochtends|middags|avonds)|om \d{{1,2}}(?: uur)?|
il (?:{wd})|di (?:mattina|pomeriggio|sera)|alle \d{{1,2}}|
(?:as|nas) (?:{wd})s|(?:de|pela) (?:manha|tarde|noite)|as \d{{1,2}}(?: ?h)?
"""

# Words around SCHEDULE_WHEN that make a clause a preference for it ("Mondays are better", "could these
# come on Tuesdays instead?", "at 8am instead"). The whole clause must be one of these, so "Mondays are
# better for my team's pipeline review" stays a reflection.
SCHEDULE_LEAD = r"""
could|can|would|will|please|you|send|move|switch|change|schedule|these|they|them|the|my|it|emails?|mails?|
come|arrive|be|sent|go|out|moved|switched|to|get|coaching|i'd|i|prefer|rather|have|like|
konnten|konnen|sie|die|mails|kommen|schicken|senden|ich|hatte|sie|lieber|bitte|
pourriez|pouvez|vous|les|envoyer|mails|arriver|je|prefere|prefererais|plutot|
podrian|pueden|enviar|enviarlos|los|correos|llegar|prefiero|mejor|
kunnen|ze|de|sturen|liever|ik|
potete|potreste|inviare|le|email|preferisco|meglio|
podem|poderiam|enviar|os|prefiro|melhor
"""
SCHEDULE_MARKS = r"""
instead|rather|better|would be better|are better|is better|work better|works better|would work better|
suit me better|suits me better|would suit me better|would be great|prefer|i'd prefer|i would prefer|
i prefer|i'd rather have|
lieber|ware besser|waren besser|sind besser|ist besser|stattdessen|
plutot|serait mieux|seraient mieux|c'est mieux|ce serait mieux|je prefere|je prefererais|
mejor|prefiero|seria mejor|serian mejor|en su lugar|
liever|is beter|zou beter zijn|in plaats daarvan|
meglio|preferisco|sarebbe meglio|invece|
melhor|prefiro|seria melhor|em vez disso
"""

# A switch request with no lesson: the answer lists them.
SWITCH_BARE = r"""
switch|switch lesson|change lesson|change my lesson|change focus|change my focus|switch focus|
another lesson|a different lesson|lektion wechseln|andere lektion|changer de lecon|cambiar de leccion|
andere les|cambiare lezione|mudar de licao|trocar de licao
"""

# Verbs that end a switch request in German and Dutch ("zu Lektion 7 wechseln", "naar les 7 overstappen").
SWITCH_FINAL_VERBS = r"""
wechseln|umstellen|umsteigen|springen|gehen|machen|overstappen|wisselen|gaan|overschakelen|
passer|changer|cambiar|pasar|passare|cambiare|mudar|passar|trocar|switchen|switch
"""

# Words that introduce the lesson after a switch verb ("to", "to lesson", "zu Lektion", "à la leçon").
SWITCH_LINKS = r"""
to|to the|onto|over to|to the one about|the one about|on|to lesson|lesson|module|topic|unit|focus|
zu|zur|zum|auf|lektion|modul|thema|einheit|zu lektion|auf lektion|
a|a la|au|sur|lecon|module|sujet|theme|
a|a la|al|leccion|modulo|tema|unidad|
naar|op|les|module|onderwerp|
a|alla|al|lezione|modulo|tema|argomento|
para|para a|para o|a|licao|modulo|tema|aula
"""

# Words that say "lesson" (a number after one of them is a lesson number).
LESSON_WORDS = (
    r"lesson|module|topic|unit|lektion|modul|thema|lecon|leccion|modulo|tema|les|lezione|licao|aula|"
    r"number|no|nr|nummer|numero"
)

# Prepositions a date phrase can leave behind ("pausa *de* duas semanas"): dropped at the edges.
DANGLING = r"for|of|de|du|per|voor|fur|pendant|durante|por|during|over|about|um|para|para a"

# Someone else, or the past, before a request word: a story, not a request
# ("the client wanted to unsubscribe").
THIRD_PARTY = r"""
customer|customers|client|clients|he|she|they|team|rep|reps|prospect|buyer|asked|wanted|
kunde|kunden|er|sie|team|wollte|wollten|
il|elle|ils|elles|voulait|voulaient|equipe|
cliente|clientes|el|ella|ellos|queria|querian|equipo|
klant|klanten|hij|zij|wilde|wilden|
lui|lei|loro|voleva|volevano|squadra|
ele|ela|eles|elas|queria|queriam|time|equipe
"""

# Strong hints of a request inside a longer sentence: a reason to ask, never to act.
CUES: tuple[tuple[C, str], ...] = (
    (
        C.STOP,
        r"\b(?:unsubscrib\w*|opt(?:-| )?out|abmeld\w*|abbestell\w*|austrag\w*|desabonn\w*|desinscri\w*|"
        r"dar(?:me)? de baja|desuscrib\w*|afmeld\w*|uitschrijv\w*|disiscriv\w*|descadastr\w*)\b",
    ),
    (C.STOP, r"\b(?:take|remove|get) me (?:off|from)\b"),
    (
        C.STOP,
        r"\b(?:no more|keine(?: weiteren)?|plus de|no mas|geen|niente piu|chega de) (?:of )?"
        r"(?:these |your |the |this |diese |ces |vos |estos |deze |questi |estes )?(?:coaching )?"
        r"(?:e-?mails?|mails?|correos?|mensajes?|messaggi|mensagens|berichten|nachrichten|courriels?)\b",
    ),
    (
        C.PAUSE,
        r"\b(?:pause|pausier\w*|pausar|pauzer\w*|mettre en pause|in pausa|em pausa|on hold|snooze)\b"
        r"[\w' -]{0,30}\b(?:e-?mails?|mails?|coaching|nudges?|correos?|berichten|nachrichten|messaggi|"
        r"mensagens|"
        r"these|diese|them|courriels?|messages?)\b",
    ),
    (
        C.PAUSE,
        r"\b(?:e-?mails?|mails?|coaching|nudges?|correos?|berichten|nachrichten|messaggi|mensagens|"
        r"courriels?)\b[\w' -]{0,30}"
        r"\b(?:pause|pausier\w*|pausar|pauzer\w*|en pause|in pausa|em pausa|on hold)\b",
    ),
    (
        C.PAUSE,
        r"\b(?:pause|hold|pausieren|pausar|pauzeren|sospendere|suspendre|mettre en pause)\b[\w' -]{0,30}"
        r"\b(?:until|till|bis|jusqu'|jusqu'a|hasta|tot|fino|ate)\b",
    ),
    (C.PAUSE, r"\b(?:break|pause) from (?:the |these |your )?(?:e-?mails?|mails|coaching|nudges)\b"),
    (C.RESUME, r"\b(?:resume|restart|start again)\b[\w' -]{0,20}\b(?:e-?mails?|mails?|coaching|nudges?)\b"),
    (
        C.SWITCH,
        r"\b(?:switch|change|move|wechseln|passer|cambiar|overstappen|passare|mudar)\b[\w' -]{0,30}"
        r"\b(?:lesson|lektion|lecon|leccion|les|lezione|licao|focus)\b",
    ),
)

# A negation before a cue or core turns the request around ("I don't want to stop").
NEGATIONS = r"""
don't|do not|never|not|no need to|dont|nicht|kein|keine|nie|ne|n'|pas|jamais|no|nunca|niet|nooit|
non|mai|nao
"""

# The whole answer to "Did you mean …?": yes, or no.
YES = r"""
yes|yes please|yes thanks|yes thank you|yep|yeah|yup|sure|ok|okay|ok thanks|confirm|confirmed|i confirm|
correct|that's right|do it|please do|go ahead|y|
ja|ja bitte|ja danke|jawohl|genau|richtig|bestatigt|bestatigen|ich bestatige|gerne|gern|passt|
oui|oui merci|oui s'il vous plait|d'accord|confirme|je confirme|exact|exactement|c'est ca|
si|si gracias|si por favor|claro|vale|de acuerdo|confirmo|correcto|exacto|
ja graag|ja hoor|ja dank je|klopt|prima|akkoord|bevestig|ik bevestig|
si grazie|si per favore|certo|confermo|va bene|esatto|
sim|sim obrigado|sim obrigada|sim por favor|confirmo|isso|isso mesmo|pode ser|correto|exato
"""

# Words that may follow a "yes" in the same answer ("Ja, genau.", "Sí, perfecto, gracias.", "Yes that is
# right", "yes, 3 weeks is fine"). Only these: "Yes, I shared the credit with my SE" is no answer.
AGREE = r"""
please do|do it|do that|do so|do|go ahead|that is right|that's right|this is right|that is correct|
that's correct|correct|right|exactly|perfect|great|fine|good|sounds good|sounds great|sounds right|
that works|works for me|that's fine|that is fine|is fine|that's perfect|please|thanks|thank you|
that's what i meant|that is what i meant|that's it|
genau|richtig|korrekt|perfekt|super|prima|passt|gerne|bitte|danke|das stimmt|stimmt|
exactement|exact|parfait|c'est ca|c'est bien ca|tres bien|merci|d'accord|
perfecto|exacto|correcto|eso es|gracias|vale|claro|genial|
klopt|precies|perfect|prima|dank je|bedankt|graag|
perfetto|esatto|giusto|grazie|va bene|certo|
perfeito|exato|correto|isso mesmo|obrigado|obrigada|isso
"""

# "3 weeks is fine": the proposal said again, after a "yes" (a different length is a correction).
AGREE_LENGTH = (
    r"(?:\d{1,2}|one|two|three|four|five|six|eine?|zwei|drei|vier|une?|deux|trois|quatre|una?|dos|tres|cuatro)"
    r" (?:weeks?|days?|wochen?|tage?|semaines?|jours?|semanas?|dias?|weken|dagen|settimane|giorni)"
    r" (?:is|are|sounds|ist|sind|reicht|est|es|esta|is|e|sono|sao)"
    r" (?:fine|good|great|perfect|right|ok|okay|gut|ok|bien|parfait|bien|perfecto|goed|prima|bene|bom|otimo)"
)

# Agreement that answers a question on its own, with no "yes" before it.
AGREE_ALONE = r"""
sounds good|sounds great|that works|works for me|perfect|perfekt|parfait|perfecto|perfetto|perfeito|
klingt gut|passt so|ca marche|ca me va|me parece bien|klinkt goed|mi sta bene|parece bom
"""

# Words that turn a "no" into a correction of the proposal ("No, I meant 2 weeks", "Nein, nur eine Woche").
CORRECTIONS = r"""
i meant|i mean|meant|make it|rather|only|just|instead|but|
ich meinte|nur|lieber|eher|sondern|
je voulais dire|plutot|seulement|juste|mais|
quise decir|queria decir|mejor|solo|solamente|pero|
ik bedoelde|liever|alleen|maar|
intendevo|volevo dire|piuttosto|solo|soltanto|ma|
quis dizer|queria dizer|melhor|so|apenas|mas
"""

NO = r"""
no|no thanks|no thank you|nope|nah|don't|do not|cancel|wrong|that's wrong|not what i meant|
nein|nein danke|nicht|falsch|abbrechen|
non|non merci|annuler|pas du tout|
no gracias|cancelar|
nee|nee dank je|nee bedankt|niet|annuleren|
no grazie|annulla|
nao|nao obrigado|nao obrigada|cancelar
"""
