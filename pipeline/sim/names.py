"""Name data by locale: native spelling and the ASCII transliteration people use in usernames.

Entries are "native/ascii" when the two differ and a bare string otherwise. Female given names carry a
trailing "*" where the locale inflects the family name (Russian: Ivanov -> Ivanova). Locales are weighted
roughly like an international platform's membership, so that detectors cannot lean on "non-English
names look odd".
"""

from __future__ import annotations

# locale: (weight, name order, given names, family names, message language)
LOCALES: dict[str, tuple[float, str, str, str, str]] = {
    "en": (
        22,
        "western",
        "James Emily Michael Sarah David Jessica Chris Ashley Ryan Lauren Daniel Megan Matt Olivia Josh "
        "Hannah Ben Grace Tom Chloe Sam Kate Jack Amelia Liam Zoe Noah Ella Ethan Mia",
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore Clark Lewis "
        "Walker Hall Young King Wright Hill Scott Green Baker Adams Campbell Murphy O'Brien Hughes",
        "en",
    ),
    "es": (
        10,
        "western",
        "Sofía/Sofia Mateo Lucía/Lucia Diego Valentina Javier Camila Alejandro María/Maria Carlos Daniela "
        "Andrés/Andres Paula Sergio Ximena Joaquín/Joaquin",
        "García/Garcia Rodríguez/Rodriguez Martínez/Martinez López/Lopez Hernández/Hernandez "
        "González/Gonzalez Pérez/Perez Sánchez/Sanchez Ramírez/Ramirez Torres Flores Rivera Gómez/Gomez "
        "Díaz/Diaz Morales Castillo",
        "es",
    ),
    "pt": (
        8,
        "western",
        "João/Joao Ana Pedro Beatriz Lucas Mariana Gabriel Juliana Rafael Larissa Thiago Fernanda Gustavo "
        "Letícia/Leticia Vinícius/Vinicius Camila",
        "Silva Santos Oliveira Souza Costa Pereira Ferreira Almeida Rodrigues Carvalho Lima Gomes Ribeiro "
        "Araújo/Araujo Barbosa",
        "pt",
    ),
    "fr": (
        5,
        "western",
        "Camille Louis Chloé/Chloe Hugo Léa/Lea Jules Manon Théo/Theo Inès/Ines Lucas Zoé/Zoe Antoine "
        "Élodie/Elodie Mathieu",
        "Martin Bernard Dubois Thomas Robert Petit Durand Lefèvre/Lefevre Moreau Laurent Girard Roux "
        "Fournier Mercier",
        "fr",
    ),
    "de": (
        5,
        "western",
        "Lukas Anna Jonas Lea Felix Marie Paul Sophie Max Lena Jan Katharina Moritz Jülide/Julide Tobias",
        "Müller/Mueller Schmidt Schneider Fischer Weber Wagner Becker Hoffmann Schäfer/Schaefer Koch "
        "Richter Klein Wolf Schröder/Schroeder",
        "de",
    ),
    "it": (
        3,
        "western",
        "Giulia Marco Francesca Luca Chiara Alessandro Martina Matteo Sara Davide",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco",
        "en",
    ),
    "pl": (
        2,
        "western",
        "Zofia Jakub Katarzyna Piotr Agnieszka Tomasz Małgorzata/Malgorzata Paweł/Pawel",
        "Nowak Kowalski Wiśniewski/Wisniewski Wójcik/Wojcik Kamiński/Kaminski Lewandowski "
        "Zieliński/Zielinski",
        "en",
    ),
    "tr": (
        3,
        "western",
        "Elif Mehmet Zeynep Emre Ayşe/Ayse Burak Deniz Can Merve Oğuz/Oguz",
        "Yılmaz/Yilmaz Kaya Demir Şahin/Sahin Çelik/Celik Aydın/Aydin Öztürk/Ozturk Arslan Doğan/Dogan",
        "en",
    ),
    "vi": (
        4,
        "vietnamese",
        "Hương/Huong Lan Anh Tuấn/Tuan Hùng/Hung Linh Mai Trang Hoa Nam Dũng/Dung Thảo/Thao Khoa Vy "
        "Phúc/Phuc",
        "Nguyễn/Nguyen Trần/Tran Lê/Le Phạm/Pham Hoàng/Hoang Phan Vũ/Vu Đặng/Dang Bùi/Bui Đỗ/Do Ngô/Ngo",
        "en",
    ),
    "yo": (
        5,
        "western",
        "Oluwaseun Adebayo Chinedu Ngozi Emeka Funmilayo Tunde Chiamaka Ifeoma Babatunde Kehinde Temitope "
        "Uche Amaka Damilola Yetunde",
        "Adebayo Okafor Okonkwo Adeyemi Balogun Eze Nwosu Ogunleye Olawale Chukwu Afolabi Obi Nnamdi",
        "en",
    ),
    "hi": (
        9,
        "western",
        "Priya Rahul Ananya Vikram Aarav Sneha Rohan Kavya Arjun Pooja Sanjay Deepika Karthik Divya Aditya "
        "Meera",
        "Sharma Patel Iyer Reddy Gupta Nair Singh Kumar Mehta Das Rao Menon Joshi Chatterjee Pillai",
        "en",
    ),
    "zh": (
        6,
        "eastern",
        "芳/Fang 伟/Wei 敏/Min 洋/Yang 静/Jing 磊/Lei 丽/Li 勇/Yong 杰/Jie 婷/Ting 明/Ming 悦/Yue 超/Chao "
        "琳/Lin 波/Bo 雪/Xue 涛/Tao 浩/Hao 欣/Xin 宇/Yu 子涵/Zihan 梓萱/Zixuan",
        "王/Wang 李/Li 张/Zhang 刘/Liu 陈/Chen 杨/Yang 赵/Zhao 黄/Huang 周/Zhou 吴/Wu 徐/Xu 孙/Sun 马/Ma "
        "朱/Zhu 胡/Hu 郭/Guo 林/Lin 何/He",
        "zh",
    ),
    "ja": (
        3,
        "eastern",
        "由紀/Yuki 陽翔/Haruto さくら/Sakura 蓮/Ren 葵/Aoi 浩/Hiroshi 健二/Kenji 結衣/Yui 大輝/Daiki "
        "芽衣/Mei",
        "佐藤/Sato 鈴木/Suzuki 高橋/Takahashi 田中/Tanaka 渡辺/Watanabe 伊藤/Ito 山本/Yamamoto 中村/Nakamura "
        "小林/Kobayashi 加藤/Kato",
        "en",
    ),
    "ko": (
        3,
        "eastern",
        "민준/Minjun 서연/Seoyeon 지우/Jiwoo 현/Hyun 지수/Jisoo 도윤/Doyun 하윤/Hayoon 은지/Eunji 준호/Junho",
        "김/Kim 이/Lee 박/Park 최/Choi 정/Jung 강/Kang 조/Cho 윤/Yoon 장/Jang",
        "en",
    ),
    "ru": (
        5,
        "western",
        "Дмитрий/Dmitry Анна*/Anna Сергей/Sergey Ольга*/Olga Алексей/Alexei Наталья*/Natalia Иван/Ivan "
        "Елена*/Elena Михаил/Mikhail Татьяна*/Tatiana Андрей/Andrei Юлия*/Yulia",
        "Иванов/Ivanov Смирнов/Smirnov Кузнецов/Kuznetsov Попов/Popov Волков/Volkov Соколов/Sokolov "
        "Морозов/Morozov Петров/Petrov Лебедев/Lebedev Козлов/Kozlov",
        "ru",
    ),
    "uk": (
        2,
        "western",
        "Оксана/Oksana Тарас/Taras Ірина/Iryna Богдан/Bohdan Олена/Olena Микола/Mykola Андрій/Andriy",
        "Шевченко/Shevchenko Коваленко/Kovalenko Бондаренко/Bondarenko Ткаченко/Tkachenko Мельник/Melnyk "
        "Кравченко/Kravchenko",
        "ru",
    ),
    "ar": (
        5,
        "western",
        "أحمد/Ahmed فاطمة/Fatima محمد/Mohammed ليلى/Layla عمر/Omar عائشة/Aisha يوسف/Youssef مريم/Mariam "
        "خالد/Khaled نور/Nour حسن/Hassan سلمى/Salma",
        "حسن/Hassan علي/Ali حداد/Haddad منصور/Mansour خليل/Khalil ناصر/Nasser صالح/Saleh فاروق/Farouk",
        "en",
    ),
    "id": (
        4,
        "western",
        "Putri Budi Siti Agus Dewi Rizky Ayu Fajar Indah Wahyu",
        "Santoso Wijaya Pratama Saputra Hidayat Kurniawan Lestari Setiawan",
        "en",
    ),
    "sw": (
        2,
        "western",
        "Wanjiku Otieno Achieng Kamau Njeri Mwangi Akinyi Kiprop",
        "Odhiambo Mutua Kariuki Wambui Onyango Chebet Njoroge",
        "en",
    ),
}

