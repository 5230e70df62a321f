"""This machine's search index: opening it, writing to it one writer at a time, and the
watermark that says which state of the database it reflects.

Each app server keeps its own index and catches up with the shared database by itself,
so several servers on one PostgreSQL database need no index shared between them.
"""

import json
import logging
import os
import random
import threading
import time
from contextlib import contextmanager

from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import LockError
from whoosh.reading import SegmentReader
from whoosh.writing import CLEAR

from directory.search import whoosh_internals as internals
from directory.search.schema import SCHEMA_VERSION, build_schema

log = logging.getLogger(__name__)

WATERMARK_FILE = "watermark.json"
LOCK_NAME = "sync.lock"
TOC_ATTEMPTS = 5


# An edit writes a small segment of its own and merging waits for a tidy in the background
# (`indexing.tidy`, SEARCH_TIDY_SECONDS after it): merging on the edit's path would make every
# few edits slow. Past this many segments an edit tidies too, so searches never walk a long
# list of tiny segments even with the background tidy off.
MAX_SEGMENTS = 30
# A segment joins a tidy while it is at most this many times the size of those before it, so
# small segments are tidied often and cheaply and bigger ones rarely (sizes grow geometrically).
MERGE_RATIO = 2


def small_segments(segments: list) -> list:
    """The smallest segments worth making into one: never the biggest, and only while each
    next one is not much bigger than all those before it together."""
    ordered = sorted(segments, key=lambda segment: segment.doc_count_all())
    chosen, total = [], 0
    for segment in ordered[:-1]:
        size = segment.doc_count_all()
        if chosen and size > MERGE_RATIO * total:
            break
        chosen.append(segment)
        total += size
    return chosen if len(chosen) > 1 else []


class IndexUnavailable(Exception):
    """The index cannot be read or written here (missing, corrupt, unwritable or busy)."""


class WriteBatch:
    """A Whoosh writer, and the watermark to record once its changes are committed."""

    def __init__(self, writer):
        self.writer = writer
        self.watermark: dict | None = None
        self.dropped: list = []

    def drop_small_segments(self) -> set[str]:
        """Leave the small segments out of the commit and return the ids of the services
        in them, for the caller to write again (from the database, which is several times
        faster than Whoosh merging their postings)."""
        dropping = small_segments(self.writer.segments)
        ids = set()
        for segment in dropping:
            reader = SegmentReader(self.writer.storage, self.writer.schema, segment)
            ids |= {fields["id"] for fields in reader.all_stored_fields()}
            reader.close()
        self.dropped += dropping
        return ids

    def keep_segments(self, _writer, segments: list) -> list:
        """Whoosh's merge policy for this batch: no merging, and the dropped segments go."""
        return [segment for segment in segments if segment not in self.dropped]


