"""A second labelled set for bench/language_detection.py, in another length and style than
bench/independent_texts.py: one-liners (an SMS-like line, a form's one sentence), longer
formal letters, greetings only, and Dutch mixed with Arabic. Written by the helper who
built the detector (issue 13 item 6), so it is not independent of it: the figures on
bench/independent_texts.py are the ones to trust, these show where the edges are.

Each entry: (language, topic or None, text). Greetings and mixed texts carry the language
a reader would answer in; the detector is expected to say "unknown" for most of them.
"""

ONE_LINERS = [
    ("nl", "status", "Is er al nieuws over mijn aanvraag?"),
    ("nl", "appointment", "Ik wil mijn afspraak afzeggen."),
    ("nl", "fees", "Waarom moet ik de leges nog een keer betalen?"),
    ("en", "status", "Any news on my application yet?"),
    ("en", "appointment", "I need to cancel my appointment."),
    ("en", "fees", "Why do I have to pay the fee again?"),
    ("ar", "status", "هل هناك أي جديد بخصوص طلبي؟"),
    ("ar", "appointment", "أريد إلغاء موعدي من فضلكم."),
    ("ar", "fees", "لماذا يجب أن أدفع الرسوم مرة أخرى؟"),
    ("fa", "status", "آیا خبری درباره درخواست من هست؟"),
    ("fa", "appointment", "می‌خواهم نوبتم را لغو کنم."),
    ("fa", "fees", "چرا باید دوباره هزینه را پرداخت کنم؟"),
    ("ti", "status", "ብዛዕባ ሕቶይ ሓድሽ ሓበሬታ ኣሎ ዶ?"),
    ("ti", "appointment", "ቆጸራይ ክሰርዞ እደሊ ኣለኹ።"),
    ("ti", "fees", "ስለምንታይ እየ ክፍሊት እንደገና ዝኸፍል?"),
    ("tr", "status", "Başvurumla ilgili bir haber var mı?"),
    ("tr", "appointment", "Randevumu iptal etmek istiyorum."),
    ("tr", "fees", "Harcı neden tekrar ödemem gerekiyor?"),
    ("uk", "status", "Чи є новини щодо моєї заяви?"),
    ("uk", "appointment", "Я хочу скасувати свій запис на прийом."),
    ("uk", "fees", "Чому я маю знову сплатити збір?"),
    ("ru", "status", "Есть ли новости по моему заявлению?"),
    ("ru", "appointment", "Я хочу отменить свою запись на приём."),
    ("ru", "fees", "Почему я должен снова оплатить сбор?"),
    ("so", "status", "Ma jiraan war ku saabsan codsigayga?"),
    ("so", "appointment", "Waxaan rabaa inaan kansalo ballantayda."),
    ("so", "fees", "Maxaan khidmadda mar kale u bixinayaa?"),
    ("fr", "status", "Y a-t-il du nouveau sur ma demande ?"),
    ("fr", "appointment", "Je voudrais annuler mon rendez-vous."),
    ("fr", "fees", "Pourquoi dois-je payer les frais une nouvelle fois ?"),
]

