"""Crisis help: knowing crisis words when someone types them, and the panel they are shown.

The phrases and the panel as first set up are data (`crisis.yaml`); an admin can change the
panel's lines (they are then rows of `crisis_line`). A crisis search is logged only as a count
for the day: the words are never stored.
"""

import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from directory import clock
from directory.extensions import db
from directory.listings.editing import move_in_list
from directory.models import CrisisLine, CrisisSearchDay

log = logging.getLogger(__name__)

CRISIS_FILE = Path(__file__).with_name("crisis.yaml")
WORD = re.compile(r"[a-z0-9]+")
APOSTROPHES = re.compile(r"['\u2019]")
# Words this long also match with one letter wrong, missing, extra or swapped.
FUZZY_FROM_LETTERS = 7
# Enough for any real search; a long paste is read only this far.
MOST_WORDS = 60


@dataclass(frozen=True)
class PanelLine:
    question: str
    action: str
    phone: str
    detail: str = ""
    for_abuse: bool = False


@dataclass(frozen=True)
class Reading:
    """What someone's words tell us about their safety."""

    crisis: bool = False  # suicide, self-harm, overdose, danger
    abuse: bool = False  # being hurt at home
    sex_work: bool = False

    @property
    def shows_panel(self) -> bool:
        return self.crisis or self.abuse

    @property
    def exit_this_page(self) -> bool:
        return self.abuse or self.sex_work


@dataclass(frozen=True)
class CrisisData:
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # kind -> phrases as words
    pathways: dict[str, bool]  # pathway slug -> whether its panel has the abuse lines
    panel: tuple[PanelLine, ...]


def words_of(text: str) -> list[str]:
    """Lower-case words without punctuation: "Can't go on!" -> ["cant", "go", "on"]."""
    return WORD.findall(APOSTROPHES.sub("", (text or "").lower()))


@cache
def crisis_data(path: Path = CRISIS_FILE) -> CrisisData:
    data = yaml.safe_load(path.read_text())
    phrases = {kind: tuple(dict.fromkeys(tuple(words_of(p)) for p in data[kind] if words_of(p)))
               for kind in ("crisis", "abuse", "sex_work")}
    return CrisisData(
        phrases=phrases,
        pathways={slug: bool((options or {}).get("abuse")) for slug, options
                  in (data.get("pathways") or {}).items()},
        panel=tuple(PanelLine(**line) for line in data["panel"]),
    )


def within_one_edit(a: str, b: str) -> bool:
    """True when b is a with at most one letter changed, added, dropped or two swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(differ) == 1 or (
            len(differ) == 2 and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i, (x, y) in enumerate(zip(short, long, strict=False)) if x != y),
             len(short))
    return short[i:] == long[i + 1:]


def _word_matches(phrase_word: str, word: str) -> bool:
    if len(phrase_word) >= FUZZY_FROM_LETTERS:
        return within_one_edit(phrase_word, word)
    return phrase_word == word


def _has_phrase(words: list[str], phrases) -> bool:
    for phrase in phrases:
        size = len(phrase)
        for start in range(len(words) - size + 1):
            if all(_word_matches(p, w) for p, w in zip(phrase, words[start:start + size],
                                                        strict=True)):
                return True
    return False


def read(text: str | None) -> Reading:
    """Which kinds of crisis words a search holds."""
    words = words_of(text or "")[:MOST_WORDS]
    if not words:
        return Reading()
    phrases = crisis_data().phrases
    return Reading(crisis=_has_phrase(words, phrases["crisis"]),
                   abuse=_has_phrase(words, phrases["abuse"]),
                   sex_work=_has_phrase(words, phrases["sex_work"]))


def pathway_panel(slug: str) -> Reading:
    """The panel a pathway's page carries (none for most pathways)."""
    pathways = crisis_data().pathways
    if slug not in pathways:
        return Reading()
    return Reading(crisis=True, abuse=pathways[slug])


def saved_lines() -> list[CrisisLine]:
    return list(db.session.scalars(select(CrisisLine).order_by(CrisisLine.position)))


def panel_lines(abuse: bool = False) -> list:
    """The panel's lines, as an admin left them (or as first set up); abuse lines only when
    the words or the page are about abuse."""
    lines = saved_lines() or list(crisis_data().panel)
    return [line for line in lines if abuse or not line.for_abuse]


def add_line(values: dict) -> CrisisLine:
    """A new line at the bottom of the panel (values as `CrisisLineForm.values` gives them)."""
    last = db.session.scalar(select(func.max(CrisisLine.position))) or 0
    line = CrisisLine(position=last + 1, **values)
    db.session.add(line)
    db.session.commit()
    return line


def change_line(line: CrisisLine, values: dict) -> None:
    for name, value in values.items():
        setattr(line, name, value)
    db.session.commit()


def move_or_remove_line(line: CrisisLine, action: str) -> None:
    """`action` is "up", "down" or "remove"."""
    if action == "remove":
        db.session.delete(line)
    else:
        move_in_list(saved_lines(), line, -1 if action == "up" else 1)
    db.session.commit()


def start_editing() -> list[CrisisLine]:
    """The saved lines, first copying the lines as set up so an admin can change them."""
    lines = saved_lines()
    if not lines:
        for position, line in enumerate(crisis_data().panel):
            db.session.add(CrisisLine(position=position, question=line.question,
                                      action=line.action, phone=line.phone,
                                      detail=line.detail, for_abuse=line.for_abuse))
        db.session.commit()
        lines = saved_lines()
    return lines


def count_search(today: date | None = None) -> None:
    """Add one to today's count of crisis searches. Never stops the results showing."""
    today = today or clock.today()
    bump = (update(CrisisSearchDay).where(CrisisSearchDay.searched_on == today)
            .values(searches=CrisisSearchDay.searches + 1))
    try:
        if db.session.execute(bump).rowcount == 0:
            try:
                with db.session.begin_nested():
                    db.session.add(CrisisSearchDay(searched_on=today, searches=1))
            except IntegrityError:  # another search made today's row first
                db.session.execute(bump)
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not count a crisis search")


def searches_between(since: date, until: date) -> int:
    total = db.session.scalar(select(func.sum(CrisisSearchDay.searches)).where(
        CrisisSearchDay.searched_on.between(since, until)))
    return int(total or 0)
