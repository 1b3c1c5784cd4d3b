"""Card wording in the customers' languages, written for these tests.

The app takes the printed words from its gettext catalogs; the library tests feed them in
directly, so they do not depend on how the catalogs word things.
"""

from __future__ import annotations

from cards import CardTexts

ARABIC = CardTexts(
    call_to_action="رأيك يهمنا",
    subline="شكر أو فكرة أو نقد؟ أخبرنا – دون ذكر اسمك.",
    scan_hint="امسح رمز QR بكاميرا الهاتف",
    anonymity="دون ذكر الاسم: لا نحفظ عنوان IP ولا نسأل عن اسمك.",
    url_label="أو اكتب العنوان في المتصفح:",
    back_title="رأيك",
    kind_label="الموضوع:",
    kind_praise="شكر",
    kind_idea="فكرة",
    kind_criticism="نقد",
    rating_label="ما مدى رضاك؟ ضع علامة:",
    rating_labels=("جيد جدًا", "جيد", "مقبول", "سيئ", "سيئ جدًا"),
    message_label="رسالتك:",
    contact_title="هل تريد ردًا؟ (اختياري)",
    contact_name="الاسم:",
    contact_address="العنوان أو البريد الإلكتروني:",
    contact_consent="أوافق على حفظ بياناتي من أجل الرد.",
    privacy_note=(
        "حماية البيانات: بدون بيانات الاتصال تبقى رسالتك دون اسم. نستخدم بيانات الاتصال للرد فقط."
    ),
    drop_note="يرجى وضعها في صندوق البريد عند المدخل أو تسليمها في الاستقبال.",
    poster_headline="رأيك يهمنا!",
    poster_text="شكر أو فكرة أو نقد؟ امسح الرمز بهاتفك وأخبرنا – دون ذكر اسمك ودون تسجيل.",
)

PERSIAN = CardTexts(
    call_to_action="نظر شما مهم است",
    subline="تشکر، پیشنهاد یا انتقاد؟ به ما بگویید – بدون ذکر نام.",
    scan_hint="کد QR را با دوربین گوشی اسکن کنید",
    anonymity="ناشناس: آدرس IP را ذخیره نمی‌کنیم و نام شما را نمی‌پرسیم.",
    url_label="یا در مرورگر وارد کنید:",
    back_title="بازخورد شما",
    kind_label="موضوع چیست؟",
    kind_praise="تشکر",
    kind_idea="پیشنهاد",
    kind_criticism="انتقاد",
    rating_label="چقدر راضی هستید؟ علامت بزنید:",
    rating_labels=("خیلی خوب", "خوب", "متوسط", "بد", "خیلی بد"),
    message_label="پیام شما:",
    contact_title="پاسخ می‌خواهید؟ (اختیاری)",
    contact_name="نام:",
    contact_address="آدرس یا ایمیل:",
    contact_consent="موافقم که اطلاعاتم برای پاسخ ذخیره شود.",
    privacy_note=(
        "حفاظت از داده‌ها: بدون اطلاعات تماس، بازخورد شما ناشناس می‌ماند. "
        "از اطلاعات تماس فقط برای پاسخ استفاده می‌کنیم."
    ),
    drop_note="لطفاً در صندوق پست ورودی بیندازید یا به پذیرش تحویل دهید.",
    poster_headline="نظر شما مهم است!",
    poster_text=(
        "تشکر، پیشنهاد یا انتقاد؟ کد را با گوشی اسکن کنید و به ما بگویید – ناشناس و بدون ثبت‌نام."
    ),
)

UKRAINIAN = CardTexts(
    call_to_action="Ваша думка важлива",
    subline="Подяка, ідея чи критика? Скажіть нам – анонімно.",
    scan_hint="Скануйте QR-код камерою телефону",
    anonymity="Анонімно: ми не зберігаємо IP-адресу і не питаємо вашого імені.",
    url_label="Або введіть у браузері:",
    back_title="Ваш відгук",
    kind_label="Про що йдеться?",
    kind_praise="Подяка",
    kind_idea="Ідея",
    kind_criticism="Критика",
    rating_label="Наскільки ви задоволені? Позначте:",
    rating_labels=("дуже добре", "добре", "так собі", "погано", "дуже погано"),
    message_label="Ваше повідомлення:",
    contact_title="Бажаєте відповідь? (добровільно)",
    contact_name="Ім'я:",
    contact_address="Адреса або e-mail:",
    contact_consent="Я погоджуюся, що мої дані зберігатимуть для відповіді.",
    privacy_note=(
        "Захист даних: без контактних даних ваш відгук залишається анонімним. "
        "Контактні дані ми використовуємо лише для відповіді."
    ),
    drop_note="Будь ласка, киньте в поштову скриньку біля входу або віддайте на рецепції.",
    poster_headline="Ваша думка важлива!",
    poster_text=(
        "Подяка, ідея чи критика? Скануйте код телефоном і скажіть нам – анонімно і без реєстрації."
    ),
)

TURKISH = CardTexts(
    call_to_action="Görüşünüz önemli",
    subline="Teşekkür, fikir ya da eleştiri mi? Bize söyleyin – isim vermeden.",
    scan_hint="QR kodunu telefon kamerasıyla tarayın",
    anonymity="Anonim: IP adresini kaydetmiyoruz ve adınızı sormuyoruz.",
    url_label="Ya da tarayıcıya yazın:",
    back_title="Geri bildiriminiz",
    kind_praise="Teşekkür",
    kind_idea="Fikir",
    kind_criticism="Eleştiri",
    poster_headline="Görüşünüz önemli!",
)

EASY_GERMAN = CardTexts(
    call_to_action="Ihre Meinung ist wichtig",
    subline="Sie finden etwas gut? Oder schlecht? Sagen Sie es uns. Ohne Namen.",
    scan_hint="Scannen Sie den Code mit dem Handy.",
    poster_headline="Ihre Meinung ist wichtig!",
)

# The multilingual line, as each catalog would translate it.
MULTILINGUAL_LINES = (
    ("de", "Ihre Meinung zählt – scannen Sie den Code."),
    ("en", "Your opinion matters – scan the code."),
    ("uk", "Ваша думка важлива – скануйте код."),
    ("ru", "Ваше мнение важно – отсканируйте код."),
    ("ar", "رأيك يهمنا – امسح الرمز."),
    ("fa", "نظر شما مهم است – کد را اسکن کنید."),
    ("tr", "Görüşünüz önemli – kodu tarayın."),
)
