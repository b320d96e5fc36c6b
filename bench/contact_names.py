"""Name pools for the synthetic contact data (bench/contact_data.py).

Each entry is one name as people write it: the original script first when it is not Latin,
then the Latin transliterations seen on forms, most usual first. Pools are per origin with
the nationalities that use them; weights make a few names very common, as in life.
"""

from functools import cache

ORIGINS = {
    # origin: (nationalities, phone country codes, has an original script?)
    "arab": (["SY", "IQ", "SD", "YE", "LY", "MA"], ["+963", "+964", "+249"]),
    "persian": (["AF", "IR"], ["+93", "+98"]),
    "turkish": (["TR"], ["+90"]),
    "horn": (["ER", "ET"], ["+291", "+251"]),
    "somali": (["SO"], ["+252"]),
    "slavic": (["UA", "RU"], ["+380"]),
    "south_asian": (["IN", "PK"], ["+91"]),
    "chinese": (["CN"], ["+86"]),
    "latin": (["BR", "CO"], ["+55"]),
}
ORIGIN_WEIGHTS = {
    "arab": 34,
    "persian": 14,
    "turkish": 10,
    "horn": 12,
    "somali": 5,
    "slavic": 11,
    "south_asian": 7,
    "chinese": 3,
    "latin": 4,
}

_FIRST = {
    "arab": """
محمد|Mohammed|Muhammad|Mohamad|Mohamed|Mohammad|Muhammed
أحمد|Ahmed|Ahmad|Achmed
علي|Ali|Aly
عمر|Omar|Umar|Omer
خالد|Khaled|Khalid|Chaled
يوسف|Youssef|Yusuf|Yousef|Joesoef
إبراهيم|Ibrahim|Ebrahim|Brahim
عبد الرحمن|Abdulrahman|Abdelrahman|Abd al-Rahman|Abdurrahman
عبد الله|Abdullah|Abdallah|Abdulla
حسين|Hussein|Hussain|Husein|Hosein
حسن|Hassan|Hasan
مصطفى|Mustafa|Moustafa|Mostafa
محمود|Mahmoud|Mahmud|Mahmood
سامي|Sami|Samy
جمال|Jamal|Gamal|Djamal
طارق|Tareq|Tarek|Tariq
وليد|Walid|Waleed
فاطمة|Fatima|Fatma|Fatimah|Fatemah
عائشة|Aisha|Aicha|Ayesha
مريم|Maryam|Mariam|Meryem
زينب|Zainab|Zeinab|Zaynab
نور|Nour|Noor|Nur
ليلى|Layla|Leila|Laila
سارة|Sara|Sarah
رنا|Rana
هبة|Heba|Hiba
ياسمين|Yasmin|Yasmine|Jasmin
""",
    "persian": """
محمد|Mohammad|Mohammed|Muhammad
علی|Ali|Aly
رضا|Reza|Rida
حسین|Hossein|Hussein|Husain
احمد|Ahmad|Ahmed
مهدی|Mehdi|Mahdi
زهرا|Zahra|Zahrah
فاطمه|Fatemeh|Fatima|Fatemah
مریم|Maryam|Mariam
سمیرا|Samira|Sameera
""",
    "turkish": """
Mehmet|Mehmed
Mustafa
Ahmet|Ahmed
Emre
Hüseyin|Huseyin|Husein
Ayşe|Ayse|Aysche
Fatma|Fadma
Zeynep|Zeinep
Elif
Murat|Mourat
""",
    "horn": """
Tesfaye|Tesfay
Yohannes|Yonas|Johannes
Mehari|Meharie
Filmon|Philmon
Dawit|Dawid
Semhar|Semhare
Senait|Senayt|Sennait
Helen|Hellen
Selam|Selamawit
Mulu|Mulugeta
""",
    "somali": """
Abdi|Abdie
Abdullahi|Abdilahi
Hodan|Hoodan
Faadumo|Fadumo|Fatuma
Ayaan|Ayan
Hamza|Hamsa
""",
    "slavic": """
Олександр|Oleksandr|Aleksandr|Oleksander|Alexander
Наталія|Nataliia|Natalia|Nataliya
Андрій|Andrii|Andriy|Andrey
Олена|Olena|Elena|Olena
Сергій|Serhii|Sergiy|Sergey
Юлія|Yuliia|Yulia|Julia
Дмитро|Dmytro|Dmitro|Dmitry
Ірина|Iryna|Irina
""",
    "south_asian": """
Rahul
Priya|Priyah
Amit
Sanjay|Sanjai
Anjali|Anjalie
Imran|Emran
Ayesha|Aisha
""",
    "chinese": """
Wei
Fang
Li Na|Lina
Jun
""",
    "latin": """
João|Joao
Maria
Ana|Anna
Carlos
Juan
""",
}

