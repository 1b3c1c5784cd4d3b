"""Tests for intake.triage.hints: German wording raises the right hints, the wrong wording does not,
and every hint quotes the words that raised it."""

from __future__ import annotations

import re
import time

import pytest

from intake.triage.hints import (
    FLAG_KINDS,
    KIND_PRIORITY,
    RULES,
    RULES_VERSION,
    Flag,
    Suggestion,
    is_high_risk,
    routes_to_anti_corruption,
    suggest,
)
from intake.triage.rules import KRM_KINDS, NON_KRM_KINDS

FLAG_NAMES = {
    "widerspruch", "petition", "media", "corruption", "threat", "dienstaufsicht", "praise", "idea",
}  # fmt: skip


def flag_names(text: str) -> set[str]:
    return {flag.name for flag in suggest(text).flags}


def reason_of(text: str, name: str) -> str:
    reasons = [flag.reason for flag in suggest(text).flags if flag.name == name]
    assert reasons, f"no {name!r} flag for {text!r}"
    return reasons[0]


# --------------------------------------------------------------------------- flags raised
# (text, flag, the word the reason must quote)

POSITIVES = [
    # widerspruch
    (
        "Ich lege hiermit Widerspruch gegen den Bescheid vom 3. Mai ein.",
        "widerspruch",
        "Widerspruch",
    ),
    ("Hiermit widerspreche ich Ihrem Bescheid.", "widerspruch", "widerspreche"),
    ("Ich habe dem Bescheid schon widersprochen.", "widerspruch", "widersprochen"),
    ("Meine Widersprüche wurden nie bearbeitet.", "widerspruch", "Widersprüche"),
    ("Die Widerspruchsfrist läuft noch.", "widerspruch", "Widerspruchsfrist"),
    ("Ich habe gegen den Bescheid Klage erhoben.", "widerspruch", "Klage"),
    ("Ich werde Sie verklagen.", "widerspruch", "verklagen"),
    ("Das geht zum Sozialgericht!", "widerspruch", "Sozialgericht"),
    ("Welche Rechtsbehelfe habe ich?", "widerspruch", "Rechtsbehelfe"),
    ("Ich lege Einspruch ein.", "widerspruch", "Einspruch"),
    # petition
    (
        "Ich wende mich an den Petitionsausschuss des Deutschen Bundestages.",
        "petition",
        "Petitionsausschuss",
    ),
    ("Ich habe eine Petition eingereicht.", "petition", "Petition"),
    ("Ich habe mich an die Bürgerbeauftragte des Landes gewandt.", "petition", "Bürgerbeauftragte"),
    ("Ich schreibe dem Buergerbeauftragten.", "petition", "Buergerbeauftragten"),
    ("Mein Landtagsabgeordneter weiß Bescheid.", "petition", "Landtagsabgeordneter"),
    ("Das landet im Bundestag.", "petition", "Bundestag"),
    # media (high risk)
    ("Ich werde das der Zeitung erzählen.", "media", "Zeitung"),
    ("Ich möchte der Zeitungsredaktion davon berichten.", "media", "Zeitungsredaktion"),
    ("Die Tageszeitung wird sich dafür interessieren.", "media", "Tageszeitung"),
    ("Ich werde die BILD-Zeitung informieren.", "media", "Zeitung"),
    ("Ich gehe damit zur Presse!", "media", "Presse"),
    ("Ich habe einen Presseausweis.", "media", "Presseausweis"),
    ("Ein Journalist interessiert sich für meinen Fall.", "media", "Journalist"),
    ("Eine Journalistin vom SWR hat angerufen.", "media", "Journalistin"),
    ("Das kommt ins Fernsehen.", "media", "Fernsehen"),
    ("Die Medien werden davon erfahren.", "media", "Medien"),
    ("Mein Anwalt wird sich melden.", "media", "Anwalt"),
    ("Mein Rechtsanwalt wird sich melden.", "media", "Rechtsanwalt"),
    ("Meine Anwältin hat Akteneinsicht beantragt.", "media", "Anwältin"),
    ("Meine Rechtsanwaelte sind informiert.", "media", "Rechtsanwaelte"),
    ("Ich mache das öffentlich.", "media", "mache das öffentlich"),
    ("Ich gehe an die Öffentlichkeit.", "media", "an die Öffentlichkeit"),
    # corruption (high risk, anti-corruption officer)
    ("Das ist Bestechung!", "corruption", "Bestechung"),
    ("Man muss die Leute dort bestechen.", "corruption", "bestechen"),
    ("Ich habe Schmiergeld bezahlt.", "corruption", "Schmiergeld"),
    ("Das Jobcenter ist korrupt.", "corruption", "korrupt"),
    ("Das riecht nach Korruption.", "corruption", "Korruption"),
    ("Das ist Vorteilsannahme.", "corruption", "Vorteilsannahme"),
    (
        "Sie hat ein Geschenk für die Bearbeitung angenommen.",
        "corruption",
        "Geschenk für die Bearbeitung",
    ),
    (
        "Er sagte, gegen 100 Euro geht es schneller.",
        "corruption",
        "gegen 100 Euro geht es schneller",
    ),
    ("IHR SEID ALLE KORRUPT", "corruption", "KORRUPT"),
    # threat and self-harm
    ("Ich bringe euch um.", "threat", "bringe euch um"),
    ("Ich werde ihn umbringen.", "threat", "umbringen"),
    ("Ich könnte jemanden töten.", "threat", "töten"),
    ("Es wird Gewalt geben.", "threat", "Gewalt"),
    ("Ich komme mit einer Waffe vorbei.", "threat", "Waffe"),
    ("Ich habe eine Schusswaffe.", "threat", "Schusswaffe"),
    ("Wenn das so weitergeht, tue ich mir etwas an.", "threat", "tue ich mir etwas an"),
    ("Ich werde mir etwas antun.", "threat", "mir etwas antun"),
    ("Ich habe Suizidgedanken.", "threat", "Suizidgedanken"),
    ("Ich will so nicht mehr leben.", "threat", "nicht mehr leben"),
    ("Ich werde Sie erschießen.", "threat", "erschießen"),
    ("Ich werde Sie erschiessen.", "threat", "erschiessen"),
    # dienstaufsicht
    ("Ich erhebe eine Dienstaufsichtsbeschwerde.", "dienstaufsicht", "Dienstaufsichtsbeschwerde"),
    ("Herr Schulze war extrem unfreundlich zu mir.", "dienstaufsicht", "unfreundlich"),
    ("Frau Becker hat mich angeschrien.", "dienstaufsicht", "angeschrien"),
    ("Die Sachbearbeiterin war respektlos.", "dienstaufsicht", "respektlos"),
    ("Mein Arbeitsvermittler war herablassend.", "dienstaufsicht", "herablassend"),
    ("Unfreundlich war vor allem Frau Kaya.", "dienstaufsicht", "Unfreundlich"),
    ("Frau Kaya war nicht freundlich.", "dienstaufsicht", "nicht freundlich"),
    # praise
    ("Ich war sehr zufrieden.", "praise", "zufrieden"),
    ("Frau Yilmaz war sehr freundlich und hilfsbereit.", "praise", "freundlich"),
    ("Ich möchte mich herzlich bei Herrn Krause bedanken.", "praise", "bedanken"),
    ("Danke für die schnelle Hilfe!", "praise", "Danke für die schnelle Hilfe"),
    ("Vielen Dank für Ihre Geduld.", "praise", "Vielen Dank für Ihre Geduld"),
    ("Die Beratung war hervorragend.", "praise", "hervorragend"),
    ("Sie haben mir sehr geholfen.", "praise", "geholfen"),
    ("Ein großes Lob an das Team!", "praise", "Lob"),
    # idea
    ("Es wäre schön, wenn es im Wartebereich Wasser gäbe.", "idea", "wäre schön"),
    ("Es waere gut, wenn man online Termine buchen könnte.", "idea", "waere gut"),
    ("Ich schlage vor, die Öffnungszeiten zu verlängern.", "idea", "schlage vor"),
    ("Mein Vorschlag: mehr Termine online.", "idea", "Vorschlag"),
    ("Ein Verbesserungsvorschlag für die Website.", "idea", "Verbesserungsvorschlag"),
    ("Eine Anregung zum Wartebereich.", "idea", "Anregung"),
    ("Ich wünsche mir längere Öffnungszeiten.", "idea", "wünsche mir"),
]


