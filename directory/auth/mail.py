"""Sending account e-mails: by SMTP when MAIL_SERVER is set, otherwise to the log so that a
development machine or a first install still works."""

import os
import smtplib
from email.message import EmailMessage

from flask import current_app


def _setting(name: str, default: str = "") -> str:
    return str(current_app.config.get(name) or os.environ.get(name) or default)


def send_mail(to: str, subject: str, body: str) -> None:
    server = _setting("MAIL_SERVER")
    if not server:
        current_app.logger.warning("No MAIL_SERVER set; e-mail to %s:\n%s\n%s", to, subject, body)
        return
    message = EmailMessage()
    message["From"] = _setting("MAIL_DEFAULT_SENDER", "no-reply@example.org")
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(server, int(_setting("MAIL_PORT", "587")), timeout=30) as smtp:
        if _setting("MAIL_USE_TLS", "true").lower() in ("1", "true", "yes"):
            smtp.starttls()
        if _setting("MAIL_USERNAME"):
            smtp.login(_setting("MAIL_USERNAME"), _setting("MAIL_PASSWORD"))
        smtp.send_message(message)
