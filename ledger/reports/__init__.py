"""Calibration reports: HTML, Markdown, JSON and CSV renderers over one ``ReportData``.

The renderers are pure functions of a ``ReportData`` record, which the service
gathers from the scoring engine.  matplotlib is imported only by ``charts``, and
only when a report that needs charts is being made.
"""

from ledger.reports.data import FORMATS, OpenItem, ReportData, format_from_path

__all__ = ["FORMATS", "OpenItem", "ReportData", "format_from_path"]
