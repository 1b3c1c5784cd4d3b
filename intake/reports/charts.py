"""The report's charts: SVG drawn on the server by matplotlib, each with its data as a table.

Every chart is readable without colour and without sight:

- each series has its own pattern (solid, hatched, dotted) besides its colour, the legend
  shows the patterns, and every bar carries its value as a label, so there is no value axis
  to read off;
- the SVG keeps its text as text (`svg.fonttype: none`) and starts with `<title>` and
  `<desc>`, referenced by `aria-labelledby` on `role="img"`;
- `Chart.headers`/`Chart.rows` are the same numbers as a table, printed beside the chart on
  the page and in the PDF.

Small numbers: each series of a chart is one group for `figures.hidden` (primary and
complementary suppression, see `intake.reports.figures`). A hidden count is drawn as no bar at
all, labelled as the table beside it prints it ("< n", or "k. A." for a larger count hidden to
protect a small one); its true value appears nowhere in the SVG. Shares follow their counts: a
deadline whose due or kept count is hidden gets no bar (`figures.deadline_share`).

The output is deterministic (a fixed hash salt per chart, no date in the metadata), so two
renders of the same figures are byte-equal, and nothing depending on the figures is cached.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import matplotlib
from flask_babel import gettext as _
from matplotlib.figure import Figure as PlotFigure

from intake.reports.figures import (
    Deadline,
    Figures,
    Row,
    deadline_share,
    hidden,
    shown,
    shown_as,
)
from intake.reports.services import parse_period

# Series styles: colour (each ≥ 4.5:1 against white) and a pattern, so colour is never the
# only difference. The first series is solid, the others white with a hatch in their colour.
_STYLES: tuple[tuple[str, str], ...] = (
    ("#00457d", ""),  # the brand blue, solid: the period reported on
    ("#a34a00", "///"),  # dark orange, diagonal hatching: the period before
    ("#4d4d4d", "xx"),  # dark grey, cross-hatching: the same period a year earlier
)
_TEXT = "#1a1a1a"
_RC: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays text: selectable, read by screen readers
    "font.family": ["DejaVu Sans"],
    "font.size": 9,
    "text.parse_math": False,  # a "$" in a label is a dollar sign
    "hatch.linewidth": 1.2,
    "axes.edgecolor": _TEXT,
    "text.color": _TEXT,
    "xtick.color": _TEXT,
    "ytick.color": _TEXT,
}
_WIDTH_INCHES = 6.4


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG (ready to inline, no XML declaration) and its data as a table."""

    id: str  # unique on a page; prefixes every id inside the SVG
    title: str
    description: str
    svg: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def data_uri(self) -> str:
        """The SVG as a data: URL, for `<img src>` in the PDF."""
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"


@dataclass(frozen=True)
class _Series:
    name: str
    values: tuple[int | None, ...]
    hidden: tuple[bool, ...]  # as `figures.hidden` decided for the series as one group
    texts: tuple[str, ...]  # the values as printed


def _series(name: str, values: Sequence[int | None], threshold: int) -> _Series:
    flags = hidden([value or 0 for value in values], threshold)
    texts = tuple(
        shown_as(value, threshold, flag) for value, flag in zip(values, flags, strict=True)
    )
    return _Series(name, tuple(values), tuple(flags), texts)


def report_charts(figures: Figures) -> list[Chart]:
    """The charts of the report, in the order the report shows them."""
    current, previous, year_before = _period_names(figures)
    threshold = figures.threshold
    return [
        _compare_chart(
            "chart-month",
            _("Rückmeldungen je Monat"),
            _("Monat"),
            figures.by_month,
            [(current, "count"), (year_before, "year_before")],
            threshold,
            horizontal=False,
            summary=_(
                "Anzahl der Rückmeldungen in jedem Monat des Zeitraums, daneben derselbe Monat "
                "ein Jahr früher."
            ),
        ),
        _compare_chart(
            "chart-kind",
            _("Rückmeldungen nach Art"),
            _("Art"),
            figures.by_kind,
            [(current, "count"), (previous, "previous"), (year_before, "year_before")],
            threshold,
            summary=_(
                "Anzahl der eingeordneten Rückmeldungen je Art, verglichen mit dem "
                "Vorzeitraum und demselben Zeitraum ein Jahr früher."
            ),
        ),
        _compare_chart(
            "chart-channel",
            _("Rückmeldungen nach Eingangskanal"),
            _("Kanal"),
            figures.by_channel,
            [(current, "count"), (previous, "previous"), (year_before, "year_before")],
            threshold,
            summary=_(
                "Anzahl der Rückmeldungen je Eingangskanal, verglichen mit dem Vorzeitraum und "
                "demselben Zeitraum ein Jahr früher."
            ),
        ),
        _compare_chart(
            "chart-office",
            _("Rückmeldungen nach Geschäftsstelle"),
            _("Geschäftsstelle"),
            figures.by_office,
            [(current, "count"), (previous, "previous"), (year_before, "year_before")],
            threshold,
            summary=_(
                "Anzahl der Rückmeldungen je Geschäftsstelle, verglichen mit dem Vorzeitraum "
                "und demselben Zeitraum ein Jahr früher."
            ),
        ),
        _deadline_chart(figures.timeliness.deadlines, threshold),
        _compare_chart(
            "chart-open-age",
            _("Offene Rückmeldungen nach Alter"),
            _("Alter"),
            figures.timeliness.open_by_age,
            [(_("offen am %(day)s", day=_german_date(figures)), "count")],
            threshold,
            horizontal=False,
            summary=_(
                "Rückmeldungen, die am Ende des Zeitraums noch nicht abgeschlossen waren, nach "
                "Kalendertagen seit Eingang."
            ),
        ),
        _compare_chart(
            "chart-language",
            _("Rückmeldungen nach Sprache"),
            _("Sprache"),
            figures.by_language,
            [(current, "count")],
            threshold,
            summary=_("Anzahl der Rückmeldungen je Sprache, in der sie geschrieben wurden."),
        ),
    ]


