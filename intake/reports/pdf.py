"""The report as a tagged, accessible PDF (PDF/UA-1), rendered from its HTML by WeasyPrint.

The HTML carries what PDF/UA asks for: `<html lang>` becomes the document language, `<title>`
the document title, headings, tables with `<th scope>` and `<caption>`, and each chart an
`<img alt>` inside `<figure>`, which WeasyPrint writes as a structure tree (H1, Table, TH,
Figure with /Alt …).

Rendering fetches nothing from the network: the URL fetcher allows `data:` URLs (the charts)
and files inside the package's static folder, and refuses everything else.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

with warnings.catch_warnings():
    # Without Debian's libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools and says
    # that a future version will need the library; the PDF is the same.
    warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
    from weasyprint import HTML, URLFetcher
    from weasyprint.urls import URLFetcherResponse

STATIC = (Path(__file__).resolve().parent.parent / "static").resolve()
PDF_VARIANT = "pdf/ua-1"


class LocalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Fetches data: URLs and files under `STATIC`; anything else is refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """The resource, or ValueError for what may not be fetched (WeasyPrint skips it)."""
        scheme = url.split(":", 1)[0].lower()
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not path.is_relative_to(STATIC) or not path.is_file():
                raise ValueError(f"not a file of the static folder: {url}")
        elif scheme != "data":
            raise ValueError(f"no network fetches while rendering a report: {url}")
        return super().fetch(url, headers)


def render(html: str, base_url: str | None = None) -> bytes:
    """The PDF/UA-1 of a complete HTML document (with `<html lang>` and `<title>`).

    `base_url` resolves relative links; by default the static folder, so `css/site.css`
    or `img/favicon.svg` work.
    """
    document = HTML(
        string=html,
        base_url=base_url or STATIC.as_uri() + "/",
        url_fetcher=LocalFetcher(),
    )
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
