"""Tests for intake.privacy.masking: identifiers in every notation are masked, not the text.

Citizens type on phones with Arabic, Persian, Cyrillic or Japanese keyboards, paste from
messengers that insert thin or no-break spaces, or spell out their e-mail address so that
"nobody can read it". Detection therefore runs on a normalised copy of the text (NFKC, every
Unicode decimal digit as ASCII, Unicode spaces as " ", dash variants as "-", format characters
dropped), and the matching spans of the ORIGINAL text are replaced: every other character stays
exactly as typed.
"""

from __future__ import annotations

import random

import pytest

from intake.privacy.masking import KINDS, PLACEHOLDERS, MaskResult, mask_identifiers
from intake.reception.services import clean_text

P = PLACEHOLDERS


def masked(text: str) -> str:
    return mask_identifiers(text).text


# --------------------------------------------------------------------------- digits of any script

OTHER_DIGITS = [
    ("Bitte rufen Sie mich an: ٠١٧٦١٢٣٤٥٦٧٨", f"Bitte rufen Sie mich an: {P['phone']}"),
    (
        "رقم هاتفي ٠١٧٦١٢٣٤٥٦٧٨، أرجو الاتصال بي بعد الظهر",
        f"رقم هاتفي {P['phone']}، أرجو الاتصال بي بعد الظهر",
    ),
    (
        "شماره من ۰۱۷۶ ۱۲۳۴۵۶۷۸ است، لطفاً با من تماس بگیرید",
        f"شماره من {P['phone']} است، لطفاً با من تماس بگیرید",
    ),
    (
        "Мій номер ０１７６ １２３４５６７８, будь ласка, передзвоніть",
        f"Мій номер {P['phone']}, будь ласка, передзвоніть",
    ),
    ("मेरा नंबर ०१७६ १२३४५६७८ है", f"मेरा नंबर {P['phone']} है"),  # Devanagari digits
    ("Telefon 𝟎𝟏𝟕𝟔 𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖 (fett)", f"Telefon {P['phone']} (fett)"),  # math bold
    ("IBAN ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００", f"IBAN {P['iban']}"),
    ("Steuer-ID ١٢ ٣٤٥ ٦٧٨ ٩٠١ liegt vor", f"Steuer-ID {P['tax_id']} liegt vor"),
    ("Ich wohne in der Hauptstraße ١٢, ٥٦١٣٠ Bad Ems.", None),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_DIGITS)
def test_digits_of_any_script(text: str, expected: str | None) -> None:
    if expected is None:
        expected = f"Ich wohne in der {P['street_address']}, {P['postcode']} Bad Ems."
    assert masked(text) == expected


# --------------------------------------------------------------------------- spaces and dashes

SPACES_AND_DASHES = [
    ("Handy 0176\u20091234\u20095678 bitte", "thin space"),
    ("Handy 0176\u202f12345678 bitte", "narrow no-break space"),
    ("Handy 0176\u00a012345678 bitte", "no-break space"),
    ("Handy 0176\u200712345678 bitte", "figure space"),
    ("Handy 0176\u300012345678 bitte", "ideographic space"),
    ("Handy 0176\u2002123\u2003456\u200a78 bitte", "en, em and hair spaces"),
    ("Handy 0176\u201112345678 bitte", "non-breaking hyphen"),
    ("Handy 0176\u2012123\u2013456\u201478 bitte", "figure, en and em dash"),
    ("Handy 0176\u221212345678 bitte", "minus sign"),
    ("Handy 0176\uff0d12345678 bitte", "full-width hyphen-minus"),
    ("Handy +49\u2009176\u20091234\u20095678 bitte", "international with thin spaces"),
    ("Handy 0176\u200b1234\u200b5678 bitte", "zero-width spaces inside"),
    ("Handy 0176\u00ad12345678 bitte", "soft hyphen inside"),
]


@pytest.mark.parametrize(("text", "why"), SPACES_AND_DASHES)
def test_phone_with_unicode_spaces_and_dashes(text: str, why: str) -> None:
    assert masked(text) == f"Handy {P['phone']} bitte", why


# --------------------------------------------------------------------------- full width