def _period_names(figures: Figures) -> tuple[str, str, str]:
    names = []
    for key in (figures.period, figures.previous, figures.year_before):
        period = parse_period(key)
        names.append(period.label if period else key)
    return names[0], names[1], names[2]


def _german_date(figures: Figures) -> str:
    return figures.end.strftime("%d.%m.%Y")


def _compare_chart(
    chart_id: str,
    title: str,
    head: str,
    rows: Sequence[Row],
    columns: Sequence[tuple[str, str]],
    threshold: int,
    *,
    summary: str,
    horizontal: bool = True,
) -> Chart:
    """Grouped bars: one group per row, one bar per (series name, Row attribute)."""
    series = [
        _series(name, [getattr(row, attribute) for row in rows], threshold)
        for name, attribute in columns
    ]
    labels = [row.label for row in rows]
    svg = _draw(chart_id, title, summary, labels, series, horizontal=horizontal)
    table_rows = tuple(
        (row.label, *(item.texts[index] for item in series)) for index, row in enumerate(rows)
    )
    return Chart(
        id=chart_id,
        title=title,
        description=summary,
        svg=svg,
        headers=(head, *(name for name, _attribute in columns)),
        rows=table_rows,
    )


def _deadline_chart(deadlines: Sequence[Deadline], threshold: int) -> Chart:
    """Horizontal bars of the share kept per deadline, 0 to 100 %."""
    chart_id = "chart-deadlines"
    title = _("Fristen eingehalten")
    summary = _(
        "Anteil der fälligen Rückmeldungen, bei denen die Frist eingehalten wurde, je Frist "
        "(in Prozent, mit Anzahl eingehalten von fällig)."
    )
    labels: list[str] = []
    shares: list[float | None] = []
    texts: list[str] = []
    rows: list[tuple[str, ...]] = []
    for deadline in deadlines:
        share = deadline_share(deadline, threshold)
        labels.append(deadline.label)
        shares.append(share)
        kept, due = shown(deadline.kept, threshold), shown(deadline.due, threshold)
        percent = _percent(share) if share is not None else "–"
        texts.append(_("%(share)s (%(kept)s von %(due)s)", share=percent, kept=kept, due=due))
        rows.append((deadline.label, due, kept, percent))
    svg = _draw_shares(chart_id, title, summary, labels, shares, texts)
    return Chart(
        id=chart_id,
        title=title,
        description=summary,
        svg=svg,
        headers=(_("Frist"), _("fällig"), _("eingehalten"), _("Anteil eingehalten")),
        rows=tuple(rows),
    )


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def _draw(
    chart_id: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    series: Sequence[_Series],
    *,
    horizontal: bool,
) -> str:
    count = max(len(labels), 1)
    width = 0.8 / max(len(series), 1)
    with matplotlib.rc_context(_rc(chart_id)):
        height = 0.9 + count * (0.22 * len(series) + 0.18) if horizontal else 3.2
        plot = PlotFigure(figsize=(_WIDTH_INCHES, height))
        legend = len(series) > 1
        _margins(plot, height, labels if horizontal else [], legend=legend, below=not horizontal)
        axes = plot.add_subplot()
        top = max(
            (
                value
                for item in series
                for value, hide in zip(item.values, item.hidden, strict=True)
                if value is not None and not hide
            ),
            default=0,
        )
        top = max(top, 1)
        for index, item in enumerate(series):
            colour, hatch = _STYLES[index % len(_STYLES)]
            drawn = [
                0 if value is None or hide else value
                for value, hide in zip(item.values, item.hidden, strict=True)
            ]
            positions = [i + (index - (len(series) - 1) / 2) * width for i in range(len(labels))]
            fill = "white" if hatch else colour
            if horizontal:
                bars = axes.barh(
                    positions,
                    drawn,
                    height=width * 0.92,
                    color=fill,
                    edgecolor=colour,
                    hatch=hatch or None,
                    linewidth=1,
                    label=item.name,
                )
            else:
                bars = axes.bar(
                    positions,
                    drawn,
                    width=width * 0.92,
                    color=fill,
                    edgecolor=colour,
                    hatch=hatch or None,
                    linewidth=1,
                    label=item.name,
                )
            for bar, value, hide in zip(bars, item.values, item.hidden, strict=True):
                if value is None or hide:
                    bar.set_visible(False)  # not even a base line where the count is hidden
            axes.bar_label(bars, labels=list(item.texts), padding=3, fontsize=8, color=_TEXT)
        ticks = list(range(len(labels)))
        if horizontal:
            axes.set_yticks(ticks, labels)
            axes.invert_yaxis()  # first row on top, as in the table
            axes.set_xlim(0, top * 1.18)
            axes.xaxis.set_visible(False)
            axes.spines[["top", "right", "bottom"]].set_visible(False)
        else:
            axes.set_xticks(ticks, labels)
            axes.set_ylim(0, top * 1.18)
            axes.yaxis.set_visible(False)
            axes.spines[["top", "right", "left"]].set_visible(False)
        axes.tick_params(length=0)
        if legend:
            plot.legend(
                loc="lower center",
                ncols=len(series),
                frameon=False,
                handlelength=2.4,
                handleheight=1.2,
            )
        return _finish(plot, chart_id, title, summary)


