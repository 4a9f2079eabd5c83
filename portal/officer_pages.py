"""The commissioning team's pages: the review queue, an exception beside its evidence, verdicts,
the register and a provider's history (issue 11, "Commissioning pages").

Every officer (of the lead council or a partner) sees these pages; only an officer who decides
reviews sees and may send the verdict form."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.responses import Response

from domain.models import ReviewStatus, ReviewVerdict
from portal import auth
from portal.rendering import render
from services import officer_views as views
from services.evidence_pages import EvidencePageError, Excerpt
from services.register_export import register_file
from services.review import ReviewRefused, decide_review
from storage.accounts import Account
from storage.repositories import Repositories, UnknownSubmission

router = APIRouter()
_IMAGES = views.PageImages()
_EXCERPTS = views.Excerpts()
VERDICTS = {"accept": ReviewVerdict.ACCEPT, "reject": ReviewVerdict.REJECT,
            "clarify": ReviewVerdict.CLARIFY}
VERDICT_WORDS = {"accept": "Accepted", "reject": "Rejected",
                 "clarify": "Clarification asked for"}
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _today(request: Request) -> dt.date:
    return auth.settings(request).today()


@router.get("/reviews")
def review_queue(request: Request, _officer: auth.Officer) -> Response:
    zone = auth.settings(request).zone
    queue = views.review_queue(auth.repositories(request), zone, _today(request))
    return render(request, "officer/queue.html", title="Review queue", queue=queue)


def _exception_page(request: Request, account: Account, review_id: str, *,
                    status_code: int = 200, **form: object) -> Response:
    view = views.exception_view(auth.repositories(request), review_id,
                                auth.settings(request).zone, _today(request))
    if view is None:
        raise HTTPException(status_code=404)
    may_decide = account.decides_reviews and view.review.status is ReviewStatus.OPEN
    # Excerpt.html() escapes the text and adds only its <mark>
    excerpts = {e.index: Markup(found.html()) for e in view.evidence
                if (found := _excerpt(auth.repositories(request), view, e)) is not None}
    undrawable = {e.index: problem for e in view.evidence if e.has_page_image and e.file
                  and (problem := _IMAGES.problem(e.file, e.finding.page or 1, e.finding.box))}
    return render(request, "officer/exception.html", title=f"Review {view.review.id}",
                  status_code=status_code, view=view, may_decide=may_decide,
                  alt=views.highlight_words, verdict_words=VERDICT_WORDS, excerpts=excerpts,
                  undrawable=undrawable,
                  zone=auth.settings(request).zone, **form)


def _excerpt(repos: Repositories, view: views.ExceptionView,
             item: views.Evidence) -> Excerpt | None:
    """A Word or Excel value in the text it was read from (a PDF's is its page image)."""
    if item.has_page_image or item.file is None or not item.finding.field:
        return None
    return _EXCERPTS.get(repos, view.review.submission_id, item.file, item.finding.field)


@router.get("/reviews/{review_id}")
def exception_page(request: Request, review_id: str, officer: auth.Officer) -> Response:
    return _exception_page(request, officer, review_id, verdict="", reason="")


@router.post("/reviews/{review_id}")
def decide(request: Request, review_id: str, reviewer: auth.Reviewer,
           verdict: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "") -> Response:
    """Accept, reject or ask for clarification, with a reason; a verdict the rules refuse
    (accepting a failed rule) comes back as an error on the form."""
    problems = {}
    if verdict not in VERDICTS:
        problems["verdict"] = "Select whether to accept, reject or ask for clarification"
    if not reason.strip():
        problems["reason"] = "Enter the reason for your decision"
    review = auth.repositories(request).reviews.get(review_id)
    if review is None:
        raise HTTPException(status_code=404)
    if not problems:
        try:
            decide_review(auth.repositories(request), review_id, review.lot, VERDICTS[verdict],
                          reviewer.email, reason.strip(), dt.datetime.now(dt.UTC),
                          make_pdf=auth.wiring(request).make_pdf,
                          notify=auth.wiring(request).notify)
        except ReviewRefused as refused:
            # decided meanwhile (another tab, another officer): the form is gone, so the
            # summary points at the decision recorded instead
            now_open = _is_open(auth.repositories(request), review_id)
            problems["verdict" if now_open else "decision"] = \
                f"This decision cannot be made: {refused}"
    if problems:
        return _exception_page(request, reviewer, review_id, status_code=400,
                               field_errors=problems, verdict=verdict, reason=reason)
    request.session["notice"] = f"Your decision on review {review_id} is recorded."
    return RedirectResponse(f"/reviews/{review_id}", status_code=303)


def _is_open(repos: Repositories, review_id: str) -> bool:
    review = repos.reviews.get(review_id)
    return review is not None and review.status is ReviewStatus.OPEN


@router.get("/reviews/{review_id}/evidence/{index}")
def evidence_image(request: Request, review_id: str, index: int,
                   _officer: auth.Officer) -> Response:
    """The page a finding came from with its value highlighted (PNG)."""
    repos = auth.repositories(request)
    view = views.exception_view(repos, review_id, auth.settings(request).zone, _today(request))
    found = next((e for e in view.evidence if e.index == index), None) if view else None
    if view is None or found is None or not found.has_page_image or found.file is None:
        raise HTTPException(status_code=404)
    try:
        png = _IMAGES.get(repos, view.review.submission_id, found.file,
                          found.finding.page or 1, found.finding.box)
    except EvidencePageError as unreadable:
        raise HTTPException(status_code=404) from unreadable
    return Response(png, media_type="image/png", headers={"Cache-Control": "private"})


@router.get("/reviews/{review_id}/files/{sha256}")
def original_file(request: Request, review_id: str, sha256: str,
                  _officer: auth.Officer) -> Response:
    """A file of the reviewed submission, as the provider sent it."""
    repos = auth.repositories(request)
    review = repos.reviews.get(review_id)
    try:
        submission = repos.submissions.get(review.submission_id) if review else None
    except UnknownSubmission:
        submission = None
    file = next((f for f in submission.files if f.sha256 == sha256), None) if submission \
        else None
    if submission is None or file is None:
        raise HTTPException(status_code=404)
    data = repos.submissions.original(submission.id, file.sha256)
    return Response(data, media_type=file.media_type, headers={
        "Content-Disposition": f"attachment; filename=\"{_ascii(file.original_name)}\""})


def _ascii(name: str) -> str:
    """A download name safe in a header (the stored name is already cleaned of paths)."""
    return "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                   for c in name) or "file"


def _filter(lot: str, status: str, authority: str, judgement: str) -> views.RegisterFilter:
    return views.RegisterFilter(lot=lot, status=status, authority=authority,
                                judgement=judgement)


Text = Annotated[str, Query()]


@router.get("/register")
def register(request: Request, _officer: auth.Officer, lot: Text = "", status: Text = "",
             authority: Text = "", judgement: Text = "") -> Response:
    repos = auth.repositories(request)
    chosen = _filter(lot, status, authority, judgement)
    rows = views.register_rows(repos, chosen)
    choices = views.filter_choices(views.register_rows(repos, views.RegisterFilter()))
    query = urlencode({k: v for k, v in vars(chosen).items() if v})
    return render(request, "officer/register.html", title="The register", rows=rows,
                  chosen=chosen, choices=choices, query=f"?{query}" if query else "")


@router.get("/register.csv")
def register_csv(request: Request, _officer: auth.Officer, lot: Text = "", status: Text = "",
                 authority: Text = "", judgement: Text = "") -> Response:
    return _export(request, "csv", _filter(lot, status, authority, judgement))


@router.get("/register.xlsx")
def register_xlsx(request: Request, _officer: auth.Officer, lot: Text = "", status: Text = "",
                  authority: Text = "", judgement: Text = "") -> Response:
    return _export(request, "xlsx", _filter(lot, status, authority, judgement))


def _export(request: Request, file_format: str, chosen: views.RegisterFilter) -> Response:
    rows = views.register_rows(auth.repositories(request), chosen)
    data = register_file((r.entry for r in rows), file_format)
    name = f"dps-register-{_today(request).isoformat()}.{file_format}"
    return Response(data, media_type=MEDIA[file_format],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/providers/{provider_id}")
def provider_history(request: Request, provider_id: str, _officer: auth.Officer) -> Response:
    history = views.provider_history(auth.repositories(request), provider_id)
    if not (history.submissions or history.register):
        raise HTTPException(status_code=404)
    return render(request, "officer/provider.html", title=f"Provider {provider_id}",
                  history=history, zone=auth.settings(request).zone,
                  verdict_words=VERDICT_WORDS)
