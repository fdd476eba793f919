"""Chrome: what a page shows around its story and a copy picks up, in any position.

Buttons and widgets ("Share", "Save", "Listen to article", "+ ↺ − 16 px", "Zur Merkliste
hinzufügen", a player's "LOADING"), reading times ("Lecture 3 min.", "Lesezeit: 2 Min."),
image sources and captions ("Image caption, …", "Photograph: …", "Foto: …", "© AP Photo /
Peter Dejong"), house notes ("Our Standards: …", "Why you can trust Sky News"), the
reporters' initials wires end with ("ric-ab/cls"), and lines that start what follows the
story ("Related Topics", "Explore more on these topics", "Archivado En", "相关新闻", "관련기사"):
that line and the rest go; the same in the other languages copies come in, and a trail of
links from the site's home ("Home > World", "首页 > 新闻").
"""

from __future__ import annotations

import re

# A site's notices, as a line or as a sentence opening a long one: scripts off, an old
# browser, a cookie note, an affiliate's disclosure, a PHP warning, the comments' terms.
_NOTICES = (
    r"(?:you need to|please) enable javascript|we've detected that javascript is disabled|"
    r"javascript (?:is )?(?:disabled|required)|dein browser ist (?:leider )?veraltet|"
    r"your browser is (?:out of date|not supported)|we['’]ll stop supporting this browser|"
    r"thank you for visiting [\w.-]+\.\w+\. you are using a browser|"
    r"to improve the performance of our website|this (?:site|website) uses cookies|"
    r"we use cookies|wir verwenden cookies|nous utilisons des cookies|utilizamos cookies|"
    r"utilizziamo (?:i )?cookie|wij gebruiken cookies|używamy plików cookie|"
    r"мы используем (?:файлы )?cookie|to find out more about facebook commenting|"
    r"[\w .'’&-]{2,40} is supported by its audience\.|"
    r"(?:warning|notice|deprecated|strict standards|fatal error): .{0,300} on line \d+")
