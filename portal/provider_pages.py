"""The provider's pages: apply, upload, submit, follow each lot, letters, clarifications and
register entries (issue 11, "Provider pages").

Every id in a URL is looked up under the signed-in provider's own id: another provider's draft,
submission or letter is not found (404), never refused (403), so its existence is not told.
Uploads are read from the request as a stream (portal/streamed_form.py) and handed on chunk by
chunk:
the size limit cuts a file off while it arrives and no file is ever held whole here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from domain.drafts import Draft
from domain.models import Submission
from portal import auth
from portal.rendering import render
from portal.streamed_form import BadForm, FileParts, FormReader, Part, request_chunks
from services import provider_views as views
from services import uploads
from services.clarifications import ClarificationRefused, answer_clarification
from services.submissions import SubmissionRefused, Upload, submit
from storage.accounts import Account
from storage.repositories import Repositories

router = APIRouter()
MAX_FILES = 30
#: an answer's files are held whole (services.submissions keeps bytes): so many at most
MAX_ANSWER_FILES = 5


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _provider(account: Account) -> str:
    return account.provider_id or ""


def _not_found() -> HTTPException:
    return HTTPException(404)


def _submission(request: Request, account: Account, submission_id: str) -> Submission:
    try:
        found = views.own_submission(auth.repositories(request), _provider(account), submission_id)
    except views.OwnedNotFound as error:
        raise _not_found() from error
    auth.require_own_provider(found.provider, account)  # found under their id: theirs
    return found


def _download(form: views.PublishedForm) -> Response:
    return Response(form.data, media_type=form.media_type, headers={
        "Content-Disposition": f'attachment; filename="{form.file_name}"'})


# 1. The application form ---------------------------------------------------------------------

@router.get("/application-form")
def application_form_page(request: Request, account: auth.ProviderUser) -> Response:
    return render(request, "provider/form.html", title="Download the application form")


@router.get("/application-form/{edition}")
def application_form(edition: str, account: auth.ProviderUser) -> Response:
    try:
        return _download(views.published_form(edition))
    except views.OwnedNotFound as error:
        raise _not_found() from error


# 2. Drafts -----------------------------------------------------------------------------------

@router.get("/applications")
def applications(request: Request, account: auth.ProviderUser) -> Response:
    """The provider's applications started and not sent (to come back to), and those sent."""
    repos, provider = auth.repositories(request), _provider(account)
    sent = sorted(repos.submissions.of_provider(provider), key=lambda s: s.received_at,
                  reverse=True)
    return render(request, "provider/applications.html", title="Applications you have started",
                  drafts=views.open_drafts(repos, provider), submissions=sent,
                  zone=auth.settings(request).zone, state_words=views.state_words)


@router.post("/drafts")
def start_draft(request: Request, account: auth.ProviderUser) -> Response:
    draft = uploads.start_draft(auth.repositories(request), _provider(account), now=_now())
    request.session["notice"] = ("Your application is started. It is saved: you can come back "
                                 "to it from your applications page.")
    return RedirectResponse(f"/drafts/{draft.id}", status_code=303)


@router.get("/drafts/{draft_id}")
def draft_page(request: Request, draft_id: str, account: auth.ProviderUser) -> Response:
    draft = _draft(request, account, draft_id)
    if draft.submission_id:
        return RedirectResponse(f"/submissions/{draft.submission_id}/receipt", status_code=303)
    refused = request.session.pop("refused", [])
    problems = request.session.pop("draft_problem", None)
    return render(request, "provider/draft.html", title="Your application", draft=draft,
                  refused=refused, limit=_limit_words(),
                  field_errors={"files": problems} if problems else {})


def _draft(request: Request, account: Account, draft_id: str) -> Draft:
    try:
        return views.own_draft(auth.repositories(request), _provider(account), draft_id)
    except views.OwnedNotFound as error:
        raise _not_found() from error


def _limit_words() -> str:
    return f"{uploads.max_file_bytes() / 1_000_000:,.0f} MB"


