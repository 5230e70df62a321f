"""A small, exact data set for the finder's tests, loaded through the real seed loader."""

import shutil
from pathlib import Path

import yaml

from directory.listings.seeding import SEED_DIR, load_seed, seed_id

ORGANISATION = {
    "key": "finder-test",
    "name": "Finder Test Trust",
    "locations": [
        {"key": "norwich-hub", "name": "Norwich hub", "address": "1 Test Street, Norwich",
         "postcode": "NR2 4AB", "latitude": 52.6301, "longitude": 1.28524},
        # No coordinates: the postcode district's centre (Scarning) is used instead.
        {"key": "dereham-rooms", "name": "Dereham office", "address": "2 Far Road, Dereham",
         "postcode": "NR19 1AA"},
        {"key": "safe-house", "name": "Safe house", "address": "3 Secret Road, Norwich",
         "postcode": "NR3 1QQ", "latitude": 52.6433, "longitude": 1.2951, "hide_address": True},
    ],
    "services": [
        {"key": "near-rooms", "name": "Rooms in the city", "summary": "Rooms close by.",
         "pathways": ["accommodation"], "areas": ["county-wide"], "locations": ["norwich-hub"],
         "access": ["self-referral"], "phone": "01632 960001",
         "schedule": [{"days": ["mo", "tu", "we", "th", "fr"],
                       "opens_at": "09:00", "closes_at": "17:00"}]},
        {"key": "far-rooms", "name": "Rooms in the country", "summary": "Rooms further out.",
         "pathways": ["accommodation"], "areas": ["county-wide"], "locations": ["dereham-rooms"],
         "access": ["professional-referral"], "phone": "01632 960002",
         "schedule": [{"days": ["sa"], "opens_at": "10:00", "closes_at": "12:00"}]},
        {"key": "phone-line", "name": "Housing phone line", "summary": "Advice by phone.",
         "pathways": ["accommodation"], "areas": ["county-wide"], "phone": "01632 960003"},
        {"key": "refuge", "name": "Safe house for women", "summary": "A safe place to stay.",
         "pathways": ["accommodation"], "areas": ["county-wide"], "client_groups": ["women"],
         "locations": ["safe-house"], "phone": "01632 960004"},
        {"key": "money-on-release", "name": "Money help on release", "summary": "Benefits.",
         "pathways": ["finance-benefits-debt"], "areas": ["norwich"], "stages": ["release"],
         "locations": ["norwich-hub"], "phone": "01632 960005", "access": ["drop-in"]},
        {"key": "yarmouth-money", "name": "Yarmouth money help", "summary": "Benefits.",
         "pathways": ["finance-benefits-debt"], "areas": ["great-yarmouth"],
         "stages": ["release"], "phone": "01632 960006"},
        {"key": "draft-rooms", "name": "Rooms not yet published", "status": "draft",
         "pathways": ["accommodation"], "areas": ["county-wide"]},
    ],
}


def load_finder_data(tmp_path: Path) -> None:
    """The demo taxonomies and one organisation (call inside an app context)."""
    seed_dir = tmp_path / "finder-seed"
    (seed_dir / "organisations").mkdir(parents=True)
    shutil.copy(SEED_DIR / "taxonomies.yaml", seed_dir / "taxonomies.yaml")
    (seed_dir / "organisations" / "finder-test.yaml").write_text(yaml.safe_dump(ORGANISATION))
    load_seed(seed_dir)


def service_id(key: str) -> str:
    return str(seed_id("service", key))