class SearchIndex:
    """One index on disk (or in memory when `path` is None, for tests and benchmarks)."""

    def __init__(self, path: str | None, lock_timeout: float = 10.0):
        self.path = path
        self.lock_timeout = lock_timeout
        self._ram = RamStorage() if path is None else None
        self._local = threading.local()

    @property
    def storage(self):
        if self._ram is not None:
            return self._ram
        try:
            os.makedirs(self.path, exist_ok=True)
        except OSError as error:
            raise IndexUnavailable(f"cannot create the search index folder: {error}") from error
        # No memory mapping: Whoosh copies a mapped segment's whole terms file into memory
        # each time it opens it (about 90 ms at 100,000 services, and every edit reopens it),
        # while plain reads open in about 1 ms and search as fast (benchmarks/search.py).
        return FileStorage(self.path, supports_mmap=False)

    # -- reading ---------------------------------------------------------------------------

    def open(self):
        return self._reading(lambda index: index)

    def _reading(self, read):
        """`read(index)` on the index as it is now. A commit deletes the old table of
        contents: if that happens between finding it and reading it, read the new one
        (Whoosh's own readers retry the same way) rather than call the index broken."""
        for attempt in range(TOC_ATTEMPTS):
            try:
                return read(self.storage.open_index())
            except FileNotFoundError as error:
                failure = error
                time.sleep(0.01 * (attempt + 1))
            except Exception as error:  # missing, half-written, corrupt or unreadable
                raise IndexUnavailable(str(error)) from error
        raise IndexUnavailable(str(failure)) from failure

    def is_healthy(self) -> bool:
        try:
            with self.open().searcher() as searcher:
                searcher.doc_count()
        except Exception:  # anything at all wrong with the files means "rebuild"
            return False
        return self.read_watermark() is not None

    @contextmanager
    def searcher(self):
        """A searcher kept per thread and reopened only when the index has changed, so a
        search does not reopen every segment. Not Whoosh's `refresh()`: it never reuses a
        segment (2.7.4 looks its readers up by the wrong key) and, when a commit deletes a
        segment file as it reopens, its retry closes the old readers twice and fails."""
        cached = getattr(self._local, "searcher", None)
        try:
            if cached is None or not cached.up_to_date():
                fresh = self.open().searcher()
                if cached is not None:
                    cached.close()
                cached = fresh
        except IndexUnavailable:
            raise
        except Exception as error:
            self._local.searcher = None
            raise IndexUnavailable(str(error)) from error
        self._local.searcher = cached
        yield cached

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def writing(self, clear: bool = False):
        """The only way to write: one writer at a time on this machine (other workers and
        rebuilds wait with growing pauses), everything committed at once at the end. The
        lock is held until the caller has also updated the watermark."""
        lock = self._acquire(self.storage.lock(LOCK_NAME))
        try:
            try:
                index = self.open()
            except IndexUnavailable:
                index = self._create()
            batch = WriteBatch(index.writer())
            try:
                yield batch
            except BaseException:
                batch.writer.cancel()
                raise
            batch.writer.commit(mergetype=CLEAR if clear else batch.keep_segments)
            if batch.watermark is not None:
                self.write_watermark(batch.watermark)
        except (OSError, LockError) as error:
            raise IndexUnavailable(f"cannot write the search index: {error}") from error
        finally:
            lock.release()

    def segments(self) -> list:
        """The index's segments (Whoosh keeps no public list), or none if unreadable."""
        try:
            return self._reading(internals.segments)
        except IndexUnavailable:
            return []

    def has_small_segments(self) -> bool:
        return bool(small_segments(self.segments()))

    def reset(self) -> None:
        """Throw away a corrupt index and start an empty one."""
        lock = self._acquire(self.storage.lock(LOCK_NAME))
        try:
            storage = self.storage
            for name in storage.list():
                if name != LOCK_NAME:  # the lock we hold must stay the same file
                    storage.delete_file(name)
            self._local.searcher = None
            self._create()
        except OSError as error:
            raise IndexUnavailable(f"cannot reset the search index: {error}") from error
        finally:
            lock.release()

    def _create(self):
        try:
            return self.storage.create_index(build_schema())
        except OSError as error:
            raise IndexUnavailable(f"cannot create the search index: {error}") from error

    def _acquire(self, lock):
        deadline = time.monotonic() + self.lock_timeout
        pause = 0.02
        while True:
            try:
                if lock.acquire(False):
                    return lock
            except OSError as error:
                raise IndexUnavailable(f"cannot lock the search index: {error}") from error
            if time.monotonic() >= deadline:
                raise IndexUnavailable("another process kept the search index busy")
            # Jitter, so that several waiting workers do not retry in step.
            time.sleep(pause * (0.5 + random.random()))  # noqa: S311  # nosec B311: jitter, not a secret
            pause = min(pause * 2, 1.0)

    # -- watermark ---------------------------------------------------------------------------

    def read_watermark(self) -> dict | None:
        try:
            with self.storage.open_file(WATERMARK_FILE) as file:
                mark = json.loads(file.read().decode())
        except Exception:  # missing or garbled: treated as "unknown state"
            return None
        if not isinstance(mark, dict) or mark.get("schema") != SCHEMA_VERSION:
            return None
        return mark

    def write_watermark(self, mark: dict) -> None:
        data = json.dumps({**mark, "schema": SCHEMA_VERSION}, sort_keys=True).encode()
        storage = self.storage
        temporary = f"{WATERMARK_FILE}.{os.getpid()}.{threading.get_ident()}"
        with storage.create_file(temporary) as file:
            file.write(data)
        if self._ram is not None:
            storage.rename_file(temporary, WATERMARK_FILE)
        else:
            # Atomic on one file system: readers see the old or the new mark, never half.
            os.replace(os.path.join(self.path, temporary), os.path.join(self.path, WATERMARK_FILE))