# 3. Uploading, removing and submitting ----------------------------------------------------------

@router.post("/drafts/{draft_id}/files")
def upload_files(request: Request, draft_id: str, account: auth.ProviderUser) -> Response:
    """Each file of the form streamed into the draft and checked; refused ones said why.
    A script (portal-upload.js) sends one file at a time and asks for JSON."""
    repos, provider = auth.repositories(request), _provider(account)
    _draft(request, account, draft_id)
    results: list[dict[str, object]] = []
    form = _file_parts(request, MAX_FILES)
    for part in _read_as_form(form):
        assert part.filename is not None  # FileParts gives files only
        try:
            kept = uploads.receive_file(repos, provider, draft_id, part.filename, part.chunks,
                                        now=_now())
            results.append({"name": kept.name, "kept": True, "usable": kept.usable,
                            "kinds": kept.kinds, "problem": kept.problem})
        except uploads.UploadRefused as error:  # its message begins with the file's name
            part.discard()
            results.append({"name": uploads.display_name(part.filename), "kept": False,
                            "usable": False, "kinds": [], "problem": str(error)})
    results += [{"name": name, "kept": False, "usable": False, "kinds": [],
                 "problem": f"{name} was not uploaded: send up to {MAX_FILES} files at a time"}
                for name in map(uploads.display_name, form.skipped)]
    # kept for the draft page, which a script shows too once its files are sent one by one
    refused = [r for r in results if not r["kept"]]
    if "application/json" in request.headers.get("accept", ""):
        request.session["refused"] = request.session.get("refused", []) + refused
        return JSONResponse({"files": results})
    if not results:
        request.session["draft_problem"] = "Select one or more files to upload"
    request.session["refused"] = refused
    return RedirectResponse(f"/drafts/{draft_id}#draft-files", status_code=303)


@router.post("/drafts/{draft_id}/files/{sha256}/remove")
def remove_file(request: Request, draft_id: str, sha256: str,
                account: auth.ProviderUser) -> Response:
    draft = _draft(request, account, draft_id)
    file = next((f for f in draft.files if f.sha256 == sha256), None)
    if file is None:
        raise _not_found()
    try:
        uploads.remove_file(auth.repositories(request), _provider(account), draft_id, sha256)
    except uploads.UploadRefused as error:
        request.session["draft_problem"] = _sentence(str(error))
    else:
        request.session["notice"] = f"{file.name} is removed from your application."
    return RedirectResponse(f"/drafts/{draft_id}", status_code=303)


@router.post("/drafts/{draft_id}/submit")
def submit_draft(request: Request, draft_id: str, account: auth.ProviderUser) -> Response:
    _draft(request, account, draft_id)
    announce = auth.wiring(request).announce

    def send(repos: Repositories, kept: Sequence[uploads.KeptUpload],
             provider: str) -> Submission:
        return submit(repos, [Upload(k.name, k.data) for k in kept], provider, announce=announce)

    try:
        submission_id = uploads.submit_draft(auth.repositories(request), _provider(account),
                                             draft_id, send)
    except (uploads.UploadRefused, SubmissionRefused) as error:
        request.session["draft_problem"] = _sentence(str(error))
        return RedirectResponse(f"/drafts/{draft_id}", status_code=303)
    return RedirectResponse(f"/submissions/{submission_id}/receipt", status_code=303)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") if text else text


# 4. The receipt and 5. the status page ---------------------------------------------------------

@router.get("/submissions/{submission_id}/receipt")
def receipt(request: Request, submission_id: str, account: auth.ProviderUser) -> Response:
    submission = _submission(request, account, submission_id)
    zone = auth.settings(request).zone
    return render(request, "provider/receipt.html", title="Application sent",
                  submission=submission, received=submission.received_at.astimezone(zone),
                  due=views.assessment_due(submission.received_at, zone),
                  days=views.ASSESSMENT_WORKING_DAYS)