_FAMILY = {
    "arab": """
الحسن|Al-Hassan|Al Hasan|Alhassan|El-Hassan|Hassan
العلي|Al-Ali|Al Ali|Alali|El Ali
الأحمد|Al-Ahmad|Al Ahmed|Alahmad|Ahmad
حسين|Hussein|Hussain|Husein
إبراهيم|Ibrahim|Ebrahim
الخطيب|Al-Khatib|El Khatib|Alkhatib|Khatib
القاسم|Al-Qasim|Al Kassem|Alqasim|Qasim|Kassem
منصور|Mansour|Mansur|Mansoor
عثمان|Othman|Osman|Uthman
الشامي|Al-Shami|Al Chami|Alshami|Shami
يوسف|Youssef|Yusuf|Yousef
الجبوري|Al-Jubouri|Al Jabouri|Aljubori|Jubouri
عبد الله|Abdullah|Abdallah|Abdulla
صالح|Saleh|Salih|Salah
الزين|Al-Zein|Al Zain|Elzein|Zein
حداد|Haddad|Hadad
نصر|Nasr|Nasser|Naser
""",
    "persian": """
حسینی|Hosseini|Husseini|Hoseini
احمدی|Ahmadi|Ahmady
رحیمی|Rahimi|Rahimy
کریمی|Karimi|Kareemi
محمدی|Mohammadi|Mohamadi|Muhammadi
رضایی|Rezaei|Rezaie|Rezai
نوری|Noori|Nouri|Nuri
حیدری|Haidari|Heydari|Hadari
""",
    "turkish": """
Yılmaz|Yilmaz|Jilmaz
Kaya
Demir
Çelik|Celik|Tschelik
Şahin|Sahin
Yıldız|Yildiz
Aydın|Aydin
Öztürk|Ozturk|Oeztuerk
""",
    "horn": """
Gebremedhin|Ghebremedhin|Gebremedin
Tesfamariam|Tesfamaryam
Haile|Hailé
Berhane|Berhe|Berhan
Kidane|Kidan
Tekle|Teklay|Teklai
Gebreyesus|Ghebreyesus
Woldemariam|Weldemariam
""",
    "somali": """
Mohamed|Mohammed
Ahmed|Axmed
Hassan|Xasan
Ali|Cali
Warsame|Warsama
""",
    "slavic": """
Коваленко|Kovalenko|Kowalenko
Шевченко|Shevchenko|Sjevtsjenko|Schewtschenko
Бондаренко|Bondarenko
Ткаченко|Tkachenko|Tkatsjenko
Мельник|Melnyk|Melnik
Бойко|Boiko|Boyko
""",
    "south_asian": """
Sharma|Sharmah
Patel|Patell
Khan|Kahn
Singh
Kumar|Coomar
""",
    "chinese": """
Wang
Li|Lee
Zhang|Chang
Chen|Chan
""",
    "latin": """
Silva|da Silva
Santos|dos Santos
Oliveira|de Oliveira
Rodríguez|Rodriguez
""",
}


def _parse(block: str) -> list[list[str]]:
    return [line.split("|") for line in block.strip().splitlines() if line.strip()]


FIRST_NAMES = {origin: _parse(block) for origin, block in _FIRST.items()}
FAMILY_NAMES = {origin: _parse(block) for origin, block in _FAMILY.items()}
#: Origins whose names are written family name first on some forms (and always in Chinese).
FAMILY_FIRST = {"chinese"}


@cache
def is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 for ch in text)
