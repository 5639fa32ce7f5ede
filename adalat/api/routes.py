"""The API under /api/v1/: OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs."""

from __future__ import annotations

from ninja import NinjaAPI

from adalat.accounts.api import router as accounts_router
from adalat.accounts.api_auth import AUTH
from adalat.cases.api import router as cases_router
from adalat.cases.api_directory import router as directory_router
from adalat.cases.api_outages import router as outages_router
from adalat.cases.api_progress import router as progress_router
from adalat.cases.api_workflow import router as workflow_router
from adalat.documents.api import router as documents_router
from adalat.filing.api import router as filing_router
from adalat.petitions.api import router as petitions_router
from adalat.restraint.api import router as restraint_router
from adalat.supervision.api import router as supervision_router

from . import problems
from .audit import router as audit_router

api = NinjaAPI(
    title="Adalat API",
    version="1",
    description="The electronic case file of Adalat. Errors are RFC 9457 problem details.",
    auth=AUTH,
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)
api.add_router("/auth", accounts_router)
api.add_router("/audit", audit_router)
api.add_router("/cases", cases_router)
api.add_router("/cases", workflow_router)
api.add_router("/progress", progress_router)
api.add_router("/directory", directory_router)
api.add_router("/outages", outages_router)
api.add_router("/cases", documents_router)
api.add_router("", supervision_router)
api.add_router("", restraint_router)
api.add_router("", filing_router)
api.add_router("", petitions_router)