# Whole lines, in the languages copies come in; matched case-insensitively.
_LINES = [
    r"share|share this( article| story)?|share full article|shares?|comments?|save|saved|"
    r"print|email|e-mail|mail|facebook|x|x\.com|twitter|whatsapp|linkedin|reddit|pinterest|"
    r"flipboard|telegram|bluesky|threads|copy link( copied)?|link copied!?|copied!?|"
    r"listen( to (this )?article)?( ?[·-]? ?\d+:\d\d( min)?)?( learn more)?|listen \d+:\d\d|"
    r"advertisement|advert|sponsored|follow|subscribe|sign up|newsletter|skip to content|"
    r"skip next section.*|learn more|gift this article|give this article|summary|companies|"
    r"loading(?:\.{3}|…)?|e-?mail me|read later|",
    r"partager|suivre|offrir l[’']article|lire plus tard|article réservé aux abonnés|"
    r"écouter cet article|écouter|publicité|s[’']abonner|chargement(?: en cours)?(?:\.{3}|…)?|",
    r"teilen|zur merkliste hinzufügen|merken|artikel anhören|anhören|anzeige|"
    r"bildbeschreibung einblenden|abonnieren|kommentare|(?:wird )?geladen(?:\.{3}|…)?|",
    r"compartir( en \w+)?|guardar|comentarios|publicidad|iniciar sesión|"
    r"esta funcionalidad es sólo para registrados|suscríbete|cargando(?:\.{3}|…)?|",
    r"delen|opslaan|luister naar dit artikel|advertentie|bekijk hier .*|reageer|",
    r"поделиться|комментарии|реклама|загрузка(?:\.{3}|…)?|читать .{1,20} в|"
    r"читайте .{1,30} в (telegram|дзен|max)|",
    r"condividi|commenti|stampa|salva|pubblicità|abbonati|segui|caricamento(?:\.{3}|…)?|"
    r"compartilhar|partilhar|"
    r"comentários|imprimir|salvar|publicidade|assine|seguir|udostępnij|komentarze|drukuj|"
    r"zapisz|reklama|obserwuj|paylaş|yorumlar|yazdır|kaydet|reklam|abone ol|takip et|"
    r"bagikan|komentar|cetak|simpan|iklan|ikuti|поділитися|коментарі|κοινοποίηση|"
    r"μοιραστείτε|σχόλια|εκτύπωση|διαφήμιση|שתף|שיתוף|תגובות|הדפסה|פרסומת|شارك|مشاركة|"
    r"فيسبوك|تويتر|واتساب|طباعة|تعليقات|إعلان|حفظ|نسخ الرابط|انسخ الرابط|اندازه فونت|"
    r"نسخه چاپی.*|ارسال به دوستان|ذخیره|اشتراک[‌ ]?گذاری|چاپ|(?:کد خبر|گروه|سرویس)\s*:.*|",
    r"分享到?[:：]?|微信|微博|qq空间|朋友圈|字号[:：]?.*|打印|关闭|【?纠错】?|收藏|评论|举报|"
    r"返回顶部|扫一扫.*|[（(【]?(?:责任编辑|責任編輯|责编|编辑|編輯)[:：].{1,20}|广告|"
    r"シェア|共有|ツイート|保存|印刷|コメント|広告|フォロー|この記事をシェア|記事を保存|"
    r"공유|공유하기|댓글|인쇄|저장|광고|구독|좋아요|글자\s?크기.*|페이스북|카카오톡|트위터",
    r"our standards: .*|acquire licensing rights.*|send us your feedback|why you can trust .*|"
    r"this article has been updated\.?|reuse this content|most read|most viewed|"
    r"reporting from [\w .'-]{2,40}",
    r"(image|photo|video) (source|caption), .*|media caption.*|"
    r"(photograph|photo|foto|fotó|bild|фото|фото:)\s*:.*|"
    r"\(?(ap|afp|reuters|epa|anp|getty images)\s*photo.*|getty images|© .{0,60}|"
    r".{2,60} via getty images|.{2,60}/(?:getty images|shutterstock)",
    r"(lecture|lesezeit|lesedauer|leestijd|tiempo de lectura|время чтения|temps de lecture)"
    r"\s*:?\s*\d+\s*\w*\.?|\d+\s*(min|mn|minute|minutes|minuten)\.?( read| de lecture)?|"
    r"\d+:\d\d\s*/\s*\d+:\d\d",
    # skip links, one or several: "Skip to content Skip to navigation", "Zur Navigation
    # springen Zum Inhalt springen", "Jump directly to the content"
    r"(?:(?:(?:skip|jump|go)( directly)? to( the)?( main)? (?:contents?|navigation|menu|search|"
    r"footer|main text|main content|site index|article|primary navigation|primary sidebar|"
    r"sidebar)(?: - accesskey = \w)?|"
    r"(?:direkt )?zu[mr] (?:inhalt|navigation|hauptinhalt|hauptnavigation|suche|menü|"
    r"hauptmenü)( springen)?|aller au contenu( principal)?|aller à la (?:navigation|"
    r"recherche)|ir al contenido( principal)?|"
    r"vai al contenuto( principale)?|naar (?:de )?(?:hoofd)?inhoud( gaan| springen)?|"
    r"przejdź do (?:treści|zawartości)|"
    r"(?:pređite|preskoči|prijeđi) na (?:glavni sadržaj|sadržaj|glavnu navigaciju|pretragu)|"
    r"přejít na (?:hlavní )?obsah|prejsť na (?:hlavný )?obsah|ugrás a (?:fő)?tartalomhoz|"
    r"sari la conținut(?:ul principal)?|перейти к (?:основному )?содержанию|"
    r"ana içeriğe (?:geç|atla))\s*)+",
    rf"(?:{_NOTICES}).*|media playback is (?:unsupported|not supported) on your device|"
    r"your file couldn[’']t be accessed",
    # a comment form's field, a row of languages ("DE FR IT EN")
    r"e-?mail \(required, .{0,40}\)|"
    r"(?:(?:de|fr|it|en|es|nl|pt|pl|ru|tr|ar|zh|ja|ko|sv|da|no|fi|cs|hu|ro|el|uk|bg|hr|sk|sl)"
    r"(?:\s*[|/·]\s*|\s+)){2,}(?:de|fr|it|en|es|nl|pt|pl|ru|tr|ar|zh|ja|ko|sv|da|no|fi|cs|hu|"
    r"ro|el|uk|bg|hr|sk|sl)",
    # where the page is, the trail of links after it: "Sie sind hier: » Home » Presse"
    r"(?:you are here|sie sind hier|vous êtes ici|usted está aquí|estás aquí|u bent hier|"
    r"ti trovi in|você está aqui|jesteś tutaj|вы здесь)\s*:.*",
    # a share button's words in full: "Click to email this to a friend (Opens in new window)"
    r"click to (?:email|print|share|tweet|pin|post|copy)\b.*",
    r"continue reading the main story|these are external links and will open in a new "
    r"window|sign up for (?:our )?(?:email )?newsletters?(?: and alerts)?|by choosing i "
    r"accept, you consent to our use of cookies.*|we rely on your support.*|close this "
    r"search box\.?|choose from \d+ languages|(?:dark mode )?go top|back to top|"
    r"zurück zur übersicht|back to overview|retour à la liste",
    # a weather box: two temperatures or more ("Thursday, Nov 5th 2020 7PM 6°C 10PM 7°C")
    r"(?:.*?\d+\s?°[cf]){2,}.*",
    r"https?://\S+|(?:←\s*)?(?:previous|vorherige[rs]?|précédent|anterior|precedente)\s+"
    r"(?:next|nächste[rs]?|suivant|siguiente|successivo)(?:\s*→)?",  # an address; paging
    # share buttons run together by copying: "ShareTweetEmail", "Facebook Twitter WhatsApp"
    r"(?:(?:share|tweet|e-?mail|facebook|twitter|whatsapp|linkedin|print|pinterest|reddit|"
    r"flipboard|messenger|telegram|copy link|instagram|youtube|tiktok|rss)\s*){2,}",
    # a trail of sections from the site's home, run together: "Home News Science & Astronomy"
    r"home (?:news|reviews|sports?|world|politics|business|tech|technology|culture|opinion|"
    r"lifestyle|entertainment|science)(?: [\w&]+){0,5}",
    # a login prompt
    r"(?:¿aún no tienes cuenta\?|don['’]t have an account\?|noch kein konto\?|pas encore de "
    r"compte\s?\?).*",
    # a share button's words: "Partagez via Facebook (Fenêtre modale)", "Share on X"
    r"(share|partagez|partager|teilen|compartir|condividi|deel|click to share)( this)?"
    r"( article)? (via|on|sur|auf|en|su|op|per) [\w.-]+( \(.{1,40}\))?",
]
_LINE = re.compile("^(?:" + "|".join(p.strip("|") for p in _LINES) + ")$", re.IGNORECASE)
_FONT_TOKEN = r"(?:[+↺−–\-]|\d{1,2}\s?px|A|Print|Share|Font size:?)"
_FONT_LINE = re.compile(rf"^(?:{_FONT_TOKEN}\s*)+$", re.IGNORECASE)
_FONT_ENDS = ("+", "↺", "−", "–", "-", "px", " a", "print", "share", "size", "size:")
_FONT_TAIL = re.compile(rf"(?:\s+{_FONT_TOKEN})+\s*$", re.IGNORECASE)
_INITIALS = re.compile(r"^[a-z]{2,5}(?:[-/][a-z]{2,5})+$")
# "Image caption," on its own line: the caption follows on the next line.
_ALSO = (r"read more|read also|also read|see also|lesen sie auch|lies auch|siehe auch|"
         r"lire aussi|lees ook|читайте также|читайте також|más información|"
         r"leggi anche|leia também|veja também|czytaj także|czytaj też|baca juga|"
         r"διαβάστε επίσης|اقرأ أيضا|اقرأ أيضاً|קראו גם")  # what the next line links to