@pytest.mark.parametrize(("text", "flag", "word"), POSITIVES)
def test_flag_is_raised_and_quotes_the_word(text: str, flag: str, word: str) -> None:
    reason = reason_of(text, flag)
    assert reason.startswith("vorgeschlagen wegen: ")
    assert f"'{word}'" in reason
    assert word in text  # the quote is the sender's own spelling


def test_reason_format() -> None:
    assert suggest("Ich gehe zur Zeitung.").flags == (
        Flag("media", "vorgeschlagen wegen: 'Zeitung'"),
    )


# --------------------------------------------------------------------------- flags not raised
# (text, flag that must not be raised)

NEGATIVES = [
    # "consistent", "contradictory", "contradicts": no legal objection
    ("Ihre Begründung ist widerspruchsfrei und nachvollziehbar.", "widerspruch"),
    ("Die Widerspruchsfreiheit der Angaben wurde geprüft.", "widerspruch"),
    ("Ihre Aussagen sind widersprüchlich.", "widerspruch"),
    ("Das widerspricht allem, was man mir gesagt hat.", "widerspruch"),
    ("Ich beklage mich über die lange Wartezeit.", "widerspruch"),
    # no media
    ("Mein Fernseher ist kaputt, ich brauche eine Erstausstattung.", "media"),
    ("Ich habe einen Medienkompetenzkurs besucht.", "media"),
    ("Ich musste die Unterlagen in den Ordner pressen.", "media"),
    ("Ich fahre mit öffentlichen Verkehrsmitteln.", "media"),
    ("Die Mitarbeiterin war bereit, mir zu helfen.", "media"),
    # no threat
    ("Das war ein gewaltiger Fehler.", "threat"),
    ("Ich esse gern Waffeln mit Sahne.", "threat"),
    ("Ich möchte wieder leben können wie früher, mit Arbeit.", "threat"),
    # no corruption
    ("Ich habe ein Geschenk für meine Tochter gekauft.", "corruption"),
    ("Ich habe 100 Euro zu wenig bekommen.", "corruption"),
    # no praise: politeness or negated
    ("Mit freundlichen Grüßen", "praise"),
    ("Mit freundlichem Gruß, Ihre Kundin", "praise"),
    ("Vielen Dank im Voraus.", "praise"),
    ("Ich war überhaupt nicht zufrieden.", "praise"),
    ("Ich bin unzufrieden.", "praise"),
    ("Die Dame war unfreundlich.", "praise"),
    ("Sie haben mir nicht geholfen.", "praise"),
    ("Ich bin nicht sehr zufrieden.", "praise"),
    # no idea
    ("Ich habe keine Idee, was ich tun soll.", "idea"),
    # no dienstaufsicht: conduct without a person, or a person without conduct
    ("Die Wartezeit war unverschämt lang.", "dienstaufsicht"),
    ("Frau Becker hat mir den Antrag erklärt.", "dienstaufsicht"),
]


