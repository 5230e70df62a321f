"""How long each value of a listing may be. The admin forms and every import (files and feeds)
check against this one table, so a value the form would refuse is refused in a file too, named
by record and field, and a value the form keeps is never cut.

Free text has generous limits (no arbitrary 200-character cut); names, phones, e-mail and web
addresses have the short limits their columns hold.
"""

SERVICE = {
    "name": 200, "summary": 300, "description": 10000, "cost": 5000, "eligibility": 5000,
    "accessibility": 5000, "phone": 40, "email": 200, "url": 300, "languages": 500,
    "keywords": 500, "alternate_name": 1000, "contact_name": 200, "contact_title": 200,
    "required_document": 1000,
}
ORGANISATION = {"name": 200, "description": 5000, "phone": 40, "email": 200, "url": 300}
LOCATION = {"name": 200, "address": 300, "postcode": 10}
OLDEST_AGE = 120
SCHEDULE_NOTE = 1000
FUNDER = 2000
# Ids other directories give their records (kept to match a re-import).
SOURCE_ID = 200