_LEAD_IN = re.compile(rf"^(?:image caption|photo caption|caption|à lire aussi|lees meer|"
                      rf"mehr zum thema|{_ALSO})\s*[,:：]?$", re.IGNORECASE)
_INLINE_LINK = re.compile(rf"^(?:{_ALSO})\s*[|:：]\s*.+$", re.IGNORECASE)
# A trail of links from the site's home: "Home > News > World", "الرئيسية / أخبار العالم"
_BREADCRUMB = re.compile(r"^(?:home|homepage|startseite|accueil|inicio|início|página inicial|"
                         r"ana ?sayfa|strona główna|αρχική|главная|головна|beranda|דף הבית|"
                         r"الرئيسية|首页|首頁|ホーム|홈)\s*[>/»›|]\s*.{1,80}$", re.IGNORECASE)
_PHOTO_CREDIT_END = re.compile(r"(?:\.\s+|\s)(?:©\s*[\w .,/-]+|(?:AP|AFP|Reuters|EPA|ANP)"
                               r"\s*[-/–]\s*[\w .-]+|\((?:AP|AFP|Reuters) Photo[^)]*\)|"
                               r"(?:Foto|Bild|Photo|Photograph|Picture)(?:\s+[Bb]y)?:\s*"
                               r"(?:[\w.-]+(?:\s+[\w.-]+){0,3}|[\w .-]*/[\w /.-]*))$")
