"""The public pages: ``/public/ORG/new`` (the form) and ``/public/status/CODE`` (the status page).

A door: it parses, calls the App as the actor ``public`` (who may only file a complaint, add
information and give the callback's verdict), and renders. Every page is in the
organization's language, sent with ``Cache-Control: no-store`` and ``Referrer-Policy:
same-origin`` (the receipt code is in the address). An unknown code, a purged case's code
and a code of an organization whose public pages are off all get the same "not found".
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Any

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from tousu.default_plugins.public import texts as _texts  # noqa: F401 - registers the public.* messages
from tousu.default_plugins.public.guard import HONEYPOT, LIMITER, fill_time, form_token
from tousu.default_plugins.public.view import case_view
from tousu.default_plugins.words.labels import label
from tousu.errors import InputError, TousuError
from tousu.messages import text

HERE = Path(__file__).parent
ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
)
FORM_KEYS = ("summary", "place", "request", "contact", "complainant", "category")
MAX_LENGTH = {"summary": 5000, "place": 300, "request": 2000, "contact": 200, "complainant": 100, "text": 5000}
#: ``same-origin``: the code in the address never reaches another site (``no-referrer`` would
#: make browsers send ``Origin: null`` with the page's own forms).
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin", "X-Robots-Tag": "noindex"}


def _deployment(request: Request) -> Any:
    from tousu.default_plugins.server.asgi import deployment

    return deployment(request)


def _render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = context.get("lang", "en")
    page = ENV.get_template(name).render(t=lambda mid, **v: text(lang, mid, **v), **context)
    return HTMLResponse(page, status_code=status, headers=HEADERS)


def not_found() -> HTMLResponse:
    """The one answer for every code or organization that does not open a page."""
    return _render("not_found.html", 404, lang="zh", bilingual=True)


def _plain(status: int, message_id: str, lang: str, **extra: str) -> HTMLResponse:
    response = _render("message.html", status, lang=lang, message=text(lang, message_id))
    response.headers.update(extra)
    return response


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _cross_site(request: Request) -> bool:
    """A POST from another site's page (the browser says so): refused, like datasette's check."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return True
    origin = request.headers.get("origin")
    return bool(origin) and origin != "null" and origin != f"{request.url.scheme}://{request.url.netloc}"


async def _form(request: Request, limit: int) -> dict[str, str] | None:
    """The urlencoded body, read up to `limit` bytes (None when larger)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    pairs = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=200)
    return {key: value for key, value in pairs}


def _public_org(app: Any, org_id: str) -> Any | None:
    org = app.config.orgs.get(org_id)
    if org is None or org.public is None or not org.public.enabled:
        return None
    return org


def _domains(app: Any, org: Any) -> list[Any]:
    return [app.registry.domains[d] for p in org.plugins if p in app.registry.infos for d in app.registry.infos[p].domains]


# -- the form ----------------------------------------------------------------------------


def _form_page(app: Any, org: Any, values: dict[str, str], error: str = "", status: int = 200) -> HTMLResponse:
    domains = _domains(app, org)
    lang = org.language
    chosen = next((d for d in domains if d.name == values.get("domain")), domains[0] if domains else None)
    categories = [(c, label(c, lang, chosen)) for c in (chosen.categories if chosen else ())]
    fields = [(f, label(f, lang, chosen)) for f in (chosen.public_fields if chosen else ())]
    return _render(
        "new.html", status, lang=lang, org=org, values=values, error=error, token=form_token(),
        categories=categories, fields=fields, domains=[(d.name, d.title or d.name) for d in domains],
        honeypot=HONEYPOT, max_length=MAX_LENGTH,
    )


async def new_complaint(request: Request) -> Response:
    org_id = request.path_params["org"]
    target = _deployment(request)
    app = await run_in_threadpool(target.app)
    org = _public_org(app, org_id)
    if org is None:
        return not_found()
    settings = org.public
    if not LIMITER.allow("form", _client(request), settings.rate_limit):
        return _plain(429, "public.error.too_many", org.language, **{"Retry-After": "60"})
    if request.method == "GET":
        return await run_in_threadpool(_form_page, app, org, {})
    if _cross_site(request):
        return _plain(403, "public.error.rejected", org.language)
    form = await _form(request, settings.max_body_bytes)
    if form is None:
        return _plain(413, "public.error.too_large", org.language)
    if form.get(HONEYPOT):
        return _plain(400, "public.error.rejected", org.language)
    values = {k: v.strip() for k, v in form.items() if k in (*FORM_KEYS, "domain") or k.startswith("field.")}
    elapsed = fill_time(form.get("started", ""))
    if elapsed is None:
        return await run_in_threadpool(_form_page, app, org, values, text(org.language, "public.error.rejected"), 400)
    if elapsed < settings.min_fill_seconds:
        return await run_in_threadpool(_form_page, app, org, values, text(org.language, "public.error.too_fast"), 400)
    if not values.get("summary"):
        return await run_in_threadpool(_form_page, app, org, values, text(org.language, "public.error.summary"), 400)
    too_long = [k for k, v in values.items() if len(v) > MAX_LENGTH.get(k, 1000)]
    if too_long:
        return _plain(413, "public.error.too_large", org.language)
    try:
        code = await run_in_threadpool(_file, target, org, values)
    except InputError as exc:
        return await run_in_threadpool(
            _form_page, app, org, values, text(org.language, "public.error.invalid", reason=str(exc)), 400
        )
    except TousuError:
        return _plain(409, "public.refused", org.language)
    return RedirectResponse(f"/public/status/{code}", status_code=303, headers=HEADERS)


def _file(target: Any, org: Any, values: dict[str, str]) -> str:
    """Record the complaint as the actor ``public`` on channel ``web``; its receipt code, same transaction."""
    from tousu.default_plugins.outbox.receipts import receipt_for
    from tousu.timeutil import now

    app = target.app()
    domains = _domains(app, org)
    domain = next((d for d in domains if d.name == values.get("domain")), domains[0] if domains else None)
    allowed = set(domain.public_fields if domain else ())
    fields = {k[6:]: v for k, v in values.items() if k.startswith("field.") and k[6:] in allowed and v}
    with target.writing() as app:
        complaint = app.intake(
            org.id,
            channel="web",
            summary=values["summary"],
            domain=domain.name if domain else None,
            category=values.get("category") or None,
            complainant=values.get("complainant", ""),
            contact=values.get("contact", ""),
            place=values.get("place", ""),
            request=values.get("request", ""),
            fields=fields,
            actor="public",
        )
        return receipt_for(app.store.outbox(), complaint.id, org.id, now())


# -- the status page -------------------------------------------------------------------------


def find_case(app: Any, raw_code: str) -> tuple[str, Any, Any] | None:
    """(code, complaint, org) of a typed receipt code whose organization's public pages are on."""
    from tousu.default_plugins.outbox.receipts import normalize

    code = normalize(raw_code)
    if code is None:
        return None
    found = app.store.outbox().case_of(code)
    if found is None:
        return None
    org = _public_org(app, found[1])
    complaint = app.store.load(found[0]) if org is not None else None
    if complaint is None or complaint.org != org.id:
        return None
    return code, complaint, org


