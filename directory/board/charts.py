"""The board's trend charts as plain geometry for small SVG template macros
(templates/board/_charts.html): services per pathway over the meetings, funding ending in the
next 24 months, unmet demand per pathway, and each pathway's RAG at each meeting. No charting
library: four simple charts are a few lines each, and the SVG uses attributes only (no inline
style, which the site's CSP forbids and the PDF renderer would ignore)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from directory.analysis.funding import months_ahead

LINE_WIDTH, LINE_HEIGHT = 240, 90  # one small line chart per pathway
BAR_WIDTH = 300  # the longest unmet-demand bar


@dataclass(frozen=True)
class LineChart:
    """One pathway's services at each meeting."""

    name: str
    values: tuple[int, ...]
    points: tuple[tuple[float, float], ...]
    width: int = LINE_WIDTH
    height: int = LINE_HEIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)

    @property
    def change(self) -> int:
        return self.values[-1] - self.values[0] if self.values else 0


def line_charts(series: dict[str, list[int]]) -> list[LineChart]:
    """One chart per pathway, all on the same scale (so they compare), 0 at the bottom."""
    highest = max((v for values in series.values() for v in values), default=0) or 1
    charts = []
    for name, values in series.items():
        step = (LINE_WIDTH - 40) / max(len(values) - 1, 1)
        points = tuple((round(20 + i * step, 1), round(LINE_HEIGHT - 15 - v / highest *
                                                        (LINE_HEIGHT - 40), 1))
                       for i, v in enumerate(values))
        charts.append(LineChart(name, tuple(values), points))
    return charts


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    length: float


def bars(values: list[tuple[str, int]]) -> list[Bar]:
    highest = max((v for _label, v in values), default=0) or 1
    return [Bar(label, v, round(v / highest * BAR_WIDTH, 1)) for label, v in values]


@dataclass(frozen=True)
class FundingMonths:
    """How many fundings of one pathway end in each of the next months."""

    name: str
    counts: tuple[int, ...]

    def in_words(self, months: list[date]) -> str:
        return "; ".join(f"{n} in {month:%B %Y}" for n, month in zip(self.counts, months,
                                                                      strict=True) if n)


def month_labels(today: date, months: int = 24) -> list[date]:
    return [months_ahead(today.replace(day=1), i) for i in range(months)]


def funding_months(funding, pathways: list[str], today: date,
                   months: int = 24) -> list[FundingMonths]:
    """Per pathway, the fundings ending in each month from this one on."""
    ending = Counter()
    for f in funding:
        if f.end_date is None:
            continue
        index = (f.end_date.year - today.year) * 12 + f.end_date.month - today.month
        if 0 <= index < months:
            for pathway in f.pathways:
                ending[pathway, index] += 1
    return [FundingMonths(name, tuple(ending[name, i] for i in range(months)))
            for name in pathways]
