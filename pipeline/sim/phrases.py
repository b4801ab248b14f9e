"""Phrase pools for synthetic messages and notes.

Organic text is assembled from many slotted parts so that two organic messages rarely match, while short
common replies ("thanks!", "sounds good") repeat across everyone as they do on a real platform: a fair
near-duplicate detector must not treat those as spam. Spam is one long spintax pitch per campaign.
Slots are written {slot}; spintax alternatives {a|b|c} (see textgen.spin).
"""

from __future__ import annotations

SLOTS: dict[str, list[str]] = {
    "day": (
        "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|tomorrow|tonight|this weekend|next week"
    ).split("|"),
    "time": "9|10|11:30|noon|1pm|2|3:15|4|5:30|6|7pm|8|half past six".split("|"),
    "place": (
        "the usual place|that new ramen spot|the library|Ana's|the park|the office|the gym|the market|"
        "the station|your place|the cafe near work|the rooftop bar|the climbing hall|campus"
    ).split("|"),
    "food": "pizza|tacos|pho|dumplings|sushi|jollof|curry|burgers|falafel|arepas|ramen|pasta|bibimbap".split(
        "|"
    ),
    "thing": (
        "the slides|the invoice|my charger|the book you lent me|the photos|the keys|the report|the recipe|"
        "the contract draft|the tickets|the spreadsheet|the link|the notes from class|the playlist"
    ).split("|"),
    "event": (
        "the meetup|Sam's birthday|the wedding|the conference|the match|the concert|the workshop|"
        "the school play|the hackathon|the barbecue|the team offsite|the book club"
    ).split("|"),
    "project": (
        "the migration|the website redesign|the grant proposal|the app launch|the Q3 report|the thesis|"
        "the kitchen renovation|the podcast|the onboarding docs|the data pipeline|the charity run"
    ).split("|"),
    "feeling": "tired|so happy|a bit stressed|excited|relieved|sick today|swamped|in a good mood".split("|"),
    "person": "Ana|Tom|Priya|Kenji|Lucía|Chinedu|Olga|Marco|Huong|Sam|Leila|Jonas|Mei|Tunde".split("|"),
    "num": [str(n) for n in (2, 3, 4, 5, 10, 15, 20, 30, 45)],
}

GREETINGS = "Hi|Hey|Hello|Hiya|Morning|Good evening|Yo|Hi there|Heyy|Dear".split("|")

BODIES = [
    "are we still on for {day}?",
    "did you get a chance to look at {thing}?",
    "I'm at {place}, where are you?",
    "want to grab {food} {day}?",
    "thanks again for your help with {project}, really appreciated it.",
    "can you send me {thing} when you have a minute?",
    "running about {num} minutes late, sorry!",
    "I'm {feeling} after {event}, what a day.",
    "how did {event} go?",
    "{person} says hi, we're at {place} if you want to join.",
    "quick question about {project}: who owns the next step?",
    "I found {thing}, it was in my bag the whole time 😅",
    "happy birthday!! hope you have a great one 🎉",
    "congrats on the new job, so well deserved!",
    "are you coming to {event} {day}?",
    "can we move our call to {time} {day}?",
    "I just finished {project}, finally.",
    "did you see what {person} posted? hilarious",
    "let me know when you land.",
    "I owe you {food}, seriously.",
    "my train is delayed, start without me.",
    "we should catch up properly, it's been ages.",
    "I'll bring {thing} {day}.",
    "the kids loved {event}, thank you for organising it.",
    "do you still have {thing}? I need it for {project}.",
    "meeting at {place} at {time}?",
    "just saw your post about {project}, nice work!",
    "can you cover for me {day}? I'm {feeling}.",
    "the reviewers want changes to {project}, ugh.",
    "how's your mum doing?",
    "sorry I missed your call, free after {time}.",
    "I booked a table for {num} at {time}.",
    "sending you {thing} now.",
    "we're thinking of going to {event}, interested?",
    "{person} and I were just talking about you!",
    "I tried that recipe for {food}, it worked!",
    "any news on {project}?",
    "can you review my draft before {day}?",
    "is {place} open {day}?",
    "thanks for the intro to {person}, we're meeting {day}.",
    "my laptop died again, can you resend {thing}?",
    "let's do {food} after {event}.",
    "I signed us up for {event} {day}.",
    "still {feeling} about {project} but getting there.",
    "call me when you're free, nothing urgent.",
    "good luck today, you've got this 💪",
    "where did you buy {thing}?",
    "I left {thing} at {place} 🙈",
    "did {person} ever reply to you?",
    "long time no see! how have you been?",
]

