"""Takeout import from an export built in a temporary directory (and as a .zip)."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from intake.reviews.google import TakeoutError, TakeoutReview, read_takeout

BASE = Path("Takeout") / "Google Business Profile"
LOC_A = BASE / "account-1111" / "location-2001"
LOC_B = BASE / "account-1111" / "location-2002"


def review(rid: str, updated: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": f"accounts/1111/locations/2001/reviews/{rid}",
        "reviewer": {"displayName": "Kundin"},
        "starRating": "FOUR",
        "createTime": "2024-05-01T10:00:00Z",
        "updateTime": updated,
        **extra,
    }


def write(root: Path, relative: Path, data: object) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def build_export(root: Path) -> Path:
    """Two locations, a split reviews file with an overlap, extra data and decoys."""
    first = [
        review("r1", "2024-05-01T10:00:00Z", comment="Gut"),
        review("r2", "2024-05-02T10:00:00.5Z", comment="Alt"),
        review("r3", "2024-05-03T10:00:00Z", starRating="STAR_RATING_UNSPECIFIED"),
        {"comment": "kaputt, ohne Namen und ohne reviewId"},
    ]
    write(root, LOC_A / "reviews.json", {"reviews": first})
    newer = review("r2", "2024-06-01T10:00:00.123456789Z", comment="Neu bearbeitet")
    write(root, LOC_A / "reviews-2.json", {"reviews": [newer]})
    listing = {"type": "LISTING_NAME", "value": "Jobcenter Musterstadt"}
    write(
        root, LOC_A / "additionalData.json", {"attributes": [{"type": "X", "value": "x"}, listing]}
    )
    translated = "(Translated by Google) Gut\n\n(Original)\nİyi"
    second = [{"reviewId": "b1", "starRating": "TWO", "comment": translated, "newField": 1}]
    write(root, LOC_B / "reviews.json", second)
    decoy = {"reviews": [review("x", "")]}
    write(root, Path("Takeout") / "Maps (your places)" / "Reviews.json", decoy)
    write(root, LOC_A / "posts.json", decoy)
    return root


def by_id(items: list[TakeoutReview]) -> dict[str, TakeoutReview]:
    return {item.review.name.rsplit("/", 1)[1]: item for item in items}


def check(items: list[TakeoutReview]) -> None:
    found = by_id(items)
    assert set(found) == {"r1", "r2", "r3", "b1"}
    r2 = found["r2"]
    assert r2.review.comment == "Neu bearbeitet"  # the newer of the two copies
    assert r2.review.update_time == datetime(2024, 6, 1, 10, 0, 0, 123456, tzinfo=UTC)
    assert r2.source.endswith("reviews-2.json")
    location = found["r1"].location
    assert location.account_id == "1111" and location.location_id == "2001"
    assert location.listing_name == "Jobcenter Musterstadt"
    assert location.location_name == "accounts/1111/locations/2001"
    assert found["r3"].review.star_rating is None
    b1 = found["b1"]
    assert b1.review.name == "accounts/1111/locations/2002/reviews/b1"  # named from reviewId
    assert b1.location.listing_name is None
    parts = b1.review.comment_parts
    assert parts is not None and parts.original == "İyi" and parts.translation == "Gut"


def test_directory_import(tmp_path: Path) -> None:
    check(list(read_takeout(build_export(tmp_path / "export"))))


def test_zip_import(tmp_path: Path) -> None:
    source = build_export(tmp_path / "export")
    archive = tmp_path / "takeout-20260302T101010Z-001.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                packed.write(path, path.relative_to(source).as_posix())

    check(list(read_takeout(archive)))


def test_location_without_account_folder(tmp_path: Path) -> None:
    write(tmp_path, Path("location-77") / "reviews.json", {"reviews": [review("r1", "")]})

    (item,) = read_takeout(tmp_path)

    assert item.location.account_id is None
    assert item.location.location_id == "77"
    assert item.location.location_name is None
    assert item.review.update_time is None


def test_empty_reviews_file(tmp_path: Path) -> None:
    write(tmp_path, LOC_A / "reviews.json", {})

    assert list(read_takeout(tmp_path)) == []


def test_not_an_export(tmp_path: Path) -> None:
    write(tmp_path, Path("Takeout") / "Maps (your places)" / "Reviews.json", {"reviews": []})

    with pytest.raises(TakeoutError, match=r"no location-\*/reviews\.json"):
        list(read_takeout(tmp_path))


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(TakeoutError, match=r"not a directory or \.zip"):
        read_takeout(tmp_path / "nowhere")


def test_broken_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / LOC_A / "reviews.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"reviews": [', encoding="utf-8")

    with pytest.raises(TakeoutError, match=r"location-2001/reviews\.json: not valid JSON"):
        list(read_takeout(tmp_path))


def test_bom_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / LOC_A / "reviews.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"reviews": [review("r1", "")]}).encode())

    assert len(list(read_takeout(tmp_path))) == 1