FULL_WIDTH = [
    ("Mail: max．mustermann＠gmail．com", f"Mail: {P['email']}"),
    ("ｍａｘ＠ｗｅｂ．ｄｅ schreibt", f"{P['email']} schreibt"),
    ("Kundennummer １２３Ｄ４５６７８９.", f"Kundennummer {P['customer_number']}."),
    ("Ｈａｕｐｔｓｔｒａßｅ １２", P["street_address"]),
    ("（０２６０３）５０１２３４", P["phone"]),
]


@pytest.mark.parametrize(("text", "expected"), FULL_WIDTH)
def test_full_width_characters(text: str, expected: str) -> None:
    assert masked(text) == expected


# --------------------------------------------------------------------------- customer numbers

CUSTOMER_NUMBERS = [
    ("Kundennummer 123A456789", f"Kundennummer {P['customer_number']}"),
    ("Meine Kundennr. ist 962K123456, bitte prüfen", None),
    ("Kd-Nr. 123 Z 456789.", f"Kd-Nr. {P['customer_number']}."),
    ("kundennummer 123b456789", f"kundennummer {P['customer_number']}"),
    ("Müşteri numaram 123A456789, lütfen bana yazın", None),
]


@pytest.mark.parametrize(("text", "expected"), CUSTOMER_NUMBERS)
def test_customer_number_with_any_letter(text: str, expected: str | None) -> None:
    result = mask_identifiers(text)
    assert result.kinds() == ["customer_number"]
    if expected is not None:
        assert result.text == expected
    assert "456789" not in result.text and "123456" not in result.text


def test_customer_number_shape_is_still_strict() -> None:
    # 2+letter+6, 3+letter+5 and a letter glued to a word stay
    for text in ("Raum 12A456789", "Vorgang 123A45678 erledigt", "Bus 123A4567890"):
        assert masked(text) == text


# --------------------------------------------------------------------------- spelled-out e-mail

OBFUSCATED_EMAILS = [
    ("Schreiben Sie an name (at) gmail (dot) com", f"Schreiben Sie an {P['email']}"),
    ("Schreiben Sie an name [at] gmail [dot] com!", f"Schreiben Sie an {P['email']}!"),
    ("max.mustermann(at)web.de hat nie Antwort bekommen", None),
    ("Mail: anna[ät]gmx[punkt]de", f"Mail: {P['email']}"),
    ("Mail: anna {at} gmx {dot} net", f"Mail: {P['email']}"),
    ("Mail: anna <at> gmx <dot> net", f"Mail: {P['email']}"),
    ("Mail: anna(AT)t-online(DOT)de.", f"Mail: {P['email']}."),
    ("Mail: anna@gmail(dot)com", f"Mail: {P['email']}"),
    ("Mail: anna @ gmail.com", f"Mail: {P['email']}"),
    ("Mail: anna@gmail . com", f"Mail: {P['email']}"),
    ("Mail: anna (at) mail (dot) jobcenter (dot) de", f"Mail: {P['email']}"),
    ("Mail: anna at gmail dot com, danke", f"Mail: {P['email']}, danke"),
    ("Mail: anna at gmx punkt de", f"Mail: {P['email']}"),
    ("Пишіть на olena (at) ukr (dot) net, дякую", f"Пишіть на {P['email']}, дякую"),
]


@pytest.mark.parametrize(("text", "expected"), OBFUSCATED_EMAILS)
def test_spelled_out_email(text: str, expected: str | None) -> None:
    if expected is None:
        expected = f"{P['email']} hat nie Antwort bekommen"
    assert masked(text) == expected


SPELLED_OUT_BUT_NO_ADDRESS = [
    "I was at the office at 10 dot.",  # no domain shape
    "Look at example.com for details",  # bare "at" needs spelled-out dots
    "Ich war at home, Punkt.",
    "Treffen (at) Jobcenter (dot) Raum 3",  # no common top-level domain
    "Meet me at noon dot Monday",
    "Schreiben Sie an foo@bar. Danach rufe ich an.",
    "Das Team @ Jobcenter war nett.",
]


@pytest.mark.parametrize("text", SPELLED_OUT_BUT_NO_ADDRESS)
def test_spelled_out_words_in_prose_stay(text: str) -> None:
    assert masked(text) == text


# --------------------------------------------------------------------------- other scripts stay

