"""Name elements of the independent evaluation set (``gen_eval.py``).

Written for this set, not taken from ``haven.matching.names`` nor from
``gen_register.py``.  Compiled by hand after:

* Iran: the National Organization for Civil Registration's yearly lists of the
  commonest given names (as reported in the Iranian press), and Wikipedia's
  "Persian name" and "List of most common surnames in Asia" (Iran section);
* Afghanistan: Wikipedia's "Afghan name" and "Pashtun tribes" (the -zai tribal
  names used as surnames);
* Iraq and Syria: Wikipedia's "Arabic name" and "List of Arabic given names", the
  Iraqi tribal surnames (al-Jubouri, al-Dulaimi, ...) and Levantine family names;
* Albania and Kosovo: INSTAT's "most used names" releases and Wikipedia's
  "Albanian name";
* places: each country's largest cities, with exonyms (Aleppo, Damas, Pristina).

Each element is ``(script, notation)``.  ``script`` is the name as written in
Persian or Arabic script (Albanian names: their Latin spelling, with ë and ç);
``notation`` is its pronunciation in a small phonemic alphabet from which
``evalset_romanise`` writes the romanisations: lower-case a e o i u are short
vowels, A I U long ones, ``'`` an ʿayn or hamza, kh gh sh zh ch th dh digraphs, q
the qaf, Z and D the emphatic ظ and ض, a doubled consonant a shadda, and ``al-``
the Arabic article.  Lists run from common to rare (the generator draws them
with Zipf weights).  They are *elements*: the generator combines them at random,
so no real person's full name is meant.
"""

from __future__ import annotations

Element = tuple[str, str]

# ----------------------------------------------------------------- Iran (Persian)

