"""The words of dates, in the languages copies and pages come in: month names, weekdays,
the labels of publication and update, calendars' own months and eras. Data only;
`date_lines` reads with it.
"""

from __future__ import annotations

# Month names and abbreviations by language; the language a name belongs to decides
# which dateparser language reads it.
MONTHS = {
    "en": "january jan february feb march mar april apr may june jun july jul august aug "
          "september sept sep october oct november nov december dec",
    "fr": "janvier janv février fevrier févr mars avril avr mai juin juillet juil août aout "
          "septembre octobre novembre décembre decembre déc",
    "de": "januar jänner februar märz maerz april mai juni juli august september oktober okt "
          "november dezember dez",
    "es": "enero ene febrero marzo abril abr mayo junio julio agosto ago septiembre setiembre "
          "octubre noviembre diciembre dic",
    "nl": "januari februari maart mrt april mei juni juli augustus september oktober "
          "november december",
    "it": "gennaio gen febbraio marzo aprile maggio mag giugno giu luglio lug agosto "
          "settembre set ottobre ott novembre dicembre",
    "ca": "gener febrer març abril maig juny juliol agost setembre octubre novembre desembre",
    "pt": "janeiro jan fevereiro fev março marco abril abr maio mai junho jun julho jul agosto "
          "ago setembro set outubro out novembro nov dezembro dez",
    "pl": "styczeń stycznia luty lutego marzec marca kwiecień kwietnia maj maja czerwiec "
          "czerwca lipiec lipca sierpień sierpnia wrzesień września październik października "
          "listopad listopada grudzień grudnia",
    "ru": "январь января янв февраль февраля фев март марта мар апрель апреля апр май мая "
          "июнь июня июн июль июля июл август августа авг сентябрь сентября сен сент "
          "октябрь октября окт ноябрь ноября ноя нояб декабрь декабря дек",
    "uk": "січень січня лютий лютого березень березня квітень квітня травень травня червень "
          "червня липень липня серпень серпня вересень вересня жовтень жовтня листопад "
          "листопада грудень грудня",
    "bg": "януари февруари март април май юни юли август септември октомври ноември декември",
    "sr": "јануар фебруар март април мај јун јул август септембар октобар новембар децембар "
          "januar februar mart april maj jun jul avgust septembar oktobar novembar decembar",
    "hr": "siječanj siječnja veljača veljače ožujak ožujka travanj travnja svibanj svibnja "
          "lipanj lipnja srpanj srpnja kolovoz kolovoza rujan rujna listopad listopada studeni "
          "studenoga studenog prosinac prosinca",
    "cs": "leden ledna únor února březen března duben dubna květen května červen června "
          "červenec července srpen srpna září říjen října listopad listopadu prosinec prosince",
    "sk": "január januára február februára marec marca apríl apríla máj mája jún júna júl júla "
          "august augusta september septembra október októbra november novembra december "
          "decembra",
    "hu": "január jan február febr március márc április ápr május máj június jún július júl "
          "augusztus aug szeptember szept október okt november nov december dec",
    "ro": "ianuarie ian februarie martie aprilie mai iunie iun iulie iul august septembrie "
          "sept octombrie oct noiembrie noi decembrie",
    "sv": "januari februari mars april maj juni juli augusti september oktober november "
          "december",
    "da": "januar februar marts april maj juni juli august september oktober november "
          "december",
    "nb": "januar februar mars april mai juni juli august september oktober november "
          "desember des",
    "fi": "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta "
          "elokuuta syyskuuta lokakuuta marraskuuta joulukuuta tammikuu helmikuu maaliskuu "
          "huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu lokakuu marraskuu joulukuu",
    "lt": "sausio vasario kovo balandžio gegužės birželio liepos rugpjūčio rugsėjo spalio "
          "lapkričio gruodžio",
    "tr": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    "id": "januari februari maret april mei juni juli agustus september oktober november "
          "desember agu agt okt des",
    "ms": "januari februari mac april mei jun julai ogos september oktober november disember",
    "el": "ιανουάριος ιανουαρίου φεβρουάριος φεβρουαρίου μάρτιος μαρτίου απρίλιος απριλίου "
          "μάιος μαΐου ιούνιος ιουνίου ιούλιος ιουλίου αύγουστος αυγούστου σεπτέμβριος "
          "σεπτεμβρίου οκτώβριος οκτωβρίου νοέμβριος νοεμβρίου δεκέμβριος δεκεμβρίου "
          "ιανουαριου φεβρουαριου μαρτιου απριλιου μαιου ιουνιου ιουλιου αυγουστου "
          "σεπτεμβριου οκτωβριου νοεμβριου δεκεμβριου",  # capitals drop the accents
    "he": "ינואר פברואר מרץ מרס אפריל מאי יוני יולי אוגוסט ספטמבר אוקטובר נובמבר דצמבר "
          "בינואר בפברואר במרץ במרס באפריל במאי ביוני ביולי באוגוסט בספטמבר באוקטובר "
          "בנובמבר בדצמבר",
    "hi": "जनवरी फ़रवरी फरवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर सितम्बर अक्तूबर अक्टूबर "
          "नवंबर नवम्बर दिसंबर दिसम्बर",
    "ar": "يناير فبراير مارس أبريل ابريل إبريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس "
          "سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر",
    # India's other languages and Bangladesh's, as dateparser knows them
    "bn": "জানু জানুয়ারী জানুয়ারি ফেব ফেব্রুয়ারী ফেব্রুয়ারি মার্চ এপ্রি এপ্রিল মে জুন জুল "
          "জুলাই আগ আগস্ট সেপ সেপ্টেম্বর অক্টো অক্টোবর নভে নভেম্বর ডিসে ডিসেম্বর",
    "ta": "ஜன ஜனவரி பிப் பிப்ரவரி மார் மார்ச் ஏப் ஏப்ரல் மே ஜூன் ஜூலை ஆக ஆகஸ்ட் செப் "
          "செப்டம்பர் அக் அக்டோபர் நவ நவம்பர் டிச டிசம்பர்",
    "te": "జన జనవరి ఫిబ్ర ఫిబ్రవరి మార్చి ఏప్రి ఏప్రిల్ మే జూన్ జులై ఆగ ఆగస్టు సెప్టెం "
          "సెప్టెంబర్ అక్టో అక్టోబర్ నవం నవంబర్ డిసెం డిసెంబర్",
    "mr": "जाने जानेवारी फेब्रु फेब्रुवारी एप्रि एप्रिल मे जुलै ऑग ऑगस्ट सप्टें सप्टेंबर "
          "ऑक्टो ऑक्टोबर नोव्हें नोव्हेंबर डिसें डिसेंबर",
    "gu": "જાન્યુ જાન્યુઆરી ફેબ્રુ ફેબ્રુઆરી માર્ચ એપ્રિલ મે જૂન જુલાઈ ઑગસ્ટ સપ્ટે "
          "સપ્ટેમ્બર ઑક્ટો ઑક્ટોબર નવે નવેમ્બર ડિસે ડિસેમ્બર",
    "kn": "ಜನ ಜನವರಿ ಫೆಬ್ರ ಫೆಬ್ರವರಿ ಮಾರ್ಚ್ ಏಪ್ರಿ ಏಪ್ರಿಲ್ ಮೇ ಜೂನ್ ಜುಲೈ ಆಗ ಆಗಸ್ಟ್ ಸೆಪ್ಟೆಂ "
          "ಸೆಪ್ಟೆಂಬರ್ ಅಕ್ಟೋ ಅಕ್ಟೋಬರ್ ನವೆಂ ನವೆಂಬರ್ ಡಿಸೆಂ ಡಿಸೆಂಬರ್",
    "ml": "ജനു ജനുവരി ഫെബ്രു ഫെബ്രുവരി മാർ മാർച്ച് ഏപ്രി ഏപ്രിൽ മേയ് ജൂൺ ജൂലൈ ഓഗ ഓഗസ്റ്റ് "
          "സെപ്റ്റം സെപ്റ്റംബർ ഒക്ടോ ഒക്‌ടോബർ നവം നവംബർ ഡിസം ഡിസംബർ",
    "pa": "ਜਨ ਜਨਵਰੀ ਫ਼ਰ ਫ਼ਰਵਰੀ ਮਾਰਚ ਅਪ੍ਰੈ ਅਪ੍ਰੈਲ ਮਈ ਜੂਨ ਜੁਲਾ ਜੁਲਾਈ ਅਗ ਅਗਸਤ ਸਤੰ ਸਤੰਬਰ ਅਕਤੂ "
          "ਅਕਤੂਬਰ ਨਵੰ ਨਵੰਬਰ ਦਸੰ ਦਸੰਬਰ",
    "ur": "جنوری فروری مارچ اپریل مئی جون جولائی اگست ستمبر اکتوبر نومبر دسمبر",
}
# Month names read without a library: English, and those of Arabic in the Levant and Iraq
# ("8 تموز 2023") and in the Maghreb ("8 فيفري 2019"), which dateparser does not know.
NUMBERED = {name: n for n, names in enumerate((
    "january|jan|كانون الثاني|كانون ثاني|جانفي", "february|feb|شباط|فيفري",
    "march|mar|آذار|اذار", "april|apr|نيسان|أفريل|افريل", "may|أيار|ايار|ماي",
    "june|jun|حزيران|جوان", "july|jul|تموز|جويلية|جويلة", "august|aug|آب|أوت|اوت",
    "september|sept|sep|أيلول|ايلول", "october|oct|تشرين الأول|تشرين أول",
    "november|nov|تشرين الثاني|تشرين ثاني", "december|dec|كانون الأول|كانون أول"), start=1)
    for name in names.split("|")}

