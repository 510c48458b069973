"""The slip is laid out in a child process: what it writes, how its failures read, and that it never lingers."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.core import slip_render
from kiosk.core.content import Content
from kiosk.core.i18n import translator
from kiosk.core.slip import SlipError, build_slip
from kiosk.core.slip_render import RenderStoppedError, render_in_child
from tests.conftest import LOCALES_DIR
from tests.soak_walk import descendants
from tests.test_slip import PRINTED_ON
from tests.test_slip_pdf import pdf_text, squash


def test_the_child_writes_the_slip_and_answers_with_the_roll_length(content: Content, tmp_path: Path) -> None:
    tr = translator("pl", LOCALES_DIR)
    path = tmp_path / "slip.pdf"
    media = render_in_child(build_slip(content, tr, None, PRINTED_ON), path, "roll80", deadline=time.monotonic() + 60)
    assert media.startswith("Custom.80x") and media.endswith("mm")
    assert "03001234666" in squash(pdf_text(path))  # Ofsted, one of the numbers every slip of all contacts prints
    assert not descendants()


def test_a_slip_error_in_the_child_keeps_its_sentence(content: Content, tmp_path: Path) -> None:
    slip = build_slip(content, translator("en", LOCALES_DIR), None, PRINTED_ON)
    with pytest.raises(SlipError, match="'a3' is not a paper the kiosk knows"):
        render_in_child(slip, tmp_path / "slip.pdf", "a3", deadline=time.monotonic() + 60)


def test_a_renderer_that_dies_is_a_sentence_not_a_crash(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dies = (sys.executable, "-c", "import os, sys; sys.stderr.write('Fatal Python error'); os.abort()")
    monkeypatch.setattr(slip_render, "RENDERER_COMMAND", dies)
    slip = build_slip(content, translator("en", LOCALES_DIR), None, PRINTED_ON)
    with pytest.raises(SlipError, match=r"stopped unexpectedly \(exit status -6: Fatal Python error\)"):
        render_in_child(slip, tmp_path / "slip.pdf", "a4", deadline=time.monotonic() + 60)


def test_a_stuck_renderer_is_stopped_at_the_deadline_and_when_the_visit_ends(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slip_render, "RENDERER_COMMAND", (sys.executable, "-c", "import time; time.sleep(600)"))
    slip = build_slip(content, translator("en", LOCALES_DIR), None, PRINTED_ON)
    with pytest.raises(SlipError, match="took too long"):
        render_in_child(slip, tmp_path / "slip.pdf", "a4", deadline=time.monotonic() + 0.5)
    assert not descendants()
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    with pytest.raises(RenderStoppedError):
        render_in_child(slip, tmp_path / "slip.pdf", "a4", deadline=time.monotonic() + 60, stop=stop)
    assert not descendants()