FA_MALE: tuple[Element, ...] = (
    ("محمد", "mohammad"), ("علی", "'alI"), ("حسین", "hoseyn"), ("رضا", "rezA"),
    ("مهدی", "mahdI"), ("حسن", "hasan"), ("احمد", "ahmad"), ("امیر", "amIr"),
    ("عباس", "'abbAs"), ("جواد", "javAd"), ("مجید", "majId"), ("سعید", "sa'Id"),
    ("حمید", "hamId"), ("محمود", "mahmUd"), ("مرتضی", "mortezA"), ("مصطفی", "mostafA"),
    ("مسعود", "mas'Ud"), ("هادی", "hAdI"), ("وحید", "vahId"), ("بهروز", "behrUz"),
    ("فرهاد", "farhAd"), ("کوروش", "kUrosh"), ("داریوش", "dAryUsh"), ("بابک", "bAbak"),
    ("آرش", "Arash"), ("امید", "omId"), ("نوید", "navId"), ("سینا", "sInA"),
    ("پویا", "pUyA"), ("کاوه", "kAve"), ("سیامک", "siyAmak"), ("بیژن", "bIzhan"),
    ("جمشید", "jamshId"), ("فریدون", "fereydUn"), ("هوشنگ", "hUshang"), ("پرویز", "parvIz"),
    ("نادر", "nAder"), ("ابوالفضل", "abolfazl"), ("عبدالله", "'abdollAh"),
    ("اسماعیل", "esmA'Il"), ("ابراهیم", "ebrAhIm"), ("یعقوب", "ya'qUb"), ("یوسف", "yUsef"),
    ("قاسم", "qAsem"), ("کاظم", "kAzem"), ("جعفر", "ja'far"), ("صادق", "sAdeq"),
    ("تقی", "taqI"), ("مجتبی", "mojtabA"), ("روح‌الله", "rUhollAh"), ("نصرالله", "nasrollAh"),
    ("حشمت", "heshmat"), ("اسکندر", "eskandar"), ("خسرو", "khosrow"), ("کریم", "karIm"),
    ("رحیم", "rahIm"), ("مهرداد", "mehrdAd"), ("شهرام", "shahrAm"), ("کیوان", "keyvAn"),
    ("پیمان", "peymAn"), ("رامین", "rAmIn"), ("افشین", "afshIn"), ("حامد", "hAmed"),
    ("سجاد", "sajjAd"), ("میلاد", "mIlAd"), ("احسان", "ehsAn"), ("عرفان", "'erfAn"),
    ("امین", "amIn"), ("یاسر", "yAser"), ("محسن", "mohsen"), ("حجت", "hojjat"),
    ("ناصر", "nAser"), ("منوچهر", "manUchehr"), ("سهراب", "sohrAb"), ("رستم", "rostam"),
    ("عزیز", "'azIz"), ("نقی", "naqI"), ("غفور", "ghafUr"), ("بهمن", "bahman"),
)  # fmt: skip
FA_FEMALE: tuple[Element, ...] = (
    ("فاطمه", "fAteme"), ("زهرا", "zahrA"), ("مریم", "maryam"), ("معصومه", "ma'sUme"),
    ("زینب", "zeynab"), ("سکینه", "sakIne"), ("رقیه", "roqayye"), ("محبوبه", "mahbUbe"),
    ("نرگس", "narges"), ("لیلا", "leylA"), ("سمیه", "somayye"), ("طاهره", "tAhere"),
    ("مرضیه", "marziye"), ("اعظم", "a'zam"), ("اشرف", "ashraf"), ("شهلا", "shahlA"),
    ("پروین", "parvIn"), ("مهین", "mahIn"), ("سیمین", "sImIn"), ("شیرین", "shIrIn"),
    ("مینا", "mInA"), ("نازنین", "nAzanIn"), ("نیلوفر", "nIlUfar"), ("پریسا", "parIsA"),
    ("نگار", "negAr"), ("سارا", "sArA"), ("الهام", "elhAm"), ("سمانه", "samAne"),
    ("هانیه", "hAniye"), ("ستاره", "setAre"), ("گلنار", "golnAr"), ("میترا", "mitrA"),
    ("آزاده", "AzAde"), ("فریده", "farIde"), ("فائزه", "fA'eze"), ("عاطفه", "'Atefe"),
    ("بهناز", "behnAz"), ("رویا", "royA"), ("شیوا", "shIvA"), ("لادن", "lAdan"),
    ("پگاه", "pegAh"), ("یاسمن", "yAsaman"), ("کیمیا", "kImiyA"), ("هستی", "hastI"),
    ("غزل", "ghazal"), ("مهسا", "mahsA"), ("نسیم", "nasIm"), ("سپیده", "sepIde"),
    ("بهاره", "bahAre"), ("فروغ", "forUgh"), ("هما", "homA"), ("پری", "parI"),
    ("سهیلا", "soheylA"), ("توران", "tUrAn"), ("خدیجه", "khadIje"), ("ربابه", "robAbe"),
    ("طیبه", "tayyebe"), ("ژاله", "zhAle"), ("منیره", "monIre"), ("اکرم", "akram"),
    ("فرشته", "fereshte"),
)  # fmt: skip
FA_FAMILY: tuple[Element, ...] = (
    ("محمدی", "mohammadI"), ("حسینی", "hoseynI"), ("احمدی", "ahmadI"), ("رضایی", "rezA'I"),
    ("مرادی", "morAdI"), ("کریمی", "karImI"), ("جعفری", "ja'farI"), ("رحیمی", "rahImI"),
    ("حیدری", "heydarI"), ("موسوی", "mUsavI"), ("هاشمی", "hAshemI"), ("صادقی", "sAdeqI"),
    ("قاسمی", "qAsemI"), ("کاظمی", "kAzemI"), ("رستمی", "rostamI"), ("عزیزی", "'azIzI"),
    ("اکبری", "akbarI"), ("نجفی", "najafI"), ("اسدی", "asadI"), ("ابراهیمی", "ebrAhImI"),
    ("صالحی", "sAlehI"), ("نظری", "nazarI"), ("طاهری", "tAherI"), ("امیری", "amIrI"),
    ("باقری", "bAqerI"), ("جلالی", "jalAlI"), ("حسین‌زاده", "hoseynzAde"),
    ("میرحسینی", "mIrhoseynI"), ("حسین‌پور", "hoseynpUr"), ("علیزاده", "'alIzAde"),
    ("حسن‌زاده", "hasanzAde"), ("رحمانی", "rahmAnI"), ("زارع", "zAre'"), ("عباسی", "'abbAsI"),
    ("سلطانی", "soltAnI"), ("قربانی", "qorbAnI"), ("یزدانی", "yazdAnI"), ("شیرازی", "shIrAzI"),
    ("تهرانی", "tehrAnI"), ("اصفهانی", "esfahAnI"), ("تبریزی", "tabrIzI"),
    ("خراسانی", "khorAsAnI"), ("کرمانی", "kermAnI"), ("نوری", "nUrI"), ("صفری", "safarI"),
    ("فراهانی", "farAhAnI"), ("محمودی", "mahmUdI"), ("کیانی", "kiyAnI"), ("داوودی", "dAvUdI"),
    ("اسکندری", "eskandarI"), ("وحیدی", "vahIdI"), ("بهزادی", "behzAdI"), ("شکری", "shokrI"),
    ("منصوری", "mansUrI"), ("فرجی", "farajI"), ("انصاری", "ansArI"), ("خلیلی", "khalIlI"),
    ("شریفی", "sharIfI"), ("صابری", "sAberI"), ("بهرامی", "bahrAmI"), ("غلامی", "gholAmI"),
    ("زمانی", "zamAnI"), ("فلاح", "fallAh"), ("فتحی", "fathI"), ("پورمحمدی", "pUrmohammadI"),
    ("محمدپور", "mohammadpUr"), ("محمدزاده", "mohammadzAde"), ("آقایی", "AqA'I"),
    ("نیک‌پور", "nIkpUr"), ("جهانگیری", "jahAngIrI"), ("شهبازی", "shahbAzI"),
    ("فرهادی", "farhAdI"), ("سهرابی", "sohrAbI"), ("فیروزی", "fIrUzI"), ("جمشیدی", "jamshIdI"),
    ("توکلی", "tavakkolI"), ("اسماعیلی", "esmA'IlI"), ("خادمی", "khAdemI"),
    ("میرزایی", "mIrzA'I"), ("نصیری", "nasIrI"), ("طالبی", "tAlebI"), ("عسکری", "'askarI"),
    ("طهماسبی", "tahmAsbI"), ("رمضانی", "ramezAnI"), ("دهقان", "dehqAn"), ("حمیدی", "hamIdI"),
    ("علوی", "'alavI"), ("کمالی", "kamAlI"), ("شجاعی", "shojA'I"), ("رضازاده", "rezAzAde"),
    ("رضاپور", "rezApUr"), ("احمدزاده", "ahmadzAde"), ("احمدپور", "ahmadpUr"),
    ("میراحمدی", "mIrahmadI"), ("هاشم‌زاده", "hAshemzAde"), ("میرهاشمی", "mIrhAshemI"),
    ("کریم‌زاده", "karImzAde"), ("کریم‌پور", "karImpUr"), ("علی‌پور", "'alIpUr"),
    ("قلی‌زاده", "qolIzAde"), ("محمدنژاد", "mohammadnezhAd"), ("رضانژاد", "rezAnezhAd"),
    ("حسین‌خانی", "hoseynkhAnI"), ("قاسم‌پور", "qAsempUr"), ("جعفرزاده", "ja'farzAde"),
)  # fmt: skip
# compound given names (notations of two elements), written joined in Persian
# (محمدرضا) or apart; parts not in the lists above are in COMPOUND_PARTS
FA_COMPOUND_MALE: tuple[tuple[str, str], ...] = (
    ("mohammad", "rezA"), ("mohammad", "'alI"), ("'alI", "rezA"), ("amIr", "hoseyn"),
    ("mohammad", "hoseyn"), ("mohammad", "javAd"), ("mohammad", "mahdI"), ("amIr", "'alI"),
    ("mohammad", "amIn"), ("gholAm", "rezA"), ("gholAm", "hoseyn"), ("mohammad", "sAdeq"),
)  # fmt: skip
FA_COMPOUND_FEMALE: tuple[tuple[str, str], ...] = (("fAteme", "zahrA"), ("maryam", "sAdAt"))
FA_PLACES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("تهران", "tehrAn", ("Teheran",)), ("مشهد", "mashhad", ()), ("اصفهان", "esfahAn", ("Isfahan", "Ispahan")),
    ("تبریز", "tabrIz", ()), ("شیراز", "shIrAz", ()), ("کرج", "karaj", ()), ("اهواز", "ahvAz", ("Ahwaz",)),
    ("قم", "qom", ("Ghom",)), ("کرمانشاه", "kermAnshAh", ("Bakhtaran",)), ("ارومیه", "orUmiye", ("Urmia", "Orumieh")),
    ("رشت", "rasht", ()), ("زاهدان", "zAhedAn", ()), ("کرمان", "kermAn", ()), ("همدان", "hamadAn", ("Hamedan",)),
    ("یزد", "yazd", ()), ("اردبیل", "ardabIl", ()), ("اراک", "arAk", ()), ("زنجان", "zanjAn", ()),
    ("سنندج", "sanandaj", ()), ("قزوین", "qazvIn", ("Kazvin",)), ("گرگان", "gorgAn", ()),
    ("ساری", "sArI", ()), ("کاشان", "kAshAn", ()), ("دزفول", "dezfUl", ()), ("بوشهر", "bUshehr", ()),
    ("بیرجند", "bIrjand", ()), ("سبزوار", "sabzevAr", ()), ("نیشابور", "neyshAbUr", ("Nishapur",)),
)  # fmt: skip

