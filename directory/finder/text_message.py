"""Send a shortlist as a text message through GOV.UK Notify.

Offered only when `NOTIFY_API_KEY` (and the template it fills, `NOTIFY_SMS_TEMPLATE_ID`) are
set. The phone number goes to Notify and nowhere else: it is not stored, not logged and not
put in a URL. Sends are limited per sender (a keyed hash of their address) and for the whole
site, so the page cannot be used to run up a bill or pester someone.
"""

import logging
import re
from datetime import timedelta

from flask import current_app
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from requests import RequestException
from sqlalchemy import delete, func, select

from directory.extensions import db
from directory.formatting import SITE_NAME
from directory.models import Service, TextMessageSend
from directory.models.common import utcnow

log = logging.getLogger(__name__)
# The client logs a failed request with Notify's message, which may quote what was sent:
# keep it quiet and log our own line instead, without the number.
logging.getLogger("notifications_python_client").setLevel(logging.CRITICAL)

WINDOW = timedelta(hours=1)
MAX_PER_SENDER = 3
MAX_FOR_THE_SITE = 100
# Notify's limit is 918 characters (6 texts); stay within 4 texts.
MAX_MESSAGE_LENGTH = 612


class TextNotSent(Exception):
    """Notify could not be reached or refused the message."""


def enabled() -> bool:
    config = current_app.config
    return bool(config.get("NOTIFY_API_KEY") and config.get("NOTIFY_SMS_TEMPLATE_ID"))


def uk_mobile_number(text: str | None) -> str | None:
    """"07700 900123", "+44 7700 900123", "(0044) 7700-900123" -> "07700900123"; else None."""
    digits = re.sub(r"[\s().-]", "", text or "")
    for prefix in ("+44", "0044", "44"):
        if digits.startswith(prefix + "7"):
            digits = "0" + digits.removeprefix(prefix)
            break
    return digits if re.fullmatch(r"07\d{9}", digits) else None


def list_message(services: list[Service], live_url: str) -> str:
    """The text: each service's name and phone while it fits, then the link to the list."""
    head = f"Your list of support from {SITE_NAME}:"
    tail = f"See the whole list: {live_url}"
    lines: list[str] = []
    for index, service in enumerate(services):
        line = f"{service.name}: {service.phone}" if service.phone else service.name
        left = len(services) - index - 1
        more = f"And {left} more." if left else ""
        if len("\n".join([head, *lines, line, more, tail])) > MAX_MESSAGE_LENGTH:
            lines.append(f"And {len(services) - index} more.")
            break
        lines.append(line)
    return "\n".join([head, *lines, tail])


def too_many(sender_key: str) -> str | None:
    """Why this sender may not send now, or None."""
    since = utcnow() - WINDOW
    recent = select(func.count()).select_from(TextMessageSend).where(
        TextMessageSend.sent_at > since)
    if db.session.scalar(recent.where(TextMessageSend.sender_key == sender_key)) >= MAX_PER_SENDER:
        return "You have sent this list by text 3 times in the last hour. Try again later."
    if db.session.scalar(recent) >= MAX_FOR_THE_SITE:
        return "Too many lists have been sent by text in the last hour. Try again later."
    return None


def send(number: str, message: str, sender_key: str) -> None:
    """Ask Notify to text `message` to `number`; raise TextNotSent if it does not."""
    config = current_app.config
    client = NotificationsAPIClient(
        config["NOTIFY_API_KEY"], base_url=config["NOTIFY_BASE_URL"], timeout=10)
    try:
        client.send_sms_notification(
            phone_number=number, template_id=config["NOTIFY_SMS_TEMPLATE_ID"],
            personalisation={"list": message})
    except APIError as error:
        log.warning("GOV.UK Notify did not send a list by text (status %s)",
                    getattr(error, "status_code", "unknown"))
        raise TextNotSent from None
    except RequestException as error:
        log.warning("GOV.UK Notify could not be reached (%s)", type(error).__name__)
        raise TextNotSent from None
    db.session.execute(delete(TextMessageSend).where(TextMessageSend.sent_at < utcnow() - WINDOW))
    db.session.add(TextMessageSend(sender_key=sender_key))
    db.session.commit()
