#!/usr/bin/env python3
"""gen3: blind synthetic replay generator for "Atlántica", a cross-border regional network.

Written only from the platform event contract (EVENTS.md), without looking at the pipeline, so that it
tests whether detectors generalise.  Standard library only, deterministic for a given --seed.

    python3 gen3.py --seed N --out events.jsonl --labels labels.json

THE WORLD
  Atlántica serves Galicia (Spain) and northern Portugal: Vigo, A Coruña, Santiago, Ourense, Lugo,
  Pontevedra, Ferrol, Porto, Braga, Guimarães, Viana do Castelo, Aveiro, Matosinhos, Vila Real.  It mixes
  one-way follows (local creators, small businesses, news outlets, schools/universities, a few brands and
  celebrities) with mutual professional connections.  17.5k-21.5k existing accounts (~93% people, the rest
  creators, businesses, news, institutions, brands).  People speak Spanish, Portuguese or English (expats),
  and their texts carry emojis, typos, nicknames and local places.  The prior connection graph (never
  emitted, only visible through `mutual_connections`) is built from circles (workplaces, schools, clubs)
  plus city ties, with ~1% "hubs" holding 100-350 extra connections.

TIMELINE (event time, UTC; the day starts 2026-03-10 05:00 + (seed % 28) days)
  * t0 .. t0+~2 min: `profile_updated` replay of existing accounts (about 2% of ordinary accounts are not
    replayed: events about never-seen accounts are normal).
  * 14.5-16 h of life with a diurnal curve (quiet at dawn, lunch dip, evening peak): follows with
    popularity skew (and follows of friends), unfollows, connection requests mostly to friends-of-friends and
    circle members (accept/decline/ignore at human delays, rare dont_know reports), threads of back-and-forth
    messages (seconds to hours), profile updates, sign-ups of new members, 15-30 account deletions (nothing
    about a deleted account is emitted after its deletion).
  * No attack starts before t0 + 2.5 h.  About 175k-185k lines per seed, ~5-7 s on a laptop.

ATTACKS (positives; every instance visible inside the stream)
  A. cheap_follower_farm (3-4 per seed): a small customer account gets 150-500 follows in 4-20 minutes from
     young farm accounts (created 1-12 days ago and replayed, or created in-stream shortly before), no photo,
     letter-soup or name+digits usernames, empty bios; they do nothing else.
     Labels: customer = bot_follower_burst, each farm account = fake_follower.
  B. sophisticated_follower_farm (2-3 per seed): 60-200 accounts aged 2-14 months, with photos, plausible
     names and AI-flavoured bios, follow the customer over 60-130 minutes, each also following 1-4 popular
     accounts in the same window for cover; they never message or connect.  Same labels as A.
  C. fast_mass_connector (3-4): 180-400 stock invitations (note null or the stock text) to strangers
     (mutual_connections 0, sometimes absent) in sessions over many hours; ~12-25% accept, ~10% decline,
     ~4% report dont_know; 3-60 s after each accept comes a spintax hard sell (webinar, free audit,
     franchise, like-my-post, crypto course) with the recipient's first name and a link.
     Labels: mass_connect_spam and message_spam.
  D. slow_mass_connector (3-5): 22-40 stock invitations to strangers over the day, at least 6 accepted, and
     each acceptance gets the pitch within 5-55 s.  Labelled mass_connect_spam only (never message_spam),
     and only when at least 5 pitches to accepted contacts are in the stream.
  E. templated_dm_spam (3-4): a young account that never connects sends the same spintax pitch (name
     inserted, links with varying tracking parameters or shorteners) to 40-300 strangers over 1-4 hours;
     3-8% reply ("who is this?", "stop"), never answered.  Label: message_spam.
  F. compromised_campaign (1-2): 10-30 old ordinary accounts, with normal activity earlier in the stream,
     each send the same scam (spintax) to 10-40 of their connections inside a 1-2 hour window; some contacts
     reply "were you hacked?", never answered.  Label: message_spam for each account.
  G. hijacked_dm_blast (1-2): an old hub account sends "is this you in this video?"/giveaway links to
     80-200 of its connections within 35-60 minutes; some reply, never answered.  Label: message_spam.
  For E-G, once a scam went from s to b, s and b exchange nothing more except b's one reply.
  Labels: one positive row per (subject, category); one attacks row per (attack_id, category), the same
  attack_id shared by its categories (e.g. a farm: bot_follower_burst [customer] + fake_follower [bots]).

LOOK-ALIKES (benign; listed in labels "lookalikes" with a kind)
  recruiter (50-150 requests/day with personal notes naming the role, ~55% accept, personalised role
  message minutes later, real conversations), open_networker (15-40 stock invitations, mixed mutuals, no
  pitch), stock_invite_in_network (stock invitations to people sharing >= 3 connections, high acceptance),
  event_organiser (30-100 near-identical meetup invitations to people who followed or talked to them
  earlier in the stream; 30-50% reply and get answers), community_manager (dozens of user-initiated
  support threads answered with stock phrases), newsletter_author (DMs an issue link to followers who
  followed earlier in the stream, answers the thank-yous), sales_rep (10-20 personalised first messages
  naming a mutual contact, replies and follow-ups), viral_account + viral_follower (1000-2200 varied,
  mostly old, active accounts follow within about an hour), celebrity (steady 80-200 follows/hour),
  signup_wave_institution + signup_wave_suggested + signup_wave_member (50-200 new accounts, mostly no
  photo and empty bio, some with student-number usernames, created in 1-2 h, follow their school, 2-4 of
  3-5 suggested news/creator accounts and each other, then connect with stock invitations and mutual 0
  and message a bit), new_user (ordinary sign-ups), busy_follower and busy_messager (heavy but organic).
  Not labelled either way: ordinary members, and customers' organic followers.

PRODUCER NOISE
  Events are shuffled up to ~9.5 minutes relative to ts, ~0.1% lines are exact duplicates (same event_id),
  25-40 events arrive 30-60 minutes late, ~2.5% carry unknown extra fields, ~6-7% of connect_request lack
  mutual_connections, ~25% of stock invitations carry the stock text instead of null.  EXACTLY 12 lines
  per file are deliberately broken (truncated JSON, wrong field types, missing fields, a non-object line,
  a misspelt type, a negative mutual_connections); they are extra lines about ordinary accounts, spread
  through the file, and do not affect the labels.

LABELS
  {"scenario": "gen3", "seed", "positives": [{subject_id, category, attack, attack_id, start_ts, end_ts}],
   "attacks": [{attack_id, attack, category, start_ts, end_ts, subjects}], "lookalikes": [{subject_id,
   kind}]}.  start_ts/end_ts come from the emitted events of that subject's bad behaviour.
"""

import argparse
import bisect
import itertools
import json
import math
import random
import unicodedata

STOCK_NOTE = "I'd like to add you to my professional network."
SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR
BASE_T0 = 1773118800000  # 2026-03-10 05:00:00 UTC

# ----------------------------------------------------------------------------------------------------------
# static data
# ----------------------------------------------------------------------------------------------------------

CITIES = [  # name, language, weight
    ("Vigo", "es", 16),
    ("A Coruña", "es", 14),
    ("Santiago", "es", 9),
    ("Ourense", "es", 5),
    ("Lugo", "es", 4),
    ("Pontevedra", "es", 4),
    ("Ferrol", "es", 2),
    ("Porto", "pt", 18),
    ("Braga", "pt", 8),
    ("Guimarães", "pt", 4),
    ("Viana do Castelo", "pt", 3),
    ("Aveiro", "pt", 5),
    ("Matosinhos", "pt", 4),
    ("Vila Real", "pt", 2),
]
PLACES = {
    "Vigo": ["Bouzas", "el Berbés", "Príncipe", "Samil", "O Castro"],
    "A Coruña": ["la Marina", "Riazor", "el Orzán", "la Torre"],
    "Santiago": ["la Alameda", "el Obradoiro", "Abastos", "Santa Susana"],
    "Ourense": ["As Burgas", "la Plaza Mayor"],
    "Lugo": ["la Muralla", "la Praza do Ferrol"],
    "Pontevedra": ["la Ferrería", "A Peregrina"],
    "Ferrol": ["Canido", "la Magdalena"],
    "Porto": ["Ribeira", "Foz", "Baixa", "Bolhão", "Cedofeita"],
    "Braga": ["Sé", "Avenida Central"],
    "Guimarães": ["Largo da Oliveira", "Toural"],
    "Viana do Castelo": ["Santa Luzia", "Cabedelo"],
    "Aveiro": ["Ria", "Costa Nova", "Fórum"],
    "Matosinhos": ["praia de Matosinhos", "Leça"],
    "Vila Real": ["Mateus", "Pioledo"],
}
FIRST = {
    "es": [
        "Ana",
        "María",
        "Lucía",
        "Carmen",
        "Laura",
        "Marta",
        "Sara",
        "Paula",
        "Iria",
        "Uxía",
        "Antía",
        "Noa",
        "Sabela",
        "Alba",
        "Elena",
        "Cristina",
        "Raquel",
        "Nerea",
        "Irene",
        "Andrea",
        "Rocío",
        "Beatriz",
        "Pilar",
        "Carlos",
        "Javier",
        "David",
        "Pablo",
        "Daniel",
        "Manuel",
        "Xoán",
        "Brais",
        "Iago",
        "Martín",
        "Hugo",
        "Diego",
        "Adrián",
        "Álvaro",
        "Sergio",
        "Jorge",
        "Rubén",
        "Óscar",
        "Alejandro",
        "Fernando",
        "Miguel",
        "Antón",
        "Roi",
        "Lois",
        "Xabier",
        "Olalla",
        "Breixo",
    ],
    "pt": [
        "João",
        "Pedro",
        "Tiago",
        "Rui",
        "Nuno",
        "Miguel",
        "André",
        "Ricardo",
        "Bruno",
        "Diogo",
        "Hugo",
        "Gonçalo",
        "Luís",
        "Francisco",
        "Duarte",
        "Afonso",
        "Rodrigo",
        "Vasco",
        "Tomás",
        "Filipe",
        "Ana",
        "Inês",
        "Beatriz",
        "Mariana",
        "Joana",
        "Catarina",
        "Sofia",
        "Rita",
        "Marta",
        "Carolina",
        "Leonor",
        "Matilde",
        "Raquel",
        "Patrícia",
        "Sara",
        "Daniela",
        "Helena",
        "Filipa",
        "Teresa",
        "Madalena",
    ],
    "en": [
        "James",
        "Oliver",
        "Emma",
        "Sophie",
        "Liam",
        "Chloe",
        "Jack",
        "Olivia",
        "Harry",
        "Grace",
        "Noah",
        "Amelia",
        "Ethan",
        "Hannah",
        "Ryan",
        "Megan",
        "Sean",
        "Aoife",
        "Ciara",
        "Connor",
        "Niamh",
        "Tom",
        "Kate",
        "Ben",
        "Lucy",
        "Sam",
        "Holly",
        "Zoe",
        "Mark",
        "Rachel",
        "Chris",
        "Priya",
        "Arjun",
        "Mei",
        "Lukas",
        "Anna",
        "Jonas",
        "Elena",
        "Matteo",
        "Chiara",
    ],
}
LAST = {
    "es": [
        "García",
        "Fernández",
        "González",
        "Rodríguez",
        "López",
        "Martínez",
        "Pérez",
        "Sánchez",
        "Vázquez",
        "Castro",
        "Otero",
        "Rey",
        "Souto",
        "Lorenzo",
        "Domínguez",
        "Iglesias",
        "Varela",
        "Pereira",
        "Alonso",
        "Novoa",
        "Barreiro",
        "Santos",
        "Méndez",
        "Carballo",
        "Lago",
        "Costas",
        "Freire",
        "Seoane",
        "Piñeiro",
        "Regueira",
        "Gómez",
        "Díaz",
        "Romero",
        "Álvarez",
        "Núñez",
        "Suárez",
        "Blanco",
        "Prieto",
        "Outeiro",
        "Bouzas",
    ],
    "pt": [
        "Silva",
        "Santos",
        "Ferreira",
        "Pereira",
        "Oliveira",
        "Costa",
        "Rodrigues",
        "Martins",
        "Sousa",
        "Fernandes",
        "Gonçalves",
        "Gomes",
        "Lopes",
        "Marques",
        "Alves",
        "Almeida",
        "Ribeiro",
        "Pinto",
        "Carvalho",
        "Teixeira",
        "Moreira",
        "Correia",
        "Mendes",
        "Nunes",
        "Soares",
        "Vieira",
        "Monteiro",
        "Cardoso",
        "Rocha",
        "Neves",
        "Coelho",
        "Cunha",
        "Pires",
        "Magalhães",
        "Amaral",
        "Machado",
    ],
    "en": [
        "Smith",
        "Jones",
        "Brown",
        "Taylor",
        "Wilson",
        "Murphy",
        "Kelly",
        "O'Brien",
        "Walsh",
        "Byrne",
        "Clarke",
        "Evans",
        "Thomas",
        "Roberts",
        "Walker",
        "Wright",
        "Hughes",
        "Green",
        "Hall",
        "Wood",
        "Patel",
        "Shah",
        "Müller",
        "Schmidt",
        "Novak",
        "Kowalski",
        "Rossi",
        "Bianchi",
        "Dubois",
        "Jensen",
    ],
}
# (english job, skill, spanish job, portuguese job)
JOBS = [
    ("Backend developer", "backend", "Desarrollador backend", "Programador backend"),
    ("Data analyst", "data analytics", "Analista de datos", "Analista de dados"),
    ("Nurse", "nursing", "Enfermera", "Enfermeira"),
    ("Teacher", "teaching", "Profe de secundaria", "Professora"),
    ("UX designer", "UX", "Diseñadora UX", "Designer UX"),
    ("Accountant", "finance", "Contable", "Contabilista"),
    ("Marketing manager", "marketing", "Responsable de marketing", "Gestora de marketing"),
    ("Civil engineer", "construction", "Ingeniero de caminos", "Engenheiro civil"),
    ("Sales executive", "B2B sales", "Comercial", "Comercial"),
    ("Logistics coordinator", "logistics", "Coordinador de logística", "Coordenador de logística"),
    ("Chef", "cooking", "Cocinero", "Chef de cozinha"),
    ("Lawyer", "law", "Abogada", "Advogada"),
    ("Physiotherapist", "physio", "Fisioterapeuta", "Fisioterapeuta"),
    ("Architect", "architecture", "Arquitecta", "Arquiteto"),
    ("Student", "", "Estudiante", "Estudante"),
    ("Product manager", "product", "Product manager", "Product manager"),
    ("DevOps engineer", "cloud infrastructure", "Ingeniero DevOps", "Engenheiro DevOps"),
    ("Journalist", "journalism", "Periodista", "Jornalista"),
    ("Fisherman", "fishing", "Marinero", "Pescador"),
    ("Winemaker", "wine", "Enóloga", "Enólogo"),
    ("Shop owner", "retail", "Tengo una tienda", "Tenho uma loja"),
    ("Retired", "", "Jubilado", "Reformado"),
]
COMPANIES = [
    "Nortech Labs",
    "Atlantia Software",
    "Miño Logistics",
    "Conservas Rías",
    "Bracara Digital",
    "Douro Analytics",
    "Faro Seguros",
    "Galicia Bio",
    "Ribeira Foods",
    "Portus Cloud",
    "Estaleiros do Norte",
    "Vigo Motors",
    "Cidade Saúde",
    "Lusomar",
    "Ártabra Energía",
]
HOBBIES = {
    "es": [
        "surf",
        "running",
        "fotografía",
        "cocina",
        "pádel",
        "Celta de Vigo",
        "Dépor",
        "senderismo",
        "vino",
        "gaita",
        "cine",
        "lectura",
        "ciclismo",
        "montaña",
        "café",
    ],
    "pt": [
        "surf",
        "corrida",
        "fotografia",
        "culinária",
        "padel",
        "FC Porto",
        "SC Braga",
        "caminhadas",
        "vinho",
        "música",
        "cinema",
        "leitura",
        "ciclismo",
        "montanha",
        "café",
    ],
    "en": [
        "surfing",
        "running",
        "photography",
        "cooking",
        "padel",
        "hiking",
        "wine",
        "live music",
        "films",
        "books",
        "cycling",
        "climbing",
        "coffee",
        "football",
        "sailing",
    ],
}
TOPICS = [
    "IA generativa",
    "o Caminho",
    "surf en Razo",
    "vinos de Rías Baixas",
    "o novo metro do Porto",
    "remote work",
    "Kubernetes",
    "fotografía analógica",
    "sourdough",
    "ciclismo",
    "polvo á feira",
    "energia eólica",
    "startups in Porto",
    "a Volta a Portugal",
]
DAYS = {
    "es": [
        "mañana",
        "el lunes",
        "el martes",
        "el miércoles",
        "el jueves",
        "el viernes",
        "el finde",
        "esta tarde",
        "esta noche",
        "el sábado",
    ],
    "pt": [
        "amanhã",
        "segunda",
        "terça",
        "quarta",
        "quinta",
        "sexta",
        "no fim de semana",
        "logo à tarde",
        "hoje à noite",
        "sábado",
    ],
    "en": [
        "tomorrow",
        "on Monday",
        "on Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "at the weekend",
        "this afternoon",
        "tonight",
        "Saturday",
    ],
}
TIMES = {
    "es": ["a las 7", "sobre las 19:30", "a eso de las 6", "a mediodía", "a las 9 y pico"],
    "pt": ["às 7", "lá para as 19h30", "ao almoço", "às 18h", "depois do jantar"],
    "en": ["at 7", "around half 7", "at lunch", "after work", "at 6ish"],
}
THINGS = {
    "es": ["el informe", "las fotos", "la presentación", "el presupuesto", "los apuntes", "el contrato"],
    "pt": ["o relatório", "as fotos", "a apresentação", "o orçamento", "os apontamentos", "o contrato"],
    "en": ["the report", "the photos", "the deck", "the quote", "my notes", "the contract"],
}

