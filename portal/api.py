"""The HTTP API under /api/: the same actions as the pages, as JSON, authenticated by session or
by a per-provider API token (issue 11, "HTTP API"); and the page where a provider's users make
and revoke those tokens.

A provider sees only their own applications: anything else answers 404, as what does not exist
does. Officers' calls take a session only (tokens are a provider's). Each route's models are
in FastAPI's OpenAPI schema, served to signed-in callers at /api/openapi.json.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from domain.drafts import DraftFile
from domain.models import ReviewVerdict, Submission
from portal import auth
from portal.api_models import (
    CheckedFile,
    LetterOut,
    ReviewOut,
    SubmissionDetail,
    SubmissionSummary,
    Submitted,
    VerdictIn,
    VerdictOut,
    detail_of,
    letter_of,
    review_of,
    summary_of,
)
from portal.rendering import render
from portal.streamed_form import BadForm, FormReader, request_chunks
from services import api_tokens, api_views, uploads
from services.clarifications import ClarificationRefused, answer_clarification
from services.review import ReviewRefused, decide_review
from services.submissions import SubmissionRefused, Upload, submit
from storage.accounts import Account
from storage.drafts import UnknownDraft

router = APIRouter()
NOT_FOUND = {"detail": "Page not found"}


def _multipart(**fields: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI request body of a route that reads its multipart form itself (streamed)."""
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["files"], "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
            **fields}}}}}}


#: files in one call: a provider's application is a handful of documents
MAX_FILES = 30


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _refused(status: int, detail: object) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _own(request: Request, account: Account, submission_id: str) -> Submission | None:
    return api_views.own_submission(auth.repositories(request), account.provider_id or "",
                                    submission_id)


@router.get("/api/submissions", response_model=list[SubmissionSummary])
def list_submissions(request: Request, account: auth.ProviderUser) -> list[SubmissionSummary]:
    """Your organisation's applications, newest first."""
    own = auth.repositories(request).submissions.of_provider(account.provider_id or "")
    return [summary_of(s) for s in sorted(own, key=lambda s: s.received_at, reverse=True)]


@router.get("/api/submissions/{submission_id}", response_model=SubmissionDetail,
            responses={404: {"description": "Not one of your applications"}})
def get_submission(request: Request, submission_id: str, account: auth.ProviderUser) -> Any:
    """An application's status per lot, with every reason, the document and the page."""
    submission = _own(request, account, submission_id)
    if submission is None:
        return _refused(404, NOT_FOUND["detail"])
    return detail_of(api_views.status_of(auth.repositories(request), submission))


@router.get("/api/submissions/{submission_id}/letters", response_model=list[LetterOut],
            responses={404: {"description": "Not one of your applications"}})
def list_letters(request: Request, submission_id: str, account: auth.ProviderUser) -> Any:
    """The letters issued about an application, oldest first, with where to download them."""
    submission = _own(request, account, submission_id)
    if submission is None:
        return _refused(404, NOT_FOUND["detail"])
    return [letter_of(r) for r in api_views.letters_of(auth.repositories(request), submission)]


@router.get("/api/submissions/{submission_id}/letters/{letter_id}/{file_format}",
            response_class=Response,
            responses={200: {"content": {t: {} for t in api_views.LETTER_FORMATS.values()}},
                       404: {"description": "No such letter of yours"}})
def download_letter(request: Request, submission_id: str, letter_id: str, file_format: str,
                    account: auth.ProviderUser) -> Response:
    """A letter as `docx` or `pdf` (a PDF only where one was made when it was issued)."""
    submission = _own(request, account, submission_id)
    data = None if submission is None else api_views.letter_bytes(
        auth.repositories(request), submission, letter_id, file_format)
    if data is None:
        return _refused(404, NOT_FOUND["detail"])
    return Response(data, media_type=api_views.LETTER_FORMATS[file_format], headers={
        "Content-Disposition": f'attachment; filename="{letter_id}.{file_format}"'})


@router.post("/api/submissions", status_code=201, response_model=Submitted,
             openapi_extra=_multipart(),
             responses={413: {"description": "A file is over the size limit"},
                        422: {"description": "A file cannot be used; nothing was sent"}})
async def create_submission(request: Request, account: auth.ProviderUser) -> Any:
    """Send an application: its files as multipart/form-data, each in a part named `files`.
    Each file is streamed to storage and checked as it arrives; the application is sent only
    when every file can be used."""
    return await _streamed(request, account, None)


@router.post("/api/submissions/{submission_id}/clarifications", status_code=201,
             response_model=Submitted, openapi_extra=_multipart(lots={
                 "type": "array", "items": {"type": "string"},
                 "description": "the lots answered (default: every lot asked about)"}),
             responses={404: {"description": "Not one of your applications"},
                        409: {"description": "No clarification was asked on that lot"},
                        413: {"description": "A file is over the size limit"},
                        422: {"description": "A file cannot be used; nothing was sent"}})
async def answer(request: Request, submission_id: str, account: auth.ProviderUser) -> Any:
    """Answer a clarification request with the documents asked for (multipart/form-data:
    `files`, and optionally `lots`, one part per lot; by default every lot asked about)."""
    if _own(request, account, submission_id) is None:
        return _refused(404, NOT_FOUND["detail"])
    return await _streamed(request, account, submission_id)


async def _streamed(request: Request, account: Account, answering: str | None) -> Any:
    """Read the form as it arrives, in a worker thread (storage calls block), pulling the body
    from the connection only as each file's chunks are stored."""
    next_chunk = request_chunks(request)
    work = functools.partial(_receive, request, account, answering, next_chunk)
    return await anyio.to_thread.run_sync(work)