CLOSERS = "|".join(
    ["", "", "", "", "thanks!", "cheers", "x", "talk soon", "🙂", "😂", "🙏", "let me know", "no rush"]
).split("|")

SHORT_REPLIES: dict[str, list[str]] = {
    "en": (
        "thanks!|sounds good|ok|sure|👍|haha yes|see you then|perfect|no worries|will do|"
        "thank you so much!|lol|yes!|great, thanks|ok cool|np|on my way|nice!|congrats!!|good luck!|"
        "talk soon|omg|yep|agreed|I'll check|got it|thank you!|😂😂|❤️|ok!|cool|sounds great|deal|"
        "of course|haha|done|all good|see you|thanks for connecting!|nice to connect|same here"
    ).split("|"),
    "es": "gracias!|vale|perfecto|dale|jaja sí|claro|nos vemos|genial|ok|de nada|buenísimo|👍".split("|"),
    "pt": "obrigado!|valeu|beleza|tá bom|kkkk|combinado|show|sim!|até mais|👍|obrigada!".split("|"),
    "fr": "merci!|d'accord|super|ok|à plus|parfait|oui!|pas de souci|génial|👍".split("|"),
    "de": "danke!|passt|alles klar|super|ok|bis dann|gerne|ja!|klingt gut|👍".split("|"),
    "ru": "спасибо!|ок|договорились|да|супер|хорошо|👍|до встречи|понял|ага".split("|"),
    "zh": "谢谢!|好的|没问题|哈哈|收到|好呀|👍|明天见".split("|"),
}

# Non-English bodies use only language-neutral slots ({num}, {food}, {person}) so no sentence mixes languages.
LANG_BODIES: dict[str, list[str]] = {
    "es": [
        "¿seguimos con lo del sábado?",
        "ya llegué, ¿dónde estás?",
        "¿me mandas las fotos cuando puedas?",
        "¡felicidades por el nuevo trabajo!",
        "¿vamos por {food} mañana?",
        "llego {num} minutos tarde, perdón",
        "¿cómo te fue en la entrevista?",
        "{person} te manda saludos",
        "qué bueno verte ayer, hay que repetirlo",
        "¿tienes el libro que te presté?",
        "mañana no puedo, ¿el jueves?",
        "te debo una, en serio",
    ],
    "pt": [
        "ainda vamos sábado?",
        "cheguei, cadê você?",
        "me manda as fotos quando puder?",
        "parabéns pelo novo emprego!!",
        "bora comer {food} amanhã?",
        "vou atrasar uns {num} minutos",
        "como foi a entrevista?",
        "{person} mandou um abraço",
        "adorei te ver ontem",
        "você viu a mensagem da {person}?",
        "amanhã não dá, pode ser quinta?",
    ],
    "fr": [
        "on se voit toujours samedi ?",
        "je suis arrivé, tu es où ?",
        "tu peux m'envoyer les photos ?",
        "félicitations pour le nouveau poste !",
        "j'ai {num} minutes de retard, désolé",
        "{person} te passe le bonjour",
        "ça te dit un {food} ce soir ?",
        "merci encore pour hier soir",
    ],
    "de": [
        "bleibt es bei Samstag?",
        "bin schon da, wo bist du?",
        "kannst du mir die Fotos schicken?",
        "Glückwunsch zum neuen Job!",
        "ich bin {num} Minuten zu spät, sorry",
        "{person} lässt grüßen",
        "Lust auf {food} heute Abend?",
        "danke nochmal für gestern",
    ],
    "ru": [
        "мы всё ещё встречаемся в субботу?",
        "я уже на месте, ты где?",
        "скинь, пожалуйста, фотки",
        "поздравляю с новой работой!",
        "опаздываю минут на {num}, извини",
        "как прошло собеседование?",
        "{person} передаёт привет",
        "спасибо за вчерашний вечер!",
    ],
    "zh": [
        "明天还见面吗？",
        "我到了，你在哪？",
        "能把照片发给我吗？",
        "恭喜你找到新工作！",
        "我会晚到{num}分钟",
        "周末一起吃饭吧",
        "面试怎么样？",
        "谢谢你昨天的帮忙",
    ],
}

