"""The "Town or postcode" and "Open now" choices of the browse and search pages: a GET form
(nothing is changed, so no CSRF token), so the choices stay in the URL."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextInput
from wtforms import BooleanField, Form, StringField

MAX_PLACE = 60


class NearForm(Form):
    near = StringField("Town or postcode", widget=GovTextInput(),
                       description="We put the nearest services first",
                       filters=[lambda value: (value or "").strip()[:MAX_PLACE]])
    open_now = BooleanField("Open now", widget=GovCheckboxInput(),
                            false_values=(False, "", "0"))

    def show_problem(self, problem: str | None) -> None:
        """The search could not read the place typed: say so on the field and at the top."""
        if problem:
            self.near.errors = [problem]