@router.get("/submissions/{submission_id}")
def status_page(request: Request, submission_id: str, account: auth.ProviderUser) -> Response:
    repos, submission = auth.repositories(request), _submission(request, account, submission_id)
    zone = auth.settings(request).zone
    statuses = views.lot_statuses(repos, submission)
    return render(request, "provider/status.html", title=f"Application {submission.id}",
                  submission=submission, state=views.state_words(submission.state),
                  received=submission.received_at.astimezone(zone),
                  due=views.assessment_due(submission.received_at, zone), lots=statuses,
                  asked=[lot for lot in statuses if lot.clarification is not None],
                  letters=views.letters(repos, submission), zone=zone,
                  problem=request.session.pop("clarification_problem", None))


@router.get("/submissions/{submission_id}/letters/{notice_id}/{edition}")
def letter(request: Request, submission_id: str, notice_id: str, edition: str,
           account: auth.ProviderUser) -> Response:
    submission = _submission(request, account, submission_id)
    try:
        return _download(views.letter(auth.repositories(request), submission, notice_id,
                                      edition))
    except views.OwnedNotFound as error:
        raise _not_found() from error


@router.post("/submissions/{submission_id}/clarification")
def answer(request: Request, submission_id: str, account: auth.ProviderUser) -> Response:
    """The files asked for, as a new submission answering the request (each held in memory
    once it has arrived within the limit: services.submissions keeps uploads as bytes)."""
    repos, submission = auth.repositories(request), _submission(request, account, submission_id)
    back = RedirectResponse(f"/submissions/{submission_id}#answer", status_code=303)
    if not views.open_questions(repos, submission):  # the service's words are for officers
        request.session["clarification_problem"] = "We have not asked a question to answer here"
        return back
    limit, files, form = uploads.max_file_bytes(), [], _file_parts(request, MAX_ANSWER_FILES)
    for part in _read_as_form(form):
        assert part.filename is not None  # FileParts gives files only
        data = _bounded(part, limit)
        if data is None:
            request.session["clarification_problem"] = (
                f"{uploads.display_name(part.filename)} is larger than the {_limit_words()} "
                "limit")
            return back
        files.append(Upload(uploads.display_name(part.filename), data))
    if form.skipped or not files:
        request.session["clarification_problem"] = (
            f"Send up to {MAX_ANSWER_FILES} files in one answer" if files
            else "Select the files we asked for")
        return back
    try:
        answered = answer_clarification(repos, submission.id, files,
                                        announce=auth.wiring(request).announce)
    except (ClarificationRefused, SubmissionRefused) as error:
        request.session["clarification_problem"] = _sentence(str(error))
        return back
    return RedirectResponse(f"/submissions/{answered.id}/receipt", status_code=303)


def _file_parts(request: Request, most: int) -> FileParts:
    """The form's files as they arrive (400 for a body that is not a form of ours)."""
    try:
        return FileParts(FormReader(request.headers.get("content-type", ""),
                                    request_chunks(request)), most)
    except BadForm as error:
        raise HTTPException(400) from error


def _read_as_form(parts: FileParts) -> Iterator[Part]:
    """The parts, a body that stops being a form of ours midway answered 400."""
    try:
        yield from parts
    except BadForm as error:
        raise HTTPException(400) from error


def _bounded(part: Part, limit: int) -> bytes | None:
    held, size = [], 0
    for chunk in part.chunks:
        size += len(chunk)
        if size > limit:
            part.discard()
            return None
        held.append(chunk)
    return b"".join(held)


# 6. Register entries ---------------------------------------------------------------------------

@router.get("/register-entries")
def register_entries(request: Request, account: auth.ProviderUser) -> Response:
    entries = views.register_entries(auth.repositories(request), _provider(account))
    today = _now().astimezone(auth.settings(request).zone).date()
    return render(request, "provider/register.html", title="Your places on the register",
                  entries=entries, expiring=views.nearing_expiry(entries, today),
                  within=views.EXPIRY_WARNING_DAYS)
