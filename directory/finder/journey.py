"""The guided finder ("Get a list of support"): four plain questions, one per page.

Every answer lives in the URL, so the finder works without JavaScript, a list can be bookmarked
or sent, and the back button does what people expect. Each answer is checked against the
board's current taxonomies, so a hand-edited or old link is asked again rather than trusted.
"""

from dataclasses import dataclass, replace

from werkzeug.datastructures import MultiDict

from directory import catalogue, geography
from directory.models import Area, ClientGroup, Pathway
from directory.models.listing import EXIT_THIS_PAGE_GROUPS, EXIT_THIS_PAGE_PATHWAYS, PEOPLE_WHO_HARM

STEPS = ("help", "where", "who", "when")
ANYWHERE = "anywhere"
NEAR_POSTCODE = "postcode"
ANYONE = "anyone"


@dataclass(frozen=True)
class WhenChoice:
    value: str
    label: str
    stage: str | None  # a Stage slug; None means any stage


# Plain words for the board's stages. Only choices whose stage is in use are offered.
WHEN_CHOICES = (
    WhenChoice("in-prison", "In prison now", "in-custody"),
    WhenChoice("leaving-soon", "Leaving prison soon, or just left", "release"),
    WhenChoice("in-community", "Out of prison, on licence or probation", "community"),
    WhenChoice("sentence-ended", "Their sentence has ended", "after-sentence"),
    WhenChoice("before-court", "Waiting to go to court", "before-court"),
    WhenChoice("not-sure", "Not sure, or none of these", None),
)


@dataclass(frozen=True)
class Situation:
    """A way into the finder for a common situation: some answers filled in already."""

    label: str
    answers: dict


SITUATIONS = (
    Situation("I am leaving prison soon", {"when": "leaving-soon"}),
    Situation("I have just left prison", {"when": "leaving-soon"}),
    Situation("Someone in my family is in prison", {"client_group": "families"}),
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
    client_group: str = ""
    when: str = ""

    @classmethod
    def from_args(cls, args) -> "Answers":
        known = catalogue.active_slugs()
        pathways = tuple(dict.fromkeys(
            slug for slug in args.getlist("pathway") if slug in known["pathway"]))
        area = args.get("area", "")
        postcode = ""
        if (args.get("postcode") or "").strip():
            area = NEAR_POSTCODE  # a postcode says more than an area
        if area == NEAR_POSTCODE:
            place = geography.find_place(args.get("postcode"))
            postcode = place.postcode
            if place.problem:
                area = ""
        elif area not in known["area"] and area != ANYWHERE:
            area = ""
        client_group = args.get("client_group", "")
        if client_group not in known["client_group"] and client_group != ANYONE:
            client_group = ""
        when = args.get("when", "")
        if when not in {choice.value for choice in when_choices(known["stage"])}:
            when = ""
        return cls(pathways, area, postcode if area else "", client_group, when)

    def answered(self, step: str) -> bool:
        return bool({"help": self.pathways, "where": self.area, "who": self.client_group,
                     "when": self.when}[step])

    def next_step(self) -> str | None:
        """The first question not yet answered, or None when the results can be shown."""
        return next((step for step in STEPS if not self.answered(step)), None)

    def as_args(self, *, without: str | None = None) -> MultiDict:
        """Query parameters that reproduce these answers (less one step's, if asked)."""
        args = MultiDict()
        values = {"help": [("pathway", slug) for slug in self.pathways],
                  "where": [("area", self.area), ("postcode", self.postcode)],
                  "who": [("client_group", self.client_group)],
                  "when": [("when", self.when)]}
        for step, pairs in values.items():
            if step != without:
                for name, value in pairs:
                    if value:
                        args.add(name, value)
        return args

    @property
    def place(self) -> geography.PlaceLookup | None:
        return geography.find_place(self.postcode) if self.postcode else None

    def filters(self) -> catalogue.ServiceFilters:
        """The catalogue filters these answers mean (the pathways are applied separately)."""
        # The answers were checked against the taxonomies when read, so no need to again.
        area = None if self.area in (ANYWHERE, NEAR_POSTCODE) else self.area or None
        if self.postcode and self.place.outcode:
            area = area_for_outcode(self.place.outcode)
        client_group = None if self.client_group == ANYONE else self.client_group or None
        stage = next((c.stage for c in WHEN_CHOICES if c.value == self.when), None)
        return catalogue.ServiceFilters(area=area, client_group=client_group, stage=stage)

    @property
    def exit_this_page(self) -> bool:
        """Answers about domestic abuse or sex work: every later page offers a quick exit."""
        return bool(EXIT_THIS_PAGE_PATHWAYS & set(self.pathways)
                    or self.client_group in EXIT_THIS_PAGE_GROUPS)

    def with_postcode(self, postcode: str) -> "Answers":
        return replace(self, area=NEAR_POSTCODE, postcode=postcode)


def when_choices(active_stages: set[str] | None = None) -> list[WhenChoice]:
    active_stages = catalogue.active_slugs()["stage"] if active_stages is None else active_stages
    return [c for c in WHEN_CHOICES if c.stage is None or c.stage in active_stages]


def area_for_outcode(outcode: geography.Outcode) -> str | None:
    """The district a postcode is mostly in, as an Area slug (None if no district matches)."""
    districts = {a.name: a.slug for a in catalogue.active_terms(Area) if not a.county_wide}
    names = outcode.districts_among(districts)
    return districts[names[0]] if names else None


def previous_step(step: str) -> str | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index else None


def situation_links() -> list[tuple[str, MultiDict]]:
    """Each situation's label and the finder arguments it starts with (checked, so a retired
    term is simply asked about)."""
    links = []
    for situation in SITUATIONS:
        answers = Answers.from_args(MultiDict(
            [(k, v) for k, vs in situation.answers.items()
             for v in (vs if isinstance(vs, list) else [vs])]))
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


def describe(answers: Answers) -> list[tuple[str, str, str]]:
    """(step, question, answer in words) for the "your answers" summary on the results."""
    groups = dict(who_choices())
    whens = {choice.value: choice.label for choice in WHEN_CHOICES}
    if answers.postcode:
        where = f"Near {answers.postcode}"
    else:
        areas = {a.slug: a.name for a in catalogue.active_terms(Area)}
        where = areas.get(answers.area, "Anywhere in Norfolk")
    return [
        ("help", "Help needed", ", ".join(p.name for p in pathway_names(answers.pathways))),
        ("where", "Where", where),
        ("who", "Who it is for", groups.get(answers.client_group, "Anyone")),
        ("when", "Where they are now", whens.get(answers.when, "")),
    ]