@pytest.mark.parametrize(("text", "flag"), NEGATIVES)
def test_flag_is_not_raised(text: str, flag: str) -> None:
    assert flag not in flag_names(text)


def test_plain_text_raises_nothing() -> None:
    for text in ("", "   ", "Guten Tag.", "Die Straße vor dem Jobcenter ist gefährlich."):
        assert suggest(text) == Suggestion(kind=None, reason=None, flags=())


# --------------------------------------------------------------------------- suggested kinds

KINDS = [
    ("Ich lege Widerspruch gegen den Bescheid ein.", "widerspruch"),
    ("Ich wende mich an den Petitionsausschuss.", "petition"),
    ("Ich habe mich beim Bundesministerium für Arbeit und Soziales beschwert.", "eingabe"),
    ("Ich habe dem BMAS geschrieben.", "eingabe"),
    ("Ich erhebe Dienstaufsichtsbeschwerde gegen Ihre Mitarbeiterin.", "dienstaufsicht"),
    ("Herr Schulze war extrem unfreundlich.", "beschwerde"),  # conduct: flag, not the kind
    ("Ich bin unzufrieden mit der Bearbeitung.", "beschwerde"),
    ("Ich warte seit Wochen auf eine Antwort.", "beschwerde"),
    ("Ich beklage mich über die Wartezeit.", "beschwerde"),
    ("Niemand ist telefonisch zu erreichen.", "beschwerde"),
    ("Ich war sehr zufrieden", "lob"),
    ("ich war sehr zufrieden mit Frau Schmidt", "lob"),
    ("Es wäre schön, wenn es Kinderspielecken gäbe.", "idee"),
    ("Danke für die Hilfe, es wäre schön, wenn die Wartezeiten kürzer wären.", "idee"),
    ("Sehr freundlich, aber ich warte seit drei Wochen auf mein Geld.", "beschwerde"),
    ("Mein Nachbar arbeitet schwarz und bekommt Bürgergeld.", "leistungsmissbrauch"),
    ("Hier wird Sozialbetrug begangen.", "leistungsmissbrauch"),
    ("Welche Daten speichern Sie über mich (Art. 15 DSGVO)?", "datenschutz"),
    ("Ich beschwere mich über einen Verstoß gegen den Datenschutz.", "datenschutz"),
    ("Antrag nach dem Informationsfreiheitsgesetz auf Ihre internen Weisungen.", "ifg"),
    ("Wann wird mein Weiterbewilligungsantrag bearbeitet?", "fachliche_anfrage"),
    # A missed objection costs a legal remedy: Widerspruch wins over the complaint wording.
    ("Ich widerspreche dem Bescheid, das ist eine Frechheit.", "widerspruch"),
]


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_suggested_kind(text: str, kind: str) -> None:
    result = suggest(text)
    assert result.kind == kind
    assert result.reason is not None and result.reason.startswith("vorgeschlagen wegen: '")


