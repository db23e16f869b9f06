"""Out-of-office bodies without header or subject marks, and replies of people that look like them.

One case per line: (language, body as the mail client sends it). AUTO_REPLIES are Outlook, Exchange and
Gmail vacation-responder texts, with and without a signature; PEOPLE are reflections and requests of
managers that speak of being away, of email or of urgency, and must never be taken for automatic.
`tests/replies/test_out_of_office.py` checks every case; `bench/out_of_office.py` counts them.
"""

from __future__ import annotations

AUTO_REPLIES: tuple[tuple[str, str], ...] = (
    # English
    # Thin ones a mail program sends as a plain "Re: …" (QA: quoted back in a follow-up as the answer)
    ("en", "I'm out of the office until 14 December and will reply when I'm back."),
    ("en", "Thanks for your email. I'm on leave next week and will reply when I'm back."),
    ("en", "I'm away until Monday and will get back to you when I'm back."),
    ("en", "I'm out of office until Dec 14. I'll respond when I'm back in the office."),
    (
        "en",
        "I am out of the office until 14 January with limited access to email. For urgent matters please "
        "contact Jan Berg (jan.berg@example.com).",
    ),
    (
        "en",
        "Hello,\n\nThank you for your email. I am currently out of the office until Tuesday 14 January with "
        "limited access to email.\n\nFor urgent matters please contact Jan Berg (jan.berg@example.com).\n\n"
        "Kind regards,\nAnna Schmidt\nHead of Sales EMEA\nAcme GmbH | +49 30 1234567",
    ),
    ("en", "I'm on annual leave and will respond to your email on my return on 6 January."),
    (
        "en",
        "Thank you for your message. I am away from the office from 23 December to 3 January and will "
        "have no access to email during this time. I will reply as soon as possible upon my return.\n\n"
        "Merry Christmas and a Happy New Year!",
    ),
    (
        "en",
        "Hi,\n\nI'm currently on parental leave until the end of March. Your email will not be forwarded. "
        "For anything urgent, please contact my colleague Tom Harris at tom.harris@example.com or on "
        "+44 20 7946 0958.\n\nThanks,\nPriya",
    ),
    ("en", "This is an automatic reply. I am travelling and will get back to you as soon as I can."),
    ("en", "I'm OOO until Monday with no access to email. Back on the 13th."),
    (
        "en",
        "I am currently out of the office attending our Sales Kickoff in Lisbon, returning on Monday 20 "
        "January. I will have limited access to email during this time.\n\nIf your matter is urgent, "
        "please call my mobile on +1 415 555 0199.\n\nBest regards,\nMarcus Reed\nVP Sales, North America",
    ),
    (
        "en",
        "Thanks for your email. I will be out of the office from Monday 6 January, returning Monday 13 "
        "January. During my absence please contact support@example.com.",
    ),
    (
        "en",
        "Please note I am no longer with Acme Corp. Your email will not be forwarded. Please contact "
        "sales@acme.example for assistance.",
    ),
    ("en", "Out of office until 14 January. For urgent matters please contact Jan Berg."),
    (
        "en",
        "I am on vacation and checking email only occasionally. I will respond to your message when I return "
        "to the office on 3 February.",
    ),
    (
        "en",
        "Hi there,\n\nI'm away on holiday until 2 September with no access to email.\n\nIn the meantime, "
        "you can reach the team at sales-team@example.com.\n\nCheers,\nLiam\n\nSent from my iPhone",
    ),
    ("en", "Automatic reply: I am out of the office."),
    # German
    (
        "de",
        "Vielen Dank für Ihre Nachricht. Ich bin bis zum 14. Januar nicht im Büro und habe nur "
        "eingeschränkt Zugriff auf meine E-Mails.\nIn dringenden Fällen wenden Sie sich bitte an Jan Berg "
        "(jan.berg@example.com).\n\nMit freundlichen Grüßen\nAnna Schmidt",
    ),
    (
        "de",
        "Guten Tag,\n\nich bin vom 23.12.2024 bis einschließlich 03.01.2025 im Urlaub. Ihre E-Mail wird "
        "nicht weitergeleitet. Ab dem 06.01. bin ich wieder erreichbar.\n\nFrohe Weihnachten!",
    ),
    (
        "de",
        "Dies ist eine automatische Antwort. Ich bin derzeit abwesend und beantworte Ihre Nachricht nach "
        "meiner Rückkehr.",
    ),
    (
        "de",
        "Ich befinde mich bis 20. Januar in Elternzeit. Meine Vertretung übernimmt Markus Weber, "
        "markus.weber@example.de, Tel. +49 89 123456.",
    ),
    (
        "de",
        "Hallo,\n\nich bin zurzeit auf Geschäftsreise und habe keinen Zugriff auf meine Mails. Bei "
        "dringenden Anliegen wenden Sie sich bitte an vertrieb@example.de.\n\nViele Grüße\nJonas",
    ),
    ("de", "Abwesenheitsnotiz:\nIch bin bis 14.1. nicht im Haus. Ihre Nachricht wird nicht weitergeleitet."),
    # French
    (
        "fr",
        "Bonjour,\n\nJe suis absente du bureau jusqu'au 14 janvier et n'ai pas accès à mes e-mails. Pour "
        "toute urgence, merci de contacter Jan Berg (jan.berg@example.com).\n\nCordialement,\nClaire Dubois",
    ),
    (
        "fr",
        "Merci pour votre message. Je suis actuellement en congés et je vous répondrai dès mon retour le "
        "6 janvier.",
    ),
    (
        "fr",
        "Ceci est une réponse automatique. Je suis en déplacement avec un accès limité à ma messagerie.",
    ),
    (
        "fr",
        "Je serai absent(e) du 23 décembre au 3 janvier. En cas d'urgence, vous pouvez joindre mon équipe "
        "au +33 1 23 45 67 89. Joyeux Noël !",
    ),
    # Spanish
    (
        "es",
        "Gracias por su mensaje. Estoy fuera de la oficina hasta el 14 de enero con acceso limitado al "
        "correo electrónico. Para asuntos urgentes, contacte con Jan Berg (jan.berg@example.com).\n\n"
        "Saludos cordiales,\nLucía Martín",
    ),
    ("es", "Estoy de vacaciones hasta el 7 de enero. Responderé a su correo a mi regreso."),
    (
        "es",
        "Este es un mensaje automático. Me encuentro de viaje sin acceso al correo. En caso de urgencia "
        "escriba a soporte@example.es.",
    ),
    # Dutch
    (
        "nl",
        "Bedankt voor uw e-mail. Ik ben tot en met 14 januari afwezig en heb beperkt toegang tot mijn "
        "e-mail. Voor dringende zaken kunt u contact opnemen met Jan Berg (jan.berg@example.com).\n\n"
        "Met vriendelijke groet,\nSanne de Vries",
    ),
    (
        "nl",
        "Ik ben met vakantie tot 3 februari. Uw e-mail wordt niet doorgestuurd; na mijn terugkomst lees ik "
        "mijn berichten.",
    ),
    ("nl", "Dit is een automatisch antwoord. Ik ben momenteel niet op kantoor."),
    # Italian
    (
        "it",
        "Grazie per la sua email. Sono fuori ufficio fino al 14 gennaio con accesso limitato alla posta "
        "elettronica. Per questioni urgenti si prega di contattare Jan Berg (jan.berg@example.com).\n\n"
        "Cordiali saluti,\nGiulia Rossi",
    ),
    ("it", "Sono in ferie fino al 6 gennaio. Risponderò alla sua email al mio rientro."),
    ("it", "Questa è una risposta automatica: sono assente dall'ufficio fino a lunedì."),
    # Portuguese
    (
        "pt",
        "Obrigado pela sua mensagem. Estou ausente do escritório até 14 de janeiro com acesso limitado ao "
        "e-mail. Para assuntos urgentes, contacte Jan Berg (jan.berg@example.com).\n\nAtenciosamente,\n"
        "João Silva",
    ),
    ("pt", "Estou de férias até 6 de janeiro e responderei ao seu e-mail no meu regresso."),
    ("pt", "Esta é uma resposta automática. Estou fora do escritório até segunda-feira."),
    (
        "pt",
        "Olá,\n\nEstou em licença até março, sem acesso ao e-mail. Em caso de urgência, fale com "
        "ana.costa@example.com.br.\n\nAbraços,\nMariana",
    ),
    # More shapes: Gmail's vacation responder (the owner's own words), Exchange's defaults, bilingual texts
    (
        "en",
        "Hi! I'm on vacation until Jan 6 and won't be checking email. If it's urgent, text me at 555-0199.\n"
        "- Dana",
    ),
    ("en", "I am out of the office. I will respond to your message when I return."),
    ("en", "I am out of the office until 14 January. I will respond when I return."),
    (
        "en",
        "Hello, I am currently on sick leave. Your message will be read upon my return. For urgent requests, "
        "please contact hr@example.com.",
    ),
    (
        "en",
        "I am out of the office until 14 January with limited access to email.\n\nIch bin bis zum 14. "
        "Januar nicht im Büro und habe nur eingeschränkten Zugriff auf meine E-Mails.",
    ),
    (
        "en",
        "Thank you for your email. Please note that I am on maternity leave until September 2025. For sales "
        "enquiries please contact sales@acme.example; for anything else, my manager Sarah Lee "
        "(sarah.lee@acme.example).",
    ),
    (
        "en",
        "I'm away from my desk until Monday with intermittent access to email. I'll respond as soon as "
        "possible.",
    ),
    (
        "de",
        "Herzlichen Dank für Ihre E-Mail. Ich bin vom 27.12. bis 06.01. nicht im Büro. Ihre Nachricht wird "
        "nicht weitergeleitet. In dringenden Fällen erreichen Sie meine Kollegin Petra Lang unter "
        "+49 40 987654.",
    ),
    (
        "de",
        "Hallo! Ich bin im Urlaub und lese meine Mails erst ab dem 7. Januar wieder. Bei dringenden Fragen: "
        "0171 2345678. Jonas",
    ),
    (
        "de",
        "Ich bin krankheitsbedingt abwesend. Ihre E-Mail wird nicht gelesen und nicht weitergeleitet. Bitte "
        "wenden Sie sich an info@example.de.",
    ),
    (
        "fr",
        "Bonjour, je suis en congé maternité jusqu'au 1er septembre. Votre message ne sera pas transféré. "
        "Pour toute demande, contactez commercial@example.fr.",
    ),
    (
        "fr",
        "Je suis en vacances jusqu'au 6 janvier, sans accès à mes mails. Si c'est urgent, appelez-moi au "
        "06 12 34 56 78.",
    ),
    (
        "es",
        "Hola, estoy de baja por maternidad hasta septiembre. Durante mi ausencia, por favor contacte con "
        "ventas@example.es.",
    ),
    (
        "es",
        "Me encuentro fuera de la oficina hasta el lunes 13 de enero. Responderé a su mensaje lo antes "
        "posible.\n\nUn saludo,\nPablo",
    ),
    (
        "nl",
        "Beste afzender,\n\nIk ben afwezig tot en met 6 januari. Tijdens mijn afwezigheid kunt u contact "
        "opnemen met mijn collega Pieter (pieter@example.nl).\n\nMet vriendelijke groet,\nSanne",
    ),
    ("nl", "Ik ben op vakantie tot 6 januari en lees mijn mail niet. Bij spoed: bel 06-12345678."),
    (
        "it",
        "Buongiorno, sono in congedo di maternità fino a settembre. Durante la mia assenza potete contattare "
        "vendite@example.it.\n\nCordiali saluti",
    ),
    (
        "it",
        "Sono in viaggio di lavoro con accesso limitato alla posta elettronica fino al 20 gennaio. Per "
        "urgenze chiamare il +39 02 1234567.",
    ),
    (
        "pt",
        "Bom dia, encontro-me de férias até ao dia 6 de janeiro. Durante a minha ausência, por favor "
        "contacte comercial@example.pt. Obrigado.",
    ),
    (
        "pt",
        "Olá! Estou de férias até 10/01 e não terei acesso ao e-mail. Em caso de urgência, ligue para "
        "(11) 91234-5678.",
    ),
)

