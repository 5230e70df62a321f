"""`flask users create EMAIL --role admin|editor|viewer`."""

import click
from flask.cli import AppGroup

from directory.auth.accounts import AccountError, create_user, send_password_link
from directory.auth.passwords import password_problem
from directory.models import TokenPurpose
from directory.models.accounts import Role

users_cli = AppGroup("users", help="Manage board member accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(Role.ALL), default=Role.VIEWER.value, show_default=True)
@click.option("--name", default="", help="The person's name.")
@click.option("--invite", is_flag=True,
              help="Send a one-time link to choose a password instead of asking for one now.")
def create_command(email: str, role: str, name: str, invite: bool) -> None:
    """Create an account."""
    password = None
    if not invite:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        problem = password_problem(password)
        if problem:
            raise click.ClickException(f"{problem}.")
    try:
        user = create_user(email, role, name=name, password=password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.email} ({user.role}).")
    if invite:
        click.echo(f"Invite link: {send_password_link(user, TokenPurpose.INVITE)}")
