"""Google Business Profile reviews: API client, OAuth credentials, models, Takeout import.

Pure Python on the standard library (no Flask, no database), so it can be used from the
app, a CLI or a worker alike and tested against a local fake server. The operator's side
(credentials, linking offices, the sync timer) is in docs/operations.md, "Google reviews"; the
API facts it is built on came from the project's shared notes on the Business Profile API.
"""

from intake.reviews.google.client import (
    DEFAULT_BASE_URL,
    ReviewsClient,
    location_resource_name,
    parse_retry_after,
)
from intake.reviews.google.comments import (
    MAX_REPLY_BYTES,
    CommentParts,
    split_comment,
    validate_reply,
)
from intake.reviews.google.credentials import (
    BUSINESS_SCOPE,
    GOOGLE_TOKEN_URL,
    AccessToken,
    OAuthCredentials,
    RefreshTokenProvider,
    TokenProvider,
    load_credentials,
    parse_credentials,
)
from intake.reviews.google.errors import (
    AuthenticationFailed,
    CredentialsError,
    GoogleApiError,
    GoogleError,
    NameInvalid,
    NotFound,
    PermissionDenied,
    RateLimited,
    ReplyInvalid,
    ResponseInvalid,
    ServerError,
    TransportError,
)
from intake.reviews.google.models import (
    Review,
    Reviewer,
    ReviewPage,
    ReviewReply,
    parse_star_rating,
    parse_timestamp,
)
from intake.reviews.google.takeout import TakeoutError, TakeoutLocation, TakeoutReview, read_takeout

__all__ = [
    "BUSINESS_SCOPE",
    "DEFAULT_BASE_URL",
    "GOOGLE_TOKEN_URL",
    "MAX_REPLY_BYTES",
    "AccessToken",
    "AuthenticationFailed",
    "CommentParts",
    "CredentialsError",
    "GoogleApiError",
    "GoogleError",
    "NameInvalid",
    "NotFound",
    "OAuthCredentials",
    "PermissionDenied",
    "RateLimited",
    "RefreshTokenProvider",
    "ReplyInvalid",
    "ResponseInvalid",
    "Review",
    "ReviewPage",
    "ReviewReply",
    "Reviewer",
    "ReviewsClient",
    "ServerError",
    "TakeoutError",
    "TakeoutLocation",
    "TakeoutReview",
    "TokenProvider",
    "TransportError",
    "load_credentials",
    "location_resource_name",
    "parse_credentials",
    "parse_retry_after",
    "parse_star_rating",
    "parse_timestamp",
    "read_takeout",
    "split_comment",
    "validate_reply",
]
