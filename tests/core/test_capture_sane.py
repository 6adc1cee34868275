"""The SANE back end against a real SANE device: the `test` back end of sane-backends, driven
through the real `scanimage` (Debian sane-utils; scripts/setup.sh installs it)."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from counter_app.capture import CaptureError, CaptureProblem, ColorMode, ScanSettings
from counter_app.capture.pages import Page, is_blank, read_pages
from counter_app.capture.sane import SaneScanner, parse_options
from ui.messages import error_text

pytestmark = pytest.mark.skipif(shutil.which("scanimage") is None, reason="sane-utils is not installed")

MM_PER_INCH = 25.4


@pytest.fixture
def sane_env(tmp_path):
    """A SANE configuration naming only the `test` back end (no network back end is probed)."""
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\n")
    return {"SANE_CONFIG_DIR": str(conf)}


def scanner(env, *extra):
    return SaneScanner(env=env, extra_args=extra)


def test_the_test_devices_are_listed(sane_env):
    names = [d.name for d in scanner(sane_env).devices()]
    assert names[:2] == ["test:0", "test:1"]


def test_options_are_read_from_the_device(sane_env):
    opts = scanner(sane_env).options("test:0")
    assert opts.mode_for(ColorMode.GRAY) == "Gray"
    assert opts.mode_for(ColorMode.COLOR) == "Color"
    assert opts.resolution_is_range and opts.nearest_resolution(200) == 200
    assert opts.feeder_source(duplex=False) == "Automatic Document Feeder"
    assert opts.feeder_source(duplex=True) is None
    assert opts.max_width_mm == 200 and opts.max_height_mm == 200


def test_a_flatbed_page_at_200_dpi_gray(sane_env, tmp_path):
    settings = ScanSettings(device="test:0", feeder=False)
    pages = scanner(sane_env, "--test-picture", "Grid").capture(settings, tmp_path / "out")
    assert len(pages) == 1
    with Image.open(pages[0]) as img:
        assert img.mode == "L"
        # the test device's bed is 200 mm square: A4 is clipped to it
        assert img.size[0] == pytest.approx(200 / MM_PER_INCH * 200, abs=2)
        assert round(img.info["dpi"][0]) == 200
        colours = img.getcolors()
        assert {0, 255} <= {c for _, c in colours}  # black grid lines on white
    (page,) = read_pages(pages)
    assert page.dpi == 200 and not is_blank(page)


def test_small_print_resolution_is_300_dpi(sane_env, tmp_path):
    settings = ScanSettings(device="test:0", feeder=False).small_print()
    (path,) = scanner(sane_env, "--test-picture", "Grid").capture(settings, tmp_path)
    with Image.open(path) as img:
        assert img.size[0] == pytest.approx(200 / MM_PER_INCH * 300, abs=2)


def test_the_feeder_gives_every_sheet_until_it_is_empty(sane_env, tmp_path):
    settings = ScanSettings(device="test:0", feeder=True, resolution=150)
    pages = scanner(sane_env, "--test-picture", "Grid").capture(settings, tmp_path)
    assert [p.name for p in pages] == [f"page-{i:04d}.tif" for i in range(1, 11)]  # the test feeder holds 10


def test_duplex_on_a_device_without_it_is_refused_before_scanning(sane_env, tmp_path):
    with pytest.raises(CaptureError) as err:
        scanner(sane_env).capture(ScanSettings(device="test:0", duplex=True), tmp_path / "out")
    assert err.value.problem is CaptureProblem.UNSUPPORTED
    assert err.value.message.code == "capture.no_duplex" and "hai mặt" in error_text(err.value)
    assert list((tmp_path / "out").iterdir()) == []


def test_a_jam_keeps_no_page_and_says_so(sane_env, tmp_path):
    s = scanner(sane_env, "--read-return-value", "SANE_STATUS_JAMMED")
    with pytest.raises(CaptureError) as err:
        s.capture(ScanSettings(device="test:0", feeder=False), tmp_path)
    assert err.value.problem is CaptureProblem.DEVICE_FAILED
    assert err.value.message.code == "capture.jammed" and "kẹt giấy" in error_text(err.value)
    assert list(tmp_path.glob("*.tif")) == []


def test_an_unknown_device_is_named(sane_env, tmp_path):
    with pytest.raises(CaptureError) as err:
        scanner(sane_env).capture(ScanSettings(device="test:9"), tmp_path)
    assert err.value.problem is CaptureProblem.NO_DEVICE
    assert "test:9" in error_text(err.value)


def test_no_scanimage_is_a_clear_message(tmp_path):
    s = SaneScanner(env={"PATH": str(tmp_path)})
    with pytest.raises(CaptureError) as err:
        s.devices()
    assert err.value.problem is CaptureProblem.NOT_AVAILABLE


def test_a_white_page_is_blank_and_a_grid_is_not(sane_env, tmp_path):
    settings = ScanSettings(device="test:0", feeder=False, resolution=150)
    (white,) = read_pages(scanner(sane_env, "--test-picture", "Solid white").capture(settings, tmp_path / "w"))
    (grid,) = read_pages(scanner(sane_env, "--test-picture", "Grid").capture(settings, tmp_path / "g"))
    assert is_blank(white) and not is_blank(grid)
    # one short pen line on a white page is ink, not a blank page
    marked = white.image.copy()
    marked.paste(0, (300, 400, 700, 404))
    assert not is_blank(Page(marked, 150))
    # forty specks of dust (2 × 2 pixels) on the glass are not ink
    dusty = white.image.copy()
    for i in range(40):
        x, y = 100 + (i * 97) % 900, 100 + (i * 131) % 900
        dusty.paste(0, (x, y, x + 2, y + 2))
    assert is_blank(Page(dusty, 150))


def test_parse_options_of_a_feeder_scanner_with_a_duplex_source():
    text = """
  Options specific to device `fujitsu:fi-7160':
    --source Flatbed|ADF Front|ADF Back|ADF Duplex [ADF Front]
    --mode Lineart|Halftone|Gray|Color [Lineart]
    --resolution 50..600dpi (in steps of 1) [600]
    -x 0..215.872mm (in steps of 0.0211639) [215.872]
    -y 0..279.364mm (in steps of 0.0211639) [279.364]
"""
    opts = parse_options(text)
    assert opts.feeder_source(duplex=True) == "ADF Duplex"
    assert opts.feeder_source(duplex=False) == "ADF Front"
    args = SaneScanner().scan_args(ScanSettings(duplex=True), opts)
    assert args[args.index("--source") + 1] == "ADF Duplex"
    assert args[args.index("--mode") + 1] == "Gray"
    assert args[args.index("-x") + 1] == "210" and args[args.index("-y") + 1] == "279.364"