VI_MIDDLE = ["Thị/thi", "Văn/van", "Minh/minh", "Ngọc/ngoc", "Đức/duc", "Thanh/thanh", "Quốc/quoc"]

CITIES = (
    "Lagos|Berlin|São Paulo|Hanoi|Manila|Nairobi|Toronto|Madrid|Lyon|Austin|Pune|Bengaluru|Seoul|Osaka|"
    "Kyiv|Almaty|Cairo|Dubai|Jakarta|Mexico City|Bogotá|Lisbon|Warsaw|Istanbul|Leeds|Melbourne|Chennai|"
    "Shenzhen|Taipei|Accra|Kraków|Porto|Denver|Dublin|Cape Town|Ho Chi Minh City|Casablanca"
).split("|")

ROLES = (
    "Product designer|Software engineer|Data analyst|Nurse|Teacher|Marketing manager|Student|"
    "Civil engineer|Accountant|Photographer|Chef|UX researcher|Backend developer|HR business partner|"
    "Sales lead|Architect|PhD candidate|Pharmacist|Journalist|Logistics coordinator|Frontend dev|"
    "Project manager|Mechanical engineer|Graphic designer|Physiotherapist|Lawyer|Researcher|Barista|"
    "Operations manager|Founder|Recruiter|Customer success|Electrician|Translator|Musician"
).split("|")