PERSONAL_NOTES = [
    "Hi {first}, great meeting you at {event}!",
    "Hi {first}, {person} suggested I reach out about {project}.",
    "{first}! Good to see you again at {event}.",
    "Hey {first}, we worked together on {project}, would be nice to stay in touch.",
    "Hi {first}, loved your post about {project}. Would be glad to connect.",
    "Hola {first}! Nos conocimos en {event}.",
    "Hi {first}, fellow {hobby} fan here, saw you in the group.",
    "Hi {first}, I'm joining the team next week, looking forward to working with you!",
]

STOCK_NOTE = "I'd like to add you to my professional network."

RECRUITER_NOTES = [
    "Hi {first}, I'm hiring for a {role} role at {company} and your background caught my eye. "
    "Open to a chat?",
    "Hello {first}, {company} is growing its {role} team in {city}. Would you be open to connecting?",
    "Hi {first}! I recruit {role}s for {company}; your work on {project} looks very relevant. Let's connect.",
    "{first}, I think you'd be a great fit for a {role} opening at {company} ({city} or remote). Connect?",
]

RECRUITER_MESSAGES = [
    "Thanks for connecting, {first}! The {role} role at {company} is hybrid in {city}. "
    "Would {day} work for a 20-minute call?",
    "Great to connect {first}. Happy to share the job description for the {role} position; "
    "what's the best email for you?",
    "Hi {first}, thanks for accepting! Are you currently open to new {role} opportunities?",
]

CONFERENCE_NOTES = [
    "Great meeting you at {conf}, {first}!",
    "Hi {first}, enjoyed your question at the {conf} panel.",
    "{first}, nice chatting at {conf} today!",
    None,
    "Hi {first} - we met at the {conf} coffee break. Let's stay in touch.",
]

CONFERENCES = ["PyCon Lagos", "DevFest Hanoi", "SaaStock Dublin", "Web Summit", "DataCon Berlin", "UX Lisbon"]

EVENT_INVITES = [
    "Hi {first}! We're hosting {evname} on {day} at {venue}, doors at {time}. Would love to see you there, "
    "bring a friend if you like. RSVP here: {link}",
    "Hey {first}, {evname} is happening {day} at {venue} ({time}). It would mean a lot if you came! "
    "Details: {link}",
]
EVENT_NAMES = [
    "our community picnic",
    "the neighbourhood clean-up",
    "my book launch",
    "the charity 5k",
    "our meetup",
]
EVENT_REPLIES = (
    "I'll be there!|count me in 🙌|can't make it, sorry!|maybe, will confirm|yes! bringing {person}|"
    "congrats on organising this|what time does it end?|sounds fun, see you there|I'm away that weekend :("
).split("|")

WELCOMES = [
    "Welcome to {group}, {first}! Intros thread is pinned, and say hi in {channel} 🙂",
    "Hey {first}, glad you joined {group}. Anything you're hoping to learn or share?",
    "Hi {first}! Thanks for joining {group}. Next call is {day} at {time}.",
]
GROUPS = ["the Women in Data group", "Lagos Devs", "the Runners Club", "UX Circle", "Founders Lounge"]