def test_negated_complaint_is_no_complaint() -> None:
    assert suggest("Ich kann mich nicht beschweren, alles bestens.").kind != "beschwerde"
    assert suggest("Das Essen war nicht schlecht.").kind is None


def test_kind_reason_quotes_the_words() -> None:
    assert suggest("Ich war sehr zufrieden").reason == "vorgeschlagen wegen: 'zufrieden'"
    result = suggest("Ich lege Widerspruch ein, Frau Roth war unfreundlich.")
    assert result.kind == "widerspruch"
    assert result.reason == "vorgeschlagen wegen: 'Widerspruch'"
    assert [f.name for f in result.flags] == ["dienstaufsicht", "widerspruch"]


def test_staff_names_are_never_quoted() -> None:
    # Reactions are documented without naming employees (GA 5.1, 5.3; RL Nr. 2).
    for text in (
        "Frau Müller war sehr unfreundlich und hat mich angeschrien.",
        "Unfreundlich war vor allem Herr Özdemir.",
        "Herr Krause war sehr freundlich.",
    ):
        result = suggest(text)
        quoted = " ".join([result.reason or ""] + [f.reason for f in result.flags])
        assert "Müller" not in quoted and "Özdemir" not in quoted and "Krause" not in quoted


def test_spelling_variants() -> None:
    # umlaut as ae/oe/ue, ß as ss, any case
    assert "threat" in flag_names("ICH WERDE SIE ERSCHIESSEN")
    assert "petition" in flag_names("buergerbeauftragte")
    assert "media" in flag_names("RECHTSANWÄLTIN")
    assert "threat" in flag_names("Ich werde Sie toeten.")
    assert suggest("ein grosses Lob").kind == "lob"