WEEKDAYS = (
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonntag", "lunes", "martes", "miércoles", "jueves",
    "viernes", "sábado", "domingo", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
    "zaterdag", "zondag", "ma", "di", "wo", "do", "vr", "za", "zo", "lunedì", "martedì",
    "mercoledì", "giovedì", "venerdì", "sabato", "domenica", "segunda-feira", "terça-feira",
    "quarta-feira", "quinta-feira", "sexta-feira", "понедельник", "вторник",
    "среда", "четверг", "пятница", "суббота", "воскресенье", "понеділок", "вівторок",
    "середа", "четвер", "пʼятниця", "п'ятниця", "субота", "неділя", "poniedziałek", "wtorek",
    "środa", "czwartek", "piątek", "sobota", "niedziela", "pondělí", "úterý", "středa",
    "čtvrtek", "pátek", "neděle", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag",
    "söndag", "mandag", "tirsdag", "lørdag", "søndag", "hétfő", "kedd", "szerda", "csütörtök",
    "péntek", "szombat", "vasárnap", "luni", "marți", "miercuri", "joi", "vineri", "sâmbătă",
    "duminică", "pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar",
    "dilluns", "dimarts", "dimecres", "dijous", "divendres", "dissabte", "diumenge",
    "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "δευτέρα",
    "τρίτη", "τετάρτη", "πέμπτη", "παρασκευή", "σάββατο", "κυριακή", "الاثنين", "الإثنين",
    "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد", "सोमवार", "मंगलवार",
    "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार", "रविवार")

