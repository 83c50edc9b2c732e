"""Error pages in the interface language: what went wrong and what to do next."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from app.errors import USER_ERRORS, describe
from app.web.i18n import tr

__all__ = ["init_app", "error_page"]

_PAGES = {
    400: (_l("Yêu cầu không hợp lệ"),
          _l("Trình duyệt gửi một yêu cầu mà ứng dụng không hiểu. Hãy quay lại trang trước và thử lại.")),
    404: (_l("Không tìm thấy trang"),
          _l("Địa chỉ này không có trong ứng dụng, hoặc chiến dịch đã bị đổi tên hay xóa. "
             "Tên chiến dịch chỉ gồm chữ thường không dấu, số và dấu '-'.")),
    405: (_l("Thao tác không được phép"),
          _l("Trang này không nhận kiểu yêu cầu vừa gửi. Hãy dùng các nút trên trang.")),
    409: (_l("Xung đột khi lưu"),
          _l("Tệp đã bị thay đổi ở nơi khác trong khi bạn sửa.")),
    413: (_l("Dữ liệu gửi lên quá lớn"),
          _l("Nội dung gửi lên vượt quá giới hạn cho phép. Một chiến dịch thường chỉ vài chục KB: "
             "hãy kiểm tra xem có dán nhầm nội dung rất dài vào ô nào không.")),
    422: (_l("Dữ liệu chưa đúng"),
          _l("Ứng dụng chưa làm được việc này vì dữ liệu chưa đúng. Không có gì bị thay đổi: hãy sửa theo "
             "hướng dẫn dưới đây rồi thử lại.")),
    500: (_l("Lỗi trong ứng dụng"),
          _l("Ứng dụng gặp lỗi ngoài dự kiến nên chưa làm được việc này. Tệp chiến dịch không bị "
             "thay đổi. Hãy thử lại; nếu lỗi lặp lại, báo cho người phụ trách kỹ thuật kèm thời điểm xảy ra.")),
    503: (_l("Chưa tạo được tệp"),
          _l("Máy chủ thiếu một chương trình cần thiết.")),
}


def error_page(status: int, detail: str | None = None, title: str | None = None,
               links: list[tuple[str, str]] | None = None):
    """Render the error page for ``status`` with an optional specific explanation and ``links``
    (address, label) to what still works, e.g. the Word file when its PDF could not be made."""
    default_title, default_message = _PAGES.get(status, _PAGES[500])
    return render_template("error.html", status=status, title=title or default_title,
                           message=default_message, detail=detail, links=links or []), status


def _http_error(exc: HTTPException):
    body, status = error_page(exc.code or 500)
    # The exception's own headers (Allow on a 405) belong to the answer; its Content-Type was
    # for werkzeug's plain page, not ours.
    return body, status, [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]


def _foreign_host(exc: SecurityError):
    """A request naming a host the app does not answer to (app.web.host_allowed)."""
    return error_page(400, title=_l("Địa chỉ không được phép"),
                      detail=_l("Ứng dụng chỉ trả lời khi được mở bằng địa chỉ của máy này (ví dụ "
                                "http://127.0.0.1:5000) hoặc bằng một tên máy đã khai báo. Nếu đây là "
                                "tên máy chủ của cơ quan, người phụ trách kỹ thuật thêm tên đó vào biến "
                                "môi trường VANTHU_ALLOWED_HOSTS rồi khởi động lại ứng dụng."))


def _csrf_error(exc: CSRFError):
    return error_page(400, title=_l("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ"),
                      detail=_l("Biểu mẫu thiếu mã bảo vệ (CSRF) hoặc mã đã hết hạn, thường vì ứng dụng "
                                "vừa được khởi động lại. Dữ liệu chưa được lưu: hãy tải lại trang rồi nhập lại."))


def _internal_error(exc: Exception):
    return error_page(500)


def _core_error(exc: Exception):
    """A core error a view let through: the status, title and message of app.errors' table."""
    from flask_babel import gettext

    described = describe(exc)
    if described is None:  # pragma: no cover - only the table's classes are registered
        raise exc
    detail = tr(described.message) + (f" {gettext(described.hint)}" if described.hint else "")
    return error_page(described.status, title=gettext(described.title), detail=detail)


def init_app(app: Flask) -> None:
    """Register the error pages."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(SecurityError, _foreign_host)
    for code in (400, 404, 405, 409, 413):
        app.register_error_handler(code, _http_error)
    app.register_error_handler(500, _internal_error)
    for kind, *_ in USER_ERRORS:
        app.register_error_handler(kind, _core_error)