SENTENCES = [
    (
        "Здравствуйте! Мой телефон +49\u2009176\u20091234\u20095678, звоните после обеда. "
        "Сотрудница была очень вежлива.",
        "Здравствуйте! Мой телефон {phone}, звоните после обеда. Сотрудница была очень вежлива.",
    ),
    (
        "Merhaba, telefonum ٠١٧٦ ١٢٣٤٥٦٧٨. Kundennummer 123A456789. Teşekkürler!",
        "Merhaba, telefonum {phone}. Kundennummer {customer_number}. Teşekkürler!",
    ),
    (
        "مرحباً، بريدي الإلكتروني name (at) gmail (dot) com ورقمي ٠١٧٦١٢٣٤٥٦٧٨ — شكراً",
        "مرحباً، بريدي الإلكتروني {email} ورقمي {phone} — شكراً",
    ),
    (
        "سلام، می‌خواهم وقت بگیرم. شماره‌ام ۰۱۷۶ ۱۲۳۴۵۶۷۸ است.",
        "سلام، می‌خواهم وقت بگیرم. شماره‌ام {phone} است.",
    ),
]


@pytest.mark.parametrize(("text", "template"), SENTENCES)
def test_sentence_around_the_identifier_stays_exactly_as_typed(text: str, template: str) -> None:
    assert masked(text) == template.format(**P)


def test_findings_quote_the_original_characters() -> None:
    text = "Мій номер ０１７６ １２３４５６７８, пошта olena (at) ukr (dot) net"
    result = mask_identifiers(text)
    assert [f.kind for f in result.findings] == ["phone", "email"]
    assert [f.original for f in result.findings] == [
        "０１７６ １２３４５６７８",
        "olena (at) ukr (dot) net",
    ]
    for finding in result.findings:
        assert text[finding.start : finding.end] == finding.original


def test_unchanged_text_in_other_scripts() -> None:
    for text in (
        "Дякую за допомогу, все було добре.",
        "شكراً جزيلاً على المساعدة، ٣ أيام فقط",  # a small count in Arabic digits
        "۱۲ ساعت منتظر ماندم",  # "waited 12 hours"
        "Termin am ١٢.٠٣.٢٠٢٤ um ١٠:٣٠ Uhr",  # a date and a time
        "Ich habe ３ Stunden gewartet.",
        "50\u202fm² Wohnung für 450\u00a0€",
        "ﬁnde ich gut – Seite ②",
    ):
        result = mask_identifiers(text)
        assert result == MaskResult(text=text, findings=()), text


# --------------------------------------------------------------------------- idempotence, fuzzing

NOTATIONS = [t for t, _ in OTHER_DIGITS + FULL_WIDTH + OBFUSCATED_EMAILS + SENTENCES]
NOTATIONS += [t for t, _ in SPACES_AND_DASHES + CUSTOMER_NUMBERS]


@pytest.mark.parametrize("text", NOTATIONS)
def test_idempotent(text: str) -> None:
    once = masked(text)
    assert once != text
    assert masked(once) == once


FRAGMENTS = [
    "٠١٧٦",
    "۱۲۳۴۵۶۷۸",
    "０１７６",
    "１２３４",
    "0176",
    "1234",
    "\u2009",
    "\u202f",
    "\u00a0",
    "\u200b",
    "\u00ad",
    "\u2212",
    "\u2011",
    " ",
    "(at)",
    "[dot]",
    " at ",
    " dot ",
    "name",
    "gmail",
    "com",
    "＠",
    "．",
    "123A456789",
    "ﬁ",
    "½",
    "②",
    "Straße",
    "Мій",
    "می‌خواهم",
    "\n",
    "[",
    "]",
]


@pytest.mark.parametrize("seed", range(5))
def test_random_notations_consistent_and_idempotent(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 20)))
        result = mask_identifiers(text)
        assert masked(result.text) == result.text, repr(text)
        parts: list[str] = []
        position = 0
        for finding in result.findings:
            assert finding.kind in KINDS
            assert finding.start >= position
            assert text[finding.start : finding.end] == finding.original
            parts += [text[position : finding.start], P[finding.kind]]
            position = finding.end
        assert "".join([*parts, text[position:]]) == result.text