# Spam pitches. <first> is the recipient's first name, <link> a tracked link, <num> a varying number.
PITCHES: dict[str, str] = {
    "audit": (
        "{Hi|Hello|Hey} <first>, {thanks for connecting|great to connect|glad we're connected}! "
        "{I help|We help|My team helps} {founders|coaches|small business owners|consultants} "
        "{get|book} <num>+ {qualified leads|sales calls|new clients} {a month|every month} "
        "{without ads|on autopilot|in 90 days}. {Book a free audit|Grab your free audit|Claim a free audit} "
        "{here|below}: <link>"
    ),
    "webinar": (
        "{Hi|Hey} <first>! {I'm hosting|We're running} {a very select|an exclusive|a private} webinar "
        "{this Thursday|next week|on Friday} on {how to 10x your personal brand|scaling to 7 figures|"
        "landing high-ticket clients}. {Only|Just} <num> seats left - {join our very select webinar|"
        "save your seat} {here|now}: <link>"
    ),
    "franchise": (
        "{Dear|Hi} <first>, {have you ever thought about|did you know you could} "
        "{open a franchise|own a franchise} {with|for} {as little as|under} $<num>k? "
        "{Our partners|Franchisees} {earn|make} {6 figures|passive income} {in year one|from month 3}. "
        "{Reply YES|Book a call} {for the brochure|to learn more}: <link>"
    ),
    "like_post": (
        "{Hey|Hi} <first> {🙏|👋|😊} {could you|would you mind to|can you} {like|comment on} my "
        "{latest|new|recent} post? {It would mean a lot|Trying to reach <num>k views|Helps me a lot} "
        "{and I'll return the favour|happy to do the same|thanks in advance}! <link>"
    ),
    "crypto": (
        "{Hi|Hey} <first>, {I made|I earned|I just withdrew} $<num>,{200|450|900} {this week|in 3 days} "
        "{with|using} {this trading bot|an AI trading platform|my mentor's signals}. "
        "{No experience needed|100% legit|Fully automated}. {Check it out|Sign up with my link}: <link>"
    ),
    "hacked_video": (
        "{omg|wow|hey} <first> {is this you|is that you|you're} in this {video|clip}?? "
        "{😱|😂|🤔} {lol|haha|} <link>"
    ),
    "seo": (
        "{Hi|Hello} <first>, I {noticed|saw} your website {isn't ranking|could rank higher} on Google. "
        "{We offer|I can do} {a full SEO audit|page-one rankings} {for just|starting at} $<num>. "
        "{Guaranteed results|Money-back guarantee}. {Reply here|Let's talk}: <link>"
    ),
}
TEMPLATE_NOTES = [
    "Hi {first}, I'd love to add you to my network of {industry} leaders.",
    "Hi {first}, I came across your profile and would love to connect!",
    "Hello {first}, expanding my network in {industry}. Let's connect!",
]
INDUSTRIES = ["SaaS", "real estate", "e-commerce", "fintech", "coaching", "marketing"]
PITCH_REPLIES = "no thanks|not interested|please stop|?|who is this|remove me|lol no|is this spam?".split("|")
HACKED_REPLIES = "is this really you?|I think your account was hacked|??|don't click that|report this".split(
    "|"
)
SPAM_DOMAINS = [
    "bit.ly",
    "growthsprint.io",
    "top-leads.co",
    "webinar-pass.net",
    "fr4nchise.biz",
    "cryp-t.app",
]
SPAMMER_BIOS = [
    "Open networker | Lead generation | LION",
    "Helping coaches scale to 7 figures 🚀",
    "CEO @ GrowthSprint | B2B appointment setting",
    "Franchise consultant | DM me",
    "Digital marketing | SEO | Paid ads | 10k+ connections",
    "",
]
