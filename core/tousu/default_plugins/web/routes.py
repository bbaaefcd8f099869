"""The desk's HTTP door: each page parses the request, asks the App, renders a template.

Sessions are the server's (`tousu.default_plugins.server.auth`): ``POST /login`` checks the password and
keeps the session secret in an HttpOnly, SameSite=Lax cookie (Secure when the request came
over HTTPS); the session ends at its expiry or at logout, and then every page sends the
visitor to ``/login``. Every POST carries a CSRF token bound to the session (an HMAC of the
session secret, which no other site can read) and must not come from another origin; the
login form, before any session exists, uses a double-submit cookie.

Another organization's complaint, a missing one and a malformed id all answer the same
"not found" page. Every form works without JavaScript: an action is a plain POST answered
with a redirect (303) to the complaint page, or the page again with the refusal shown.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from tousu.default_plugins.doors.privacy import mask_text
from tousu.default_plugins.web import views
from tousu.default_plugins.web.actions import fields_from_form, role_label
from tousu.default_plugins.web.strings import text
from tousu.default_plugins.web.templating import render
from tousu.errors import InputError, NotFound, TousuError
from tousu.timeutil import now as clock_now

STATIC = Path(__file__).parent / "static"
LOGIN_CSRF_COOKIE = "tousu_login_csrf"


# -- sessions and CSRF -----------------------------------------------------------------


def _auth() -> Any:
    from tousu.default_plugins.server import auth

    return auth


def _deployment(request: Request) -> Any:
    from tousu.default_plugins.server.asgi import deployment

    return deployment(request)


def csrf_of(secret: str) -> str:
    """The CSRF token of a session: only the holder of the session cookie can compute it."""
    return hmac.new(secret.encode(), b"tousu-desk-csrf", hashlib.sha256).hexdigest()


def _same_origin(request: Request) -> bool:
    """A POST from this site: ``Sec-Fetch-Site`` if the browser sends it, else ``Origin``."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:  # not a browser, or one that sends neither: the session-bound token guards
        return True
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


