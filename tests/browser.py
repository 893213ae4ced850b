"""Headless Chromium, to look at an HTML export as a reader would: how wide the page really
lays out at a phone's width and how small its smallest text is. Tests that need it skip with
a clear message when Chromium is not installed (decided before they run)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = next(
    (shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)),
    None,
)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium is not installed (apt-get install chromium): browser checks skipped",
)

# Measures the laid-out page: its scroll width, and the smallest font size of any visible text.
PROBE = """<script>
addEventListener('load', () => {
  let smallest = 1000;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const style = getComputedStyle(node.parentElement);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    smallest = Math.min(smallest, parseFloat(style.fontSize));
  }
  const out = parent.document.createElement('pre');
  out.id = 'probe-' + innerWidth;
  out.textContent = JSON.stringify({scrollWidth: document.documentElement.scrollWidth,
                                    viewport: innerWidth, smallest});
  parent.document.body.appendChild(out);
});
</script>"""


def measure_widths(html: str, widths: list[int]) -> dict[int, dict]:
    """Lay ``html`` out at each of ``widths`` CSS pixels, side by side in one Chromium (each in
    a frame of that width: a headless window cannot be made narrower than 500 px); the page's
    own CSP is lifted for the probe. One browser start for all the widths."""
    from html import escape

    assert CHROMIUM is not None
    inner = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html, count=1)
    inner = inner.replace("</body>", PROBE + "</body>", 1)
    frames = "".join(
        f'<iframe style="border:0;display:block" width="{width}" height="900" '
        f'srcdoc="{escape(inner, quote=True)}"></iframe>'
        for width in widths
    )
    page = f'<!DOCTYPE html><html><body style="margin:0">{frames}</body></html>'
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(page, encoding="utf-8")
        result = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={folder}/profile",
                f"--window-size={max(*widths, 800)},1000",
                "--virtual-time-budget=3000",
                "--dump-dom",
                path.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    pages = {}
    for width in widths:
        found = re.search(rf'<pre id="probe-{width}">(.*?)</pre>', result.stdout, re.S)
        assert found, (width, result.stderr[-2000:])
        pages[width] = json.loads(found.group(1).replace("&quot;", '"'))
    return pages


def print_to_pdf(html: str, target: Path) -> Path:
    """Print ``html`` as Chromium prints it (A4 from the page's own @page rule)."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(html, encoding="utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={folder}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={target}",
                path.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
    assert target.exists()
    return target