COMPANIES = (
    "Acme|Northwind|Globex|Initech|Umbrella Health|Blue Harbor|Kite Labs|Solaris|Pinecone Studio|"
    "Orbital|Riverbank|Cobalt|Helix Bio|Lumen Logistics|Mapleworks|Quanta|Verde Foods|Atlas Bank|"
    "Brightpath|Nimbus|the city council|a small agency|a local hospital|a startup|Fernhill School"
).split("|")

HOBBIES = (
    "running|climbing|coffee|photography|chess|cycling|baking|hiking|football|jazz|gardening|yoga|"
    "reading|board games|film|surfing|pottery|travel|sci-fi|cooking|birding|tennis|K-pop|anime|swimming"
).split("|")

EMOJI = "🌿 ✨ 🚀 📷 ☕ 🎧 🏃 🌍 💡 📚 🎨 ⚽ 🌸 🔥 🙌 😊 👋 🎉 💪 🌞".split()

LANG_BIOS: dict[str, list[str]] = {
    "es": [
        "Diseñadora en {company}",
        "Ingeniero de software · {city}",
        "Amante del {hobby}",
        "Madre, maestra",
    ],
    "pt": ["Engenheiro de software", "Designer em {city}", "Apaixonada por {hobby}", "Professor e pai"],
    "fr": ["Développeuse web à {city}", "Passionné de {hobby}", "Chef de projet chez {company}"],
    "de": ["Softwareentwicklerin in {city}", "Ingenieur bei {company}", "Liebt {hobby}"],
    "ru": ["Люблю путешествия", "Инженер, {city}", "Дизайнер интерфейсов", "Фотограф"],
    "zh": ["产品经理", "热爱生活", "工程师 @ {city}", "摄影爱好者"],
}
