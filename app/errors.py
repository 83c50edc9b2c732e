"""One table from the core's errors to what a user is told: the CLI's exit status and message,
the web's HTTP status and page title.

Both front ends look an exception up here (:func:`describe`) instead of keeping their own
lists, so a new core error is explained the same way in the terminal and in the browser.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from app.awards import NominationsError
from app.checklists import ChecklistError
from app.fsutil import DiskFull, FolderNotWritable
from app.importer.source import DispatchImportError
from app.loader import CampaignError
from app.messages import of_exception
from app.pdf import PdfError
from app.quotas import QuotaError
from app.results_import import ResultsImportError
from app.scoring import NoScoringRules
from app.store import NameTaken, VersionConflict
from app.units_import import UnitsImportError

__all__ = ["Described", "describe", "EXIT_BAD_INPUT", "EXIT_FAILED", "USER_ERRORS"]

EXIT_BAD_INPUT = 2  # the user's file or arguments are wrong: nothing was written
EXIT_FAILED = 1     # the input was good but the work could not be done (LibreOffice, disk)


def N_(message: str) -> str:
    """Marks a title for the web's translation catalogue; the core keeps the Vietnamese text."""
    return message


@dataclass(frozen=True)
class Described:
    """How to tell the user about one error."""

    exit_code: int   # CLI
    status: int      # web
    title: str       # Vietnamese; the web translates it through its catalogue
    message: str     # the exception's own Vietnamese text (file:line: field: …); a Message when raised with one
    hint: str = ""   # what the user can still do


# Most specific first: the first class the exception is an instance of wins.
USER_ERRORS: list[tuple[type[BaseException], int, int, str, str]] = [
    (CampaignError, EXIT_BAD_INPUT, 422, N_("Tệp chiến dịch có lỗi"), ""),
    (QuotaError, EXIT_BAD_INPUT, 422, N_("Không chia được chỉ tiêu"), ""),
    (ChecklistError, EXIT_BAD_INPUT, 400, N_("Yêu cầu không hợp lệ"), ""),
    (NominationsError, EXIT_BAD_INPUT, 422, N_("Chưa lập được hồ sơ khen thưởng"), ""),
    (UnitsImportError, EXIT_BAD_INPUT, 422, N_("Không nhập được danh sách đơn vị"), ""),
    (DispatchImportError, EXIT_BAD_INPUT, 422, N_("Không đọc được công văn"),
     N_("Chọn tệp Word (.docx) hoặc văn bản (.txt, UTF-8) của công văn.")),
    (ResultsImportError, EXIT_BAD_INPUT, 422, N_("Không nhập được kết quả thực hiện"),
     N_("Không có kết quả nào được lưu: sửa các tệp bị từ chối rồi nhập lại cả lượt.")),
    (NoScoringRules, EXIT_BAD_INPUT, 422, N_("Chưa có quy chế chấm điểm"),
     N_("Thêm phần “Chấm điểm và khen thưởng” ở trang sửa chiến dịch (mục scoring trong tệp chiến dịch).")),
    (NameTaken, EXIT_BAD_INPUT, 409, N_("Tên đã được dùng"), ""),
    (VersionConflict, EXIT_FAILED, 409, N_("Xung đột khi lưu"), ""),
    (PdfError, EXIT_FAILED, 503, N_("Chưa tạo được PDF"), N_("Bản Word (DOCX) vẫn tải được.")),
    (DiskFull, EXIT_FAILED, 507, N_("Ổ đĩa đã đầy"),
     N_("Chưa có gì bị thay đổi. Xóa bớt tệp không cần trên máy chủ (hoặc báo người phụ trách kỹ thuật) "
        "rồi thử lại.")),
    (FolderNotWritable, EXIT_FAILED, 503, N_("Không ghi được vào thư mục"),
     N_("Chưa có gì bị thay đổi. Người phụ trách kỹ thuật cần cho phép ghi vào thư mục này (hoặc chọn "
        "thư mục khác bằng --outputs / --out) rồi thử lại.")),
    (OSError, EXIT_FAILED, 500, N_("Không ghi được tệp"), ""),
]


def describe(exc: BaseException) -> Described | None:
    """What to tell the user about ``exc``; ``None`` for an error that is a bug, not a user's."""
    for kind, exit_code, status, title, hint in USER_ERRORS:
        if isinstance(exc, kind):
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else of_exception(exc)
            if isinstance(exc, OSError) and exc.filename:
                # The file's own name: a page must not show the server's folders (issue 11.3)
                message = f"{os.path.basename(os.fsdecode(exc.filename))}: {message}"
            return Described(exit_code, status, title, message, hint)
    return None
