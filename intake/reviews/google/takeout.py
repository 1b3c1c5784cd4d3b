"""Reviews from a Google Takeout export of a Business Profile, for a first import.

Google documents no layout; public parsers show

    Takeout/Google Business Profile/account-<id>/location-<id>/reviews.json

with `{"reviews": [...]}` in the API's Review shape, and an `additionalData.json` beside it
holding the listing name. Some exports are said to split reviews over several
`reviews-*.json` files [unverified], so every `reviews*.json` in a `location-*` folder is
read and a review that appears twice is kept once (its newest version). The export may be
given unpacked (a directory) or as the downloaded `.zip`. The consumer export
`Maps (your places)/Reviews.json` (reviews a person wrote) is not in a `location-*` folder
and is therefore never picked up by mistake.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from intake.reviews.google.errors import GoogleError, ResponseInvalid
from intake.reviews.google.models import Review

_REVIEWS_FILE = re.compile(r"reviews(?:[-_][^/]*)?\.json", re.IGNORECASE)
_LOCATION_DIR = re.compile(r"location-(.+)")
_ACCOUNT_DIR = re.compile(r"account-(.+)")
_NAME_KEYS = ("value", "stringValue", "text", "displayName", "name", "title")


class TakeoutError(GoogleError):
    """The export cannot be read: not found, not a Takeout, or a file that is not JSON."""


@dataclass(frozen=True)
class TakeoutLocation:
    """A location folder of the export. IDs come from the folder names."""

    account_id: str | None
    location_id: str
    listing_name: str | None = None

    @property
    def location_name(self) -> str | None:
        """`accounts/{a}/locations/{l}` as the API names it, if the account is known."""
        if self.account_id is None:
            return None
        return f"accounts/{self.account_id}/locations/{self.location_id}"


@dataclass(frozen=True)
class TakeoutReview:
    """One review with the location it belongs to and the file it came from."""

    location: TakeoutLocation
    review: Review
    source: str


def read_takeout(path: str | Path) -> Iterator[TakeoutReview]:
    """All reviews of all locations in the export at `path` (directory or .zip).

    Raises `TakeoutError` (before yielding anything) if nothing that looks like a Business
    Profile export is there, so an import never silently reports "0 reviews" for a wrong
    path; likewise for a file that is not JSON, naming the file.
    """
    root = Path(path)
    if root.is_dir():
        names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.json"))
        return _read_all(names, lambda name: (root / name).read_bytes(), str(root))
    if root.is_file() and zipfile.is_zipfile(root):
        return _read_zip(root)
    raise TakeoutError(f"{root}: not a directory or .zip file")


def _read_zip(archive: Path) -> Iterator[TakeoutReview]:
    with zipfile.ZipFile(archive) as opened:
        names = sorted(n for n in opened.namelist() if n.lower().endswith(".json"))
        yield from _read_all(names, opened.read, str(archive))


def _read_all(
    names: list[str], read: Callable[[str], bytes], label: str
) -> Iterator[TakeoutReview]:
    """Group review files by location folder, then yield each location's reviews."""
    folders: dict[PurePosixPath, list[str]] = {}
    for name in names:
        posix = PurePosixPath(name)
        if _REVIEWS_FILE.fullmatch(posix.name) and _LOCATION_DIR.fullmatch(posix.parent.name):
            folders.setdefault(posix.parent, []).append(name)
    if not folders:
        raise TakeoutError(
            f"{label}: no location-*/reviews.json found (not a Business Profile export?)"
        )
    for folder, files in folders.items():
        location = _location(folder, names, read)
        yield from _location_reviews(location, files, read)


def _location(
    folder: PurePosixPath, names: list[str], read: Callable[[str], bytes]
) -> TakeoutLocation:
    """IDs from `account-<id>/location-<id>`, listing name from additionalData.json."""
    location_match = _LOCATION_DIR.fullmatch(folder.name)
    account_match = _ACCOUNT_DIR.fullmatch(folder.parent.name)
    extra = (folder / "additionalData.json").as_posix()
    listing = _listing_name(_load(extra, read)) if extra in names else None
    return TakeoutLocation(
        account_id=account_match.group(1) if account_match else None,
        location_id=location_match.group(1) if location_match else folder.name,
        listing_name=listing,
    )


def _location_reviews(
    location: TakeoutLocation, files: list[str], read: Callable[[str], bytes]
) -> Iterator[TakeoutReview]:
    """One location's reviews over all its files; duplicates keep their newest version."""
    kept: dict[str, TakeoutReview] = {}
    for name in files:
        data = _load(name, read)
        items = data.get("reviews") if isinstance(data, dict) else data
        for item in items if isinstance(items, list) else []:
            review = _review(item, location)
            if review is None:
                continue
            previous = kept.get(review.name)
            if previous is None or _newer(review, previous.review):
                kept[review.name] = TakeoutReview(location, review, name)
    yield from kept.values()


def _review(item: object, location: TakeoutLocation) -> Review | None:
    """Parse one entry; without `name` it is named from its `reviewId` if possible."""
    parent = location.location_name
    if isinstance(item, dict) and "name" not in item and parent is not None:
        review_id = item.get("reviewId")
        if isinstance(review_id, str) and review_id:
            item = {**item, "name": f"{parent}/reviews/{review_id}"}
    try:
        return Review.from_api(item)
    except ResponseInvalid:
        return None


def _newer(candidate: Review, current: Review) -> bool:
    if candidate.update_time is None or current.update_time is None:
        return current.update_time is None and candidate.update_time is not None
    return candidate.update_time > current.update_time


def _load(name: str, read: Callable[[str], bytes]) -> object:
    try:
        return json.loads(read(name).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TakeoutError(f"{name}: not valid JSON ({type(error).__name__})") from None
    except OSError as error:
        raise TakeoutError(f"{name}: cannot read ({type(error).__name__})") from None


def _listing_name(data: object) -> str | None:
    """The value beside a `"LISTING_NAME"` type marker, wherever it is nested.

    The exact shape of additionalData.json is undocumented, so this searches rather than
    indexing a fixed path.
    """
    if isinstance(data, dict):
        if "LISTING_NAME" in data.values():
            for key in _NAME_KEYS:
                value = data.get(key)
                if isinstance(value, str) and value and value != "LISTING_NAME":
                    return value
        children: list[object] = list(data.values())
    elif isinstance(data, list):
        children = list(data)
    else:
        return None
    for child in children:
        if (found := _listing_name(child)) is not None:
            return found
    return None