# ----------------------------------------------------------------- Afghanistan (Dari)

PRS_MALE: tuple[Element, ...] = (
    ("محمد", "muhammad"), ("احمد", "ahmad"), ("گل", "gul"), ("نبی", "nabI"),
    ("وحید", "wahId"), ("سخی", "sakhI"), ("ناصر", "nAsir"), ("زلمی", "zalmay"),
    ("میرویس", "mIrways"), ("حبیب", "habIb"), ("نجیب", "najIb"), ("رحمت", "rahmat"),
    ("نور", "nUr"), ("اجمل", "ajmal"), ("اسد", "asad"), ("بشیر", "bashIr"),
    ("داوود", "dAwUd"), ("فواد", "fawAd"), ("جاوید", "jAwed"), ("خلیل", "khalIl"),
    ("لطیف", "latIf"), ("مجیب", "mujIb"), ("نذیر", "nazIr"), ("قدیر", "qadIr"),
    ("رفیق", "rafIq"), ("شفیق", "shafIq"), ("وزیر", "wazIr"), ("یاسین", "yAsIn"),
    ("ذبیح‌الله", "zabIhullAh"), ("حکمت‌الله", "hikmatullAh"), ("شیر", "sher"),
    ("عبدالواحد", "'abdulwAhid"), ("عبدالرحیم", "'abdurrahIm"), ("غلام", "ghulAm"),
    ("سخی‌داد", "sakhIdAd"), ("عزیز", "'azIz"), ("کریم", "karIm"), ("علی", "'alI"),
    ("حسین", "husayn"), ("جمعه", "juma"), ("عصمت‌الله", "'ismatullAh"), ("فرید", "farId"),
)  # fmt: skip
PRS_FEMALE: tuple[Element, ...] = (
    ("زرمینه", "zarmIna"), ("گلالی", "gulAlay"), ("ملالی", "malAlay"), ("فرشته", "fereshta"),
    ("شبانه", "shabAna"), ("نظیفه", "nazIfa"), ("حمیده", "hamIda"), ("وحیده", "wahIda"),
    ("مرسل", "mursal"), ("پروانه", "parwAna"), ("نرگس", "nargis"), ("مرضیه", "marziya"),
    ("شکریه", "shukriya"), ("ثریا", "surayyA"), ("فرزانه", "farzAna"), ("مسعوده", "mas'Uda"),
    ("لیلا", "laylA"), ("صدف", "sadaf"), ("تمنا", "tamannA"), ("مه‌جبین", "mahjabIn"),
    ("فاطمه", "fAtima"), ("زینب", "zaynab"), ("خدیجه", "khadIja"), ("گلثوم", "gulsUm"),
    ("نادیه", "nAdiya"), ("شیما", "shaymA"), ("روشن", "roshan"), ("زهره", "zuhra"),
)  # fmt: skip
PRS_FAMILY: tuple[Element, ...] = (
    ("احمدزی", "ahmadzay"), ("پوپلزی", "popalzay"), ("بارکزی", "bArakzay"), ("نورزی", "nUrzay"),
    ("ستانکزی", "stAnakzay"), ("یوسفزی", "yUsufzay"), ("سادات", "sAdAt"), ("هاشمی", "hAshimI"),
    ("رحیمی", "rahImI"), ("کریمی", "karImI"), ("نظری", "nazarI"), ("سلطانی", "sultAnI"),
    ("محمدی", "muhammadI"), ("حیدری", "haydarI"), ("صافی", "sAfI"), ("وردک", "wardak"),
    ("غنی", "ghanI"), ("امیری", "amIrI"), ("قادری", "qAdirI"), ("نوری", "nUrI"),
    ("رسولی", "rasUlI"), ("پوپل", "popal"), ("صمدی", "samadI"), ("حکیمی", "hakImI"),
    ("عظیمی", "'azImI"), ("فیضی", "fayzI"), ("حبیبی", "habIbI"), ("جلالی", "jalAlI"),
    ("کوهستانی", "kohistAnI"), ("پنجشیری", "panjshIrI"), ("زدران", "zadrAn"), ("منگل", "mangal"),
    ("شینواری", "shInwArI"), ("شیرزاد", "sherzAd"), ("عثمانی", "'usmAnI"), ("فقیری", "faqIrI"),
)  # fmt: skip
PRS_COMPOUND_MALE: tuple[tuple[str, str], ...] = (
    ("ahmad", "shAh"), ("gul", "ahmad"), ("muhammad", "nabI"), ("nUr", "muhammad"),
    ("ghulAm", "sakhI"), ("muhammad", "'alI"), ("sher", "ahmad"), ("khAn", "muhammad"),
)  # fmt: skip
PRS_PLACES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("کابل", "kAbul", ("Caboul",)), ("هرات", "herAt", ()), ("مزار شریف", "mazAr-i sharIf", ("Mazar",)),
    ("قندهار", "qandahAr", ("Kandahar",)), ("جلال‌آباد", "jalAlAbAd", ()), ("کندز", "kunduz", ("Kondoz",)),
    ("غزنی", "ghaznI", ()), ("بامیان", "bAmiyAn", ()), ("بلخ", "balkh", ()), ("پروان", "parwAn", ()),
    ("فراه", "farAh", ()), ("هلمند", "helmand", ()), ("بدخشان", "badakhshAn", ()), ("لوگر", "lowgar", ()),
    ("خوست", "khost", ()), ("پکتیا", "paktiyA", ()),
)  # fmt: skip