@pytest.mark.parametrize(
    ("typed", "placeholder"),
    [
        ("Rufen Sie an: 0176\u034f12345678", "[Telefonnummer entfernt]"),  # grapheme joiner
        ("Mail: anna.schmidt\u034f@gmx.de", "[E-Mail-Adresse entfernt]"),
        ("Kundennummer 123D\ufe00456789", "[Kundennummer entfernt]"),  # variation selector
        ("Tel 0176\U000e010112345678", "[Telefonnummer entfernt]"),
        ("Tel 0176\u316412345678", "[Telefonnummer entfernt]"),  # Hangul filler, looks blank
        ("Tel 0176\u280012345678", "[Telefonnummer entfernt]"),  # Braille blank
        ("Tel 0176\u17b412345678", "[Telefonnummer entfernt]"),  # Khmer inherent vowel
    ],
)
def test_invisible_characters_outside_the_format_category_split_nothing(
    typed: str, placeholder: str
) -> None:
    masked = mask_identifiers(clean_text(typed))
    assert placeholder in masked.text
    assert not any(ch.isdigit() for ch in masked.text), masked.text


def test_an_emoji_keeps_its_variation_selector() -> None:
    assert mask_identifiers("Danke! 🙂\ufe0f").text == "Danke! 🙂\ufe0f"


# --------------------------------------------------------------------------- corpus per language
# What a customer writes in each language of the public side (issue 10). Every identifier in the
# digits and spacing of its keyboard must go; every other word stays exactly as typed. In the
# expected text, "{phone}" etc. stand for the placeholders.
#
# Decisions pinned here: dates (١٢/٠٣/٢٠٢٥, ۱۴۰۳/۱۲/۲۰, 12.03.2025) and times stay, as in
# German; amounts and counts stay in every digit set, including Arabic decimal and thousands
# separators (١٢٣٫٥٠, ١٬٢٥٠) and the Arabic percent sign (٢٥٪); a house number stays unless it
# follows a German street name. An identifier glued to a word of another script ("هاتفي٠١٧٦…",
# "номер0176 …") is masked: the script change is the word boundary. Glued to Latin letters it
# stays, as before ("Raum0176…" may be a file reference).