CHAT = {
    "es": {
        "open": [
            "Hola [N]!",
            "Buenas [N] 👋",
            "Ey [N]",
            "Hola!!",
            "Qué tal [N]?",
            "Buenos días [N]",
            "[N]!!",
            "holaa",
            "Hola [N], qué tal todo?",
            "Buenas!",
        ],
        "body": [
            "¿Te vienes [DAY] a tomar algo por [PLACE]?",
            "Te paso [THING] [DAY], que hoy voy fatal",
            "¿Viste el partido ayer? Vaya {remontada|desastre|golazo} ⚽",
            "Oye, ¿al final a qué hora es lo de [DAY]?",
            "Mil gracias por lo de ayer, de verdad 🙏",
            "¿Tienes el contacto de {la fontanera|el electricista|la gestora} que me comentaste?",
            "Estoy en [PLACE], ¿andas por aquí?",
            "Me ha encantado tu {post|foto|artículo} sobre [TOPIC]",
            "¿Me puedes revisar [THING] cuando puedas? Sin prisa",
            "Feliz cumple!! 🎉🎂 que lo pases genial",
            "¿Quedamos [DAY] [TIME]?",
            "Qué tal la entrevista en [COMPANY]??",
            "Ya he mandado [THING] a {Marta|Xoán|Lucía|Iago}, te pongo en copia",
            "Llueve a mares en [CITY] ☔ ¿ahí también?",
            "¿Sabes si el {bus|tren} a [CITY2] sigue con retrasos?",
            "Recomiéndame un sitio para cenar por [PLACE] 🍷",
            "Tengo entradas de sobra para el concierto de [DAY], ¿te apuntas?",
            "Perdona que no te contestara, semana de locos",
            "¿Cómo va lo de [COMPANY]? Cuéntame",
            "¿Has probado el {pulpo|churrasco|marisco} de [PLACE]? Brutal",
        ],
        "reply": [
            "jaja sí",
            "vale!",
            "perfecto 👌",
            "no puedo [DAY], ¿otro día?",
            "claro que sí",
            "genial, gracias!!",
            "uf, ni me lo recuerdes 😅",
            "te digo algo luego",
            "sí sí, allí estaré",
            "qué va, aún no",
            "jajaja 😂",
            "ok",
            "vale, te llamo luego",
            "gracias a ti!",
            "me parece bien",
            "¿seguro? vale",
            "anda, no lo sabía",
            "ya te contaré",
            "buenísimo 🙌",
            "¿y tú qué tal?",
            "todo bien por aquí",
            "pues mira, [DAY] me va mejor",
            "hecho ✅",
            "ni idea, pregunto",
            "mándamelo por aquí",
            "jajaja qué fuerte",
            "vale, [TIME] entonces",
        ],
    },
    "pt": {
        "open": [
            "Olá [N]!",
            "Boas [N] 👋",
            "Ei [N]",
            "Olá!!",
            "Tudo bem [N]?",
            "Bom dia [N]",
            "[N]!!",
            "olaa",
            "Então [N], tudo bem?",
            "Boas!",
        ],
        "body": [
            "Vens [DAY] beber um café à [PLACE]?",
            "Mando-te [THING] [DAY], hoje está impossível",
            "Viste o jogo ontem? Que {sofrimento|golo|vergonha} ⚽",
            "Afinal a que horas é a coisa de [DAY]?",
            "Obrigadão pela ajuda de ontem 🙏",
            "Tens o contacto do {canalizador|eletricista|contabilista} que falaste?",
            "Estou na [PLACE], andas por cá?",
            "Adorei o teu {post|artigo|vídeo} sobre [TOPIC]",
            "Consegues rever [THING] quando puderes? Sem pressa",
            "Parabéns!! 🎉🎂 Muitas felicidades",
            "Combinamos [DAY] [TIME]?",
            "Então, como correu a entrevista na [COMPANY]??",
            "Está a chover a potes no [CITY] ☔ e aí?",
            "Sabes se o comboio para [CITY2] ainda está atrasado?",
            "Recomendas um sítio para jantar perto da [PLACE]? 🍷",
            "Tenho bilhetes a mais para o concerto de [DAY], alinhas?",
            "Desculpa só responder agora, semana de loucos",
            "Como vai aquilo da [COMPANY]? Conta lá",
            "Já provaste as {francesinhas|tripas|bifanas} da [PLACE]? Top",
        ],
        "reply": [
            "haha sim",
            "ok!",
            "perfeito 👌",
            "[DAY] não dá, outro dia?",
            "claro",
            "boa, obrigado!!",
            "nem me fales 😅",
            "depois digo-te algo",
            "sim sim, lá estarei",
            "ainda não",
            "ahahah 😂",
            "combinado",
            "ligo-te logo",
            "obrigada eu!",
            "parece-me bem",
            "a sério? ok",
            "não sabia",
            "depois conto-te",
            "top 🙌",
            "e tu, tudo bem?",
            "tudo tranquilo por aqui",
            "[DAY] dá-me mais jeito",
            "feito ✅",
            "não faço ideia, vou perguntar",
            "manda por aqui",
            "fixe, [TIME] então",
        ],
    },
    "en": {
        "open": [
            "Hi [N]!",
            "Hey [N] 👋",
            "Hiya",
            "Hey!!",
            "How's it going [N]?",
            "Morning [N]",
            "[N]!!",
            "heyy",
            "Hi [N], hope you're well",
        ],
        "body": [
            "Fancy a drink at [PLACE] [DAY]?",
            "I'll send you [THING] [DAY], today's mad",
            "Did you see the match last night? {Unreal|Painful|What a goal} ⚽",
            "What time is the thing [DAY] again?",
            "Thanks a million for yesterday 🙏",
            "Do you still have the number of that {plumber|accountant|letting agent}?",
            "I'm at [PLACE], are you around?",
            "Loved your {post|piece|photos} on [TOPIC]",
            "Could you look over [THING] when you get a sec? No rush",
            "Happy birthday!! 🎉🎂",
            "Shall we meet [DAY] [TIME]?",
            "How did the interview at [COMPANY] go??",
            "It's bucketing down in [CITY] ☔ same there?",
            "Any idea if the train to [CITY2] is still delayed?",
            "Sorry for the slow reply, crazy week",
            "Quick q: are you going to the [TOPIC] meetup [DAY]?",
            "Still can't get used to dinner at 10pm here 😂",
            "Any tips for learning Portuguese faster?",
        ],
        "reply": [
            "haha yes",
            "ok!",
            "perfect 👌",
            "can't do [DAY], another time?",
            "sure thing",
            "great, thanks!!",
            "don't remind me 😅",
            "will let you know later",
            "yep I'll be there",
            "not yet",
            "lol 😂",
            "sounds good",
            "I'll call you later",
            "thank YOU!",
            "works for me",
            "really? ok",
            "oh didn't know that",
            "will tell you all about it",
            "brilliant 🙌",
            "how are you doing?",
            "all good here",
            "[DAY] suits me better",
            "done ✅",
            "no idea, I'll ask",
            "send it here",
            "[TIME] then",
        ],
    },
}
CONNECT_NOTES = {
    "es": [
        "Hola [N], encantado de conectar tras {la reunión|el evento de ayer|la charla de [TOPIC]}",
        "¡Hola [N]! Coincidimos en [COMPANY], ¿te acuerdas?",
        "[N], te agrego para seguir en contacto 🙂",
        "Hola [N], soy amigo de [MUT], me habló muy bien de ti",
    ],
    "pt": [
        "Olá [N], foi um prazer conhecer-te {na reunião|no evento de ontem|na conferência}",
        "Olá [N]! Estivemos juntos na [COMPANY]",
        "[N], adiciono-te para mantermos contacto 🙂",
        "Olá [N], sou amigo do [MUT], falou-me muito bem de ti",
    ],
    "en": [
        "Hi [N], great meeting you at {the meetup|yesterday's event|the [TOPIC] talk}!",
        "Hey [N], we crossed paths at [COMPANY], let's keep in touch",
        "Hi [N], friend of [MUT]'s here, would love to connect",
    ],
}
THANKS_CONNECT = {
    "es": [
        "¡Gracias por aceptar, [N]!",
        "Hola [N]! Qué bien conectar por aquí 🙂",
        "Buenas [N], ¿qué tal todo?",
    ],
    "pt": ["Obrigado por aceitares, [N]!", "Olá [N]! Que bom ligar-nos por aqui 🙂", "Boas [N], tudo bem?"],
    "en": ["Thanks for connecting, [N]!", "Hi [N]! Good to be connected here 🙂", "Hey [N], how are things?"],
}