# ----------------------------------------------------------------- Iraq and Syria (Arabic)

AR_MALE: tuple[Element, ...] = (
    ("محمد", "muhammad"), ("أحمد", "ahmad"), ("علي", "'alI"), ("حسين", "husayn"),
    ("حسن", "hasan"), ("عمر", "'umar"), ("خالد", "khAlid"), ("محمود", "mahmUd"),
    ("مصطفى", "mustafA"), ("يوسف", "yUsuf"), ("إبراهيم", "ibrAhIm"), ("عبدالله", "'abdullAh"),
    ("عبد الرحمن", "'abd al-rahmAn"), ("عبد الكريم", "'abd al-karIm"), ("عبد العزيز", "'abd al-'azIz"),
    ("عبد القادر", "'abd al-qAdir"), ("عبد السلام", "'abd al-salAm"), ("حيدر", "haydar"),
    ("كاظم", "kAZim"), ("جاسم", "jAsim"), ("قاسم", "qAsim"), ("سليم", "salIm"),
    ("وليد", "walId"), ("سمير", "samIr"), ("بسام", "bassAm"), ("طارق", "tAriq"),
    ("زياد", "ziyAd"), ("فراس", "firAs"), ("مهند", "muhannad"), ("أنس", "anas"),
    ("أسامة", "usAma"), ("سعد", "sa'd"), ("فيصل", "faysal"), ("نزار", "nizAr"),
    ("هاشم", "hAshim"), ("جمال", "jamAl"), ("رياض", "riyAD"), ("عماد", "'imAd"),
    ("نبيل", "nabIl"), ("حازم", "hAzim"), ("مروان", "marwAn"), ("رعد", "ra'd"),
    ("ثائر", "thA'ir"), ("عمار", "'ammAr"), ("ياسر", "yAsir"), ("منذر", "mundhir"),
    ("سامي", "sAmI"), ("عادل", "'Adil"), ("أمجد", "amjad"), ("عبد الحميد", "'abd al-hamId"),
)  # fmt: skip
AR_FEMALE: tuple[Element, ...] = (
    ("فاطمة", "fAtima"), ("زينب", "zaynab"), ("مريم", "maryam"), ("نور", "nUr"),
    ("هدى", "hudA"), ("أمل", "amal"), ("رنا", "ranA"), ("رشا", "rashA"),
    ("لينا", "lInA"), ("داليا", "dAliya"), ("هبة", "hiba"), ("سارة", "sAra"),
    ("آية", "Aya"), ("رانيا", "rAniya"), ("غادة", "ghAda"), ("سهى", "suhA"),
    ("ليلى", "laylA"), ("سميرة", "samIra"), ("خديجة", "khadIja"), ("عائشة", "'A'isha"),
    ("أسماء", "asmA'"), ("شيماء", "shaymA'"), ("إيمان", "ImAn"), ("زهراء", "zahrA'"),
    ("رقية", "ruqayya"), ("ضحى", "DuhA"), ("ندى", "nadA"), ("صفاء", "safA'"),
    ("وفاء", "wafA'"), ("بشرى", "bushrA"), ("حنان", "hanAn"), ("جميلة", "jamIla"),
    ("منال", "manAl"), ("سعاد", "su'Ad"), ("نوال", "nawAl"),
)  # fmt: skip
AR_FAMILY: tuple[Element, ...] = (
    ("الجبوري", "al-jubUrI"), ("الدليمي", "al-dulaymI"), ("العبيدي", "al-'ubaydI"),
    ("التميمي", "al-tamImI"), ("الشمري", "al-shammarI"), ("العزاوي", "al-'azzAwI"),
    ("الهاشمي", "al-hAshimI"), ("الحسيني", "al-husaynI"), ("السعدي", "al-sa'dI"),
    ("الربيعي", "al-rubay'I"), ("الخفاجي", "al-khafAjI"), ("المالكي", "al-mAlikI"),
    ("حداد", "haddAd"), ("خوري", "khUrI"), ("صالح", "sAlih"), ("حمدان", "hamdAn"),
    ("درويش", "darwIsh"), ("ناصر", "nAsir"), ("منصور", "mansUr"), ("خليل", "khalIl"),
    ("إبراهيم", "ibrAhIm"), ("حسن", "hasan"), ("يوسف", "yUsuf"), ("الأحمد", "al-ahmad"),
    ("العلي", "al-'alI"), ("الحمد", "al-hamad"), ("الخطيب", "al-khatIb"), ("كردي", "kurdI"),
    ("حلبي", "halabI"), ("شامي", "shAmI"), ("مصري", "misrI"), ("عطار", "'attAr"),
    ("صباغ", "sabbAgh"), ("نجار", "najjAr"), ("بكري", "bakrI"), ("الزبيدي", "al-zubaydI"),
    ("الجنابي", "al-janAbI"), ("الكبيسي", "al-kubaysI"), ("البياتي", "al-bayAtI"),
    ("السامرائي", "al-sAmarrA'I"), ("الموسوي", "al-mUsawI"), ("قباني", "qabbAnI"),
    ("الحسن", "al-hasan"), ("أبو زيد", "abU zayd"), ("أبو خليل", "abU khalIl"),
    ("العمر", "al-'umar"), ("الظاهر", "al-ZAhir"), ("الرفاعي", "al-rifA'I"),
)  # fmt: skip
AR_COMPOUND_MALE: tuple[tuple[str, str], ...] = (("muhammad", "'alI"), ("muhammad", "amIn"))
AR_PLACES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("بغداد", "baghdAd", ("Bagdad",)), ("البصرة", "al-basra", ("Basra", "Bassora")),
    ("الموصل", "al-mawsil", ("Mosul", "Mossoul")), ("أربيل", "arbIl", ("Erbil", "Hawler")),
    ("كركوك", "karkUk", ("Kirkuk",)), ("النجف", "al-najaf", ("Najaf",)),
    ("كربلاء", "karbalA'", ("Kerbala",)), ("الرمادي", "al-ramAdI", ("Ramadi",)),
    ("الفلوجة", "al-fallUja", ("Fallujah",)), ("دمشق", "dimashq", ("Damascus", "Damas")),
    ("حلب", "halab", ("Aleppo", "Alep")), ("حمص", "hims", ("Homs",)), ("حماة", "hamA", ("Hama",)),
    ("اللاذقية", "al-lAdhiqiyya", ("Latakia", "Lattaquie")), ("دير الزور", "dayr al-zUr", ("Deir ez-Zor",)),
    ("الرقة", "al-raqqa", ("Raqqa",)), ("إدلب", "idlib", ()), ("درعا", "dar'A", ("Daraa",)),
    ("القامشلي", "al-qAmishlI", ("Qamishli",)),
)  # fmt: skip