MUST_MASK: dict[str, list[tuple[str, str]]] = {
    "de": [
        (
            "Meine Handynummer ist 0176 12345678, bitte nur nachmittags anrufen.",
            "Meine Handynummer ist {phone}, bitte nur nachmittags anrufen.",
        ),
        (
            "Meine Nummer: ٠١٧٦ ١٢٣٤٥٦٧٨ (arabische Tastatur, sorry)",
            "Meine Nummer: {phone} (arabische Tastatur, sorry)",
        ),
        ("Erreichbar unter ۰۱۷۶-۱۲۳۴۵۶۷۸ ab 14 Uhr.", "Erreichbar unter {phone} ab 14 Uhr."),
        (
            "Festnetz 02603\u00a0501234, Handy 0176\u2013123\u201345678.",
            "Festnetz {phone}, Handy {phone}.",
        ),
        ("Rückruf bitte an ０１７６／１２３４５６７８．", "Rückruf bitte an {phone}．"),
        ("Tel. 0176\u200b1234\u200e5678 (mobil)", "Tel. {phone} (mobil)"),
        (
            "Meine IBAN lautet DE89 3704 0044 0532 0130 00, das Geld kam nie an.",
            "Meine IBAN lautet {iban}, das Geld kam nie an.",
        ),
        (
            "Schreiben Sie mir an anna.schmidt@gmx.de oder anna (at) web (dot) de.",
            "Schreiben Sie mir an {email} oder {email}.",
        ),
        (
            "Kundennummer 123D456789, BG-Nummer 12345BG1234567.",
            "Kundennummer {customer_number}, BG-Nummer {bg_number}.",
        ),
        ("Steuer-ID ١٢ ٣٤٥ ٦٧٨ ٩٠١ liegt dem Amt vor.", "Steuer-ID {tax_id} liegt dem Amt vor."),
    ],
    "en": [
        (
            "My phone number is 0176 12345678, please call after 2 pm.",
            "My phone number is {phone}, please call after 2 pm.",
        ),
        ("You can reach me on +49 176 1234 5678.", "You can reach me on {phone}."),
        (
            "My number in Arabic digits: ٠١٧٦١٢٣٤٥٦٧٨, sorry for that.",
            "My number in Arabic digits: {phone}, sorry for that.",
        ),
        ("Call me: ۰۱۷۶ ۱۲۳۴ ۵۶۷۸ thanks", "Call me: {phone} thanks"),
        (
            "Mobile 0176\u202f1234\u202f5678 or landline (02603) 50 12 34",
            "Mobile {phone} or landline {phone}",
        ),
        ("Phone: ０１７６－１２３４５６７８", "Phone: {phone}"),
        (
            "My customer number is 123A456789 and my BG number is 12345BG1234567.",
            "My customer number is {customer_number} and my BG number is {bg_number}.",
        ),
        (
            "IBAN: GB29 NWBK 6016 1331 9268 19 — the payment never arrived.",
            "IBAN: {iban} — the payment never arrived.",
        ),
        (
            "Email me at john.smith@example.com or john at gmail dot com.",
            "Email me at {email} or {email}.",
        ),
        (
            "My postcode is 56130, my tax ID 12/345/67890.",
            "My postcode is {postcode}, my tax ID {tax_id}.",
        ),
    ],
    "uk": [
        (
            "Мій номер телефону 0176 12345678, телефонуйте після обіду.",
            "Мій номер телефону {phone}, телефонуйте після обіду.",
        ),
        ("Телефон: ٠١٧٦ ١٢٣٤٥٦٧٨", "Телефон: {phone}"),
        ("Мій мобільний: ۰۱۷۶۱۲۳۴۵۶۷۸.", "Мій мобільний: {phone}."),
        (
            "Телефонуйте на +49\u00a0176\u00a012345678 або 0176-123-45-678.",
            "Телефонуйте на {phone} або {phone}.",
        ),
        ("Телефон: ０１７６ １２３４５６７８", "Телефон: {phone}"),
        ("Мій номер:0176 12345678, тел.0176/12345678", "Мій номер:{phone}, тел.{phone}"),
        ("номер телефону0176 12345678", "номер телефону{phone}"),
        (
            "Мій IBAN: UA21 3223 1300 0002 6007 2335 6600 1, а тут DE89 3704 0044 0532 0130 00.",
            "Мій IBAN: {iban}, а тут {iban}.",
        ),
        ("Пишіть на olena.kovalenko@ukr.net, дякую!", "Пишіть на {email}, дякую!"),
        (
            "Номер клієнта 123D456789 (або 123Д456789), номер BG 12345BG1234567.",
            "Номер клієнта {customer_number} (або {customer_number}), номер BG {bg_number}.",
        ),
        ("Мій поштовий індекс: 56130.", "Мій поштовий індекс: {postcode}."),
        ("Пошта: olena собака ukr крапка net", "Пошта: {email}"),
    ],
    "ru": [
        (
            "Мой телефон 0176 12345678, звоните после обеда.",
            "Мой телефон {phone}, звоните после обеда.",
        ),
        ("Номер: ٠١٧٦١٢٣٤٥٦٧٨", "Номер: {phone}"),
        ("Мой номер ۰۱۷۶ ۱۲۳۴۵۶۷۸ — это вотсап", "Мой номер {phone} — это вотсап"),
        ("Звоните: 0176\u00a0123\u00a045\u00a078", "Звоните: {phone}"),
        ("тел.+49-176-1234-5678", "тел.{phone}"),
        ("Телефон: ＋４９ １７６ １２３４５６７８", "Телефон: {phone}"),
        (
            "Мой номер клиента 123D456789, а номер BG 12345BG1234567.",
            "Мой номер клиента {customer_number}, а номер BG {bg_number}.",
        ),
        ("IBAN DE89 3704 0044 0532 0130 00, деньги не пришли.", "IBAN {iban}, деньги не пришли."),
        (
            "Почта: ivan.petrov@mail.ru или ivan (собака) mail (точка) ru",
            "Почта: {email} или {email}",
        ),
        ("Почтовый индекс 10115, ИНН 12/345/67890", "Почтовый индекс {postcode}, ИНН {tax_id}"),
    ],
    "ar": [
        ("رقم هاتفي ٠١٧٦١٢٣٤٥٦٧٨", "رقم هاتفي {phone}"),
        (
            "رقم الهاتف: 0176 12345678، أرجو الاتصال بعد الظهر.",
            "رقم الهاتف: {phone}، أرجو الاتصال بعد الظهر.",
        ),
        ("هاتفي ۰۱۷۶ ۱۲۳۴۵۶۷۸ من فضلك", "هاتفي {phone} من فضلك"),
        (
            "اتصلوا بي على ٠١٧٦\u00a0١٢٣٤\u00a0٥٦٧٨ من فضلك",
            "اتصلوا بي على {phone} من فضلك",
        ),
        ("هل رقمي ٠١٧٦-١٢٣-٤٥٦٧٨؟", "هل رقمي {phone}؟"),
        ("هاتفي٠١٧٦١٢٣٤٥٦٧٨ و٠٢٦٠٣٥٠١٢٣٤", "هاتفي{phone} و{phone}"),
        ("رقم الهاتف: \u200f+49 176 12345678\u200f", "رقم الهاتف: \u200f{phone}\u200f"),
        ("هاتفي: ０１７６ １２３４５６７８", "هاتفي: {phone}"),
        (
            "رقم الزبون ١٢٣D٤٥٦٧٨٩ ورقم BG ١٢٣٤٥BG١٢٣٤٥٦٧",
            "رقم الزبون {customer_number} ورقم BG {bg_number}",
        ),
        (
            "الآيبان الخاص بي: DE89 3704 0044 0532 0130 00 ولم يصل المبلغ",
            "الآيبان الخاص بي: {iban} ولم يصل المبلغ",
        ),
        ("بريدي الإلكتروني ahmad.ali@gmail.com، شكراً", "بريدي الإلكتروني {email}، شكراً"),
        ("الرمز البريدي ٥٦١٣٠", "الرمز البريدي {postcode}"),
        ("ahmad (at) gmail (نقطة) com هو بريدي", "{email} هو بريدي"),
    ],
    "fa": [
        ("شماره تلفن من ۰۱۷۶ ۱۲۳۴۵۶۷۸ است.", "شماره تلفن من {phone} است."),
        ("شماره‌ام ۰۱۷۶۱۲۳۴۵۶۷۸ است", "شماره‌ام {phone} است"),
        ("با این شماره تماس بگیرید: 0176-12345678", "با این شماره تماس بگیرید: {phone}"),
        ("موبایل: ٠١٧٦ ١٢٣٤٥٦٧٨", "موبایل: {phone}"),
        ("شماره: ۰۱۷۶\u202f۱۲۳۴\u202f۵۶۷۸، ممنون", "شماره: {phone}، ممنون"),
        ("تلفن: ＋４９ １７６ １２３４５６７８", "تلفن: {phone}"),
        ("شماره مشتری من ۱۲۳D۴۵۶۷۸۹ است.", "شماره مشتری من {customer_number} است."),
        (
            "شماره حساب (آیبان): DE89 3704 0044 0532 0130 00",
            "شماره حساب (آیبان): {iban}",
        ),
        ("ایمیل من reza.ahmadi@yahoo.de است", "ایمیل من {email} است"),
        ("کد پستی من ۵۶۱۳۰ است", "کد پستی من {postcode} است"),
        ("ایمیل: reza at gmail نقطه com", "ایمیل: {email}"),
    ],
    "tr": [
        (
            "Telefon numaram 0176 12345678, lütfen öğleden sonra arayın.",
            "Telefon numaram {phone}, lütfen öğleden sonra arayın.",
        ),
        ("Cep: 0176 123 45 678'dir.", "Cep: {phone}'dir."),
        ("Numaram ٠١٧٦١٢٣٤٥٦٧٨", "Numaram {phone}"),
        ("İletişim: ۰۱۷۶ ۱۲۳۴ ۵۶۷۸", "İletişim: {phone}"),
        (
            "Beni +49\u00a0176\u00a012345678 numarasından arayabilirsiniz.",
            "Beni {phone} numarasından arayabilirsiniz.",
        ),
        ("Telefon: ０１７６－１２３４５６７８", "Telefon: {phone}"),
        (
            "Müşteri numaram 123A456789, BG numaram 12345BG1234567.",
            "Müşteri numaram {customer_number}, BG numaram {bg_number}.",
        ),
        (
            "IBAN: TR33 0006 1005 1978 6457 8413 26 değil, DE89 3704 0044 0532 0130 00.",
            "IBAN: {iban} değil, {iban}.",
        ),
        ("E-posta adresim ayse.yilmaz@gmail.com'dur.", "E-posta adresim {email}'dur."),
        ("ya da ayse at gmail nokta com", "ya da {email}"),
        (
            "VERGİ NUMARASI 12/345/67890, vergi numarasi 12/345/67891",
            "VERGİ NUMARASI {tax_id}, vergi numarasi {tax_id}",
        ),
        (
            "Posta kodu 56130, vergi numarası 12/345/67890.",
            "Posta kodu {postcode}, vergi numarası {tax_id}.",
        ),
    ],
}