# Iran's solar calendar: "۲۹ بهمن ۱۳۹۸" (digits made ASCII first), its months in order
JALALI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان",
                  "آذر", "دی", "بهمن", "اسفند")
JALALI_NAMES = {name: n for n, month in enumerate(JALALI_MONTHS, start=1)
                 for name in {month, month.replace("ی", "ي")}}  # Arabic keyboards' yeh too

# Thailand's months, full and abbreviated, in order; its years are the Buddhist era's (2566
# is 2023).
THAI_MONTHS = (("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
               ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."),
               ("สิงหาคม", "ส.ค."), ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."),
               ("ธันวาคม", "ธ.ค."))
THAI_NAMES = {name: n for n, names in enumerate(THAI_MONTHS, start=1) for name in names}
BUDDHIST_ERA = 543  # years ahead of the common era

# The labels of a publication date and of an update, as regex alternatives.
PUBLISHED = (r"published(?:\s+on)?|posted(?:\s+on)?|issued\s+on|date|publiée?(?:\s+le)?|"
              r"publicado(?:\s+(?:el|em))?|veröffentlicht(?:\s+am)?|gepubliceerd(?:\s+op)?|"
              r"pubblicato(?:\s+il)?|opublikowano|опубликовано|stand|erschienen(?:\s+am)?|"
              r"publiziert(?:\s+am)?|online\s+seit|"
              r"(?:artikel|beitrag|meldung|pressemitteilung|nachricht)\s+vom|"
              r"publicerad|publisert|publiceret|publikacja|publikováno|julkaistu|"
              r"yayınlanma(?:\s+tarihi)?|опубліковано|публикувано|публикувана|objavljeno|"
              r"објављено|publikované|publicat(?:\s+(?:la|pe|el))?|publikálva|megjelent|"
              r"közzétéve|paskelbta|diterbitkan|dipublikasikan|diposting|ngày đăng|đăng lúc|"
              r"δημοσίευση|δημοσιεύθηκε|δημοσιεύτηκε|פורסם|प्रकाशित|प्रकाशन तिथि|"
              r"تاريخ النشر|نشر في|نشر بتاريخ|نُشر في|نشر|发布时间|發布時間|發佈時間|发布日期|"
              r"發布日期|发表时间|發表時間|发布于|發布於|时间|時間|日期|公開日時|公開日|配信日時|"
              r"配信日|掲載日|投稿日|公開|配信|掲載|기사입력|입력|등록|게재|송고|publish(?:ed)?\s+date|"
              r"publish\s+on|تاریخ انتشار|تاريخ انتشار|منتشر شده|انتشار|প্রকাশিত|প্রকাশ|"
              r"வெளியிடப்பட்டது|ప్రచురించబడింది|شائع|اشاعت")
UPDATED = (r"(?:last\s+)?updated(?:\s+on)?|update|(?:last\s+)?modified(?:\s+on)?|"
            r"modifiée?(?:\s+le)?|(?:dernière\s+)?mise?\s+à\s+jour(?:\s+le)?|"
            r"actualizado(?:\s+(?:a|el))?|actualitzat(?:\s+(?:a|el))?|(?:última\s+)?actualizaci[óo]n|"
            r"(?:ultimo\s+)?aggiornamento|(?:última\s+)?atualização|zuletzt\s+geändert|"
            r"aktualisiert(?:\s+am)?|akt\.|aangepast(?:\s+op)?|bijgewerkt(?:\s+op)?|"
            r"laatste\s+update|aggiornato(?:\s+(?:il|alle))?|atualizado(?:\s+em)?|"
            r"zaktualizowano|aktualizacja|обновлено|обновлен|uppdaterad|oppdatert|opdateret|"
            r"aktualizováno|päivitetty|(?:son\s+)?güncelleme|оновлено|обновено|обновена|"
            r"актуализирано|ažurirano|ажурирано|aktualizované|actualizat(?:\s+(?:la|pe))?|"
            r"actualizare|frissítve|frissítés|módosítva|atnaujinta|diperbarui|diperbaharui|"
            r"dikemaskini|cập nhật|(?:τελευταία\s+)?ενημέρωση|ενημερώθηκε|επικαιροποίηση|"
            r"επικαιροποιήθηκε|עודכן|עדכון|"
            r"(?:आखिरी\s+|अंतिम\s+)?(?:अपडेटेड|अपडेट)|अद्यतन|آخر تحديث|تاريخ التحديث|تحديث|"
            r"更新时间|更新時間|更新日期|更新于|更新於|更新日時|更新日|最終更新|更新|최종수정|수정|업데이트|"
            r"محدثة|محدث|به‌روزرسانی|بروزرسانی|به روز رسانی|আপডেট|হালনাগাদ|"
            r"புதுப்பிக்கப்பட்டது|అప్‌డేట్|اپ ڈیٹ")

# Today and yesterday, as a site dates its newest stories ("vandaag, 08:15", "gestern").
TODAY = ("today", "vandaag", "heute", "hoy", "aujourd'hui", "aujourd’hui", "oggi", "hoje", "dnes",
         "dziś", "dzisiaj", "bugün", "hari ini", "σήμερα", "сегодня", "сьогодні", "اليوم", "今天",
         "今日", "오늘")
YESTERDAY = ("yesterday", "gisteren", "gestern", "ayer", "hier", "ieri", "ontem", "včera",
             "wczoraj", "dün", "kemarin", "χθες", "вчера", "вчора", "أمس", "昨天", "昨日", "어제")

# The label of a story's first publication, beside its last update's date: "First published
# on Fri 7 Jul 2023" (the Guardian prints the update first).
FIRST_PUBLISHED = (r"(?:first|originally)\s+published|erstmals\s+veröffentlicht|"
                   r"erstveröffentlichung|publié\s+pour\s+la\s+première\s+fois|"
                   r"publicado\s+originalmente|pubblicato\s+per\s+la\s+prima\s+volta|"
                   r"oorspronkelijk\s+gepubliceerd")

# The labels of a date a thing lasts until or runs from (an offer, a video's rights, a call
# for entries, a programme: "(bis 31.12.2020)", "ab 01.01.2020"): never a publication's,
# whatever the line says besides.
UNTIL = (r"available\s+until|available\s+till|\(\s*bis|\(\s*until|ab|valid\s+from|"
         r"expires(?:\s+on)?|expiry(?:\s+date)?|"
         r"valid\s+(?:until|through)|closing\s+date|deadline|verfügbar\s+bis|"
         r"abrufbar\s+bis|gültig\s+bis|einsendeschluss|anmeldeschluss|bewerbungsschluss|"
         r"disponible\s+jusqu'(?:au|à)|disponible\s+hasta(?:\s+el)?|"
         r"disponibile\s+fino\s+al|beschikbaar\s+tot|tillgänglig\s+till|"
         r"доступно\s+до|dostępny\s+do")

ERAS = {"令和": 2018, "平成": 1988,  # Japan's era years: 令和5年 is 2023
        "民國": 1911, "民国": 1911}  # the Republic of China's, Taiwan's: 民國112年 is 2023