def _draw_shares(
    chart_id: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    shares: Sequence[float | None],
    texts: Sequence[str],
) -> str:
    colour, _hatch = _STYLES[0]
    with matplotlib.rc_context(_rc(chart_id)):
        height = 0.8 + max(len(labels), 1) * 0.45
        plot = PlotFigure(figsize=(_WIDTH_INCHES, height))
        wrapped = [_wrap(label, 26) for label in labels]
        _margins(plot, height, [line for label in wrapped for line in label.split("\n")])
        axes = plot.add_subplot()
        positions = list(range(len(labels)))
        # the whole 100 % as an outline behind each bar, so the share reads as a part of it
        axes.barh(positions, [100] * len(labels), height=0.6, color="white", edgecolor="#767676")
        values = [0.0 if share is None else share * 100 for share in shares]
        bars = axes.barh(positions, values, height=0.6, color=colour, edgecolor=colour)
        axes.bar_label(bars, labels=list(texts), padding=4, fontsize=8, color=_TEXT)
        axes.set_yticks(positions, wrapped)
        axes.invert_yaxis()
        axes.set_xlim(0, 160)  # room for the label right of a full bar
        axes.xaxis.set_visible(False)
        axes.spines[["top", "right", "bottom"]].set_visible(False)
        axes.tick_params(length=0)
        return _finish(plot, chart_id, title, summary)


def _margins(
    plot: PlotFigure,
    height: float,
    row_labels: Sequence[str],
    *,
    legend: bool = False,
    below: bool = False,
) -> None:
    """Room for the labels left of the bars, below them and for the legend, in inches.

    Estimated from the labels' length rather than measured (a layout engine measures every
    text twice and doubles the time of a chart); DejaVu Sans averages about 0.55 em a
    character, 0.07 inch at the tick labels' 9 pt.
    """
    longest = max((len(label) for label in row_labels), default=0)
    left = 0.15 + longest * 0.07 if longest else 0.15
    bottom = 0.1 + (0.3 if below else 0) + (0.35 if legend else 0)
    plot.subplots_adjust(
        left=left / _WIDTH_INCHES,
        right=1 - 0.15 / _WIDTH_INCHES,
        bottom=bottom / height,
        top=1 - 0.15 / height,
    )


def _rc(chart_id: str) -> Any:
    """matplotlib's settings for one chart; the hash salt makes its ids the same every time."""
    return {**_RC, "svg.hashsalt": f"meinungskarte-{chart_id}"}


def _wrap(text: str, width: int) -> str:
    """Break a long tick label into lines at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^")]+)')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)


def _finish(plot: PlotFigure, chart_id: str, title: str, summary: str) -> str:
    """The SVG text, made accessible and unique on a page."""
    buffer = io.StringIO()
    plot.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # no XML declaration or DOCTYPE: inlined in HTML
    svg = _METADATA.sub("", svg, count=1)
    svg = _ID.sub(lambda m: f'id="{chart_id}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{chart_id}-{m.group(2)}", svg)
    head_end = svg.index(">") + 1
    opening = svg[: head_end - 1]
    opening += (
        f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f" id={quoteattr(chart_id + '-svg')}>"
    )
    accessible = (
        f'\n <title id="{chart_id}-title">{escape(title)}</title>'
        f'\n <desc id="{chart_id}-desc">{escape(summary)}</desc>'
    )
    return opening + accessible + svg[head_end:]
