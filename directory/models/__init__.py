"""Database models. One module per part of the domain; import them all from here."""

from directory.models.account_security import (
    AccountToken,
    SignedInSession,
    SignInFailure,
    TokenPurpose,
)
from directory.models.accounts import User, user_organisations
from directory.models.audit import AuditEntry
from directory.models.board import (
    GapDismissal,
    GapEntry,
    GapStatus,
    Meeting,
    NeedWeight,
    OverlapDecision,
    OverlapTriage,
    PackSnapshot,
    Rag,
    RagHistory,
)
from directory.models.crisis import CrisisLine, CrisisSearchDay
from directory.models.feed import Feed
from directory.models.listing import (
    SERVICE_PARTS,
    Funding,
    Location,
    Organisation,
    ScheduleRow,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from directory.models.prison import Prison
from directory.models.search_log import SearchLog
from directory.models.suggestion import SUGGESTION_KINDS, Suggestion, SuggestionStatus
from directory.models.taxonomy import TAXONOMIES, Area, ClientGroup, Pathway, Stage
from directory.models.text_message import TextMessageSend

__all__ = [
    "SERVICE_PARTS",
    "SUGGESTION_KINDS",
    "AccountToken",
    "AuditEntry",
    "Feed",
    "SignInFailure",
    "SignedInSession",
    "Suggestion",
    "SuggestionStatus",
    "TokenPurpose",
    "TAXONOMIES",
    "TextMessageSend",
    "Area",
    "ClientGroup",
    "CrisisLine",
    "CrisisSearchDay",
    "Funding",
    "GapEntry",
    "GapStatus",
    "Meeting",
    "GapDismissal",
    "NeedWeight",
    "OverlapDecision",
    "OverlapTriage",
    "PackSnapshot",
    "Rag",
    "RagHistory",
    "Location",
    "Organisation",
    "Pathway",
    "Prison",
    "ScheduleRow",
    "SearchLog",
    "Service",
    "ServiceAtLocation",
    "ServiceStatus",
    "Stage",
    "User",
    "user_organisations",
]
