"""WIA back end (Windows): drives a desk scanner through Windows Image Acquisition, over COM
(``pywin32``'s ``win32com.client``). WIA 2.0 drivers are 64-bit on Windows 10/11, where many
TWAIN drivers are 32-bit only (DOMAIN.md §11).

NOT RUN HERE: this module is written against Microsoft's WIA Automation Layer documentation
(WIA.DeviceManager, Item.Transfer, the WIA_IPS_* property ids) and is imported and exercised
only on Windows; the Linux CI runs the same interface against SANE's ``test`` device. It is
kept behind :class:`~counter_app.capture.CaptureSource` so that a Windows test run can use the
SANE tests' expectations unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

from counter_app.capture import CaptureError, CaptureProblem, ColorMode, DeviceInfo, ScanSettings
from counter_app.domain.errors import message

WIA_FORMAT_TIFF = "{B96B3CB1-0728-11D3-9D7B-0000F81EF32E}"
# Property ids (wiadef.h)
WIA_DPS_DOCUMENT_HANDLING_SELECT = 3088
WIA_DPS_DOCUMENT_HANDLING_STATUS = 3087
WIA_DPS_PAGES = 3096
WIA_IPS_CUR_INTENT = 6146
WIA_IPS_XRES, WIA_IPS_YRES = 6147, 6148
FEEDER, FLATBED, DUPLEX = 0x001, 0x002, 0x004
FEED_READY = 0x001
INTENT_GRAY, INTENT_COLOR = 0x2, 0x1
WIA_ERROR_PAPER_EMPTY = -2145320957  # 0x80210003
WIA_ERROR_PAPER_JAM = -2145320958    # 0x80210002
WIA_ERROR_OFFLINE = -2145320955      # 0x80210005


def _set(props, prop_id: int, value) -> None:
    for prop in props:
        if prop.PropertyID == prop_id:
            prop.Value = value
            return


class WiaScanner:
    """The :class:`~counter_app.capture.CaptureSource` of WIA scanners (Windows only)."""

    def _manager(self):
        if sys.platform != "win32":
            raise CaptureError(CaptureProblem.NOT_AVAILABLE, message("capture.wia_windows_only"))
        try:
            import win32com.client  # pywin32, Windows only
        except ImportError:
            raise CaptureError(CaptureProblem.NOT_AVAILABLE, message("capture.wia_no_pywin32")) from None
        return win32com.client.Dispatch("WIA.DeviceManager")

    def devices(self) -> list[DeviceInfo]:
        manager = self._manager()
        out = []
        for i in range(1, manager.DeviceInfos.Count + 1):
            info = manager.DeviceInfos.Item(i)
            if info.Type == 1:  # ScannerDeviceType
                out.append(DeviceInfo(info.DeviceID, str(info.Properties("Manufacturer").Value),
                                      str(info.Properties("Name").Value), "wia"))
        return out

    def capture(self, settings: ScanSettings, dest: Path) -> list[Path]:
        import pywintypes  # noqa: F401 - pywin32's error type, Windows only

        manager = self._manager()
        infos = [manager.DeviceInfos.Item(i) for i in range(1, manager.DeviceInfos.Count + 1)]
        info = next((d for d in infos if settings.device in (None, d.DeviceID) and d.Type == 1), None)
        if info is None:
            raise CaptureError(CaptureProblem.NO_DEVICE, message("capture.wia_no_scanner"))
        device = info.Connect()
        handling = (FEEDER | (DUPLEX if settings.duplex else 0)) if settings.feeder or settings.duplex else FLATBED
        _set(device.Properties, WIA_DPS_DOCUMENT_HANDLING_SELECT, handling)
        _set(device.Properties, WIA_DPS_PAGES, 0 if handling & FEEDER else 1)  # 0: the whole feeder
        item = device.Items(1)
        _set(item.Properties, WIA_IPS_CUR_INTENT, INTENT_GRAY if settings.mode is ColorMode.GRAY else INTENT_COLOR)
        _set(item.Properties, WIA_IPS_XRES, settings.resolution)
        _set(item.Properties, WIA_IPS_YRES, settings.resolution)
        dest.mkdir(parents=True, exist_ok=True)
        pages: list[Path] = []
        while True:
            try:
                image = item.Transfer(WIA_FORMAT_TIFF)
            except Exception as exc:  # noqa: BLE001 - pywintypes.com_error
                code = getattr(exc, "hresult", None) or (exc.args[0] if exc.args else None)
                if code == WIA_ERROR_PAPER_EMPTY and pages:
                    break  # the feeder ran out after the last sheet: the normal end
                for page in pages:
                    page.unlink(missing_ok=True)
                if code == WIA_ERROR_PAPER_EMPTY:
                    raise CaptureError(CaptureProblem.NO_PAPER, message("capture.wia_feeder_empty")) from None
                if code == WIA_ERROR_PAPER_JAM:
                    raise CaptureError(CaptureProblem.DEVICE_FAILED, message("capture.wia_jammed")) from None
                raise CaptureError(CaptureProblem.DEVICE_FAILED, message("capture.wia_error", detail=str(exc))) from None
            path = dest / f"page-{len(pages) + 1:04d}.tif"
            image.SaveFile(str(path))
            pages.append(path)
            if not handling & FEEDER:
                break
        return pages
