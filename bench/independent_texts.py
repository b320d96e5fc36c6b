"""What clients write, per topic, in the languages they write in (bench/independent_contacts.py).

Short and ordinary on purpose: the independent set tests linking and grouping, and gives
the language detection of issue 13 a labelled text per contact. Each text is (subject, body).
"""

TEXTS = {
    "status": {
        "nl": ("Hoe staat mijn aanvraag ervoor?", "Ik wacht al maanden op een beslissing. Wanneer hoor ik iets?"),
        "en": ("Status of my application", "I have been waiting for months for a decision. When will I hear from you?"),
        "ar": ("ما هو وضع طلبي؟", "أنتظر القرار منذ أشهر. متى سأحصل على رد؟"),
        "fa": ("وضعیت درخواست من چیست؟", "ماه‌هاست منتظر تصمیم هستم. کی جواب می‌گیرم؟"),
        "ti": ("ኩነታት ሕቶይ ከመይ ኣሎ?", "ንኣዋርሕ ውሳነ እጽበ ኣለኹ። መዓስ መልሲ ክረክብ እየ?"),
        "tr": ("Başvurumun durumu nedir?", "Aylardır bir karar bekliyorum. Ne zaman haber alacağım?"),
        "uk": ("Який статус моєї заяви?", "Я вже кілька місяців чекаю на рішення. Коли я отримаю відповідь?"),
        "ru": ("Каков статус моего заявления?", "Я уже несколько месяцев жду решения. Когда я получу ответ?"),
        "so": ("Xaaladda codsigayga maxay tahay?", "Bilo badan ayaan sugayay go'aan. Goorma ayaan jawaab helayaa?"),
        "fr": ("Où en est ma demande ?", "J'attends une décision depuis des mois. Quand aurai-je une réponse ?"),
    },
    "document": {
        "nl": (
            "Mijn verblijfspas is kwijt",
            "Ik ben mijn verblijfsdocument verloren. Hoe krijg ik een nieuw document?",
        ),
        "en": ("Lost residence card", "I lost my residence document. How do I get a new one?"),
        "ar": ("فقدت بطاقة الإقامة", "لقد فقدت وثيقة الإقامة الخاصة بي. كيف أحصل على وثيقة جديدة؟"),
        "fa": ("کارت اقامتم گم شده", "مدرک اقامتم را گم کرده‌ام. چطور می‌توانم مدرک جدید بگیرم؟"),
        "ti": ("ካርድ መንበሪየ ጠፊኡኒ", "ሰነድ መንበሪየ ጠፊኡኒ። ሓድሽ ሰነድ ብኸመይ ክረክብ እኽእል?"),
        "tr": ("Oturma kartımı kaybettim", "Oturma belgemi kaybettim. Yeni bir belgeyi nasıl alabilirim?"),
        "uk": ("Я загубив посвідку", "Я загубив документ про проживання. Як отримати новий?"),
        "ru": ("Я потерял вид на жительство", "Я потерял документ о проживании. Как получить новый?"),
        "so": (
            "Kaarkaygii deganaanshaha waa lumay",
            "Dukumeentigii deganaanshaha ayaa iga lumay. Sidee ku heli karaa mid cusub?",
        ),
        "fr": ("Titre de séjour perdu", "J'ai perdu mon titre de séjour. Comment obtenir un nouveau document ?"),
    },
    "family": {
        "nl": (
            "Gezinshereniging",
            "Mijn vrouw en kinderen zijn nog in het buitenland. Kunnen zij naar Nederland komen?",
        ),
        "en": ("Family reunification", "My wife and children are still abroad. Can they come to the Netherlands?"),
        "ar": ("لم شمل الأسرة", "زوجتي وأطفالي ما زالوا في الخارج. هل يمكنهم القدوم إلى هولندا؟"),
        "fa": ("الحاق خانواده", "همسر و فرزندانم هنوز در خارج هستند. آیا می‌توانند به هلند بیایند؟"),
        "ti": ("ምትእኽኻብ ስድራቤት", "ሰበይተይን ደቀይን ገና ኣብ ወጻኢ እዮም። ናብ ሆላንድ ክመጹ ይኽእሉ ዶ?"),
        "tr": ("Aile birleşimi", "Eşim ve çocuklarım hâlâ yurt dışında. Hollanda'ya gelebilirler mi?"),
        "uk": ("Возз'єднання сім'ї", "Моя дружина і діти ще за кордоном. Чи можуть вони приїхати до Нідерландів?"),
        "ru": ("Воссоединение семьи", "Моя жена и дети ещё за границей. Могут ли они приехать в Нидерланды?"),
        "so": ("Isu keenka qoyska", "Xaaskayga iyo carruurtaydu weli dibadda ayay joogaan. Ma iman karaan Nederland?"),
        "fr": (
            "Regroupement familial",
            "Ma femme et mes enfants sont encore à l'étranger. Peuvent-ils venir aux Pays-Bas ?",
        ),
    },
    "address": {
        "nl": ("Nieuw adres", "Ik ben verhuisd. Mijn nieuwe adres is Kerkstraat 12 in Utrecht."),
        "en": ("New address", "I have moved. My new address is Kerkstraat 12 in Utrecht."),
        "ar": ("عنوان جديد", "لقد انتقلت. عنواني الجديد هو Kerkstraat 12 في أوتريخت."),
        "fa": ("آدرس جدید", "من نقل مکان کرده‌ام. آدرس جدیدم Kerkstraat 12 در اوترخت است."),
        "ti": ("ሓድሽ ኣድራሻ", "ገዛ ቀይረ ኣለኹ። ሓድሽ ኣድራሻይ Kerkstraat 12 ኣብ ኡትረኽት እዩ።"),
        "tr": ("Yeni adres", "Taşındım. Yeni adresim Utrecht'te Kerkstraat 12."),
        "uk": ("Нова адреса", "Я переїхав. Моя нова адреса: Kerkstraat 12, Утрехт."),
        "ru": ("Новый адрес", "Я переехал. Мой новый адрес: Kerkstraat 12, Утрехт."),
        "so": ("Cinwaan cusub", "Waan guuray. Cinwaankayga cusub waa Kerkstraat 12 ee Utrecht."),
        "fr": ("Nouvelle adresse", "J'ai déménagé. Ma nouvelle adresse est Kerkstraat 12 à Utrecht."),
    },
    "appointment": {
        "nl": ("Afspraak verzetten", "Ik kan niet komen op mijn afspraak aan de balie. Kan ik een andere dag kiezen?"),
        "en": ("Change my appointment", "I cannot come to my appointment at the counter. Can I choose another day?"),
        "ar": ("تغيير الموعد", "لا أستطيع الحضور إلى موعدي في المكتب. هل يمكنني اختيار يوم آخر؟"),
        "fa": ("تغییر وقت ملاقات", "نمی‌توانم سر وقت ملاقاتم در باجه بیایم. می‌توانم روز دیگری انتخاب کنم؟"),
        "ti": ("ቆጸራ ምቕያር", "ናብ ቆጸራይ ክመጽእ ኣይክእልን እየ። ካልእ መዓልቲ ክመርጽ ይኽእል ዶ?"),
        "tr": ("Randevumu değiştirmek", "Gişedeki randevuma gelemiyorum. Başka bir gün seçebilir miyim?"),
        "uk": ("Перенести зустріч", "Я не можу прийти на свій запис. Чи можу я вибрати інший день?"),
        "ru": ("Перенести встречу", "Я не могу прийти на свою запись. Могу ли я выбрать другой день?"),
        "so": ("Beddel ballanta", "Ma iman karo ballantayda. Ma dooran karaa maalin kale?"),
        "fr": (
            "Changer mon rendez-vous",
            "Je ne peux pas venir à mon rendez-vous au guichet. Puis-je choisir un autre jour ?",
        ),
    },
    "fees": {
        "nl": ("Leges betalen", "Ik heb de leges betaald maar ik zie dat nog niet. Is mijn betaling binnen?"),
        "en": ("Paying the fee", "I paid the fee but it does not show yet. Did you receive my payment?"),
        "ar": ("دفع الرسوم", "لقد دفعت الرسوم لكنها لا تظهر بعد. هل استلمتم دفعتي؟"),
        "fa": ("پرداخت هزینه", "هزینه را پرداخت کردم ولی هنوز نشان داده نمی‌شود. آیا پرداختم رسیده است؟"),
        "ti": ("ክፍሊት", "ክፍሊት ከፊለ ግን ገና ኣይረኣየን። ክፍሊተይ በጺሑኩም ዶ?"),
        "tr": ("Harç ödemesi", "Harcı ödedim ama henüz görünmüyor. Ödemem ulaştı mı?"),
        "uk": ("Оплата збору", "Я сплатив збір, але він ще не відображається. Чи надійшов мій платіж?"),
        "ru": ("Оплата сбора", "Я оплатил сбор, но он ещё не отображается. Мой платёж получен?"),
        "so": ("Bixinta khidmadda", "Waan bixiyay khidmadda laakiin weli lama arko. Lacagtaydu ma timid?"),
        "fr": (
            "Paiement des frais",
            "J'ai payé les frais mais ce n'est pas encore visible. Avez-vous reçu mon paiement ?",
        ),
    },
}
FOLLOW_UP = {
    "nl": "Ik heb nog geen antwoord gekregen op mijn vorige bericht.",
    "en": "I have not yet had an answer to my previous message.",
    "ar": "لم أتلق ردًا على رسالتي السابقة بعد.",
    "fa": "هنوز پاسخی به پیام قبلی‌ام نگرفته‌ام.",
    "ti": "ንዝሓለፈ መልእኽተይ ገና መልሲ ኣይረኸብኩን።",
    "tr": "Önceki mesajıma henüz bir cevap almadım.",
    "uk": "Я ще не отримав відповіді на своє попереднє повідомлення.",
    "ru": "Я ещё не получил ответа на своё предыдущее сообщение.",
    "so": "Weli jawaab kama helin fariintaydii hore.",
    "fr": "Je n'ai pas encore reçu de réponse à mon message précédent.",
}
LAWYER = ("Namens mijn cliënt", "Namens mijn cliënt %s vraag ik u om informatie over de zaak.")
