"""Pages: documents (list, upload, text with the extracted claims highlighted)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from undercount.errors import UndercountError
from undercount.store import queries as Q
from undercount.store.users import User
from undercount.web.common import csrf_protect, current_user, project_of, render

router = APIRouter(dependencies=[Depends(csrf_protect)])


@router.get("/documents", include_in_schema=False)
def documents_page(request: Request, user: User = Depends(current_user)) -> Response:
    project = project_of(request)
    return render(
        request,
        "documents.html",
        docs=Q.list_documents(project, user),
        sources=Q.list_sources(project, user),
        error=None,
    )


@router.post("/documents", include_in_schema=False)
def upload(
    request: Request,
    source_id: int = Form(...),
    file: UploadFile = File(...),
    user: User = Depends(current_user),
) -> Response:
    project = project_of(request)
    data = file.file.read(Q.MAX_UPLOAD + 1)
    try:
        res = Q.upload_document(project, user, source_id, file.filename or "upload.txt", data)
    except UndercountError as exc:
        if type(exc).__name__ in ("PermissionDenied", "NotFound"):
            raise
        return render(
            request,
            "documents.html",
            status=400,
            docs=Q.list_documents(project, user),
            sources=Q.list_sources(project, user),
            error=str(exc),
        )
    return RedirectResponse(f"/documents/{res}", status_code=303)


@router.get("/documents/{doc_id}", include_in_schema=False)
def document_page(request: Request, doc_id: int, user: User = Depends(current_user)) -> Response:
    doc = Q.get_document(project_of(request), user, doc_id)
    return render(request, "document.html", doc=doc)