async def status(request: Request) -> Response:
    target = _deployment(request)
    app = await run_in_threadpool(target.app)
    limit = min((o.public.rate_limit for o in app.config.orgs.values() if o.public and o.public.enabled), default=20)
    if not LIMITER.allow("status", _client(request), limit):
        return _plain(429, "public.error.too_many", "en", **{"Retry-After": "60"})
    found = await run_in_threadpool(find_case, app, request.path_params["code"])
    if found is None:
        return not_found()
    code, complaint, org = found
    if request.method == "POST":
        return await _status_post(request, target, code, complaint, org)
    if code != request.path_params["code"]:
        return RedirectResponse(f"/public/status/{code}", status_code=303, headers=HEADERS)
    done = request.query_params.get("done", "")
    return await run_in_threadpool(_status_page, app, code, complaint, org, done if done in ("inform", "callback") else "")


def _status_page(app: Any, code: str, complaint: Any, org: Any, done: str = "", error: str = "", status: int = 200) -> HTMLResponse:
    view = case_view(complaint, app.history(complaint.id), org, app.domain(complaint.domain))
    return _render(
        "status.html", status, lang=org.language, org=org, code=code, view=view, token=form_token(),
        honeypot=HONEYPOT, done=done, error=error, max_length=MAX_LENGTH,
    )


async def _status_post(request: Request, target: Any, code: str, complaint: Any, org: Any) -> Response:
    lang = org.language
    if _cross_site(request):
        return _plain(403, "public.error.rejected", lang)
    form = await _form(request, org.public.max_body_bytes)
    if form is None:
        return _plain(413, "public.error.too_large", lang)
    app = await run_in_threadpool(target.app)
    if form.get(HONEYPOT) or fill_time(form.get("started", "")) is None:
        return _plain(400, "public.error.rejected", lang)
    do = form.get("do", "")
    note = form.get("text", "").strip()
    if len(note) > MAX_LENGTH["text"]:
        return _plain(413, "public.error.too_large", lang)
    if do == "inform" and not note:
        return await run_in_threadpool(_status_page, app, code, complaint, org, "", text(lang, "public.error.text"), 400)
    if do not in ("inform", "callback") or (do == "callback" and form.get("satisfied") not in ("yes", "no")):
        return _plain(400, "public.error.rejected", lang)
    fields = {"via": "web"} if do == "inform" else {"satisfied": form["satisfied"] == "yes"}

    def record() -> None:
        with target.writing() as app:
            app.act(complaint.id, do, actor="public", note=note or None, fields=fields, org_id=org.id)

    try:
        await run_in_threadpool(record)
    except TousuError:
        return await run_in_threadpool(_status_page, app, code, complaint, org, "", text(lang, "public.refused"), 409)
    return RedirectResponse(f"/public/status/{code}?done={do}", status_code=303, headers=HEADERS)


async def stylesheet(request: Request) -> Response:
    return FileResponse(HERE / "static" / "public.css", media_type="text/css", headers={"Cache-Control": "max-age=3600"})