LETTERS = [
    (
        "nl",
        "naturalisation",
        "Geachte heer, mevrouw,\n\nIn maart heb ik het naturalisatieverzoek ingediend bij de gemeente. "
        "Mijn inburgeringsexamen heb ik vorig jaar gehaald. Kunt u mij laten weten wanneer de ceremonie zal zijn?\n\n"
        "Met vriendelijke groet,\nA. Haddad",
    ),
    (
        "en",
        "naturalisation",
        "Dear Sir or Madam,\n\nIn March I applied for naturalisation through my municipality. "
        "I passed the civic integration exam last year. Could you tell me when the citizenship ceremony will take place?\n\n"
        "Kind regards,\nA. Haddad",
    ),
    (
        "ar",
        "naturalisation",
        "السادة المحترمون،\n\nقدمت طلب التجنس عن طريق البلدية في شهر مارس. "
        "وقد نجحت في امتحان الاندماج في العام الماضي. هل يمكنكم إخباري متى سيكون حفل منح الجنسية؟\n\nمع التحية،\nأ. حداد",
    ),
    (
        "fa",
        "naturalisation",
        "با سلام و احترام،\n\nدر ماه مارس از طریق شهرداری درخواست تابعیت دادم. "
        "سال گذشته در امتحان ادغام قبول شدم. لطفاً به من اطلاع دهید مراسم اعطای تابعیت چه زمانی برگزار می‌شود.\n\n"
        "با احترام،\nا. حداد",
    ),
    (
        "ti",
        "naturalisation",
        "ክቡራት፣\n\nኣብ መጋቢት ብመገዲ ምምሕዳር ከተማ ሕቶ ዜግነት ኣቕሪበ ኣለኹ። "
        "ኣብ ዝሓለፈ ዓመት ፈተና ምውህሃድ ሓሊፈ እየ። ስነ-ስርዓት ዜግነት መዓስ ከም ዝኸውን ክትሕብሩኒ ትኽእሉ ዶ?\n\nምስ ሰላምታ፣\nኣ. ሓዳድ",
    ),
    (
        "tr",
        "naturalisation",
        "Sayın yetkili,\n\nMart ayında belediye aracılığıyla vatandaşlık başvurusu yaptım. "
        "Geçen yıl uyum sınavını geçtim. Vatandaşlık töreninin ne zaman olacağını bana bildirebilir misiniz?\n\n"
        "Saygılarımla,\nA. Haddad",
    ),
    (
        "uk",
        "naturalisation",
        "Шановні пані та панове!\n\nУ березні я подав заяву на набуття громадянства через муніципалітет. "
        "Минулого року я склав інтеграційний іспит. Чи можете ви повідомити, коли відбудеться церемонія?\n\n"
        "З повагою,\nА. Хаддад",
    ),
    (
        "ru",
        "naturalisation",
        "Уважаемые дамы и господа!\n\nВ марте я подал заявление на получение гражданства через муниципалитет. "
        "В прошлом году я сдал интеграционный экзамен. Не могли бы вы сообщить, когда состоится церемония?\n\n"
        "С уважением,\nА. Хаддад",
    ),
    (
        "so",
        "naturalisation",
        "Mudane/Marwo,\n\nBishii Maarso ayaan codsi jinsiyadda ku dalbaday dowladda hoose. "
        "Sannadkii hore waxaan ku guuleystay imtixaanka is-dhexgalka. Ma ii sheegi kartaan goorta xafladda jinsiyaddu dhici doonto?\n\n"
        "Mahadsanid,\nA. Xaddaad",
    ),
    (
        "fr",
        "naturalisation",
        "Madame, Monsieur,\n\nEn mars, j'ai déposé ma demande de naturalisation auprès de la mairie. "
        "J'ai réussi l'examen d'intégration l'année dernière. Pourriez-vous me dire quand aura lieu la cérémonie ?\n\n"
        "Cordialement,\nA. Haddad",
    ),
]

GREETINGS = [
    ("nl", None, "Goedemiddag"),
    ("en", None, "Hello, thanks"),
    ("ar", None, "السلام عليكم"),
    ("fa", None, "سلام، ممنون"),
    ("ti", None, "ሰላም የቐንየለይ"),
    ("tr", None, "Merhaba, teşekkürler"),
    ("uk", None, "Добрий день"),
    ("ru", None, "Добрый день"),
    ("so", None, "Iska warran, mahadsanid"),
    ("fr", None, "Bonjour, merci"),
]

# Dutch and Arabic in one text, as a client writes who mixes the service's words into
# their own language (or the other way round). Labelled with the language of most words.
MIXED = [
    ("nl", "document", "مرحبا، فقدت mijn verblijfsvergunning en ik weet niet wat ik moet doen. شكرا"),
    ("nl", "appointment", "Ik heb een afspraak op dinsdag maar أنا مريض ولا أستطيع الحضور"),
    ("ar", "status", "متى يصدر القرار بخصوص aanvraag verblijfsvergunning asiel بتاريخ"),
    ("nl", "status", "Hallo, ik wacht nog steeds op de beslissing. والدي مريض جدا، أرجو الإسراع"),
]

SETS = {"one_liners": ONE_LINERS, "letters": LETTERS, "greetings": GREETINGS, "mixed_nl_ar": MIXED}
