"""The guided finder ("Get a list of support"): plain questions, one per page.

Every answer lives in the URL, so the finder works without JavaScript, a list can be bookmarked
or sent, and the back button does what people expect. Each answer is checked against the
board's current taxonomies, so a hand-edited or old link is asked again rather than trusted.
"""

from dataclasses import dataclass, replace

from werkzeug.datastructures import MultiDict

from directory.listings import catalogue
from directory.models import Area, ClientGroup, Pathway
from directory.models.listing import EXIT_THIS_PAGE_GROUPS, EXIT_THIS_PAGE_PATHWAYS, PEOPLE_WHO_HARM
from directory.places import geography, prisons

# "prison" is asked only of people in prison, or leaving soon, and of their families.
STEPS = ("help", "where", "who", "when", "prison")
ANYWHERE = "anywhere"
NEAR_POSTCODE = "postcode"
ANYONE = "anyone"
OTHER_PRISON = "other"
FAMILIES = prisons.FAMILIES


@dataclass(frozen=True)
class WhenChoice:
    value: str
    label: str  # for the person themselves
    family_label: str  # for a family member, about the person in prison
    stages: tuple[str, ...]  # Stage slugs; empty means any stage
    asks_prison: bool = False


# Plain words for the board's stages. Only choices whose stages are in use are offered.
WHEN_CHOICES = (
    WhenChoice("in-prison", "In prison now", "In prison now", ("in-custody",), True),
    WhenChoice("leaving-soon", "Leaving prison in the next few weeks",
               "Leaving prison in the next few weeks", ("in-custody", "release"), True),
    WhenChoice("just-left", "Left prison in the last few weeks",
               "Left prison in the last few weeks", ("release", "community")),
    WhenChoice("in-community", "Out of prison, on licence or probation",
               "Out of prison, on licence or probation", ("community",)),
    WhenChoice("sentence-ended", "My sentence has ended", "Their sentence has ended",
               ("after-sentence",)),
    WhenChoice("before-court", "Waiting to go to court", "Waiting to go to court",
               ("before-court",)),
    WhenChoice("not-sure", "Not sure, or none of these", "Not sure, or none of these", ()),
)


@dataclass(frozen=True)
class Situation:
    """A way into the finder for a common situation: some answers filled in already."""

    label: str
    answers: dict


SITUATIONS = (
    Situation("I am leaving prison soon", {"when": "leaving-soon"}),
    Situation("I have just left prison", {"when": "just-left"}),
    Situation("Someone in my family is in prison",
              {"client_group": FAMILIES, "when": "in-prison"}),
    Situation("I am on licence or probation", {"when": "in-community"}),
    Situation("I have a criminal record and want a job",
              {"pathway": ["education-training-employment"]}),
)


@dataclass(frozen=True)
class Answers:
    """What a person has told the finder so far. Only valid answers are kept."""

    pathways: tuple[str, ...] = ()
    area: str = ""
    postcode: str = ""
    client_groups: tuple[str, ...] = ()
    when: str = ""
    prison: str = ""
    # Steps a situation answered: they are not asked, so they are not numbered.
    given: tuple[str, ...] = ()

    @classmethod
    def from_args(cls, args) -> "Answers":
        known = catalogue.active_slugs()
        pathways = _known(args.getlist("pathway"), known["pathway"])
        area, postcode = _where(args, known["area"])
        groups = _known(args.getlist("client_group"), known["client_group"] - {PEOPLE_WHO_HARM})
        if ANYONE in args.getlist("client_group"):
            groups = (ANYONE,)
        when = args.get("when", "")
        if when not in {choice.value for choice in when_choices(known["stage"])}:
            when = ""
        prison = args.get("prison", "")
        if prison not in {slug for slug, _name in prison_choices()}:
            prison = ""
        given = tuple(step for step in STEPS if step in args.getlist("given"))
        return cls(pathways, area, postcode if area else "", groups, when, prison, given)

    @property
    def for_families(self) -> bool:
        return FAMILIES in self.client_groups

    @property
    def when_choice(self) -> WhenChoice | None:
        return next((c for c in WHEN_CHOICES if c.value == self.when), None)

    def needs(self, step: str) -> bool:
        """Whether this person is asked the step at all ("Which prison?" only sometimes)."""
        if step == "prison":
            return bool(self.when_choice and self.when_choice.asks_prison)
        return True

    def answered(self, step: str) -> bool:
        return not self.needs(step) or bool({
            "help": self.pathways, "where": self.area, "who": self.client_groups,
            "when": self.when, "prison": self.prison}[step])

    def next_step(self) -> str | None:
        """The first question not yet answered, or None when the results can be shown."""
        return next((step for step in STEPS if not self.answered(step)), None)

    def question_number(self, step: str) -> int:
        """1 for the first question this person is asked, and so on: steps a situation
        answered, or that they are never asked, are not counted, so numbers never jump."""
        asked = [s for s in STEPS[:STEPS.index(step)] if self.needs(s) and s not in self.given]
        return len(asked) + 1

    def as_args(self, *, without: str | None = None) -> MultiDict:
        """Query parameters that reproduce these answers (less one step's, if asked)."""
        args = MultiDict()
        values = {"help": [("pathway", slug) for slug in self.pathways],
                  "where": [("area", self.area), ("postcode", self.postcode)],
                  "who": [("client_group", slug) for slug in self.client_groups],
                  "when": [("when", self.when)],
                  "prison": [("prison", self.prison)]}
        for step, pairs in values.items():
            if step != without:
                for name, value in pairs:
                    if value:
                        args.add(name, value)
        for step in self.given:
            args.add("given", step)
        return args

    @property
    def place(self) -> geography.PlaceLookup | None:
        return geography.find_place(self.postcode) if self.postcode else None

    @property
    def outside_norfolk(self) -> bool:
        return bool(self.place and self.place.outside)

    @property
    def groups(self) -> tuple[str, ...]:
        """Client group slugs to match (none: anyone)."""
        return tuple(g for g in self.client_groups if g != ANYONE)

    @property
    def stages(self) -> tuple[str, ...]:
        return self.when_choice.stages if self.when_choice else ()

    def filters(self) -> catalogue.ServiceFilters:
        """The area these answers mean (groups, stages and pathways are applied apart)."""
        # The answers were checked against the taxonomies when read, so no need to again.
        area = None if self.area in (ANYWHERE, NEAR_POSTCODE) else self.area or None
        if self.postcode and self.place.outcode:
            area = area_for_outcode(self.place.outcode)
        return catalogue.ServiceFilters(area=area)

    def with_postcode(self, postcode: str) -> "Answers":
        return replace(self, area=NEAR_POSTCODE, postcode=postcode)

    @property
    def exit_this_page(self) -> bool:
        """Answers about domestic abuse or sex work: every later page offers a quick exit."""
        return bool(EXIT_THIS_PAGE_PATHWAYS & set(self.pathways)
                    or EXIT_THIS_PAGE_GROUPS & set(self.client_groups))