def test_quotes_are_deduplicated_and_capped() -> None:
    reason = reason_of("Zeitung, zeitung, ZEITUNG!", "media")
    assert reason == "vorgeschlagen wegen: 'Zeitung'"
    reason = reason_of("Presse, Zeitung, Fernsehen, Journalist und Anwalt", "media")
    assert reason.count("'") == 6  # three quotes at most


def test_threats_are_never_negated() -> None:
    # A false alarm costs less than a missed one.
    assert "threat" in flag_names("Ich will Ihnen keine Gewalt antun, aber ...")


# --------------------------------------------------------------------------- risk helpers


def test_is_high_risk() -> None:
    assert is_high_risk(suggest("Ich gehe zur Presse.").flags)
    assert is_high_risk(suggest("Ich bringe Sie um.").flags)
    assert is_high_risk(suggest("Das ist Bestechung.").flags)
    assert not is_high_risk(suggest("Ich lege Widerspruch ein.").flags)
    assert not is_high_risk(suggest("Frau Roth war unfreundlich.").flags)
    assert not is_high_risk(suggest("Ich war sehr zufrieden.").flags)
    assert not is_high_risk(())


def test_routes_to_anti_corruption() -> None:
    assert routes_to_anti_corruption(suggest("Der Sachbearbeiter ist bestechlich.").flags)
    assert not routes_to_anti_corruption(suggest("Ich gehe zur Presse.").flags)
    assert routes_to_anti_corruption([Flag("corruption", "x"), Flag("media", "y")])


# --------------------------------------------------------------------------- the table


def test_rules_table_is_well_formed() -> None:
    assert RULES_VERSION
    known_kinds = set(KRM_KINDS) | set(NON_KRM_KINDS)
    for rule in RULES:
        assert rule.role in ("flag", "kind")
        assert rule.name in (FLAG_NAMES if rule.role == "flag" else known_kinds)
        assert rule.patterns
        for pattern in rule.patterns:
            re.compile(pattern)
    raised_kinds = {r.name for r in RULES if r.role == "kind"} | set(FLAG_KINDS.values())
    assert raised_kinds <= set(KIND_PRIORITY) <= known_kinds
    assert {r.name for r in RULES if r.role == "flag"} == FLAG_NAMES


def test_suggest_is_fast_enough() -> None:
    text = (
        "Sehr geehrte Damen und Herren, ich warte seit sechs Wochen auf eine Antwort zu meinem "
        "Weiterbewilligungsantrag. Niemand ist telefonisch erreichbar und die Hotline legt auf. "
        "Ich bitte um baldige Bearbeitung, da ich die Miete nicht zahlen kann. Mit freundlichen "
        "Grüßen"
    )
    started = time.perf_counter()
    for _ in range(200):
        suggest(text)
    assert time.perf_counter() - started < 4.0


# --------------------------------------------------------------------------- linear time
# (tests/unit/test_linear_time.py measures it; these pin what the bounds keep)


def test_long_compounds_still_raise_hints() -> None:
    text = "Die Landessozialgerichtsentscheidung und die Zeitungsredaktionsmitarbeiterversammlung"
    assert reason_of(text, "widerspruch") == (
        "vorgeschlagen wegen: 'Landessozialgerichtsentscheidung'"
    )
    assert (
        reason_of(text, "media")
        == "vorgeschlagen wegen: 'Zeitungsredaktionsmitarbeiterversammlung'"
    )


def test_word_after_a_long_run_is_still_found_and_quoted() -> None:
    text = "x" * 3990 + " Zeitung!"
    assert reason_of(text, "media") == "vorgeschlagen wegen: 'Zeitung'"
    glued = "zeitung" * 500 + " Presse"  # a glued run is one (absurd) word; the next one counts
    assert reason_of(glued, "media") == "vorgeschlagen wegen: 'Presse'"