# ----------------------------------------------------------------- Albania and Kosovo

SQ_MALE: tuple[str, ...] = (
    "Ardit", "Arbër", "Besnik", "Blerim", "Dritan", "Elton", "Fatmir", "Gëzim", "Ilir",
    "Kujtim", "Luan", "Mërgim", "Sokol", "Valon", "Ylli", "Agim", "Bujar", "Flamur",
    "Jetmir", "Edmond", "Arben", "Artan", "Erion", "Florian", "Genci", "Klodian", "Lulzim",
    "Petrit", "Shpëtim", "Xhevdet", "Çlirim", "Driton", "Fatos", "Gjergj", "Hysen", "Isuf",
    "Mehmet", "Qemal", "Rexhep", "Skënder", "Taulant", "Xhemal", "Bekim", "Ervin", "Astrit",
)  # fmt: skip
SQ_FEMALE: tuple[str, ...] = (
    "Arta", "Blerina", "Drita", "Elira", "Fjolla", "Gentiana", "Jonida", "Lindita", "Mimoza",
    "Rozafa", "Teuta", "Valbona", "Vjosa", "Xhensila", "Klodiana", "Ermira", "Anila",
    "Besjana", "Dorina", "Elona", "Alketa", "Brunilda", "Donika", "Entela", "Flutura",
    "Greta", "Hëna", "Ilirjana", "Jehona", "Lule", "Mirela", "Nertila", "Orjeta", "Pranvera",
    "Rudina", "Shqipe", "Suela", "Vlora", "Zamira", "Qëndresa", "Dafina", "Bora",
)  # fmt: skip
SQ_FAMILY: tuple[str, ...] = (
    "Hoxha", "Kola", "Shehu", "Gashi", "Krasniqi", "Berisha", "Morina", "Hasani", "Shala",
    "Dervishi", "Çela", "Lleshi", "Leka", "Marku", "Gjoka", "Bajrami", "Rama", "Hysa",
    "Kelmendi", "Bytyqi", "Thaçi", "Zeqiri", "Musliu", "Osmani", "Ahmeti", "Rexhepi",
    "Shkodra", "Dushku", "Xhaferi", "Qerimi", "Halili", "Mehmeti", "Kastrati", "Beqiri",
    "Çako", "Dibra", "Hoti", "Lika", "Meta", "Prifti", "Sula", "Tahiri", "Vata", "Zhupa",
    "Gjini", "Brahimi", "Ismaili", "Kuçi", "Nikolla", "Pllumbi",
)  # fmt: skip
SQ_PLACES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Tiranë", ("Tirana",)), ("Durrës", ("Durazzo",)), ("Shkodër", ("Shkodra", "Scutari")),
    ("Elbasan", ()), ("Vlorë", ("Vlora", "Valona")), ("Korçë", ("Korca", "Korcha")), ("Fier", ()),
    ("Berat", ()), ("Prishtinë", ("Pristina", "Prishtina")), ("Prizren", ()), ("Pejë", ("Peja", "Pec")),
    ("Gjakovë", ("Gjakova", "Djakovica")), ("Mitrovicë", ("Mitrovica",)), ("Kukës", ("Kukes",)),
    ("Lezhë", ("Lezha",)), ("Gjirokastër", ("Gjirokastra",)),
)  # fmt: skip