# (a name or two, an agency after "Foto:": not a headline's "Erstes Bild: So könnte die
# Duisburger Seilbahn aussehen")
_SENTENCE = re.compile(r"^(?:our standards: |acquire licensing rights|this article has been "
                       r"updated|"
                       r"esta funcionalidad es sólo|a version of this article appears|"
                       r"(?:image|photo|video) (?:source|caption), |(?:photograph|photo|foto|bild)"
                       rf"\s*:|{_NOTICES})", re.IGNORECASE)
_CUT = re.compile(r"^(?:related topics|related|more on this story|explore more on these topics|"
                  r"more from .{1,30}|top stories|you may also like|recommended|archivado en|"
                  r"dieses thema im programm:?|lees meer over:?|sur le même sujet|"
                  r"mehr zum thema:?|weitere themen|по теме|"
                  r"das könnte (?:sie|dich) auch interessieren|hinweis auf einen verwandten "
                  r"artikel:?|related (?:articles|stories)|more stories|you might also like|"
                  r"te puede interesar|ti potrebbe interessare|articoli correlati|"
                  r"notícias relacionadas|ilgili haberler|berita terkait|по темі|"
                  r"σχετικά άρθρα|כתבות נוספות|أخبار ذات صلة|اخبار ذات صلة|مواضيع ذات صلة|"
                  r"相关新闻|相关阅读|相关文章|推荐阅读|延伸阅读|相關新聞|関連記事|関連ニュース|"
                  r"관련\s?기사|많이 본 기사)$", re.IGNORECASE)


def strip_tail(line: str) -> str:
    """A line without the font-size buttons copied at its end: "date 2023-07-08 + ↺ − 16 px"."""
    if not line.lower().endswith(_FONT_ENDS) or _FONT_LINE.match(line):
        return line
    return _FONT_TAIL.sub("", line)


# Share buttons run together by copying: "FacebookTwitter", "Share on FacebookShare on Twitter"
_SOCIAL = re.compile(r"^(?:(?:share on |sdílet na )?(?:facebook|twitter|x|whatsapp|linkedin|"
                     r"e-?mail|telegram|pinterest|reddit|messenger|threads)\s*){2,}$",
                     re.IGNORECASE)


def is_chrome(line: str) -> bool:
    return bool(_LINE.match(line) or _FONT_LINE.match(line) or _INITIALS.match(line)
                or _SOCIAL.match(line)
                or _INLINE_LINK.match(line) or _BREADCRUMB.match(line))


def is_chrome_sentence(line: str) -> bool:
    """A long line ending a sentence that is chrome all the same: "Our Standards: …"."""
    return bool(_SENTENCE.match(line))


def is_lead_in(line: str) -> bool:
    """A label whose next line is chrome too: "Image caption," then the caption."""
    return bool(_LEAD_IN.match(line))


def is_quoted_post(line: str) -> bool:
    """The signature of a post a story embeds, as copied: "— Daniel Dale (@ddale8) January
    1, 2020" under the post's text (the date is the post's, not the story's)."""
    return bool(_QUOTED_POST.match(line))


_QUOTED_POST = re.compile(r"^[—–-]{1,2}\s*[^()\n]{1,80}\(@\w{1,30}\)\s+\S")


def is_photo_credit(line: str) -> bool:
    """A photo credit on its own line ("Foto: Remko de Waal / EPA") or a caption ending
    with one ("… on July 7, 2023. © Remko de Waal, AFP")."""
    return bool(re.match(r"^(?:photograph|photo|foto|bild|фото)\s*:", line, re.IGNORECASE)
                or line.startswith("©") or _PHOTO_CREDIT_END.search(line))


def is_cut(line: str) -> bool:
    """A heading that starts what follows the story: it and everything after it go."""
    return len(line) <= 40 and bool(_CUT.match(line))


def ends_story(line: str) -> bool:
    """A heading that ends a story once its paragraphs have begun ("Related Content" and
    its dated teasers below a public radio's story); above the story it heads a sidebar."""
    return bool(_STORY_END.match(line))


_STORY_END = re.compile(r"^(?:related (?:content|posts)|further reading)$", re.IGNORECASE)
