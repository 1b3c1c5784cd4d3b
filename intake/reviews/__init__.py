"""Google reviews in the KRM inbox: links, sync, Takeout import, replies, response times.

The API client (`intake.reviews.google`) knows nothing of the database; this package is where its
reviews become `Case` rows (channel "google") with a `GoogleReview` beside them.
Plain functions that take a `Session`, as everywhere in `intake`:

- `links`: which office is which Business Profile location (`offices link-google`).
- `store`: one review in, idempotently (by resource name); deletions; response times.
- `sync`: `reviews sync` and `reviews import` (see the module for the design).
- `replies`: reply templates, publishing and deleting a reply, confirmed by a re-read.
"""

from intake.reviews.links import LinkError, link_location, linked_locations, unlink_location
from intake.reviews.replies import (
    REPLY_TEMPLATES,
    ReplyFailed,
    delete_reply,
    publish_reply,
    reply_template,
    template_for_rating,
)
from intake.reviews.store import (
    CHANNEL,
    UpsertResult,
    mark_missing_deleted,
    response_time,
    response_times,
    upsert_review,
)
from intake.reviews.sync import (
    ImportReport,
    SyncReport,
    client_from_config,
    import_takeout,
    sync_location,
)

__all__ = [
    "CHANNEL",
    "REPLY_TEMPLATES",
    "ImportReport",
    "LinkError",
    "ReplyFailed",
    "SyncReport",
    "UpsertResult",
    "client_from_config",
    "delete_reply",
    "import_takeout",
    "link_location",
    "linked_locations",
    "mark_missing_deleted",
    "publish_reply",
    "reply_template",
    "response_time",
    "response_times",
    "sync_location",
    "template_for_rating",
    "unlink_location",
    "upsert_review",
]