def _receive(request: Request, account: Account, answering: str | None,
             next_chunk: Callable[[], bytes | None]) -> Any:
    repos, provider = auth.repositories(request), account.provider_id or ""
    draft = uploads.start_draft(repos, provider, now=_now())
    checked: list[DraftFile] = []
    lots: list[str] = []
    try:
        reader = FormReader(request.headers.get("content-type", ""), next_chunk)
        for part in reader.parts():
            if part.filename is not None and part.name == "files":
                if len(checked) == MAX_FILES:
                    return _refused(422, f"send {MAX_FILES} files or fewer at a time")
                checked.append(uploads.receive_file(repos, provider, draft.id, part.filename,
                                                    part.chunks, now=_now()))
            elif part.name == "lots":
                lots.append(part.text().strip())
    except uploads.UploadRefused as error:
        return _refused(413 if "limit" in str(error) else 422, str(error))
    except BadForm as error:
        return _refused(400, str(error))
    files = [CheckedFile(name=f.name, kinds=list(f.kinds), problem=f.problem) for f in checked]
    if not checked or any(not f.usable for f in checked):
        # the files are kept in a draft: the provider can finish it on the portal's pages
        return _refused(422, {"message": "every file must be one that can be used: nothing "
                              "was sent. The files are kept as an application you have not "
                              "sent yet", "draft": draft.id,
                              "files": [f.model_dump() for f in files]})
    try:
        sent = uploads.submit_draft(repos, provider, draft.id,
                                    _sender(request, answering, [lot for lot in lots if lot]))
    except ClarificationRefused as error:
        return _refused(409, str(error))
    except (SubmissionRefused, uploads.UploadRefused, UnknownDraft) as error:
        return _refused(422, str(error))
    submission = repos.submissions.get(sent)
    return Submitted(id=submission.id, received_at=submission.received_at, files=files)


def _sender(request: Request, answering: str | None, lots: list[str]) -> uploads.Submit:
    announce = auth.wiring(request).announce

    def send(repos: Any, kept: Any, provider: str) -> Submission:
        files = [Upload(k.name, k.data) for k in kept]
        if answering is None:
            return submit(repos, files, provider, announce=announce)
        return answer_clarification(repos, answering, files, lots, announce=announce)

    return send


@router.get("/api/reviews", response_model=list[ReviewOut])
def list_reviews(request: Request, _account: auth.Officer) -> list[ReviewOut]:
    """The review queue, oldest first (commissioning officers, signed in)."""
    zone = auth.settings(request).zone
    return [review_of(item) for item in api_views.open_reviews(
        auth.repositories(request), zone, _now().astimezone(zone).date())]


@router.post("/api/reviews/{review_id}/verdict", response_model=VerdictOut,
             responses={404: {"description": "No such review"},
                        409: {"description": "The verdict cannot be made (the reason says why)"}})
def decide(request: Request, review_id: str, verdict: VerdictIn, account: auth.Reviewer) -> Any:
    """Accept, reject or ask for clarification on a referred lot, with a reason."""
    repos = auth.repositories(request)
    try:
        item = repos.reviews.get(review_id)
    except ValueError:  # not an id a key can hold
        item = None
    if item is None:
        return _refused(404, NOT_FOUND["detail"])
    try:
        decided = decide_review(repos, review_id, item.lot, ReviewVerdict(verdict.verdict),
                                account.email, verdict.reason, _now(),
                                make_pdf=auth.wiring(request).make_pdf,
                                notify=auth.wiring(request).notify)
    except ReviewRefused as error:
        return _refused(409, str(error))
    return VerdictOut(id=decided.id, status=decided.status.value,
                      verdict=decided.verdict.value if decided.verdict else None,
                      reviewer=decided.reviewer, reason=decided.reason,
                      decided_at=decided.decided_at)


# --- the page where a provider's users make and revoke their tokens (session and CSRF) ---

@router.get("/account/api-tokens", include_in_schema=False)
def tokens_page(request: Request, account: auth.ProviderUser) -> Response:
    return _tokens_page(request, account)


@router.post("/account/api-tokens", include_in_schema=False)
def create_token(request: Request, account: auth.ProviderUser,
                 name: Annotated[str, Form()] = "") -> Response:
    try:
        issued = api_tokens.create_token(auth.repositories(request), account, name, _now())
    except api_tokens.TokenRefused as error:
        return _tokens_page(request, account, status_code=400, field_errors={"name": str(error)},
                            token_name=name)
    return _tokens_page(request, account, issued=issued.token, issued_name=issued.record.name)


@router.post("/account/api-tokens/{token_id}/revoke", include_in_schema=False)
def revoke_token(request: Request, token_id: str, account: auth.ProviderUser) -> Response:
    try:
        revoked = api_tokens.revoke_token(auth.repositories(request), account, token_id, _now())
    except api_tokens.TokenRefused:
        raise HTTPException(404) from None
    request.session["notice"] = f"The token “{revoked.name}” is revoked. It cannot be used again."
    return RedirectResponse("/account/api-tokens", status_code=303)


def _tokens_page(request: Request, account: Account, status_code: int = 200,
                 **context: Any) -> Response:
    zone = auth.settings(request).zone
    rows = [{"token": t, "created": f"{t.created_at.astimezone(zone):%-d %B %Y}",
             "revoked": f"{t.revoked_at.astimezone(zone):%-d %B %Y}" if t.revoked_at else None}
            for t in api_tokens.tokens_of(auth.repositories(request), account)]
    return render(request, "api_tokens.html", title="API tokens", status_code=status_code,
                  tokens=rows, **context)