MUST_STAY: dict[str, list[str]] = {
    "de": [
        "Am 12.03.2025 um 10:30 Uhr hatte ich einen Termin in Raum 204.",
        "Ich habe 563 Euro Nachzahlung bekommen, aber 1.250,00 € fehlen noch.",
        "Ich warte seit 3 Wochen, der Bescheid vom ١٢.٠٣.٢٠٢٥ steht auf Seite 2.",
        "Zwischen 2023 und 2025 hatte ich 12 Termine, die Wartenummer war 0815.",
        "Ich wohne im Haus 12 im dritten Stock.",
    ],
    "en": [
        "I waited 3 hours on 12/03/2025 at 10:30 am.",
        "They paid 563 Euro instead of 1,250.00 Euro.",
        "I live at number 12, second floor, flat 5.",
        "I have 2 children aged 5 and 7.",
    ],
    "uk": [
        "Я чекала 3 тижні, з 12.03.2025 до 02.04.2025.",
        "Мені нарахували 563 євро замість 1 250 євро.",
        "Зустріч о 10:30, кабінет 204, будинок 12.",
        "У мене 2 дітей, 5 і 7 років. Дякую за допомогу!",
    ],
    "ru": [
        "Я ждал 3 часа, 12.03.2025 в 10:30.",
        "Мне не доплатили 563 евро, а это 25 % от суммы.",
        "Дом 12, квартира 5.",
        "С 2023 года жду ответа, индекс цен вырос.",
        "Моя собака болеет, а в точке выдачи сказали: ждите. Точка.",
    ],
    "ar": [
        "موعدي كان في ١٢/٠٣/٢٠٢٥ الساعة ١٠:٣٠",
        "دفعت ٥٠٠ يورو ولم يرجع لي أحد",
        "انتظرت ٣ ساعات، هل هذا معقول؟",
        "المبلغ ١٬٢٥٠٫٥٠ يورو، أي ٢٥٪ أقل",
        "المبلغ ٠١٢٣٤٥٦٧٫٥٠ يورو",
        "أسكن في الطابق ٣، شقة ١٢، ولدي ٢ أطفال",
    ],
    "fa": [
        "تاریخ ۱۴۰۳/۱۲/۲۰ ساعت ۱۰:۳۰ وقت داشتم",
        "۵۰۰ یورو کم پرداخت شد",
        "مبلغ ۱٬۲۵۰٫۵۰ یورو، یعنی ۲۵٪ کمتر",
        "سه ماه است منتظرم، ۲ فرزند دارم.",
    ],
    "tr": [
        "12.03.2025 tarihinde saat 10:30'da randevum vardı.",
        "563 Euro eksik ödendi.",
        "3 saat bekledim, 2 çocuğum var.",
        "Kapı numarası 12, 3. kat.",
        "Nokta koymadan yazdım, vergi iadesi 563 Euro.",
        "İŞKUR'a 2019'da başvurdum, ığdırlıyım.",
    ],
}


def _corpus_cases(corpus: dict[str, list[tuple[str, str]]]) -> list[object]:
    return [
        pytest.param(text, expected, id=f"{language}-{number}")
        for language, cases in corpus.items()
        for number, (text, expected) in enumerate(cases, 1)
    ]


@pytest.mark.parametrize(("text", "template"), _corpus_cases(MUST_MASK))
def test_language_corpus_is_masked(text: str, template: str) -> None:
    result = mask_identifiers(text)
    assert result.text == template.format(**P)
    assert masked(result.text) == result.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(text, id=f"{language}-{number}")
        for language, texts in MUST_STAY.items()
        for number, text in enumerate(texts, 1)
    ],
)
def test_language_corpus_stays(text: str) -> None:
    assert mask_identifiers(text) == MaskResult(text=text, findings=())


def test_corpus_covers_every_language_of_the_public_side() -> None:
    languages = {"de", "en", "uk", "ru", "ar", "fa", "tr"}
    assert set(MUST_MASK) == set(MUST_STAY) == languages
    assert all(len(MUST_MASK[lang]) >= 10 and len(MUST_STAY[lang]) >= 4 for lang in languages)