# attack texts ---------------------------------------------------------------------------------------------
CONNECTOR_PITCHES = [
    (
        "en",
        "webinar",
        "{Hi|Hey|Hello} [FIRST], {thanks for connecting|great to connect|glad we're connected}! "
        "{I'm hosting|We're running} a {free|100% free|complimentary} {webinar|masterclass|live "
        "training} on {how to get 10x more leads|scaling to 6 figures|automating your sales "
        "pipeline} this {Thursday|week|Friday}. {Save your seat|Grab your spot|Register here} 👉 [LINK]",
    ),
    (
        "es",
        "audit",
        "{Hola|Buenas|Hey} [FIRST]! {Gracias por conectar|Encantado de conectar} 🙌 {Estoy "
        "ofreciendo|Esta semana regalo} {una auditoría gratuita|un análisis gratis} de tu {marca "
        "personal|perfil|web}. {Solo quedan 5 plazas|Plazas limitadas}, {resérvala aquí|apúntate "
        "aquí}: [LINK]",
    ),
    (
        "pt",
        "franchise",
        "{Olá|Oi} [FIRST], {obrigado por aceitar|obrigado pela ligação}! {Já pensou em|Sabia "
        "que pode} ter o seu próprio negócio {sem experiência|com investimento reduzido}? A nossa "
        "franquia {fatura|gera} {+50k€|mais de 40 mil euros} no 1º ano. {Veja aqui|Saiba mais}: [LINK]",
    ),
    (
        "en",
        "likepost",
        "{Hey|Hi} [FIRST]! {Thanks for the connect|Appreciate the connection} 🙏 {Would mean a "
        "lot if you could|Could you} {like|drop a like on|like and comment on} my {latest|new} "
        "post? {Trying to reach|Going for} {10k|5k} impressions 🚀 [LINK]",
    ),
    (
        "es",
        "crypto",
        "[FIRST], {gracias por aceptar|un placer conectar}! {Mi curso|Mi mentoría} de "
        "{trading|cripto} {te enseña a|te ayuda a} {ganar 300€/día|generar ingresos pasivos} "
        "{desde casa|con el móvil}. {Hoy 70% dto|Solo hoy a mitad de precio} 👉 [LINK]",
    ),
    (
        "en",
        "audit",
        "{Hi|Hello} [FIRST] — {thanks for accepting|cheers for connecting}! I do {free|no-strings} "
        "{LinkedIn profile|personal brand|website} audits for {founders|consultants|coaches}. "
        "{Want one?|Interested?} {Book here|Pick a slot}: [LINK]",
    ),
]
DM_SPAM = [
    (
        "en",
        "{Hi|Hello|Hey} [FIRST], {I came across your profile|I noticed your profile} and {thought you'd be "
        "interested|wanted to share something}: {we're giving away|you've been selected for} {a free|an "
        "exclusive} {marketing toolkit|growth session|€100 gift card} 🎁 {Claim it here|Details here|Get it "
        "here}: [LINK]",
    ),
    (
        "es",
        "{Hola|Buenas} [FIRST] 👋 {He visto tu perfil|Vi tu perfil} y {creo que te interesa|te puede "
        "interesar} esto: {ganamos|generamos} {+2.000€/mes|ingresos extra} {con una app|desde casa} {sin "
        "experiencia|en 15 min al día}. {Infórmate aquí|Más info}: [LINK]",
    ),
    (
        "pt",
        "{Olá|Oi} [FIRST]! {Vi o teu perfil|Encontrei o teu perfil} e {acho que vais gostar|tenho uma "
        "proposta}: {emprego remoto|trabalho online} a {ganhar 80€/dia|ganhar 500€/semana} {sem sair de "
        "casa|só com o telemóvel}. {Vagas limitadas|Últimas vagas} 👉 [LINK]",
    ),
    (
        "en",
        "[FIRST], {quick one|short question}: {are you still looking for|would you like} {extra "
        "income|a side hustle} {this month|from home}? {Our team|My mentor} {shows you how|will guide "
        "you} step by step. {Free spot for you|Free access today}: [LINK]",
    ),
]
CAMPAIGN = [
    (
        "en",
        "{Hey|Hi} [FIRST]! {I made|Just made} {€3,800|€4,200|€2,950} {last week|in 5 days} with this "
        "{app|platform} 😱 {You have to try it|Check it out before it closes}: [LINK]",
    ),
    (
        "es",
        "{Hola|Ey} [FIRST]!! {Mira esto|No te lo vas a creer}, {están regalando|sortean} {iPhones "
        "16|vales de 500€} {por el aniversario|por su 50 aniversario} 🎁 {Yo ya tengo el mío|Yo ya lo "
        "pedí}: [LINK]",
    ),
    (
        "pt",
        "{Olá|Oi} [FIRST]! {Podes votar|Vota} na {minha sobrinha|filha de uma amiga} {no concurso|na "
        "votação} de {dança|desenho}? {É só um clique|Demora 1 minuto} 🙏 [LINK]",
    ),
]
HIJACK = {
    "en": [
        "{is this you in this video|is that you in this video|omg is this you}?? {😳|😱|😂} [LINK]",
        "{Hey|Hi} [FIRST]! I'm giving away my {PS5|iPad|old MacBook} to {a friend|someone from my "
        "contacts}, {enter here|just sign up here} 👉 [LINK]",
    ],
    "es": [
        "{eres tú el del vídeo|¿esta es tu foto?|¿eres tú en este vídeo}?? {😳|😱} [LINK]",
        "{Hola|Ey} [FIRST]! Sorteo mi {PS5|iPad|portátil} entre mis contactos, {apúntate aquí|entra "
        "aquí} 👉 [LINK]",
    ],
    "pt": [
        "{és tu neste vídeo|esta foto é tua|és tu aqui}?? {😳|😱} [LINK]",
        "{Olá|Oi} [FIRST]! Vou sortear o meu {PS5|iPad|portátil} pelos contactos, {inscreve-te "
        "aqui|entra aqui} 👉 [LINK]",
    ],
}
SPAM_REPLIES = {
    "en": [
        "who is this?",
        "stop",
        "?",
        "do I know you?",
        "not interested",
        "please stop messaging me",
        "unsubscribe",
        "how did you get my name?",
    ],
    "es": ["¿quién eres?", "no me interesa", "para ya", "¿nos conocemos?", "stop", "bloqueado"],
    "pt": ["quem és?", "não tenho interesse", "pare", "conhecemo-nos?", "stop", "não obrigado"],
}
HACKED_REPLIES = {
    "en": [
        "were you hacked?",
        "hey I think your account got hacked",
        "?? is this really you",
        "this looks like spam, you ok?",
    ],
    "es": [
        "¿te han hackeado?",
        "creo que te han hackeado la cuenta",
        "esto es spam no?",
        "¿esto lo has mandado tú?",
    ],
    "pt": ["foste hackeado?", "acho que te roubaram a conta", "isto é spam?", "foste tu que mandaste isto?"],
}
PITCH_REPLIES = {
    "en": ["no thanks", "not interested", "so that's why you connected 🙄", "pass", "nope"],
    "es": ["no gracias", "no me interesa", "ah, era para esto 🙄", "paso"],
    "pt": ["não obrigado", "não tenho interesse", "ah, era para isto 🙄", "passo"],
}

SPAM_DOMAINS = [
    "growthfunnel.io",
    "leadsmax.pro",
    "webinarhub.live",
    "franquia-top.pt",
    "cursocripto.es",
    "premios-hoy.com",
    "vid-share.click",
    "appganhos.net",
    "sorteo-aniversario.shop",
]
SHORTENERS = ["bit.ly", "tinyurl.com", "t.ly", "cutt.ly", "rb.gy", "is.gd"]

AI_BIO_PARTS = {
    "en": (
        [
            "Passionate about",
            "Dreamer. Doer. In love with",
            "Living for",
            "Curious mind exploring",
            "Lifelong learner into",
        ],
        [
            "growth, mindfulness & great coffee ☕",
            "travel, food and tech 🌍",
            "sunsets, books and new ideas 🌅",
            "design, fitness and positive vibes ✨",
            "innovation and meaningful connections 💡",
        ],
        ["| Explorer 🌍", "✨", "| Grateful every day 🙏", "| Let's connect!", ""],
    ),
    "es": (
        ["Apasionada por", "Soñador y amante de", "Viviendo para", "Mente curiosa:"],
        [
            "los viajes, el café y los atardeceres 🌅",
            "la tecnología y el crecimiento personal 💡",
            "la buena comida y las buenas vibras ✨",
            "el deporte y el bienestar 🧘",
        ],
        ["| Siempre aprendiendo 📚", "✨", "🙏", ""],
    ),
    "pt": (
        ["Apaixonada por", "Sonhador e amante de", "A viver para", "Mente curiosa:"],
        [
            "viagens, fotografia e boa comida 📸",
            "tecnologia e crescimento pessoal 💡",
            "pores do sol e bons livros 🌅",
            "desporto e bem-estar 🧘",
        ],
        ["| Sempre a aprender 📚", "✨", "🙏", ""],
    ),
}

RECRUITER_ROLES = [
    ("Senior Backend Engineer", "backend"),
    ("Data Analyst", "data analytics"),
    ("DevOps Engineer", "cloud infrastructure"),
    ("Product Designer", "UX"),
    ("Registered Nurse", "nursing"),
    ("Logistics Planner", "logistics"),
    ("Account Executive", "B2B sales"),
    ("Financial Controller", "finance"),
]
COMMUNITIES = [
    ("Python Vigo", "es", "Bouzas Coworking"),
    ("Porto Codes", "pt", "UPTEC"),
    ("Clube de Corrida da Foz", "pt", "Pérgola da Foz"),
    ("Fotografía Analógica Compostela", "es", "Café Literarios"),
    ("Mulleres en Tech Galicia", "es", "CINC Santiago"),
    ("Braga Startup Drinks", "pt", "Startup Braga"),
    ("Expats in Porto", "en", "Maus Hábitos"),
]
NEWSLETTERS = [
    ("A Mesa Galega", "es"),
    ("Norte Digital", "pt"),
    ("Porto Tech Weekly", "en"),
    ("Surf Report Atlántico", "es"),
    ("Vinho & Companhia", "pt"),
]


# ----------------------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------------------


def spin(text, rng):
    """Resolve nested {a|b|c} spintax, innermost first."""
    while True:
        j = text.find("}")
        if j < 0:
            return text
        i = text.rfind("{", 0, j)
        text = text[:i] + rng.choice(text[i + 1 : j].split("|")) + text[j + 1 :]