def _known(values, allowed) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value in allowed))


def _where(args, known_areas) -> tuple[str, str]:
    """(area, postcode): a postcode says more than an area; one outside Norfolk is kept
    (it shows services anyone in England can use), a mistyped one is not."""
    area = args.get("area", "")
    if (args.get("postcode") or "").strip():
        area = NEAR_POSTCODE
    if area == NEAR_POSTCODE:
        place = geography.find_place(args.get("postcode"))
        if place.problem and not place.outside:
            return "", ""
        return area, place.postcode
    if area not in known_areas and area != ANYWHERE:
        area = ""
    return area, ""


def when_choices(active_stages: set[str] | None = None) -> list[WhenChoice]:
    active_stages = catalogue.active_slugs()["stage"] if active_stages is None else active_stages
    return [c for c in WHEN_CHOICES if set(c.stages) <= active_stages]


def prison_choices() -> list[tuple[str, str]]:
    return [*((p.slug, p.name) for p in prisons.all_prisons()),
            (OTHER_PRISON, "Another prison, or not sure")]


def area_for_outcode(outcode: geography.Outcode) -> str | None:
    """The district a postcode is mostly in, as an Area slug (None if no district matches)."""
    districts = {a.name: a.slug for a in catalogue.active_terms(Area) if not a.county_wide}
    names = outcode.districts_among(districts)
    return districts[names[0]] if names else None


def previous_step(step: str | None, answers: Answers) -> str | None:
    """The question before this one (None: before the results) that this person was asked."""
    before = STEPS[:STEPS.index(step)] if step else STEPS
    earlier = [s for s in before if answers.needs(s) and s not in answers.given]
    return earlier[-1] if earlier else None


def situation_links() -> list[tuple[str, MultiDict]]:
    """Each situation's label and the finder arguments it starts with (checked, so a retired
    term is simply asked about)."""
    links = []
    for situation in SITUATIONS:
        pairs = [(k, v) for k, vs in situation.answers.items()
                 for v in (vs if isinstance(vs, list) else [vs])]
        answers = Answers.from_args(MultiDict(pairs))
        given = [step for step in STEPS if step != "prison" and answers.answered(step)]
        answers = replace(answers, given=tuple(given))
        links.append((situation.label, answers.as_args()))
    return links


def pathway_names(slugs) -> list[Pathway]:
    """The chosen pathways as terms, in the board's order."""
    return [p for p in catalogue.active_terms(Pathway) if p.slug in slugs]


def who_choices() -> list[tuple[str, str]]:
    """Nobody is asked to call themselves "people who harm others": those programmes are
    listed apart in the results ("If you want to stop hurting someone")."""
    groups = [(g.slug, g.name) for g in catalogue.active_terms(ClientGroup)
              if g.slug != PEOPLE_WHO_HARM]
    return [*groups, (ANYONE, "Anyone, or I would rather not say")]


def when_question(answers: Answers) -> str:
    return "Where is your family member now?" if answers.for_families else "Where are you now?"


def prison_question(answers: Answers) -> str:
    return "Which prison are they in?" if answers.for_families else "Which prison are you in?"


def describe(answers: Answers) -> list[tuple[str, str, str]]:
    """(step, question, answer in words) for the "your answers" summary on the results."""
    groups = dict(who_choices())
    choice = answers.when_choice
    if answers.postcode:
        where = f"Near {answers.postcode}"
    else:
        areas = {a.slug: a.name for a in catalogue.active_terms(Area)}
        where = areas.get(answers.area, "Anywhere in Norfolk")
    rows = [
        ("help", "Help needed", ", ".join(p.public_name for p in pathway_names(answers.pathways))),
        ("where", "Where", where),
        ("who", "Who it is for",
         ", ".join(groups[g] for g in answers.client_groups if g in groups) or "Anyone"),
        ("when", when_question(answers),
         (choice.family_label if answers.for_families else choice.label) if choice else ""),
    ]
    if answers.needs("prison"):
        rows.append(("prison", "Prison", dict(prison_choices()).get(answers.prison, "")))
    return rows