PEOPLE: tuple[tuple[str, str], ...] = (
    # English: being away, in a story
    (
        "en",
        "I was out of the office most of this week, but on Tuesday I gave Priya credit in front of the VP "
        "for the Acme renewal.",
    ),
    ("en", "Back from leave. I tried the prompt with my team and two of them opened up about the pipeline."),
    ("en", "I'm off next week, pause please"),
    ("en", "I'm on holiday until 3 April"),
    ("en", "I'm off next week."),
    (
        "en",
        "I'm travelling this week with limited access to email, but quick one: on Monday I let Sam lead the "
        "QBR and credited him in front of the client.",
    ),
    (
        "en",
        "I'm out of the office next week with limited access to email, so please pause these until the 20th.",
    ),
    (
        "en",
        "I was on annual leave when the deal closed, and for urgent matters the team contacted Jan, who "
        "handled it brilliantly. I thanked him in our Monday stand-up.",
    ),
    (
        "en",
        "My rep set up an automatic reply for the shared inbox so customers hear back within an hour. "
        "I credited her in the team call.",
    ),
    (
        "en",
        "When I was away last month, Priya covered for me and kept the forecast on track. I made sure the VP "
        "knew it was her work.",
    ),
    (
        "en",
        "I'm away at the offsite but I wanted to answer: I asked Tom what he needs from me and he said "
        "fewer status meetings.",
    ),
    (
        "en",
        "Honestly I had no access to email for two days during the kickoff, and it forced me to trust the "
        "team. Jan ran the renewals and I gave him the credit.",
    ),
    ("en", "I'm on leave until Monday, will think about it on my return and reply then. Thanks!"),
    ("en", "Crazy week, will reply later"),
    ("en", "Hi,\n\nI'm back!\n\nAnna"),
    (
        "en",
        "Our customer's out-of-office said 'for urgent matters please contact Jan Berg', so I called Jan and "
        "we closed the renewal together.",
    ),
    (
        "en",
        "Thank you for your email. I'm travelling until Thursday, but I did try the exercise: I asked Maria "
        "to present the forecast and stayed quiet.",
    ),
    ("en", "I'm on holiday until 3 April, please hold the emails until then. Thanks, Anna"),
    (
        "en",
        "I'll be on leave from Friday, so before that I sat down with Priya and gave her credit for the "
        "Acme deal in front of the VP.",
    ),
    # German
    ("de", "Nach dem Urlaub bin ich wieder da und habe direkt Feedback gegeben."),
    ("de", "Ich bin im Urlaub bis 3. April"),
    ("de", "Ich bin nächste Woche nicht im Büro, bitte pausieren Sie die Mails bis zum 20."),
    (
        "de",
        "Ich war letzte Woche im Urlaub und hatte keinen Zugriff auf meine E-Mails. Mein Team hat die "
        "Angebote trotzdem fertig gemacht, und ich habe Jana dafür vor allen gelobt.",
    ),
    (
        "de",
        "Vielen Dank für Ihre Nachricht. Ich bin gerade auf Dienstreise, aber ich habe es ausprobiert: "
        "Ich habe Jonas im Kundentermin das Wort überlassen.",
    ),
    # French
    ("fr", "Je suis en vacances jusqu'au 3 avril"),
    (
        "fr",
        "J'étais en congés la semaine dernière, mais à mon retour j'ai félicité Paul devant toute l'équipe "
        "pour le contrat signé.",
    ),
    ("fr", "Je suis absent la semaine prochaine, merci de mettre en pause les e-mails."),
    # Spanish
    ("es", "Estuve de vacaciones y a mi regreso le di el mérito a Carmen delante del director."),
    ("es", "Estoy de viaje esta semana, pausa los correos por favor."),
    # Dutch
    ("nl", "Ik was vorige week op vakantie en het team heeft twee deals gesloten."),
    ("nl", "Ik ben op vakantie tot 3 april"),
    # Italian
    ("it", "Ero in ferie la settimana scorsa e il team ha chiuso due contratti."),
    ("it", "Sono in ferie fino al 3 aprile"),
    (
        "it",
        "Sono fuori ufficio questa settimana, ma ho provato l'esercizio: ho lasciato che Marco guidasse la "
        "riunione con il cliente e l'ho ringraziato davanti al direttore.",
    ),
    # Portuguese
    ("pt", "Estive de férias na semana passada e o time fechou dois contratos."),
    ("pt", "Estou de férias até 3 de abril, podem pausar os e-mails?"),
    # More look-alikes: away words, email words and urgency inside a story or beside a request
    (
        "en",
        "I'm out of ideas on this one, honestly. For urgent matters my team comes to me, and I don't know "
        "how to share credit when I'm the one who fixed it.",
    ),
    (
        "en",
        "I'm away a lot these days, so I tried doing the credit shout-outs by email instead. The team "
        "replied with more thanks.",
    ),
    ("en", "I am on leave until 14 January. Sorry for the slow reply, I'll answer the prompt properly then."),
    (
        "en",
        "Thank you for your email! I'm on parental leave at the moment, please contact me again in March.",
    ),
    (
        "en",
        "I'm on leave with limited access to email until the 20th. Sorry I missed the last two, they "
        "looked great.",
    ),
    ("en", "I'm away next week at the kickoff, with no access to email. Can we skip a week?"),
    ("en", "Thanks for your email. I'm off until Monday, back on the 13th."),
    (
        "en",
        "Funny timing: I'm out of the office today and my auto-reply says 'for urgent matters please contact "
        "Jan'. Jan has been brilliant all quarter and I told the VP so.",
    ),
    ("de", "Ich bin bis Montag im Urlaub, danach schaue ich mir das an."),
    ("de", "Ich bin im Urlaub und habe keinen Zugriff auf Mails. Können wir das auf Februar verschieben?"),
    ("fr", "Je suis en congés, je regarderai ça à mon retour. Merci !"),
    ("es", "Estoy de vacaciones, lo miro a mi regreso. ¡Gracias!"),
    ("nl", "Ik ben op vakantie, ik kijk ernaar als ik terug ben."),
    ("it", "Sono in ferie, ci penso al mio rientro. Grazie!"),
    ("pt", "Estou de férias, vejo isso no meu regresso. Obrigado!"),
)