class Page:
    """What an endpoint knows about the visitor: the App, the session and the viewer."""

    def __init__(self, app: Any, identity: Any, secret: str) -> None:
        self.app = app
        self.identity = identity
        self.secret = secret
        org = app.org(identity.org)
        self.viewer = views.Viewer(org, identity.staff)

    @property
    def csrf(self) -> str:
        return csrf_of(self.secret)

    def html(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        org = self.viewer.org
        context.setdefault("flash", "")
        context.setdefault("error", "")
        context.setdefault("viewer_role", self.role_label(context.get("domain")))
        body = render(template, language=org.language, tz=org.tz, viewer=self.viewer, csrf=self.csrf, **context)
        return HTMLResponse(body, status_code=status_code)

    def role_label(self, domain: Any) -> str:
        """The viewer's role in the header: by the page's domain if it has one, else a
        domain's own word for a core role (``clerk``) by that domain's labels."""
        from tousu.default_plugins.words.labels import label, org_domains

        org, role = self.viewer.org, self.viewer.staff.role
        if domain is not None:
            return label(role, org.language, domain)
        return role_label(role, org.language, org_domains(self.app, org))

    def t(self, key: str, **values: object) -> str:
        return text(self.viewer.language, key, **values)


def _signed_in(request: Request, app: Any) -> Page | None:
    secret = request.cookies.get(_auth().SESSION_COOKIE)
    identity = _auth().authenticate(app, secret) if secret else None
    if identity is None or identity.kind != _auth().SESSION or identity.org not in app.config.orgs:
        return None
    return Page(app, identity, secret)


def _to_login(request: Request) -> Response:
    expired = request.cookies.get(_auth().SESSION_COOKIE) is not None
    response = RedirectResponse("/login" + ("?expired=1" if expired else ""), status_code=303)
    if expired:
        response.delete_cookie(_auth().SESSION_COOKIE, path="/")
    return response


def _not_found(page: Page) -> HTMLResponse:
    return page.html("not_found.html", status_code=404)


def message_page(page: Page, status: int, heading: str, message: str) -> HTMLResponse:
    return page.html("message.html", status_code=status, heading=heading, message=message)


def page_endpoint(work: Callable[[Request, Page, dict[str, Any]], Response], *, post: bool = False,
                  upload: bool = False) -> Callable[[Request], Any]:
    """An endpoint: signed in (else to /login), the form read, CSRF checked, `work` in a thread."""

    async def endpoint(request: Request) -> Response:
        form: dict[str, Any] = {}
        if post:
            if upload:
                limit = _deployment(request).config.attachments.max_bytes
                data = await request.form(max_files=1, max_fields=10, max_part_size=64 * 1024)
                form = {k: v for k, v in data.multi_items()}
                form["_limit"] = limit
            else:
                data = await request.form(max_files=0, max_fields=100)
                form = {k: v for k, v in data.multi_items() if isinstance(v, str)}

        def run() -> Response:
            dep = _deployment(request)
            app = dep.app()
            page = _signed_in(request, app)
            if page is None:
                return _to_login(request)
            if post and (not _same_origin(request) or not hmac.compare_digest(str(form.get("csrf", "")), page.csrf)):
                return message_page(page, 403, page.t("forbidden"), page.t("csrf_failed"))
            try:
                if any("\x00" in str(value) for value in request.path_params.values()):
                    raise NotFound("no such page")  # no id holds a NUL, and PostgreSQL's text cannot
                if post:  # one writer at a time; each App call is its own transaction
                    with dep.write_lock:
                        return work(request, page, form)
                return work(request, page, form)
            except NotFound:
                return _not_found(page)

        try:
            return await run_in_threadpool(run)
        finally:
            if upload:
                for value in form.values():
                    close = getattr(value, "close", None)
                    if close is not None and not isinstance(value, str):
                        await close()

    return endpoint


# -- the pages -------------------------------------------------------------------------


async def root(request: Request) -> Response:
    def run() -> Response:
        app = _deployment(request).app()
        return RedirectResponse("/desk" if _signed_in(request, app) else "/login", status_code=303)

    return await run_in_threadpool(run)


def _login_page(request: Request, app: Any, *, error: str = "", values: dict[str, str] | None = None,
                status: int = 200, token: str | None = None) -> Response:
    languages = {o.language for o in app.config.orgs.values()}
    language = languages.pop() if len(languages) == 1 else "zh"
    org_id = (values or {}).get("org", "")
    if org_id in app.config.orgs:
        language = app.config.orgs[org_id].language
    token = token or request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    flash = text(language, "session_expired") if request.query_params.get("expired") else ""
    body = render(
        "login.html", language=language, viewer=None, csrf=token, error=error, flash=flash,
        values={"org": "", "staff": "", **(values or {})},
    )
    response = HTMLResponse(body, status_code=status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", path="/login",
                        secure=request.url.scheme == "https")
    return response


async def login_form(request: Request) -> Response:
    def run() -> Response:
        app = _deployment(request).app()
        if _signed_in(request, app):
            return RedirectResponse("/desk", status_code=303)
        return _login_page(request, app)

    return await run_in_threadpool(run)


async def login_submit(request: Request) -> Response:
    data = await request.form(max_files=0, max_fields=10)
    form = {k: v for k, v in data.items() if isinstance(v, str)}
    auth = _auth()

    def run() -> Response:
        app = _deployment(request).app()
        values = {"org": form.get("org", "").strip()[:100], "staff": form.get("staff", "").strip()[:100]}
        cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not _same_origin(request) or not cookie or not hmac.compare_digest(cookie, form.get("csrf", "")):
            lang = "zh"
            return _login_page(request, app, error=text(lang, "csrf_failed"), values=values, status=403)
        language = app.config.orgs[values["org"]].language if values["org"] in app.config.orgs else "zh"
        try:
            secret, _identity = auth.login(app, values["org"], values["staff"], form.get("password", ""),
                                          request.client.host if request.client else None)
        except auth.Throttled as exc:
            response = _login_page(request, app, error=str(exc), values=values, status=429)
            response.headers["Retry-After"] = str(exc.retry_after)
            return response
        except auth.LoginFailed:
            return _login_page(request, app, error=text(language, "login_failed"), values=values, status=401)
        response = RedirectResponse("/desk", status_code=303)
        lifetime = app.config.server.token_lifetime
        response.set_cookie(
            auth.SESSION_COOKIE, secret, max_age=int(lifetime.total_seconds()), httponly=True, samesite="lax",
            secure=request.url.scheme == "https", path="/",
        )
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
        return response

    return await run_in_threadpool(run)


def _logout(request: Request, page: Page, form: dict[str, Any]) -> Response:
    _auth().logout(page.app, page.identity)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(_auth().SESSION_COOKIE, path="/")
    return response


def _desk(request: Request, page: Page, form: dict[str, Any]) -> Response:
    scope = request.query_params.get("scope", "mine")
    context = views.desk_view(page.app, page.viewer, scope, clock_now())
    return page.html("desk.html", **context)


def _new_form(request: Request, page: Page, form: dict[str, Any]) -> Response:
    context = views.intake_form(page.app, page.viewer, request.query_params.get("domain"))
    return page.html("new.html", form=context)


def _new_submit(request: Request, page: Page, form: dict[str, Any]) -> Response:
    try:
        complaint = views.intake_from_form(page.app, page.viewer, form)
    except TousuError as exc:
        kept = {k: v for k, v in form.items() if k != "csrf"}
        context = views.intake_form(page.app, page.viewer, form.get("domain"), kept)
        return page.html("new.html", status_code=_status(exc), form=context, error=mask_text(str(exc)))
    return RedirectResponse(f"/complaints/{quote(complaint.id)}?done=intake", status_code=303)


def _complaint(request: Request, page: Page, form: dict[str, Any], *, error: str = "", status: int = 200) -> Response:
    cid = request.path_params["id"]
    context = views.complaint_view(page.app, page.viewer, cid, clock_now(), request.query_params.get("calc"))
    flash = ""
    done = request.query_params.get("done")
    if done == "intake":
        flash = page.t("filed", id=cid)
    elif done == "attach":
        flash = page.t("uploaded", name=request.query_params.get("name", "")[:200])
    elif done:
        from tousu.default_plugins.words.labels import label

        flash = page.t("done_action", id=cid, action=label(done[:40], page.viewer.language, context["domain"]))
    return page.html("complaint.html", status_code=status, flash=flash, error=error, **context)


def _act(request: Request, page: Page, form: dict[str, Any]) -> Response:
    cid = request.path_params["id"]
    views.load(page.app, page.viewer, cid)
    action = str(form.get("action", ""))
    try:
        page.app.act(
            cid, action, actor=page.viewer.staff.id, to=(form.get("to") or "").strip() or None,
            note=(form.get("note") or "").strip() or None, fields=fields_from_form(form), org_id=page.viewer.org.id,
        )
    except NotFound:
        raise
    except TousuError as exc:
        return _complaint(request, page, form, error=mask_text(str(exc)), status=_status(exc))
    return RedirectResponse(f"/complaints/{quote(cid)}?done={quote(action)}", status_code=303)


def _upload(request: Request, page: Page, form: dict[str, Any]) -> Response:
    from tousu.default_plugins.attachments import attach

    cid = request.path_params["id"]
    views.load(page.app, page.viewer, cid)
    upload = form.get("file")
    try:
        if upload is None or isinstance(upload, str) or not getattr(upload, "filename", ""):
            raise InputError("choose a file to upload")
        content = upload.file.read(int(form["_limit"]) + 1)
        _, item = attach(
            page.app, cid, upload.filename, content, actor=page.viewer.staff.id, org_id=page.viewer.org.id,
            step=str(form.get("step") or ""), note=str(form.get("note") or "").strip() or None,
        )
    except NotFound:
        raise
    except TousuError as exc:
        return _complaint(request, page, form, error=mask_text(str(exc)), status=_status(exc))
    return RedirectResponse(f"/complaints/{quote(cid)}?done=attach&name={quote(item.name)}", status_code=303)


def _download(request: Request, page: Page, form: dict[str, Any]) -> Response:
    cid, sha256 = request.path_params["id"], request.path_params["sha256"]
    views.load(page.app, page.viewer, cid)
    try:
        item, content = views.fetch(page.app, cid, sha256.lower(), org_id=page.viewer.org.id, actor=page.viewer.staff.id)
    except NotFound:
        raise
    except TousuError as exc:
        return message_page(page, 500, page.t("page_error"), mask_text(str(exc)))
    return Response(
        content,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(item.name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "no-store",
        },
    )


def _search(request: Request, page: Page, form: dict[str, Any]) -> Response:
    q = request.query_params.get("q", "").strip()[:200]
    results = views.search_view(page.app, page.viewer, q) if q else []
    return page.html("search.html", q=q, results=results)


async def stylesheet(request: Request) -> Response:
    return FileResponse(STATIC / "desk.css", media_type="text/css", headers={"Cache-Control": "max-age=300"})


def _status(exc: TousuError) -> int:
    from tousu.errors import Refused

    explicit = getattr(exc, "http_status", None)  # Forbidden (who acts may not): 403, as the API answers
    if isinstance(explicit, int):
        return explicit
    return 409 if isinstance(exc, Refused) else 400


def _upload_route() -> Route:
    route = Route("/complaints/{id}/files", page_endpoint(_upload, post=True, upload=True), methods=["POST"])
    # a photo is larger than a form: the server lets this path take [attachments] max_bytes (and the form)
    route.max_body = lambda config: config.attachments.max_bytes + 256 * 1024  # type: ignore[attr-defined]
    return route


def routes() -> list[Route]:
    """Every page of the desk (paths are a contract: issue 16)."""
    return [
        Route("/", root, methods=["GET"]),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login_submit, methods=["POST"]),
        Route("/logout", page_endpoint(_logout, post=True), methods=["POST"]),
        Route("/desk", page_endpoint(_desk), methods=["GET"]),
        Route("/complaints/new", page_endpoint(_new_form), methods=["GET"]),
        Route("/complaints/new", page_endpoint(_new_submit, post=True), methods=["POST"]),
        Route("/complaints/{id}", page_endpoint(_complaint), methods=["GET"]),
        Route("/complaints/{id}/act", page_endpoint(_act, post=True), methods=["POST"]),
        _upload_route(),
        Route("/complaints/{id}/files/{sha256}", page_endpoint(_download), methods=["GET"]),
        Route("/search", page_endpoint(_search), methods=["GET"]),
        Route("/static/desk.css", stylesheet, methods=["GET"]),
    ]