def deaccent(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def slug(s):
    return "".join(c for c in deaccent(s).lower() if c.isascii() and c.isalnum())


def typo(s, rng):
    r = rng.random()
    if r < 0.25:
        return deaccent(s)
    if r < 0.45:
        return s.lower()
    n = len(s)
    if n < 6:
        return s
    k = rng.randrange(1, n - 2)
    if r < 0.65:
        return s[:k] + s[k + 1] + s[k] + s[k + 2 :]
    if r < 0.85:
        return s[:k] + s[k + 1 :]
    return s[:k] + s[k] + s[k:]


class Acct:
    __slots__ = (
        "i",
        "id",
        "kind",
        "lang",
        "city",
        "first",
        "last",
        "job",
        "username",
        "display",
        "bio",
        "photo",
        "created",
        "pop",
        "act",
        "replay",
    )

    def profile(self):
        return {
            "username": self.username,
            "display_name": self.display,
            "bio": self.bio,
            "has_photo": self.photo,
            "created_at": self.created,
        }


class Gen:
    def __init__(self, seed):
        self.seed = seed
        self.rng = random.Random(seed)
        rng = self.rng
        self.T0 = BASE_T0 + (seed % 28) * DAY
        self.T_end = self.T0 + int((14.5 + 1.5 * rng.random()) * HOUR)
        self.T_life = self.T0 + 3 * MIN  # organic life begins after the replay
        self.T_attack = self.T0 + int(2.5 * HOUR)  # no attack before this
        self.accts = []
        self.ids = set()
        self.usernames = set()
        self.eids = set()
        self.ev = []  # (ts, seq, event, tags)
        self.seq = 0
        self.adj = []  # prior (never emitted) connection graph, by account index
        self.threads = {}  # (min, max) -> thread_id
        self.followed = set()
        self.requested = set()
        self.org_follows = []
        self.reserved = set()
        self.quiet = set()  # accounts without organic life (farms, spammers)
        self.deleted = {}  # index -> deletion ts
        self.sealed = {}  # (actor id, target id) -> ts after which only sealed_ok messages pass
        self.sealed_ok = set()
        self.look = []  # (index, kind)
        self.attacks = []  # dicts
        self.n_attack = 0
        self._build_diurnal()

    # ---- time -----------------------------------------------------------------------------------------
    def _build_diurnal(self):
        pts = {
            0: 0.15,
            4: 0.12,
            5: 0.22,
            6: 0.45,
            7: 0.8,
            8: 1.0,
            9: 1.05,
            10: 1.0,
            11: 0.95,
            12: 0.8,
            13: 0.85,
            14: 0.95,
            15: 1.0,
            16: 1.0,
            17: 1.1,
            18: 1.25,
            19: 1.3,
            20: 1.25,
            21: 1.0,
            22: 0.7,
            23: 0.45,
            24: 0.15,
        }
        keys = sorted(pts)

        def rate(t):
            h = ((t // 1000) % 86400) / 3600.0
            k = bisect.bisect_right(keys, h) - 1
            a, b = keys[k], keys[min(k + 1, len(keys) - 1)]
            if b == a:
                return pts[a]
            return pts[a] + (pts[b] - pts[a]) * (h - a) / (b - a)

        self.nmin = (self.T_end - self.T0) // MIN + 1
        self.cum = list(itertools.accumulate(rate(self.T0 + m * MIN) for m in range(self.nmin)))

    def dts(self, lo=None, hi=None):
        """A diurnally weighted timestamp in [lo, hi]."""
        lo = self.T_life if lo is None else lo
        hi = self.T_end - 1 if hi is None else min(hi, self.T_end - 1)
        if hi <= lo:
            return lo
        a = max(0, (lo - self.T0) // MIN)
        b = min(self.nmin - 1, (hi - self.T0) // MIN)
        ca = self.cum[a - 1] if a > 0 else 0.0
        u = ca + self.rng.random() * (self.cum[b] - ca)
        m = min(bisect.bisect_left(self.cum, u), b)
        t = self.T0 + m * MIN + self.rng.randrange(MIN)
        return min(max(t, lo), hi)

    def human(self, median_s=240.0, sigma=1.3, lo_s=8.0, hi_s=6 * 3600.0):
        v = median_s * math.exp(self.rng.gauss(0, sigma))
        return int(1000 * min(hi_s, max(lo_s, v)))

    # ---- ids ------------------------------------------------------------------------------------------
    def new_eid(self, typ):
        rng = self.rng
        while True:
            if typ in ("profile_updated", "account_created", "account_deleted"):
                e = f"acc-{rng.getrandbits(48):012x}"
            elif typ in ("follow", "unfollow"):
                b = rng.getrandbits(128)
                h = f"{b:032x}"
                e = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
            elif typ == "message_sent":
                e = f"msg_{rng.randrange(10**9, 10**10)}{rng.randrange(10000):04d}"
            else:
                e = f"cx:{rng.getrandbits(44):011x}"
            if e not in self.eids:
                self.eids.add(e)
                return e

    def new_acct_id(self):
        while True:
            a = f"u{self.rng.randrange(10**5, 10**9)}"
            if a not in self.ids:
                self.ids.add(a)
                return a

    def uniq_username(self, u):
        u = u[:28] or "user"
        base = u
        while u in self.usernames:
            u = f"{base}{self.rng.randrange(2, 999)}"
        self.usernames.add(u)
        return u

    # ---- emission -------------------------------------------------------------------------------------
    def emit(self, typ, ts, tags=None, **fields):
        ev = {"event_id": self.new_eid(typ), "type": typ, "ts": int(ts)}
        ev.update(fields)
        self.ev.append((int(ts), self.seq, ev, tags))
        self.seq += 1
        return ev

    def thread(self, a, b):
        k = (a, b) if a < b else (b, a)
        t = self.threads.get(k)
        if t is None:
            t = f"th-{self.rng.getrandbits(40):010x}"
            self.threads[k] = t
        return t

    def msg(self, a, b, ts, text, tags=None):
        return self.emit(
            "message_sent",
            ts,
            tags,
            actor_id=self.accts[a].id,
            target_id=self.accts[b].id,
            thread_id=self.thread(a, b),
            text=text,
        )

    def follow(self, a, b, ts, tags=None, organic=False):
        if a == b or (a, b) in self.followed:
            return None
        self.followed.add((a, b))
        if organic:
            self.org_follows.append((a, b, ts))
        return self.emit("follow", ts, tags, actor_id=self.accts[a].id, target_id=self.accts[b].id)

    def request(self, a, b, ts, note, mutual, tags=None, absent_p=0.06):
        self.requested.add((a, b))
        self.requested.add((b, a))
        f = {"actor_id": self.accts[a].id, "target_id": self.accts[b].id, "note": note}
        if mutual is not None and self.rng.random() >= absent_p:
            f["mutual_connections"] = mutual
        return self.emit("connect_request", ts, tags, **f)

    def stock_note(self, p_text=0.25):
        return STOCK_NOTE if self.rng.random() < p_text else None

    def mutual(self, a, b):
        return len(self.adj[a] & self.adj[b])

    def create_event(self, a, ts):
        return self.emit(
            "account_created", ts, None, account_id=self.accts[a].id, profile=self.accts[a].profile()
        )

    # ---- text -----------------------------------------------------------------------------------------
    def fill(self, text, lang, a=None, b=None):
        rng = self.rng
        if "{" in text:
            text = spin(text, rng)
        if "[" not in text:
            return text
        city = self.accts[a].city if a is not None else rng.choice(CITIES)[0]
        rep = {
            "[N]": self.nick(b) if b is not None else "",
            "[FIRST]": (self.accts[b].first or self.accts[b].display) if b is not None else "",
            "[DAY]": rng.choice(DAYS[lang]),
            "[TIME]": rng.choice(TIMES[lang]),
            "[THING]": rng.choice(THINGS[lang]),
            "[TOPIC]": rng.choice(TOPICS),
            "[COMPANY]": rng.choice(COMPANIES),
            "[CITY]": city,
            "[CITY2]": rng.choice(CITIES)[0],
            "[PLACE]": rng.choice(PLACES[city]),
        }
        for k, v in rep.items():
            if k in text:
                text = text.replace(k, v)
        return text

    def nick(self, b):
        f = self.accts[b].first
        if not f:
            return self.accts[b].display
        r = self.rng.random()
        if r < 0.12:
            return f.lower()
        if r < 0.18 and len(f) > 4:
            return f[: 3 + self.rng.randrange(2)]
        return f

    def chat_line(self, lang, sp, other, k):
        rng = self.rng
        pack = CHAT[lang]
        if k == 0:
            if rng.random() < 0.6:
                s = (
                    self.fill(rng.choice(pack["open"]), lang, sp, other)
                    + " "
                    + self.fill(rng.choice(pack["body"]), lang, sp, other)
                )
            else:
                s = self.fill(rng.choice(pack["body"]), lang, sp, other)
        elif rng.random() < 0.7:
            s = self.fill(rng.choice(pack["reply"]), lang, sp, other)
            if rng.random() < 0.15:
                s += " " + self.fill(rng.choice(pack["body"]), lang, sp, other)
        else:
            s = self.fill(rng.choice(pack["body"]), lang, sp, other)
        if rng.random() < 0.18:
            s = typo(s, rng)
        return s

    def pair_lang(self, a, b):
        la, lb = self.accts[a].lang, self.accts[b].lang
        if la == lb:
            return la
        return la if self.rng.random() < 0.6 else lb

    def conversation(self, a, b, t, n, lang=None, first_text=None, tags=None):
        """a writes first; roughly alternating; human delays.  Returns ts of messages."""
        rng = self.rng
        lang = lang or self.pair_lang(a, b)
        sp, ot = a, b
        out = []
        for k in range(n):
            if t >= self.T_end:
                break
            text = first_text if (k == 0 and first_text) else self.chat_line(lang, sp, ot, k)
            self.msg(sp, ot, t, text, tags if sp == a else None)
            out.append(t)
            if rng.random() < 0.82:
                sp, ot = ot, sp
                t += self.human()
            else:
                t += self.human(25, 0.8, 3, 600)
        return out

    def link(self, kind="track", dom=None):
        rng = self.rng
        if kind == "short":
            return "https://{}/{}".format(
                rng.choice(SHORTENERS),
                "".join(
                    rng.choice("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                    for _ in range(rng.randint(6, 8))
                ),
            )
        dom = dom or rng.choice(SPAM_DOMAINS)
        return "https://{}/{}?utm_source={}&utm_campaign={}&rid={:06x}".format(
            dom,
            rng.choice(["go", "free", "join", "offer", "r"]),
            rng.choice(["dm", "inbox", "atl", "msg"]),
            rng.choice(["mar26", "spring", "vip", "promo7"]),
            rng.getrandbits(24),
        )

    # ---- world ----------------------------------------------------------------------------------------
    def person_name(self, lang):
        rng = self.rng
        fl = lang if rng.random() < 0.9 else rng.choice(["es", "pt", "en"])
        return rng.choice(FIRST[fl]), rng.choice(LAST[fl])

    def person_username(self, first, last, city):
        rng = self.rng
        f, la = slug(first), slug(last)
        r = rng.random()
        if r < 0.25:
            u = f"{f}.{la}"
        elif r < 0.4:
            u = f + la
        elif r < 0.52:
            u = f"{f}_{la}{rng.randrange(100):02d}"
        elif r < 0.62:
            u = f[0] + la
        elif r < 0.72:
            u = f"{f}{la[:3]}{rng.randrange(1, 99)}"
        elif r < 0.8:
            u = f"{la}.{f}"
        elif r < 0.9:
            u = f"{f}.{slug(city)[:5]}"
        else:
            u = "{}_{}".format(f, rng.choice(["runs", "photo", "surf", "eats", "codes", "gz", "pt", "art"]))
        return self.uniq_username(u)

    def person_bio(self, a):
        rng = self.rng
        if rng.random() < 0.22:
            return ""
        lang, job = a.lang, JOBS[a.job]
        jt = job[0] if lang == "en" else (job[2] if lang == "es" else job[3])
        hob = rng.sample(HOBBIES[lang], 2)
        r = rng.random()
        if r < 0.3:
            s = (
                f"{jt} en {a.city}"
                if lang == "es"
                else (f"{jt} no {a.city}" if lang == "pt" else f"{jt} in {a.city}")
            )
        elif r < 0.55:
            s = f"{jt} @ {rng.choice(COMPANIES)}. {hob[0].capitalize()}"
        elif r < 0.75:
            s = f"{hob[0]} | {hob[1]} | {a.city}"
        elif r < 0.9:
            s = "{} {} {}".format(
                jt, rng.choice(["🌊", "⚓", "☕", "🏄", "📸", "🚴", "🍷", "⚽", ""]), hob[0]
            )
        else:
            s = jt
        return s.strip()

    def add_acct(
        self,
        kind,
        lang,
        city,
        created,
        first="",
        last="",
        username=None,
        display=None,
        bio="",
        photo=True,
        pop=1.0,
        act=1.0,
        replay=True,
        job=None,
    ):
        a = Acct()
        a.i = len(self.accts)
        a.id = self.new_acct_id()
        a.kind, a.lang, a.city, a.first, a.last = kind, lang, city, first, last
        a.job = job if job is not None else self.rng.randrange(len(JOBS))
        a.username = username or self.person_username(first, last, city)
        a.display = display if display is not None else (f"{first} {last}").strip()
        a.bio, a.photo, a.created, a.pop, a.act, a.replay = bio, photo, created, pop, act, replay
        self.accts.append(a)
        self.adj.append(set())
        return a

    def build_world(self):
        rng = self.rng
        n = rng.randint(17500, 21500)
        cities = [c[0] for c in CITIES]
        cw = [c[2] for c in CITIES]
        clang = {c[0]: c[1] for c in CITIES}
        n_creator, n_business = int(n * 0.025), int(n * 0.035)
        n_news, n_inst, n_brand = rng.randint(12, 20), rng.randint(25, 40), rng.randint(8, 12)
        kinds = (
            ["creator"] * n_creator
            + ["business"] * n_business
            + ["news"] * n_news
            + ["institution"] * n_inst
            + ["brand"] * n_brand
        )
        kinds += ["person"] * (n - len(kinds))
        rng.shuffle(kinds)
        for kind in kinds:
            city = rng.choices(cities, cw)[0]
            r = rng.random()
            lang = clang[city] if r < 0.8 else ("en" if r < 0.9 else ("pt" if clang[city] == "es" else "es"))
            ar = rng.random()
            if ar < 0.08:
                age = rng.randint(14, 60) * DAY
            elif ar < 0.35:
                age = rng.randint(60, 365) * DAY
            else:
                age = rng.randint(365, 9 * 365) * DAY
            created = self.T0 - age - rng.randrange(DAY)
            if kind == "person":
                first, last = self.person_name(lang)
                photo = rng.random() < (0.88 if age > 365 * DAY else (0.75 if age > 60 * DAY else 0.55))
                a = self.add_acct(
                    kind,
                    lang,
                    city,
                    created,
                    first,
                    last,
                    photo=photo,
                    pop=min(300.0, rng.paretovariate(1.6)),
                    act=math.exp(rng.gauss(0, 1.0)),
                )
                if rng.random() < 0.3:
                    a.display = rng.choice(
                        [
                            first,
                            f"{first} {last} {rng.choice(LAST[lang])}",
                            "{} {} {}".format(first, last, rng.choice(["🌊", "🇵🇹", "🇪🇸", "⚽", "☀️"])),
                            (f"{first} {last}").lower(),
                        ]
                    )
                a.bio = self.person_bio(a)
            else:
                self.add_org(kind, lang, city, created)
        # circles & prior graph
        by_city = {c: [] for c in cities}
        for a in self.accts:
            by_city[a.city].append(a.i)
        circles = []
        member_of = [[] for _ in self.accts]
        for c in cities:
            lst = by_city[c][:]
            rng.shuffle(lst)
            k = 0
            while k < len(lst):
                size = rng.randint(8, 60)
                circ = lst[k : k + size]
                for m in circ:
                    member_of[m].append(len(circles))
                circles.append(circ)
                k += size
        for a in self.accts:
            if rng.random() < 0.5:
                ci = rng.randrange(len(circles))
                circles[ci].append(a.i)
                member_of[a.i].append(ci)
        adj = self.adj
        for a in self.accts:
            i = a.i
            for j, ci in enumerate(member_of[i]):
                circ = circles[ci]
                for _ in range(rng.randint(1, 7) if j == 0 else rng.randint(0, 4)):
                    b = circ[rng.randrange(len(circ))]
                    if b != i:
                        adj[i].add(b)
                        adj[b].add(i)
            same = by_city[a.city]
            for _ in range(rng.randint(0, 3)):
                b = same[rng.randrange(len(same))]
                if b != i:
                    adj[i].add(b)
                    adj[b].add(i)
            if rng.random() < 0.3:
                b = rng.randrange(len(self.accts))
                if b != i:
                    adj[i].add(b)
                    adj[b].add(i)
        self.hubs = []
        for a in self.accts:
            if a.kind == "person" and a.created < self.T0 - 2 * 365 * DAY and rng.random() < 0.012:
                same = by_city[a.city]
                for _ in range(rng.randint(100, 350)):
                    b = (
                        same[rng.randrange(len(same))]
                        if rng.random() < 0.7
                        else rng.randrange(len(self.accts))
                    )
                    if b != a.i:
                        adj[a.i].add(b)
                        adj[b].add(a.i)
                self.hubs.append(a.i)
        self.by_city = by_city
        self.persons = [a.i for a in self.accts if a.kind == "person"]
        self.by_skill = {}
        for i in self.persons:
            self.by_skill.setdefault(JOBS[self.accts[i].job][1], []).append(i)
        self.n_existing = len(self.accts)

    def add_org(self, kind, lang, city, created):
        rng = self.rng
        if kind == "creator":
            first, last = self.person_name(lang)
            theme = rng.choice(
                [
                    "cocina",
                    "surf",
                    "photo",
                    "travel",
                    "tech",
                    "fitness",
                    "music",
                    "wine",
                    "comedy",
                    "gaming",
                    "books",
                    "moda",
                ]
            )
            username = self.uniq_username(rng.choice(["%s.%s", "%s_%s", "%s%s"]) % (slug(first), theme))
            display = rng.choice([f"{first} {last}", f"{first} | {theme}", f"{first} on {theme}"])
            bio = rng.choice(
                [
                    "%s creator from %s ✨",
                    "Contenido de %s desde %s 🎥",
                    "%s diário, direto de %s 📍",
                    "Making %s videos in %s",
                ]
            ) % (theme, city)
            return self.add_acct(
                kind,
                lang,
                city,
                created,
                first,
                last,
                username,
                display,
                bio,
                True,
                pop=15 * min(200.0, rng.paretovariate(1.2)),
                act=1.5 * math.exp(rng.gauss(0, 0.8)),
            )
        if kind == "business":
            last = rng.choice(LAST["es" if lang == "es" else "pt"])
            typ = rng.choice(
                [
                    "Panadería",
                    "Taberna",
                    "Clínica Dental",
                    "Talleres",
                    "Librería",
                    "Café",
                    "Pastelaria",
                    "Restaurante",
                    "Ferretería",
                    "Óptica",
                    "Floristería",
                    "Ginásio",
                ]
            )
            display = "{} {}".format(
                typ, rng.choice([last, city, "do Porto" if lang == "pt" else "do Mar", "Nova"])
            )
            bio = rng.choice(
                [
                    f"Desde 19{rng.randint(50, 99)} en {city}",
                    f"Horário: 9h-19h · {city}",
                    "Pedidos y reservas por DM 📩",
                    "",
                ]
            )
            return self.add_acct(
                kind,
                lang,
                city,
                created,
                "",
                "",
                self.uniq_username(slug(display)[:20]),
                display,
                bio,
                rng.random() < 0.9,
                pop=5 * min(100.0, rng.paretovariate(1.4)),
                act=0.6 * math.exp(rng.gauss(0, 0.8)),
            )
        if kind == "news":
            display = rng.choice(
                [
                    "Faro Diario",
                    "Notícias do Minho",
                    "Vigo Hoxe",
                    "Jornal do Porto",
                    "Compostela Info",
                    "Coruña Directo",
                    "Braga Agora",
                    "Aveiro Hoje",
                    "Galicia Press",
                    "Norte Semanal",
                    "Ourense Actual",
                    "Rádio Douro",
                ]
            )
            return self.add_acct(
                kind,
                lang,
                city,
                created,
                "",
                "",
                self.uniq_username(slug(display)),
                display,
                f"Noticias locales · {city}",
                True,
                pop=rng.uniform(200, 600),
                act=0.2,
            )
        if kind == "institution":
            display = rng.choice(
                [
                    "Universidade de Vigo",
                    "Universidade do Porto",
                    "IES Rosalía de Castro",
                    "Escola Secundária de Braga",
                    "Universidade do Minho",
                    "CIFP Coroso",
                    "Universidade de Aveiro",
                    "Colexio Peleteiro",
                    "ISEP",
                    "Instituto Politécnico",
                    "EDP Innovation Hub",
                    "Concello de Vigo",
                    "Câmara do Porto",
                ]
            )
            return self.add_acct(
                kind,
                lang,
                city,
                created,
                "",
                "",
                self.uniq_username(slug(display)[:18]),
                display,
                "Conta oficial · Cuenta oficial",
                True,
                pop=rng.uniform(40, 150),
                act=0.3,
            )
        display = rng.choice(
            [
                "Estrella Galicia",
                "Super Bock",
                "Zara",
                "Mar de Frades",
                "Sport TV",
                "Paula Echevarría",
                "Bárbara Bandeira",
                "Carlos Sobera",
                "Ricardo Quaresma",
                "Iago Aspas",
                "Xoel López",
                "Pepe Solla",
            ]
        )
        return self.add_acct(
            kind,
            lang,
            city,
            created,
            "",
            "",
            self.uniq_username(slug(display)),
            display,
            "✔ Official",
            True,
            pop=rng.uniform(300, 1500),
            act=0.3,
        )

    # ---- selection helpers ----------------------------------------------------------------------------
    def pick(self, pool, cond=lambda a: True, tries=5000):
        rng = self.rng
        for _ in range(tries):
            i = pool[rng.randrange(len(pool))]
            if i not in self.reserved and cond(self.accts[i]):
                self.reserved.add(i)
                return i
        raise RuntimeError("could not pick an account")

    def free(self, i):
        return i not in self.reserved and i not in self.deleted

    def active_person(self, cond=None, tries=200):
        """An ordinary, unreserved, not-deleted person, activity weighted."""
        rng = self.rng
        for _ in range(tries):
            i = self.persons[bisect.bisect_left(self.p_cum, rng.random() * self.p_cum[-1])]
            if self.free(i) and (cond is None or cond(i)):
                return i
        return None

    def stranger(self, a, cond=None):
        """A person sharing no connection with a, not connected/requested."""
        adj = self.adj
        for _ in range(300):
            b = self.active_person()
            if b is None or b == a or b in adj[a] or (a, b) in self.requested:
                continue
            if adj[a] & adj[b]:
                continue
            if cond is not None and not cond(b):
                continue
            return b
        return None

    # ---- roles ----------------------------------------------------------------------------------------
    def assign_roles(self):
        rng = self.rng
        accts = self.accts
        T0 = self.T0
        persons = self.persons
        old = T0 - 365 * DAY
        creators = [a.i for a in accts if a.kind == "creator"]
        businesses = [a.i for a in accts if a.kind == "business"]
        R = {}
        # attack roles
        R["cheap_customers"] = [
            self.pick(
                creators + businesses + persons,
                lambda a: a.pop < 12 and a.kind != "person" or (a.kind == "person" and a.pop < 6),
            )
            for _ in range(rng.randint(3, 4))
        ]
        R["soph_customers"] = [
            self.pick(creators + persons, lambda a: a.pop < 20) for _ in range(rng.randint(2, 3))
        ]
        R["fast"] = [
            self.pick(persons, lambda a: 30 * DAY < T0 - a.created < 240 * DAY)
            for _ in range(rng.randint(3, 4))
        ]
        R["slow"] = [self.pick(persons, lambda a: a.created < old) for _ in range(rng.randint(3, 5))]
        for i in R["fast"] + R["slow"]:
            a = accts[i]
            a.photo = True
            a.bio = rng.choice(
                [
                    "Helping coaches 10x their revenue 🚀 | DM me 'GROWTH'",
                    "Ayudo a autónomos a conseguir clientes 📈 | Mentor de negocio",
                    "Franchising consultant | Investimentos | Liberdade financeira 💰",
                    "B2B lead gen expert | Open networker | 30k+ connections",
                    "Trader & crypto educator 📊 | Free masterclass below 👇",
                    "Marketing digital · Ventas · Mindset ✨",
                ]
            )
        R["dmspam"] = []
        for _ in range(rng.randint(3, 4)):
            i = self.pick(persons, lambda a: a.created > T0 - 60 * DAY)
            R["dmspam"].append(i)
        R["campaigns"] = []
        for _ in range(rng.randint(1, 2)):
            R["campaigns"].append(
                [
                    self.pick(persons, lambda a: a.created < old and len(self.adj[a.i]) >= 14)
                    for _ in range(rng.randint(10, 30))
                ]
            )
        R["hijack"] = [
            self.pick(self.hubs, lambda a: len(self.adj[a.i]) >= 120) for _ in range(rng.randint(1, 2))
        ]
        # look-alike roles
        R["recruiter"] = [self.pick(persons, lambda a: a.created < old) for _ in range(rng.randint(3, 5))]
        for i in R["recruiter"]:
            a = accts[i]
            a.photo = True
            a.bio = rng.choice(
                [
                    "Tech recruiter @ %s | Hiring in Porto & Vigo 🚀",
                    "Talent Acquisition · %s · ¡Estamos contratando!",
                    "Recrutadora na %s | Vagas em TI e saúde",
                    "People & Talent at %s",
                ]
            ) % rng.choice(COMPANIES)
        R["open_networker"] = [self.pick(persons) for _ in range(rng.randint(4, 6))]
        for i in R["open_networker"]:
            if rng.random() < 0.5:
                accts[i].bio = rng.choice(
                    [
                        f"Open to work 🔎 | {JOBS[accts[i].job][0]}",
                        "À procura de novas oportunidades",
                        f"Buscando empleo · {accts[i].city}",
                        "Open networker · let's connect",
                    ]
                )
        R["stock_net"] = [
            self.pick(persons, lambda a: len(self.adj[a.i]) >= 12) for _ in range(rng.randint(6, 8))
        ]
        self.stock_targets = {}
        for s in R["stock_net"]:  # their own network: people who share several of their connections
            nb = sorted(self.adj[s])
            tg = []
            for _ in range(rng.randint(10, 30)):
                b = self.pick(
                    self.by_city[accts[s].city],
                    lambda a, s=s: a.kind == "person" and a.i not in self.adj[s],
                )
                for c in rng.sample(nb, min(len(nb), rng.randint(3, 12))):
                    self.adj[b].add(c)
                    self.adj[c].add(b)
                tg.append(b)
            self.stock_targets[s] = tg
            self.reserved.difference_update(tg)
        R["organiser"] = [self.pick(persons, lambda a: a.created < old) for _ in range(rng.randint(2, 3))]
        R["cm"] = [
            self.pick(businesses + [a.i for a in accts if a.kind == "brand"])
            for _ in range(rng.randint(2, 3))
        ]
        R["newsletter"] = [self.pick(creators) for _ in range(rng.randint(2, 3))]
        R["sales"] = [
            self.pick(persons, lambda a: len(self.adj[a.i]) >= 10) for _ in range(rng.randint(3, 4))
        ]
        for i in R["sales"]:
            accts[i].bio = rng.choice(
                [
                    "Account Executive @ Portus Cloud ☁️",
                    "Ventas B2B en Nortech Labs",
                    "Business Development · Douro Analytics",
                ]
            )
        R["viral"] = [self.pick(creators, lambda a: a.pop < 200) for _ in range(rng.randint(2, 3))]
        R["celebrity"] = [
            self.pick([a.i for a in accts if a.kind == "brand"]) for _ in range(rng.randint(1, 2))
        ]
        R["institution"] = [
            self.pick([a.i for a in accts if a.kind == "institution"]) for _ in range(rng.randint(2, 3))
        ]
        R["busy_follower"] = [self.pick(persons) for _ in range(rng.randint(3, 4))]
        R["busy_messager"] = [
            self.pick(persons, lambda a: len(self.adj[a.i]) >= 15) for _ in range(rng.randint(3, 4))
        ]
        self.R = R
        for k in ("fast", "slow", "dmspam"):
            self.quiet.update(R[k])
        # deletions: ordinary persons
        self.to_delete = [self.pick(persons) for _ in range(rng.randint(15, 30))]
        for i in self.to_delete:
            self.deleted[i] = self.dts(self.T0 + HOUR, self.T_end - 10 * MIN)
        # pre-created farm accounts (cheap, replayed) and sophisticated farms
        self.farms = {}
        for c in R["cheap_customers"]:
            in_stream = rng.random() < 0.5
            n = rng.randint(150, 500)
            self.farms[c] = ("cheap", in_stream, [self.make_cheap_bot(in_stream) for _ in range(n)])
        for c in R["soph_customers"]:
            n = rng.randint(60, 200)
            self.farms[c] = ("soph", False, [self.make_soph_bot() for _ in range(n)])
        for _kind, _in_stream, bots in self.farms.values():
            self.quiet.update(bots)
            self.reserved.update(bots)
        # young templated spammers: some created in-stream
        self.dmspam_new = set()
        for i in R["dmspam"]:
            a = accts[i]
            a.photo = rng.random() < 0.5
            a.bio = rng.choice(
                [
                    "",
                    "Digital opportunities 💸",
                    "Emprendedora | Libertad financiera",
                    "Marketing online 📲",
                    "Ganhar dinheiro online ✅",
                ]
            )
            if rng.random() < 0.4:
                self.dmspam_new.add(i)
                a.replay = False
                for b in self.adj[i]:
                    self.adj[b].discard(i)
                self.adj[i] = set()

    def make_cheap_bot(self, in_stream):
        rng = self.rng
        r = rng.random()
        if r < 0.5:
            u = "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(4, 7))) + str(
                rng.randrange(10**5, 10**8)
            )
        elif r < 0.8:
            lang = rng.choice(["es", "pt", "en"])
            u = slug(rng.choice(FIRST[lang])) + str(rng.randrange(1000, 999999))
        else:
            lang = rng.choice(["es", "pt", "en"])
            fn_, ln_ = slug(rng.choice(FIRST[lang])), slug(rng.choice(LAST[lang]))[:4]
            u = f"{fn_}_{ln_}{rng.randrange(10, 9999)}"
        u = self.uniq_username(u)
        disp = u if rng.random() < 0.6 else (u.rstrip("0123456789_").capitalize() or u)
        city = rng.choice(CITIES)[0]
        created = -1 if in_stream else self.T0 - rng.randint(1, 12) * DAY - rng.randrange(DAY)
        a = self.add_acct(
            "bot",
            "en",
            city,
            created,
            "",
            "",
            u,
            disp,
            "" if rng.random() < 0.95 else rng.choice(["hi", "😊", "new here", "."]),
            rng.random() < 0.03,
            pop=0.0,
            act=0.0,
            replay=not in_stream,
        )
        return a.i

    def make_soph_bot(self):
        rng = self.rng
        lang = rng.choice(["es", "pt", "en", "en"])
        city = rng.choice(CITIES)[0]
        first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
        p = AI_BIO_PARTS[lang]
        bio = (f"{rng.choice(p[0])} {rng.choice(p[1])} {rng.choice(p[2])}").strip()
        created = self.T0 - rng.randint(60, 420) * DAY - rng.randrange(DAY)
        a = self.add_acct(
            "bot", lang, city, created, first, last, None, None, bio, rng.random() < 0.93, pop=0.0, act=0.0
        )
        return a.i

    # ---- replay ---------------------------------------------------------------------------------------
    def replay(self):
        rng = self.rng
        t = self.T0
        for a in self.accts:
            if not a.replay or a.created < 0 or a.created > self.T0:
                continue
            if a.kind == "person" and a.i not in self.reserved and rng.random() < 0.02:
                continue
            self.emit("profile_updated", t, None, account_id=a.id, profile=a.profile())
            t += rng.randint(1, 9)

    # ---- organic life ---------------------------------------------------------------------------------
    def build_weights(self):
        accts = self.accts
        q = self.quiet
        self.p_cum = list(itertools.accumulate((0.0 if i in q else accts[i].act) for i in self.persons))
        self.all_act_cum = list(
            itertools.accumulate(
                (0.0 if (a.i in q or a.created < 0 or a.i >= self.n_existing) else a.act) for a in accts
            )
        )
        self.pop_cum = list(
            itertools.accumulate((0.0 if (a.i in q or a.i >= self.n_existing) else a.pop) for a in accts)
        )

    def any_actor(self):
        return bisect.bisect_left(self.all_act_cum, self.rng.random() * self.all_act_cum[-1])

    def popular(self):
        return bisect.bisect_left(self.pop_cum, self.rng.random() * self.pop_cum[-1])

    def organic(self):
        rng = self.rng
        accts = self.accts
        adj = self.adj
        # follows
        for _ in range(rng.randint(50000, 58000)):
            a = self.any_actor()
            if rng.random() < 0.75 or not adj[a]:
                b = self.popular()
            else:
                b = rng.choice(sorted(adj[a]))
            if b in self.quiet:
                continue
            self.follow(a, b, self.dts(), organic=True)
        # unfollows
        n_unf = rng.randint(2000, 3000)
        for _ in range(n_unf):
            if rng.random() < 0.6 and self.org_follows:
                a, b, t = self.org_follows[rng.randrange(len(self.org_follows))]
                t2 = t + self.human(3600, 1.2, 60, 10 * 3600)
                if t2 < self.T_end and (a, b, "u") not in self.followed:
                    self.followed.add((a, b, "u"))
                    self.emit("unfollow", t2, None, actor_id=accts[a].id, target_id=accts[b].id)
            else:
                a, b = self.any_actor(), self.popular()
                if a != b and (a, b) not in self.followed and b not in self.quiet:
                    self.followed.add((a, b))  # a prior follow, now undone: no refollow in-stream
                    self.emit("unfollow", self.dts(), None, actor_id=accts[a].id, target_id=accts[b].id)
        # connection requests
        for _ in range(rng.randint(8500, 10500)):
            a = self.any_actor()
            r = rng.random()
            b = None
            if r < 0.55 and adj[a]:
                c = rng.choice(tuple(sorted(adj[a])))
                if adj[c]:
                    b = rng.choice(tuple(sorted(adj[c])))
            elif r < 0.8:
                b = rng.choice(self.by_city[accts[a].city])
            elif r < 0.92:
                b = self.popular()
            else:
                b = self.any_actor()
            if b is None or b == a or b in adj[a] or (a, b) in self.requested or b in self.quiet:
                continue
            if accts[b].kind not in ("person", "creator"):
                continue
            self.organic_request(a, b, self.dts())
        # conversations
        for _ in range(rng.randint(10500, 12500)):
            a = self.any_actor()
            r = rng.random()
            if r < 0.72 and adj[a]:
                b = rng.choice(tuple(sorted(adj[a])))
            elif r < 0.85:
                b = self.popular()
            else:
                b = rng.choice(self.by_city[accts[a].city])
            if b == a or b in self.quiet or accts[b].kind == "bot":
                continue
            n = rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 10, 12, 15])
            self.conversation(a, b, self.dts(), n)
        # profile updates
        for _ in range(rng.randint(1200, 1800)):
            i = self.any_actor()
            a = accts[i]
            if a.kind != "person":
                continue
            r = rng.random()
            if r < 0.45:
                a.bio = self.person_bio(a) or a.bio
            elif r < 0.75:
                a.photo = True if rng.random() < 0.8 else not a.photo
            else:
                a.display = rng.choice([f"{a.first} {a.last}", a.first, f"{a.first} {a.last} ✨"])
            self.emit("profile_updated", self.dts(), None, account_id=a.id, profile=a.profile())
        # sign-ups
        self.new_users = []
        for _ in range(rng.randint(300, 450)):
            city, lang, _w = rng.choices(CITIES, [c[2] for c in CITIES])[0]
            first, last = self.person_name(lang)
            t = self.dts(self.T_life, self.T_end - 30 * MIN)
            a = self.add_acct("person", lang, city, t, first, last, photo=rng.random() < 0.25, replay=False)
            a.bio = "" if rng.random() < 0.75 else self.person_bio(a)
            self.create_event(a.i, t)
            nf = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 14])
            tf = t
            for _k in range(nf):
                tf += self.human(90, 1.0, 5, 3 * 3600)
                if tf >= self.T_end:
                    break
                b = self.popular()
                if b not in self.quiet:
                    self.follow(a.i, b, tf)
            if rng.random() < 0.25:
                b = rng.choice(self.by_city[city])
                tr = t + self.human(3600, 1.0, 300, 8 * 3600)
                if tr < self.T_end and b not in self.quiet and self.free(b) and accts[b].kind == "person":
                    self.organic_request(a.i, b, tr, mutual=0)
            self.new_users.append((a.i, nf))

    def organic_request(self, a, b, t, mutual=None, note_p=0.25):
        rng = self.rng
        accts = self.accts
        m = self.mutual(a, b) if mutual is None else mutual
        lang = accts[a].lang
        if rng.random() < note_p:
            note = self.fill(rng.choice(CONNECT_NOTES[lang]), lang, a, b)
            if "[MUT]" in note:
                mut = sorted(self.adj[a] & self.adj[b])
                note = note.replace("[MUT]", accts[mut[0]].first if mut else rng.choice(FIRST[lang]))
        else:
            note = self.stock_note(0.2)
        self.request(a, b, t, note, m)
        p_acc = 0.85 if m >= 3 else (0.7 if m >= 1 else 0.45)
        if note and note != STOCK_NOTE:
            p_acc += 0.1
        r = rng.random()
        tr = t + self.human(5400, 1.3, 20, 20 * 3600)
        if tr >= self.T_end:
            return
        if r < p_acc:
            self.emit("connect_accept", tr, None, actor_id=accts[b].id, target_id=accts[a].id)
            if rng.random() < 0.2:
                lang2 = self.pair_lang(a, b)
                first = self.fill(rng.choice(THANKS_CONNECT[lang2]), lang2, a, b)
                self.conversation(
                    a, b, tr + self.human(600, 1.2, 10, 6 * 3600), rng.randint(1, 6), lang2, first
                )
        elif r < p_acc + 0.07:
            self.emit("connect_decline", tr, None, actor_id=accts[b].id, target_id=accts[a].id)
        elif m == 0 and not note and rng.random() < 0.03:
            self.emit(
                "connect_report", tr, None, actor_id=accts[b].id, target_id=accts[a].id, reason="dont_know"
            )

    # ---- attacks --------------------------------------------------------------------------------------
    def new_attack(self, name):
        self.n_attack += 1
        aid = f"g3s{self.seed}-{self.n_attack:02d}-{name}"
        self.attacks.append({"attack_id": aid, "attack": name})
        return aid

    def attack_window(self, dur):
        lo = self.T_attack
        hi = self.T_end - dur - 20 * MIN
        return self.dts(lo, max(lo + 1, hi))

    def follower_farms(self):
        rng = self.rng
        accts = self.accts
        for cust, (kind, in_stream, bots) in sorted(self.farms.items()):
            if kind == "cheap":
                aid = self.new_attack("cheap_follower_farm")
                win = rng.randint(4, 20) * MIN
                t0 = self.attack_window(win + HOUR)
                start = t0
                if in_stream:  # accounts created in a burst shortly before
                    span = rng.randint(5, 25) * MIN
                    tc = t0 - span - rng.randint(1, 60) * MIN
                    for b in bots:
                        t = tc + rng.randrange(span)
                        accts[b].created = t
                        self.create_event(b, t)
                for b in bots:
                    u = rng.random()
                    t = start + int(win * (u**0.8))
                    self.follow(b, cust, t, [(aid, "bot_follower_burst", cust), (aid, "fake_follower", b)])
            else:
                aid = self.new_attack("sophisticated_follower_farm")
                win = rng.randint(60, 130) * MIN
                start = self.attack_window(win + 30 * MIN)
                covers = sorted({self.popular() for _ in range(40)})
                for b in bots:
                    t = start + rng.randrange(win)
                    self.follow(b, cust, t, [(aid, "bot_follower_burst", cust), (aid, "fake_follower", b)])
                    for _ in range(rng.randint(1, 4)):
                        c = rng.choice(covers)
                        tc = min(self.T_end - 1, max(start, t + rng.randint(-30, 30) * MIN))
                        self.follow(b, c, tc, [(aid, "fake_follower", b)])

    def connectors(self):
        rng = self.rng
        for s in self.R["fast"]:
            aid = self.new_attack("fast_mass_connector")
            lang, _fam, tpl = rng.choice(CONNECTOR_PITCHES)
            link_kind = rng.choice(["short", "track"])
            dom = rng.choice(SPAM_DOMAINS)
            target_n = rng.randint(180, 400)
            p_acc = rng.uniform(0.12, 0.25)
            t = self.dts(self.T_attack, self.T_attack + 3 * HOUR)
            stop = self.T_end - rng.randint(20, 60) * MIN
            sent = 0
            while sent < target_n and t < stop:
                sess = rng.randint(15, 60)
                for _ in range(sess):
                    if sent >= target_n or t >= stop:
                        break
                    b = self.stranger(s)
                    if b is None:
                        continue
                    self.request(
                        s, b, t, self.stock_note(0.25), 0, [(aid, "mass_connect_spam", s)], absent_p=0.12
                    )
                    sent += 1
                    self.connector_response(aid, s, b, t, p_acc, lang, tpl, (link_kind, dom), fast=True)
                    t += rng.randint(6, 45) * SEC
                t += rng.randint(10, 70) * MIN
        for s in self.R["slow"]:
            aid = self.new_attack("slow_mass_connector")
            lang, _fam, tpl = rng.choice(CONNECTOR_PITCHES)
            link_kind = (rng.choice(["short", "track"]), rng.choice(SPAM_DOMAINS))
            n = rng.randint(22, 40)
            times = sorted(self.dts(self.T_attack, self.T_end - 90 * MIN) for _ in range(n))
            acc_idx = set(rng.sample(range(n), rng.randint(max(6, int(n * 0.3)), max(7, int(n * 0.5)))))
            for k, t in enumerate(times):
                b = self.stranger(s)
                if b is None:
                    continue
                self.request(s, b, t, self.stock_note(0.3), 0, [(aid, "mass_connect_spam", s)], absent_p=0.1)
                self.connector_response(
                    aid, s, b, t, 1.0 if k in acc_idx else 0.0, lang, tpl, link_kind, fast=False
                )

    def connector_response(self, aid, s, b, t, p_acc, lang, tpl, link_kind, fast):
        rng = self.rng
        accts = self.accts
        if fast:
            tr = t + self.human(2400, 1.3, 30, 12 * 3600)
        else:
            tr = t + self.human(1800, 1.0, 60, 80 * 60)
        if tr >= self.T_end - 2 * MIN:
            return
        r = rng.random()
        if r < p_acc:
            self.emit("connect_accept", tr, None, actor_id=accts[b].id, target_id=accts[s].id)
            tp = tr + rng.randint(3, 60 if fast else 55) * SEC
            text = self.fill(tpl, lang, s, b).replace("[LINK]", self.link(*link_kind))
            cat = "message_spam" if fast else "_pitch"
            self.msg(s, b, tp, text, [(aid, "mass_connect_spam", s), (aid, cat, s)])
            if rng.random() < 0.1:
                rl = accts[b].lang
                self.msg(b, s, tp + self.human(900, 1.2, 20, 4 * 3600), rng.choice(PITCH_REPLIES[rl]))
        elif not fast:
            return
        elif r < p_acc + 0.10:
            self.emit("connect_decline", tr, None, actor_id=accts[b].id, target_id=accts[s].id)
        elif r < p_acc + 0.14:
            self.emit(
                "connect_report", tr, None, actor_id=accts[b].id, target_id=accts[s].id, reason="dont_know"
            )
        elif r < p_acc + 0.15:
            self.emit("connect_report", tr, None, actor_id=accts[b].id, target_id=accts[s].id, reason="spam")

    def dm_spam(self):
        rng = self.rng
        accts = self.accts
        for s in self.R["dmspam"]:
            aid = self.new_attack("templated_dm_spam")
            lang, tpl = rng.choice(DM_SPAM)
            dur = rng.randint(60, 240) * MIN
            start = self.attack_window(dur)
            if s in self.dmspam_new:
                tc = start - rng.randint(20, 120) * MIN
                accts[s].created = tc
                self.create_event(s, tc)
            n = rng.randint(40, 300)
            times = sorted(start + rng.randrange(dur) for _ in range(n))
            link_kind = rng.choice(["short", "track", "mixed"])
            dom = rng.choice(SPAM_DOMAINS)
            seen = set()
            for t in times:
                b = self.active_person()
                if b is None or b in seen or b == s or b in self.adj[s]:
                    continue
                seen.add(b)
                lk = link_kind if link_kind != "mixed" else rng.choice(["short", "track"])
                text = self.fill(tpl, lang, s, b).replace("[LINK]", self.link(lk, dom))
                self.msg(s, b, t, text, [(aid, "message_spam", s)])
                if rng.random() < rng.choice([0.03, 0.05, 0.08]):
                    self.msg(
                        b, s, t + self.human(600, 1.3, 15, 5 * 3600), rng.choice(SPAM_REPLIES[accts[b].lang])
                    )

    def history(self, i, before):
        """Make sure account i shows normal life before `before`."""
        rng = self.rng
        adj = sorted(self.adj[i])
        for _ in range(rng.randint(1, 2)):
            b = rng.choice(adj)
            if self.free(b) and b not in self.quiet:
                self.conversation(i, b, self.dts(self.T_life, before - 40 * MIN), rng.randint(2, 6))
        for _ in range(rng.randint(1, 3)):
            b = self.popular()
            if b not in self.quiet:
                self.follow(i, b, self.dts(self.T_life, before - 10 * MIN), organic=False)

    def compromised(self):
        rng = self.rng
        accts = self.accts
        for group in self.R["campaigns"]:
            aid = self.new_attack("compromised_campaign")
            lang, tpl = rng.choice(CAMPAIGN)
            wdur = rng.randint(60, 120) * MIN
            ws = self.attack_window(wdur)
            ws = max(ws, self.T_attack + HOUR)
            link_kind = rng.choice(["short", "track"])
            dom = rng.choice(SPAM_DOMAINS)
            for s in group:
                self.history(s, ws)
                contacts = [b for b in sorted(self.adj[s]) if b not in self.deleted and b not in self.quiet]
                rng.shuffle(contacts)
                m = min(len(contacts), rng.randint(10, 40))
                t = ws + rng.randrange(max(1, wdur - 25 * MIN))
                for b in contacts[:m]:
                    if t >= ws + wdur:
                        break
                    text = self.fill(tpl, lang, s, b).replace("[LINK]", self.link(link_kind, dom))
                    ev = self.msg(s, b, t, text, [(aid, "message_spam", s)])
                    self.seal(s, b, t, ev)
                    if rng.random() < 0.12:
                        ev = self.msg(
                            b,
                            s,
                            t + self.human(1200, 1.2, 20, 5 * 3600),
                            rng.choice(HACKED_REPLIES[accts[b].lang]),
                        )
                        self.seal(s, b, t, ev)
                    t += rng.randint(10, 110) * SEC

    def seal(self, s, b, t, ev):
        """After a scam from s to b, the pair exchanges nothing more except the listed events."""
        key = (self.accts[s].id, self.accts[b].id)
        self.sealed[key] = min(t, self.sealed.get(key, t))
        self.sealed[key[::-1]] = self.sealed[key]
        self.sealed_ok.add(ev["event_id"])

    def hijacked(self):
        rng = self.rng
        accts = self.accts
        for s in self.R["hijack"]:
            aid = self.new_attack("hijacked_dm_blast")
            lang = accts[s].lang
            tpl = rng.choice(HIJACK[lang])
            dur = rng.randint(35, 60) * MIN
            start = max(self.attack_window(dur), self.T_attack + HOUR)
            self.history(s, start)
            contacts = [b for b in sorted(self.adj[s]) if b not in self.deleted and b not in self.quiet]
            rng.shuffle(contacts)
            m = min(len(contacts), rng.randint(80, 200))
            times = sorted(start + rng.randrange(dur) for _ in range(m))
            for b, t in zip(contacts[:m], times, strict=False):
                text = self.fill(tpl, lang, s, b).replace("[LINK]", self.link("short"))
                ev = self.msg(s, b, t, text, [(aid, "message_spam", s)])
                self.seal(s, b, t, ev)
                if rng.random() < 0.13:
                    ev = self.msg(
                        b,
                        s,
                        t + self.human(900, 1.2, 20, 5 * 3600),
                        rng.choice(HACKED_REPLIES[accts[b].lang]),
                    )
                    self.seal(s, b, t, ev)

    # ---- look-alikes ----------------------------------------------------------------------------------
    def lookalikes(self):
        rng = self.rng
        accts = self.accts
        adj = self.adj
        R = self.R
        L = self.look
        # recruiters
        for s in R["recruiter"]:
            L.append((s, "recruiter"))
            roles = rng.sample(RECRUITER_ROLES, rng.randint(1, 3))
            company = rng.choice(COMPANIES)
            city = accts[s].city
            n = rng.randint(45, 110)
            times = sorted(self.dts(self.T_life + 30 * MIN, self.T_end - 60 * MIN) for _ in range(n))
            for t in times:
                role, skill = rng.choice(roles)
                pool = self.by_skill.get(skill) or self.persons
                b = None
                for _ in range(50):
                    c = rng.choice(pool)
                    if (
                        self.free(c)
                        and c not in self.quiet
                        and c != s
                        and c not in adj[s]
                        and (s, c) not in self.requested
                    ):
                        b = c
                        break
                if b is None:
                    continue
                fn = accts[b].first
                note = rng.choice(
                    [
                        "Hi %s, I'm hiring a %s at %s (%s, hybrid). "
                        "Your %s background caught my eye — open to connect?",
                        "Hola %s! Busco %s para %s en %s. Tu experiencia en %s encaja muy bien, ¿conectamos?",
                        "Olá %s! Estou a recrutar um %s para a %s (%s). "
                        "A tua experiência em %s chamou-me à atenção.",
                    ]
                ) % (fn, role, company, city, skill or "your field")
                self.request(s, b, t, note, self.mutual(s, b))
                tr = t + self.human(3600, 1.2, 60, 12 * 3600)
                if tr >= self.T_end:
                    continue
                r = rng.random()
                if r < 0.58:
                    self.emit("connect_accept", tr, None, actor_id=accts[b].id, target_id=accts[s].id)
                    tm = tr + self.human(1500, 1.0, 180, 3 * 3600)
                    extra = rng.choice(
                        [
                            f"Here's the full description: https://careers.{slug(company)}.com/jobs/"
                            f"{rng.randrange(1000, 9999)}",
                            "Would you have 15 minutes this week?",
                            "Are you open to new opportunities at the moment?",
                        ]
                    )
                    text = (
                        "Thanks for accepting, {}! As mentioned, we're looking for a {} in {}. With your "
                        "experience in {} I think it could be a great match. {}".format(
                            fn, role, city, skill or "the sector", extra
                        )
                    )
                    if accts[s].lang == "es":
                        text = (
                            "¡Gracias por aceptar, {}! Como te decía, buscamos {} en {}. Con tu experiencia "
                            "en {} creo que encajarías genial. {}".format(
                                fn, role, city, skill or "el sector", extra
                            )
                        )
                    self.msg(s, b, tm, text)
                    if rng.random() < 0.45:
                        tt = tm + self.human(1800, 1.2, 60, 5 * 3600)
                        lines_c = [
                            "Hi! Thanks, I'd be interested to hear more",
                            "What's the salary range?",
                            "Is it fully remote?",
                            "Not looking right now, but thanks for thinking of me",
                            "Sure, Thursday works",
                        ]
                        lines_r = [
                            "Great! The range is 45-55k + bonus. Could we talk Thursday at 10?",
                            f"Hybrid, 2 days a week in the {city} office.",
                            "Totally understand, I'll keep you in mind 🙂",
                            "Perfect, I'll send an invite.",
                            "Happy to share more details by phone if easier.",
                        ]
                        for k in range(rng.randint(1, 5)):
                            if tt >= self.T_end:
                                break
                            if k % 2 == 0:
                                self.msg(b, s, tt, rng.choice(lines_c))
                                tt += self.human(400, 1.0, 30, 3 * 3600)
                            else:
                                self.msg(s, b, tt, rng.choice(lines_r))
                                tt += self.human(1200, 1.2, 30, 5 * 3600)
                elif r < 0.65:
                    self.emit("connect_decline", tr, None, actor_id=accts[b].id, target_id=accts[s].id)
        # open networkers / job seekers
        for s in R["open_networker"]:
            L.append((s, "open_networker"))
            for _ in range(rng.randint(15, 40)):
                if rng.random() < 0.5 and adj[s]:
                    c = rng.choice(sorted(adj[s]))
                    b = rng.choice(sorted(adj[c])) if adj[c] else None
                else:
                    b = self.active_person()
                if (
                    b is None
                    or b == s
                    or b in adj[s]
                    or (s, b) in self.requested
                    or not self.free(b)
                    or b in self.quiet
                ):
                    continue
                t = self.dts(self.T_life, self.T_end - 30 * MIN)
                self.request(s, b, t, self.stock_note(0.3), self.mutual(s, b))
                tr = t + self.human(4000, 1.2, 60, 12 * 3600)
                r = rng.random()
                if tr < self.T_end:
                    if r < 0.5:
                        self.emit("connect_accept", tr, None, actor_id=accts[b].id, target_id=accts[s].id)
                    elif r < 0.6:
                        self.emit("connect_decline", tr, None, actor_id=accts[b].id, target_id=accts[s].id)
        # stock invitation inside own network
        for s in R["stock_net"]:
            L.append((s, "stock_invite_in_network"))
            for b in self.stock_targets[s]:
                if b in adj[s] or (s, b) in self.requested or not self.free(b) or b in self.quiet:
                    continue
                t = self.dts(self.T_life, self.T_end - 30 * MIN)
                self.request(s, b, t, self.stock_note(0.3), self.mutual(s, b))
                tr = t + self.human(3000, 1.2, 30, 10 * 3600)
                if tr < self.T_end and rng.random() < 0.88:
                    self.emit("connect_accept", tr, None, actor_id=accts[b].id, target_id=accts[s].id)
        # event organisers
        for s in R["organiser"]:
            L.append((s, "event_organiser"))
            comm_name, clang, venue = rng.choice(COMMUNITIES)
            t_inv = self.dts(self.T0 + 5 * HOUR, self.T_end - 4 * HOUR)
            n = rng.randint(30, 100)
            community = []
            pool = [b for b in sorted(adj[s]) if self.free(b) and b not in self.quiet]
            rng.shuffle(pool)
            while len(community) < n:
                b = pool.pop() if pool else self.active_person()
                if b is None or b == s or b in community:
                    continue
                community.append(b)
                if rng.random() < 0.55:
                    self.follow(b, s, self.dts(self.T_life, t_inv - 30 * MIN))
                else:
                    self.conversation(b, s, self.dts(self.T_life, t_inv - 90 * MIN), rng.randint(2, 5), clang)
            link = f"https://meetup.com/{slug(comm_name)}/events/{rng.randrange(300000000, 309999999)}"
            t = t_inv
            for b in community:
                fn = accts[b].first
                if clang == "es":
                    text = (
                        "¡Hola {}! Este jueves hacemos el {} de {} en {} 🎉 Charlas cortas + pizza. "
                        "¿Te apuntas? {}".format(
                            fn, rng.choice(["meetup", "encuentro"]), comm_name, venue, link
                        )
                    )
                elif clang == "pt":
                    text = (
                        "Olá {}! Esta quinta temos o {} do {} no {} 🎉 Talks curtas + pizza. Vens? {}".format(
                            fn, rng.choice(["meetup", "encontro"]), comm_name, venue, link
                        )
                    )
                else:
                    text = (
                        f"Hi {fn}! {comm_name} meetup this Thursday at {venue} 🎉 "
                        f"short talks + pizza. Coming? {link}"
                    )
                self.msg(s, b, t, text)
                if rng.random() < rng.uniform(0.3, 0.5):
                    tr = t + self.human(2400, 1.0, 60, 5 * 3600)
                    ans = {
                        "es": (
                            [
                                "¡Allí estaré!",
                                "Este no puedo 😢",
                                "¿Se puede llevar a alguien?",
                                "Me apunto 🙌",
                            ],
                            ["¡Genial, nos vemos!", "¡Claro! Apúntalo en el enlace", "Otra vez será 🙌"],
                        ),
                        "pt": (
                            ["Lá estarei!", "Desta vez não dá 😢", "Posso levar alguém?", "Conta comigo 🙌"],
                            ["Boa, até quinta!", "Claro! Inscreve-o no link", "Fica para a próxima 🙌"],
                        ),
                        "en": (
                            [
                                "I'll be there!",
                                "Can't make this one 😢",
                                "Can I bring a friend?",
                                "Count me in 🙌",
                            ],
                            [
                                "Great, see you there!",
                                "Of course! Just register them on the link",
                                "Next time then 🙌",
                            ],
                        ),
                    }[clang]
                    if tr < self.T_end:
                        self.msg(b, s, tr, rng.choice(ans[0]))
                        ta = tr + self.human(600, 1.0, 30, 2 * 3600)
                        if ta < self.T_end:
                            self.msg(s, b, ta, rng.choice(ans[1]))
                t += rng.randint(15, 70) * SEC
        # community managers / customer support
        for s in R["cm"]:
            L.append((s, "community_manager"))
            lang = accts[s].lang
            for _ in range(rng.randint(30, 70)):
                b = self.active_person()
                if b is None:
                    continue
                fn = accts[b].first
                order = rng.randrange(10000, 99999)
                opens = {
                    "es": [
                        f"Hola, mi pedido #{order} no ha llegado",
                        "Buenas, ¿abrís el domingo?",
                        "Hola! ¿Tenéis opción sin gluten?",
                        f"Me cobraron dos veces el pedido {order}",
                    ],
                    "pt": [
                        f"Olá, a minha encomenda #{order} ainda não chegou",
                        "Boas, abrem ao domingo?",
                        "Olá! Têm opção sem glúten?",
                        f"Cobraram-me duas vezes a encomenda {order}",
                    ],
                    "en": [
                        f"Hi, my order #{order} hasn't arrived",
                        "Hey, are you open on Sunday?",
                        "Hi! Any gluten-free options?",
                        f"I was charged twice for order {order}",
                    ],
                }
                reps = {
                    "es": [
                        f"¡Gracias por escribirnos, {fn}! Déjame revisarlo 🙂",
                        f"¡Hola {fn}! Gracias por contactar, lo miramos ahora mismo",
                        "Ya está solucionado, te llega mañana 📦",
                        "¡Gracias a ti! Cualquier cosa, aquí estamos",
                    ],
                    "pt": [
                        f"Obrigado pelo contacto, {fn}! Vou verificar 🙂",
                        f"Olá {fn}! Obrigado por nos escrever, vamos ver já",
                        "Está resolvido, chega amanhã 📦",
                        "Obrigado nós! Qualquer coisa, estamos por aqui",
                    ],
                    "en": [
                        f"Thanks for reaching out, {fn}! Let me check 🙂",
                        f"Hi {fn}! Thanks for getting in touch, looking into it now",
                        "All sorted, it arrives tomorrow 📦",
                        "Thank you! Anything else, we're here",
                    ],
                }
                ulang = lang if rng.random() < 0.7 else accts[b].lang
                t = self.dts()
                self.msg(b, s, t, rng.choice(opens[ulang]))
                t += self.human(500, 1.0, 30, 2 * 3600)
                for k in range(rng.randint(1, 5)):
                    if t >= self.T_end:
                        break
                    if k % 2 == 0:
                        self.msg(s, b, t, reps[ulang][min(k, 3) if k else rng.randrange(2)])
                        t += self.human(300, 1.2, 20, 3 * 3600)
                    else:
                        self.msg(b, s, t, self.chat_line(ulang, b, s, 1))
                        t += self.human(240, 1.0, 20, 3600)
        # newsletter / creator authors
        for s in R["newsletter"]:
            L.append((s, "newsletter_author"))
            nl, nlang = rng.choice(NEWSLETTERS)
            t_send = self.dts(self.T0 + 5 * HOUR, self.T_end - 3 * HOUR)
            fol = []
            for _ in range(rng.randint(70, 200)):
                b = self.active_person()
                if b is None or b == s or (b, s) in self.followed:
                    continue
                self.follow(b, s, self.dts(self.T_life, t_send - 20 * MIN))
                fol.append(b)
            rng.shuffle(fol)
            issue = rng.randint(12, 140)
            t = t_send
            for b in fol[: rng.randint(min(40, len(fol)), min(150, len(fol)))]:
                fn = accts[b].first
                url = f"https://{slug(nl)}.substack.com/p/issue-{issue}"
                text = {
                    "es": "¡Hola %s! Ya está el nº %d de %s: %s 🧵 %s — ¡gracias por seguirme!",
                    "pt": "Olá %s! Saiu a edição #%d da %s: %s 🧵 %s — obrigado por me seguires!",
                    "en": "Hi %s! Issue #%d of %s is out: %s 🧵 %s — thanks for following!",
                }[nlang] % (fn, issue, nl, rng.choice(TOPICS), url)
                self.msg(s, b, t, text)
                if rng.random() < 0.28:
                    tr = t + self.human(3000, 1.2, 60, 6 * 3600)
                    if tr < self.T_end:
                        self.msg(
                            b,
                            s,
                            tr,
                            rng.choice(
                                [
                                    "Thanks! Great read",
                                    "Obrigado! 🙌",
                                    "¡Gracias! Muy bueno",
                                    "Loved this one",
                                    "Top, obrigada!",
                                    "gracias!! 👏",
                                ]
                            ),
                        )
                        ta = tr + self.human(1200, 1.2, 30, 4 * 3600)
                        if ta < self.T_end:
                            self.msg(
                                s,
                                b,
                                ta,
                                rng.choice(
                                    [
                                        "Thanks for reading 🙏",
                                        "Obrigado eu!",
                                        "¡Gracias a ti por leer!",
                                        "Glad you liked it!",
                                    ]
                                ),
                            )
                t += rng.randint(20, 120) * SEC
        # honest sales reps
        for s in R["sales"]:
            L.append((s, "sales_rep"))
            lang = accts[s].lang
            second = sorted({c2 for c in adj[s] for c2 in adj[c]} - adj[s] - {s})
            second = [b for b in second if self.free(b) and b not in self.quiet and accts[b].kind == "person"]
            rng.shuffle(second)
            for b in second[: rng.randint(10, 20)]:
                mut = sorted(adj[s] & adj[b])
                mname = accts[mut[0]].first + " " + accts[mut[0]].last
                fn = accts[b].first
                skill = JOBS[accts[b].job][1] or "operations"
                t = self.dts(self.T_life + HOUR, self.T_end - 3 * HOUR)
                text = {
                    "es": "Hola %s, %s me comentó que llevas %s en %s. Ayudamos a equipos como el tuyo a "
                    "reducir costes de nube ~30%%. ¿Te encajaría una llamada de 20 min la semana que viene?",
                    "pt": "Olá %s, %s disse-me que lideras %s na %s. Ajudamos equipas como a tua a cortar "
                    "~30%% nos custos de cloud. Faz sentido uma conversa de 20 min para a semana?",
                    "en": "Hi %s, %s mentioned you're leading %s at %s. We help teams like yours cut cloud "
                    "costs by ~30%%. Would a 20-min chat next week make sense?",
                }[lang] % (fn, mname, skill, rng.choice(COMPANIES))
                self.msg(s, b, t, text)
                if rng.random() < 0.4:
                    first = rng.choice(
                        [
                            "Sure, Tuesday works",
                            "Not a priority right now, thanks",
                            "Send me the case study",
                            "Who else are you working with?",
                            "Claro, ¿el martes?",
                            "Pode ser, manda-me mais info",
                        ]
                    )
                    self.conversation(
                        b, s, t + self.human(2400, 1.2, 60, 5 * 3600), rng.randint(2, 6), lang, first
                    )
                elif rng.random() < 0.6:
                    tf = t + rng.randint(3, 6) * HOUR
                    if tf < self.T_end:
                        self.msg(
                            s,
                            b,
                            tf,
                            f"Hi {fn}, just bumping this in case it got buried — happy to send a short "
                            "case study instead.",
                        )
                if rng.random() < 0.3 and (s, b) not in self.requested:
                    self.request(
                        s,
                        b,
                        t + rng.randint(1, 10) * MIN,
                        f"Hi {fn}, following up on my message, would be great to connect.",
                        len(mut),
                    )
        # viral accounts
        self.viral_followers = set()
        for s in R["viral"]:
            L.append((s, "viral_account"))
            tv = self.dts(self.T0 + 3 * HOUR, self.T_end - 2 * HOUR)
            for _ in range(rng.randint(1600, 3600)):
                b = bisect.bisect_left(self.all_act_cum, rng.random() * self.all_act_cum[-1])
                if not self.free(b) or b in self.quiet or b == s or accts[b].kind != "person":
                    continue
                d = min(rng.expovariate(1 / (14 * MIN)), 110 * MIN)
                if self.follow(b, s, tv + int(d)):
                    self.viral_followers.add(b)
        # celebrities
        for s in R["celebrity"]:
            L.append((s, "celebrity"))
            rate = rng.randint(80, 200)
            n = int(rate * (self.T_end - self.T_life) / HOUR)
            for _ in range(n):
                b = self.any_actor()
                if b != s and b not in self.quiet:
                    self.follow(b, s, self.dts())
        # sign-up waves
        for s in R["institution"]:
            L.append((s, "signup_wave_institution"))
            tw = self.dts(self.T0 + 2 * HOUR, self.T_end - 5 * HOUR)
            span = rng.randint(60, 120) * MIN
            n = rng.randint(50, 200)
            inst = accts[s]
            lang = inst.lang if inst.lang != "en" else "pt"
            suggested = sorted({self.popular() for _ in range(60)} - self.reserved - self.quiet - {s})
            suggested = [x for x in suggested if accts[x].kind in ("news", "creator", "brand", "institution")]
            suggested = rng.sample(suggested, min(len(suggested), rng.randint(3, 5)))
            for x in suggested:
                L.append((x, "signup_wave_suggested"))
            members = []
            style = rng.choice(["id", "name"])
            for _k in range(n):
                first, last = self.person_name(lang)
                if style == "id" and rng.random() < 0.7:
                    u = self.uniq_username(f"{rng.choice(['up', 'a', 'al'])}2026{rng.randrange(100000):05d}")
                    disp = f"{first} {last}"
                else:
                    u = None
                    disp = None
                t = tw + rng.randrange(span)
                a = self.add_acct(
                    "person",
                    lang,
                    inst.city,
                    t,
                    first,
                    last,
                    u,
                    disp,
                    "" if rng.random() < 0.8 else f"Estudante @ {inst.display}",
                    rng.random() < 0.15,
                    replay=False,
                )
                self.create_event(a.i, t)
                self.follow(a.i, s, t + self.human(120, 0.8, 10, 15 * 60))
                for x in rng.sample(suggested, min(len(suggested), rng.randint(2, 4))):
                    self.follow(a.i, x, t + self.human(400, 0.8, 20, 40 * 60))
                members.append((a.i, t))
                L.append((a.i, "signup_wave_member"))
            born = dict(members)
            for i, t in members:
                peers = [j for j, tj in members if j != i]
                for j in rng.sample(peers, min(len(peers), rng.randint(0, 5))):
                    tf = max(t, born[j]) + self.human(1800, 1.0, 60, 5 * 3600)
                    if tf < self.T_end:
                        self.follow(i, j, tf)
                if rng.random() < 0.4:
                    for j in rng.sample(peers, min(len(peers), rng.randint(1, 4))):
                        if (i, j) in self.requested:
                            continue
                        tr = max(t, born[j]) + self.human(3 * 3600, 0.8, 1800, 8 * 3600)
                        if tr >= self.T_end:
                            continue
                        self.request(i, j, tr, self.stock_note(0.3), 0)
                        ta = tr + self.human(1800, 1.0, 60, 5 * 3600)
                        if ta < self.T_end and rng.random() < 0.85:
                            self.emit("connect_accept", ta, None, actor_id=accts[j].id, target_id=accts[i].id)
                if rng.random() < 0.25:
                    j = rng.choice(peers)
                    tm = max(t, born[j]) + self.human(2 * 3600, 1.0, 600, 8 * 3600)
                    if tm < self.T_end:
                        self.conversation(i, j, tm, rng.randint(2, 5), lang)
        # brand-new ordinary users
        cands = [i for i, nf in self.new_users if 1 <= nf <= 6]
        for i in rng.sample(cands, min(len(cands), rng.randint(15, 25))):
            L.append((i, "new_user"))
        # busy people
        for s in R["busy_follower"]:
            L.append((s, "busy_follower"))
            for _ in range(rng.randint(100, 250)):
                b = self.popular()
                if b not in self.quiet:
                    self.follow(s, b, self.dts())
        for s in R["busy_messager"]:
            L.append((s, "busy_messager"))
            for _ in range(rng.randint(40, 80)):
                b = rng.choice(sorted(adj[s])) if rng.random() < 0.7 else self.active_person()
                if b is None or b == s or b in self.quiet:
                    continue
                n = rng.randint(2, 12)
                if rng.random() < 0.5:
                    self.conversation(s, b, self.dts(), n)
                else:
                    self.conversation(b, s, self.dts(), n)
        for b in sorted(self.viral_followers):
            L.append((b, "viral_follower"))

    # ---- assembly -------------------------------------------------------------------------------------
    def run(self):
        self.build_world()
        self.assign_roles()
        self.replay()
        self.build_weights()
        self.organic()
        self.lookalikes()
        self.follower_farms()
        self.connectors()
        self.dm_spam()
        self.compromised()
        self.hijacked()
        for i in self.to_delete:
            self.emit("account_deleted", self.deleted[i], None, account_id=self.accts[i].id)
        # forget deleted accounts after deletion; clip to the timeline
        dead = {self.accts[i].id: t for i, t in self.deleted.items()}
        out = []
        for ts, seq, ev, tags in self.ev:
            if ts >= self.T_end and ev["type"] != "account_deleted":
                continue
            drop = False
            for k in ("account_id", "actor_id", "target_id"):
                v = ev.get(k)
                if v in dead and (ts > dead[v] or (ts == dead[v] and ev["type"] != "account_deleted")):
                    drop = True
            if ev["type"] == "message_sent":
                st = self.sealed.get((ev["actor_id"], ev["target_id"]))
                if st is not None and ts >= st and ev["event_id"] not in self.sealed_ok:
                    drop = True
            if not drop:
                out.append((ts, seq, ev, tags))
        out.sort(key=lambda x: (x[0], x[1]))
        self.final = out

    def labels(self):
        spans = {}
        for ts, _seq, _ev, tags in self.final:
            if not tags:
                continue
            for tag in tags:
                s = spans.get(tag)
                if s is None:
                    spans[tag] = [ts, ts, 1]
                else:
                    s[0] = min(s[0], ts)
                    s[1] = max(s[1], ts)
                    s[2] += 1
        name = {a["attack_id"]: a["attack"] for a in self.attacks}
        accts = self.accts
        pos = {}
        for (aid, cat, subj), (lo, hi, cnt) in sorted(spans.items()):
            if cat.startswith("_"):
                continue
            if name[aid] == "slow_mass_connector" and spans.get((aid, "_pitch", subj), [0, 0, 0])[2] < 5:
                continue
            if cat == "message_spam" and cnt < 5:
                continue
            key = (accts[subj].id, cat)
            if key in pos:
                p = pos[key]
                p["start_ts"] = min(p["start_ts"], lo)
                p["end_ts"] = max(p["end_ts"], hi)
                continue
            pos[key] = {
                "subject_id": accts[subj].id,
                "category": cat,
                "attack": name[aid],
                "attack_id": aid,
                "start_ts": lo,
                "end_ts": hi,
                "_aid": aid,
            }
        rows = {}
        for (sid, cat), p in pos.items():
            r = rows.setdefault(
                (p["_aid"], cat),
                {
                    "attack_id": p["_aid"],
                    "attack": p["attack"],
                    "category": cat,
                    "start_ts": p["start_ts"],
                    "end_ts": p["end_ts"],
                    "subjects": [],
                },
            )
            r["start_ts"] = min(r["start_ts"], p["start_ts"])
            r["end_ts"] = max(r["end_ts"], p["end_ts"])
            r["subjects"].append(sid)
        positives = []
        for key in sorted(pos, key=lambda k: (pos[k]["attack_id"], k[1], k[0])):
            p = dict(pos[key])
            del p["_aid"]
            positives.append(p)
        attacks = [rows[k] for k in sorted(rows)]
        for r in attacks:
            r["subjects"].sort()
        seen = set()
        look = []
        pos_ids = {k[0] for k in pos}
        for i, kind in self.look:
            sid = accts[i].id
            if (sid, kind) in seen or sid in pos_ids or i in self.deleted:
                continue
            seen.add((sid, kind))
            look.append({"subject_id": sid, "kind": kind})
        return {
            "scenario": "gen3",
            "seed": self.seed,
            "positives": positives,
            "attacks": attacks,
            "lookalikes": look,
        }

    # ---- producer noise and output --------------------------------------------------------------------
    def broken_lines(self):
        rng = self.rng
        accts = self.accts
        out = []
        pick = [rng.choice(self.persons) for _ in range(80)]
        pick = [i for i in pick if i not in self.deleted and i not in self.reserved]
        t = self.T0 + HOUR

        def eid():
            return f"bad-{rng.getrandbits(40):010x}"

        def good(typ, **f):
            d = {"event_id": eid(), "type": typ, "ts": t + rng.randrange(10 * HOUR)}
            d.update(f)
            return d

        a, b = accts[pick[0]], accts[pick[1]]
        m = good("message_sent", actor_id=a.id, target_id=b.id, thread_id="th-bad01", text="ok, hasta luego!")
        out.append(json.dumps(m, ensure_ascii=False)[: rng.randint(30, 70)])  # 1 truncated
        f = good("follow", actor_id=accts[pick[2]].id, target_id=accts[pick[3]].id)
        out.append(json.dumps(f)[:-7])  # 2 truncated
        p = good("profile_updated", account_id=accts[pick[4]].id, profile=accts[pick[4]].profile())
        out.append(json.dumps(p, ensure_ascii=False)[: rng.randint(60, 110)])  # 3 truncated
        f = good("follow", actor_id=accts[pick[5]].id, target_id=accts[pick[6]].id)
        f["ts"] = str(f["ts"])
        out.append(json.dumps(f))  # 4 ts as string
        f = good("connect_accept", actor_id=accts[pick[7]].id, target_id=accts[pick[8]].id)
        f["actor_id"] = int(f["actor_id"][1:])
        out.append(json.dumps(f))  # 5 id as integer
        f = good("follow", actor_id=accts[pick[9]].id)
        out.append(json.dumps(f))  # 6 missing target_id
        f = good("unfollow", actor_id=accts[pick[10]].id, target_id=accts[pick[11]].id)
        del f["event_id"]
        out.append(json.dumps(f))  # 7 missing event_id
        f = good(
            "message_sent",
            actor_id=accts[pick[12]].id,
            target_id=accts[pick[13]].id,
            thread_id="th-bad02",
            text=["not", "a", "string"],
        )
        out.append(json.dumps(f))  # 8 text not a string
        f = good(
            "connect_request",
            actor_id=accts[pick[14]].id,
            target_id=accts[pick[15]].id,
            note=None,
            mutual_connections=-3,
        )
        out.append(json.dumps(f))  # 9 negative mutuals
        out.append(json.dumps(["follow", accts[pick[16]].id, accts[pick[17]].id]))  # 10 not an object
        f = good("folow", actor_id=accts[pick[18]].id, target_id=accts[pick[19]].id)
        out.append(json.dumps(f))  # 11 misspelt type
        p = good("profile_updated", account_id=accts[pick[20]].id, profile="see previous")
        p["ts"] = p["ts"] / 1000.0
        out.append(json.dumps(p))  # 12 profile + ts types
        return out

    def write(self, out_path):
        rng = self.rng
        extras = [
            ("client", lambda: rng.choice(["ios/7.3.1", "android/5.12.0", "web/2026.03.2"])),
            ("producer", lambda: f"svc-{rng.randint(1, 9)}"),
            ("schema_version", lambda: rng.choice([2, 3])),
            ("_meta", lambda: {"shard": rng.randrange(16), "retry": 0}),
            ("geo", lambda: rng.choice(["ES-GA", "PT-13", "PT-03", None])),
        ]
        rows = []
        n = len(self.final)
        late = set(rng.sample(range(n), rng.randint(25, 40)))
        for k, (ts, seq, ev, _tags) in enumerate(self.final):
            if rng.random() < 0.025:
                ev = dict(ev)
                for name, fn in rng.sample(extras, rng.randint(1, 2)):
                    ev[name] = fn()
            line = json.dumps(ev, ensure_ascii=False, separators=(",", ":"))
            if ev["type"] == "profile_updated" and ts < self.T_life:
                d = rng.randrange(5 * SEC)
            elif k in late and ts > self.T_life:
                d = rng.randint(30 * MIN, 60 * MIN)
            else:
                r = rng.random()
                d = (
                    rng.randrange(20 * SEC)
                    if r < 0.7
                    else (rng.randrange(3 * MIN) if r < 0.95 else rng.randrange(int(9.5 * MIN)))
                )
            rows.append((ts + d, seq, line))
            if rng.random() < 0.001:
                rows.append((ts + d + rng.randrange(SEC // 2, 4 * MIN), seq, line))
        rows.sort(key=lambda x: (x[0], x[1]))
        lines = [r[2] for r in rows]
        bad = self.broken_lines()
        L = len(lines)
        positions = sorted(int((k + 0.5) * L / len(bad)) + rng.randint(-200, 200) for k in range(len(bad)))
        for pos, b in sorted(zip(positions, bad, strict=False), key=lambda x: -x[0]):
            lines.insert(pos, b)
        with open(out_path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines))
            fh.write("\n")
        return len(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--labels", required=True)
    args = ap.parse_args()
    g = Gen(args.seed)
    g.run()
    labels = g.labels()
    g.write(args.out)
    with open(args.labels, "w", encoding="utf-8") as fh:
        json.dump(labels, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
