from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, ValidationError

from directory.auth.passwords import MIN_PASSWORD_LENGTH, password_problem


def good_enough_password(_form, field) -> None:
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired("Enter your email address"),
                    Email("Enter an email address like name@example.org")],
    )
    password = PasswordField(
        "Password", widget=GovPasswordInput(), validators=[DataRequired("Enter your password")]
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=f"Use at least {MIN_PASSWORD_LENGTH} characters. Three random words work well.",
        validators=[
            DataRequired("Enter a new password"),
            good_enough_password,
        ],
    )
    confirm = PasswordField(
        "Type the password again",
        widget=GovPasswordInput(),
        validators=[DataRequired("Type the password again"),
                    EqualTo("password", "The two passwords are not the same")],
    )
    submit = SubmitField("Save password", widget=GovSubmitInput())