COMPOUND_PARTS: dict[str, str] = {
    "gholAm": "غلام", "sAdAt": "سادات", "shAh": "شاه", "khAn": "خان", "amIn": "امین",
}  # fmt: skip

# ----------------------------------------------------------------- titles and short forms

# (script, notation); each population's titles, added before the given name
FA_TITLES_MALE: tuple[Element, ...] = (
    ("سید", "seyyed"), ("حاج", "hAj"), ("میر", "mIr"), ("شیخ", "sheykh"), ("ملا", "mollA"),
    ("کربلایی", "karbalA'I"), ("مشهدی", "mashhadI"), ("آقا", "AqA"),
)  # fmt: skip
FA_TITLES_FEMALE: tuple[Element, ...] = (("سیده", "seyyede"), ("حاجیه", "hAjiye"), ("بی‌بی", "bIbI"))
PRS_TITLES_MALE: tuple[Element, ...] = (
    ("حاجی", "hAjI"), ("ملا", "mullA"), ("سید", "sayyid"), ("مولوی", "mawlawI"), ("آغا", "AghA"),
)  # fmt: skip
PRS_TITLES_FEMALE: tuple[Element, ...] = (("بی‌بی", "bIbI"),)
AR_TITLES_MALE: tuple[Element, ...] = (
    ("الحاج", "al-hAjj"), ("الشيخ", "al-shaykh"), ("السيد", "al-sayyid"), ("ملا", "mullA"),
)  # fmt: skip
AR_TITLES_FEMALE: tuple[Element, ...] = (("الحاجة", "al-hAjja"), ("السيدة", "al-sayyida"))
# title words written after the name
SUFFIX_TITLES: dict[str, tuple[Element, ...]] = {
    "fa_female": (("خانم", "khAnom"), ("سادات", "sAdAt")),
    "prs_male": (("خان", "khAn"), ("جان", "jAn")),
    "prs_female": (("جان", "jAn"), ("گل", "gul")),
}
# short forms people give for a name (script, Latin spellings)
SHORT_FORMS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "mohammad": (("ممد", ("Mamad", "Mammad", "Mamad")),),
    "muhammad": (("حمودي", ("Hamoudi", "Hamudi")),),
    "fAteme": (("فاطی", ("Fati", "Fatti")),),
    "ebrAhIm": (("ابی", ("Ebi", "Ebby")),),
}
