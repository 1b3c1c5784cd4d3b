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
