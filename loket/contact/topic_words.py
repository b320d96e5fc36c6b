"""Topic keywords in the client languages beyond Dutch, English and Arabic (those live in
``topics.KEYWORDS``): Persian, Tigrinya, Turkish, Ukrainian, Russian, Somali and French.

Pure data, written the way ``topics`` reads keywords (``word`` a token beginning with it,
``*word`` a token containing it, ``=word`` exactly that token, ``two words`` a phrase),
by weight. Tigrinya keywords are mostly ``*word``: prepositions join the word in front
(ብ-, ን-, ካብ-). Somali ``go'aan`` is split at the apostrophe like any token, so it is
written as the phrase ``go aan``. Written by the Loket developers, not reviewed by a
qualified translator; bench/language_detection.py measures them on texts written apart.
"""

#: topic -> language -> weight -> keywords
WORDS: dict[str, dict[str, dict[int, list[str]]]] = {
    "status": {
        "fa": {3: ["وضعیت", "پیگیری"], 2: ["منتظر", "انتظار", "تصمیم", "چقدر طول", "رسیدگی"], 1: ["هنوز", "درخواستم"]},
        "ti": {3: ["*ኩነታት"], 2: ["*ውሳነ", "*እጽበ", "*ምጽባይ", "*ተጸቢ"], 1: ["*መዓስ", "*መመልከቲ"]},
        "tr": {
            3: ["durum", "ne aşamada"],
            2: ["karar", "bekli", "ne zaman", "hâlâ", "işlem süresi"],
            1: ["başvuru", "gecik"],
        },
        "uk": {
            3: ["статус"],
            2: ["рішенн", "чекаю", "чекати", "очіку", "розгляд", "скільки часу"],
            1: ["коли", "заяв"],
        },
        "ru": {
            3: ["статус"],
            2: ["решени", "жду", "ожида", "рассмотрени", "сколько времени"],
            1: ["когда", "заявлени"],
        },
        "so": {
            3: ["xaalad"],
            2: ["go aan", "goaan", "sugay", "sugitaan", "muddo intee"],
            1: ["goorma", "codsi", "weli"],
        },
        "fr": {
            3: ["statut", "où en est", "avancement"],
            2: ["=attends", "attente", "décision", "combien de temps", "toujours pas"],
            1: ["délai", "=demande", "traitement"],
        },
    },
    "document": {
        "fa": {
            3: ["مدرک", "پاسپورت", "گذرنامه", "کارت"],
            2: ["گم شد", "گم کرد", "دزدید", "سرقت", "دریافت"],
            1: ["کپی", "اقامت"],
        },
        "ti": {3: ["*ሰነድ", "*ፓስፖርት", "*ካርድ", "*መንነት"], 2: ["*ጠፊኡ", "*ተሰሪቑ", "*ምውሳድ"], 1: ["*መንበሪ", "*ቅዳሕ"]},
        "tr": {
            3: ["belge", "pasaport", "kimlik", "kart"],
            2: ["kaybet", "kayıp", "çalındı", "teslim al", "ikamet"],
            1: ["kopya"],
        },
        "uk": {
            3: ["документ", "паспорт", "посвідк", "картк"],
            2: ["загуби", "втрати", "вкра", "отримати новий"],
            1: ["копі"],
        },
        "ru": {
            3: ["документ", "паспорт", "вид на жительство", "карт"],
            2: ["потерял", "потеря", "украл", "получить новый"],
            1: ["копи"],
        },
        "so": {
            3: ["dukumeenti", "baasaboor", "kaar"],
            2: ["lumay", "lumo", "la xaday", "qaado"],
            1: ["nuqul", "deganaansh"],
        },
        "fr": {
            3: ["passeport", "titre de séjour", "carte", "document"],
            2: ["perdu", "=volé", "récupérer", "retirer"],
            1: ["copie"],
        },
    },
    "family": {
        "fa": {3: ["خانواده", "الحاق", "همسر"], 2: ["فرزند", "بچه", "شوهر", "مادر", "پدر", "ازدواج", "پسر", "دختر"]},
        "ti": {3: ["*ስድራ", "*ምትእኽኻብ"], 2: ["*ሰበይተ", "*ሰብኣይ", "*ደቀይ", "*ቆልዓ", "=ኣደይ", "=ኣቦይ", "*መርዓ"]},
        "tr": {
            3: ["aile", "birleşim", "=eşim"],
            2: ["çocuk", "karım", "kocam", "anne", "baba", "evlen", "oğl", "=kızım"],
        },
        "uk": {
            3: ["родин", "возз"],
            2: ["=сім", "сімʼ", "дружин", "чолові", "=діти", "дитин", "мати", "батьк", "шлюб", "сина", "доньк"],
        },
        "ru": {
            3: ["семь", "воссоединени"],
            2: ["жена", "муж", "дети", "ребен", "мать", "отец", "родител", "брак", "сын", "дочь"],
        },
        "so": {
            3: ["qoys", "isu keen"],
            2: ["xaas", "carruur", "ilmah", "hooyo", "aabe", "=guur", "=guurka", "wiil", "gabadh"],
        },
        "fr": {
            3: ["famil", "regroupement"],
            2: ["femme", "=mari", "mariage", "enfant", "époux", "épouse", "=mère", "=père", "fils", "fille"],
        },
    },
    "address": {
        "fa": {3: ["آدرس", "نشانی", "نقل مکان"], 2: ["اسباب کشی", "خانه جدید", "کد پستی"], 1: ["خیابان"]},
        "ti": {3: ["*ኣድራሻ", "ገዛ ቀይረ"], 2: ["ሓድሽ ገዛ", "*ፖስታ"], 1: ["*ጎደና"]},
        "tr": {3: ["adres", "taşın"], 2: ["posta kodu", "yeni ev"], 1: ["sokak", "cadde"]},
        "uk": {3: ["адрес", "переїх"], 2: ["переїзд", "поштов"], 1: ["вулиц"]},
        "ru": {3: ["адрес", "переех"], 2: ["переезд", "почтов"], 1: ["улиц"]},
        "so": {3: ["cinwaan", "guuray"], 2: ["guuritaan", "guri cusub"], 1: ["waddo"]},
        "fr": {3: ["adresse", "déménag"], 2: ["code postal", "nouveau logement"], 1: ["=rue"]},
    },
    "appointment": {
        "fa": {3: ["وقت ملاقات", "قرار ملاقات", "نوبت"], 2: ["لغو", "تغییر وقت", "باجه", "انگشت نگاری"], 1: ["مراجعه"]},
        "ti": {3: ["*ቆጸራ"], 2: ["*ምስራዝ", "*ምቕያር", "*ኣጻብዕ"], 1: ["*ምምጻእ"]},
        "tr": {3: ["randevu"], 2: ["iptal", "ertele", "gişe", "biyometri"], 1: ["ziyaret"]},
        "uk": {3: ["зустріч", "прийом"], 2: ["запис", "скасув", "перенест", "віконц", "біометр"], 1: ["прийти"]},
        "ru": {3: ["встреч", "прием"], 2: ["запис", "отмен", "перенест", "окошк", "биометр"], 1: ["прийти"]},
        "so": {3: ["ballan"], 2: ["kansal", "dib u dhig", "farahaaga"], 1: ["booqasho", "beddel"]},
        "fr": {3: ["rendez vous"], 2: ["annuler", "=reporter", "guichet", "biométr"], 1: ["visite"]},
    },
    "naturalisation": {
        "fa": {4: ["تابعیت"], 3: ["شهروندی"], 2: ["ادغام", "مراسم"], 1: ["امتحان"]},
        "ti": {4: ["*ዜግነት"], 2: ["*ምውህሃድ"], 1: ["*ፈተና"]},
        "tr": {4: ["vatandaş"], 2: ["uyum", "tören"], 1: ["sınav"]},
        "uk": {4: ["громадянств", "натураліз"], 2: ["інтеграц", "церемон"], 1: ["іспит"]},
        "ru": {4: ["гражданств", "натурализ"], 2: ["интеграц", "церемони"], 1: ["экзамен"]},
        "so": {4: ["jinsiyad"], 3: ["muwaadin"], 2: ["dhalashada nederland"], 1: ["imtixaan"]},
        "fr": {4: ["naturalis"], 3: ["nationalité", "citoyenneté"], 2: ["=intégration", "cérémonie"], 1: ["examen"]},
    },
    "fees": {
        "fa": {3: ["هزینه", "پرداخت", "بازپرداخت", "عوارض"], 2: ["پول", "فاکتور", "حساب بانکی"], 1: ["یورو"]},
        "ti": {3: ["*ክፍሊት", "*ከፊለ"], 2: ["*ገንዘብ", "*ክፍሊተይ"], 1: ["*ባንክ", "*ዩሮ"]},
        "tr": {3: ["harç", "ücret", "iade"], 2: ["ödem", "ödedi", "fatura"], 1: ["banka", "=para"]},
        "uk": {
            3: ["=збір", "збор", "повернення коштів"],
            2: ["оплат", "сплат", "платіж", "рахун", "вартість"],
            1: ["євро", "гроші"],
        },
        "ru": {3: ["сбор", "возврат"], 2: ["оплат", "платеж", "=счет", "стоимост"], 1: ["евро", "деньг"]},
        "so": {3: ["khidmad", "lacag celin"], 2: ["lacag", "bixi", "qiimo"], 1: ["bangi", "yuuro"]},
        "fr": {3: ["frais", "rembours"], 2: ["paiement", "payer", "=payé", "facture", "coût"], 1: ["banque", "argent"]},
    },
}
