"""Every function that reads citizen text runs in linear time, whatever the text.

A post of one repeated character once cost 1.5 s of worker time in the hints (a pattern
starting with `\\w*` was tried at every position and scanned the rest of the word each time).
This module holds the promise for masking, hints, staff names, `clean_text` and the CSV guard:
for adversarial texts of every character class at the maximum length, the slowest costs at
most `LIMIT` times a normal German text of the same length through the same function. A ratio,
not an absolute time, so that a slow or busy machine does not fail it; a quadratic pattern
shows up as a ratio in the hundreds. Times are CPU time of this thread, the best of several
samples, so other processes on the machine disturb them little.

Lengths: the public form's TEXT_MAX_LENGTH (4,000) and the 20,000 characters staff may enter
for a reaction (intake/backoffice/triage/forms.py), which pass the same masking and hints and
reach the export's staff-name masking and CSV guard.

As a benchmark (for profiling or a regression hunt), print the whole table:

    .venv/bin/python tests/unit/test_linear_time.py
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable

import pytest

from intake.answers.services import unfinished
from intake.config import defaults
from intake.privacy.masking import mask_identifiers
from intake.privacy.staffnames import mask_staff_names
from intake.reception.services import clean_text
from intake.reports.services import to_csv
from intake.triage.hints import suggest

PUBLIC_MAX = int(defaults()["TEXT_MAX_LENGTH"])
STAFF_MAX = 20_000  # the staff-entered reaction's text field
LIMIT = 5.0  # ~3x expected; the rest is noise on a shared machine
SAMPLE_SECONDS = 0.002  # repeat a call until one sample takes about this long
STAFF = ("Anna Schmidt", "Müller, Jörg", "Dr. Eva Lang", "Özdemir", "von der Heide")

NORMAL = (
    "Sehr geehrte Damen und Herren, ich warte seit sechs Wochen auf eine Antwort zu meinem "
    "Weiterbewilligungsantrag. Niemand ist telefonisch erreichbar, und die Hotline legt nach "
    "zehn Minuten einfach auf. Am 12.03.2024 um 10:30 Uhr war ich persönlich in der "
    "Geschäftsstelle, Raum 204, und habe drei Stunden gewartet. Frau Müller war leider sehr "
    "unfreundlich und hat mich angeschrien. Ich bitte um baldige Bearbeitung, da ich die Miete "
    "für März (450,00 €) nicht zahlen kann. Meine Nummer ist 0176 12345678, ich wohne in der "
    "Hauptstraße 12, 56130 Bad Ems. Wenn sich nichts ändert, gehe ich zur Zeitung und zum "
    "Anwalt. Mit freundlichen Grüßen\n\nNachtrag: Herr Dr. Schneider von der Leistungsabteilung "
    "hat mir letztes Jahr sehr geholfen, dafür vielen Dank! Vielleicht wäre es eine gute Idee, "
    "Termine auch online zu vergeben. Die Öffnungszeiten (8–12 Uhr) sind für Berufstätige "
    "schwierig. Übrigens: Die Broschüre auf Seite 2 nennt § 31 SGB II, aber mein Bescheid vom "
    "1. Februar sagt etwas anderes. Bitte schreiben Sie mir an lisa.k@web.de zurück.\n"
)

SINGLE_CHARACTERS = (
    "aZ0_äßÄéبжЖ٣۳०０ｍ🙂"
    " \t\n\u00a0\u2009\u202f\u3000"
    "-–—/.,:;@()[]{}<>+='\"’!?#*%&|\\"
    "\u200b\u200c\u200d\u00ad\ufeff"
)
PAIRS = [
    "a ", "a.", "a-", "a@", "a/", "a1", "Aa", "aA", "a\n", "0 ", "0.", "0-", "0/", "0,", "0:",
    "01", "00", "ä ", "ß.", "بب ", "ж ", "Ж.", "٣ ", "ب\u200c", "=\u200c", "a\u200d", " \u200b",
    "@.", ". ", "- ", "+ ", "( ", ") ", "[ ", "] ",
]  # fmt: skip
NEAR_IDENTIFIERS = [
    "0176 ", "0176", "0176-", "0176/", "+49 ", "+4", "0049", "(0", "(02603) ", "DE00", "DE89 ",
    "de89", "AT61 ", "12345BG", "123D", "123A4", "12 345 ", "65 170839 ", "Straße ",
    "Hauptstraße 1", "Hauptstr. ", "Am Markt ", "Unter den ", "am Bahnhof ", "10115 ", "D-",
    "PLZ ", "Steuer-ID ", "St.-Nr. ", "12/345/", "a@b.", "a.b@", "x (at) ", "(at)", "[dot]",
    " at ", " dot ", "gmail (dot) ", "a at b dot ", "١٢٣ ", "٠١٧٦", "０１７６ ", "1.2.", "12:30 ",
    "0176 0176 ", "a@a@", "DE00DE00", "Straße Straße ", "0\u2009", "0\u00ad", "۰۱۷۶\u200c",
    "۰۱۷۶ ", "٠١٧٦\u00a0", "٠١٧٦-", "١٢٣D", "١٢٣Д٤", "١٬", "٫٥", "٠٫", "٢٥٪ ", "هاتفي٠",
    "ب٠", "номер0", "ж0176 ", "індекс ", "Индекс ", "ИНН ", "кд ", "کد پستی ", "الرمز البريدي ",
    "posta kodu ", "vergi no ", "tax id ", "zip ", "a (собака) ", "a собака b точка ",
    "(نقطة)", " nokta ", "０１７６－", "＋４９ ",
]  # fmt: skip
HINT_WORDS = [
    "zeitung", "Zeitung ", "xzeitung", "werde", "werde ", "schlag ", "mitarbeiter",
    "Mitarbeiterin ", "unfreundlich", "unfreundlich ", "nicht ", "kein ", "danke ", "Danke für ",
    "geschenk ", "geld ", "wäre ", "widerspruch", "widerspruchs", "bring ", "mach ", "ae", "ss",
    "ue ", "Sachbearbeiter ", "presse", "nicht sehr ", "zu unrecht ", "meine daten ",
]  # fmt: skip
# The other languages' rules (intake/triage/hints.py FOREIGN): their words, prefixes, person
# words before a conduct gap, negations, and the characters the folding drops or changes.
FOREIGN_HINT_WORDS = [
    "the officer ", "thank you for ", "not ", "would be ", "waiting ", "asked me for ",
    "газет", "газети ", "пан ", "співробітник ", "не ", "дякую за ", "було б ", "чекаю ",
    "вб'ю ", "в суд ", "пресса ", "у пресса ", "сотрудник ", "благодарю за ", "жду ",
    "ال", "وال", "بال", "للصحافة ", "الموظف ", "شكرا على ", "لا ", "سيكون ", "طلب مني ",
    "يعمل ", "متى ", "الصحـــافة ", "صَحَافَة ", "ـ", "َ", "ًّ", "أإآ ", "كی ",
    "می‌", "می ", "کارمند ", "ممنون ", "کمک ", "نیستم ", "روزنامه‌", "ی\u200c",
    "memur ", "benden ", "kendimi ", "İ", "İTİRAZ ", "ı", "bas", "basına ", "değil ",
    "haftadır ", "yardım ", "ş",
]  # fmt: skip
NAME_WORDS = [
    "Frau ", "Herr ", "Frau A ", "Herr von ", "Dr. ", "Frau Dr. ", "von der ", "Müller-",
    "Anna Schmidt ", "Schmidt-", "M. ", "Fr. ", "Prof. Dr. med. ", "Frau Müller ",
    "FRAU MÜLLER ", "Frau Sachbearbeiterin ", "Schmidts ", "Lang, ", "Özdemir'",
]  # fmt: skip


def _fit(piece: str, length: int) -> str:
    return (piece * (length // len(piece) + 1))[:length]


def adversarial(length: int, *, words: bool = True) -> dict[str, str]:
    """Texts of exactly `length` characters, by name; `words`: with the hint and name words."""
    rng = random.Random(length)
    pieces = [*SINGLE_CHARACTERS, *PAIRS, *NEAR_IDENTIFIERS]
    if words:
        pieces += [*HINT_WORDS, *FOREIGN_HINT_WORDS, *NAME_WORDS]
    texts = {repr(piece): _fit(piece, length) for piece in pieces}
    texts["long capitalised word + straße"] = "A" + "b" * (length - 7) + "straße"
    texts["glued Zeitung"] = _fit("Zeitung", length)
    texts["random digits, spaces, slashes"] = "".join(
        rng.choice("0123456789 /-") for _ in range(length)
    )
    texts["random letters and spaces"] = "".join(rng.choice("aeinrstß ") for _ in range(length))
    texts["random Arabic digits and spaces"] = "".join(
        rng.choice("٠١٢٣٤٥٦٧٨٩ ") for _ in range(length)
    )
    texts["random Persian digits, separators, letters"] = "".join(
        rng.choice("۰۱۲۳۴۵۶۷۸۹٫٬٪ \u00a0-/ب") for _ in range(length)
    )
    texts["random Cyrillic letters and spaces"] = "".join(
        rng.choice("абвгдежзиклмнопрстуюяіїє' ") for _ in range(length)
    )
    texts["random Arabic letters, marks and spaces"] = "".join(
        rng.choice("الوبكفسصحمتنيةهىءأـًَّ ") for _ in range(length)
    )
    texts["random Persian letters, joiners and spaces"] = "".join(
        rng.choice("میکگپچروزنامهی\u200c ") for _ in range(length)
    )
    texts["Cyrillic conduct gaps"] = _fit("співробітник " + "груб" * 30 + " ", length)
    texts["Arabic prefix runs"] = _fit("وبال" * 20 + "صحاف ", length)
    return texts


def _intake(text: str) -> object:
    """What a post costs: cleaned, masked, then the hints (reception.receive, cases)."""
    return suggest(mask_identifiers(clean_text(text)).text)


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "mask_identifiers": mask_identifiers,
    "hints.suggest": suggest,
    "mask_staff_names": lambda text: mask_staff_names(text, STAFF),
    "csv_cell": lambda text: to_csv([[text]], header=["text"]),
    "intake": _intake,
}


def _loops(function: Callable[[str], object], text: str) -> int:
    """How many calls make one sample of about SAMPLE_SECONDS."""
    started = time.thread_time()
    function(text)
    once = max(time.thread_time() - started, 1e-6)
    return max(1, round(SAMPLE_SECONDS / once))


def _cost(function: Callable[[str], object], text: str, loops: int, samples: int) -> float:
    """CPU seconds per call: the best of `samples` (CPU time, so other processes count less).

    The garbage collector is held while a sample runs: a collection of what earlier tests
    left behind would otherwise land in one text's time and not in the other's.
    """
    best = float("inf")
    for _ in range(samples):
        gc.disable()
        try:
            started = time.thread_time()
            for _ in range(loops):
                function(text)
            best = min(best, (time.thread_time() - started) / loops)
        finally:
            gc.enable()
    return best


def _paired_ratio(function: Callable[[str], object], text: str, normal: str, loops: int) -> float:
    """One sample of the text over one of the normal text, right after each other.

    A moment of noise (another process, a cache) slows one pair; the best pair is the cost
    of the text itself. A text that really costs more slows every pair, so it still shows.
    """
    baseline = _cost(function, normal, loops, samples=1)
    return _cost(function, text, loops, samples=1) / baseline


def ratios(function: Callable[[str], object], length: int) -> dict[str, float]:
    """Each adversarial text's cost over the normal text's; outliers measured again, longer."""
    normal = _fit(NORMAL, length)
    loops = _loops(function, normal)
    baseline = _cost(function, normal, loops, samples=5)
    result: dict[str, float] = {}
    for name, text in adversarial(length, words=length == PUBLIC_MAX).items():
        ratio = _cost(function, text, loops, samples=1) / baseline
        if ratio > LIMIT * 0.6:  # maybe noise: measure again, in pairs taken back to back
            ratio = min(_paired_ratio(function, text, normal, loops) for _ in range(5))
        result[name] = ratio
    return result


# At the staff maximum, the whole intake path stands for masking and hints (they are most of
# its cost, so either one turning quadratic shows), and the texts are every character class,
# pair and near-identifier without the hint and name words: this module stays at ~10 s.
CASES = [(name, PUBLIC_MAX) for name in FUNCTIONS] + [
    (name, STAFF_MAX) for name in ("intake", "mask_staff_names", "csv_cell")
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "length"), CASES)
def test_adversarial_text_costs_at_most_a_few_times_a_normal_text(name: str, length: int) -> None:
    result = ratios(FUNCTIONS[name], length)
    worst = sorted(result.items(), key=lambda item: -item[1])[:5]
    assert worst[0][1] <= LIMIT, f"{name} at {length} characters, slowest: {worst}"


def _growth_pair(function: Callable[[str], object], short: str, long: str, loops: int) -> float:
    """Cost per character of `long` over `short`, measured right after each other."""
    per_char_short = _cost(function, short, loops, samples=1) / len(short)
    per_char_long = _cost(function, long, max(1, loops // 5), samples=1) / len(long)
    return per_char_long / per_char_short


def growth(function: Callable[[str], object]) -> dict[str, float]:
    """Cost per character at STAFF_MAX over cost per character at PUBLIC_MAX, per text.

    What looks suspicious is measured again as the best of five back-to-back pairs (as
    `ratios` does): a moment of load slows one pair, a quadratic cost slows every pair."""
    short, long = adversarial(PUBLIC_MAX, words=False), adversarial(STAFF_MAX, words=False)
    result: dict[str, float] = {}
    for name, text in long.items():
        loops = _loops(function, short[name])
        result[name] = _growth_pair(function, short[name], text, loops)
        if result[name] > 1.5:
            result[name] = min(_growth_pair(function, short[name], text, loops) for _ in range(5))
    return result


@pytest.mark.slow
def test_clean_text_grows_linearly() -> None:
    """`clean_text` alone is too cheap for the ratio (~10 ns a character for normal text:
    one C-level pass): dropping 10,000 stray joiners costs ~15x that, yet still under a tenth
    of masking the same text, which the "intake" case above holds. Linear it must be: a text
    five times longer costs about five times as much, never 25 times."""
    result = growth(clean_text)
    worst = sorted(result.items(), key=lambda item: -item[1])[:5]
    assert worst[0][1] <= 2.0, f"cost per character grows with the length: {worst}"


def test_adversarial_texts_have_the_maximum_length() -> None:
    for length in (PUBLIC_MAX, STAFF_MAX):
        texts = adversarial(length)
        assert len(texts) > 190
        assert len(adversarial(length, words=False)) > 140
        assert {len(text) for text in texts.values()} == {length}
    assert PUBLIC_MAX == 4000


if __name__ == "__main__":
    for function_name, size in CASES:
        table = ratios(FUNCTIONS[function_name], size)
        slowest = sorted(table.items(), key=lambda item: -item[1])[:3]
        shown = ", ".join(f"{text_name} {value:.1f}x" for text_name, value in slowest)
        print(f"{function_name:18} {size:6}  slowest: {shown}")
    table = growth(clean_text)
    slowest = sorted(table.items(), key=lambda item: -item[1])[:3]
    shown = ", ".join(f"{text_name} {value:.1f}x" for text_name, value in slowest)
    print(f"clean_text growth per character {PUBLIC_MAX} -> {STAFF_MAX}: {shown}")


@pytest.mark.slow
def test_answer_slots_are_found_in_linear_time() -> None:
    """An officer's answer may hold pasted citizen text, and its "[[ … ]]" and "{name}" check
    runs on every save. Like `clean_text` it is too cheap on normal text for the ratio (a text
    without brackets is one C-level scan); a lazy `\\[\\[.*?\\]\\]` took seconds for 20,000
    brackets. Five times the length must cost about five times as much."""
    result = growth(unfinished)
    worst = sorted(result.items(), key=lambda item: -item[1])[:5]
    assert worst[0][1] <= 2.0, f"cost per character grows with the length: {worst}"
