"""htmx helpers every app's views share."""

from __future__ import annotations

from django.shortcuts import render


def import_job_response(request, job, *, template: str, result_template: str, context=None):
    """The page of an import running as a job: the whole page, or for htmx's poll only the part
    that shows the job (``core/_import_job.html``), which stops polling once the job ended."""
    context = {"job": job, "result_template": result_template, **(context or {})}
    if getattr(request, "htmx", False):
        return render(request, "core/_import_job.html", context)
    return render(request, template, context)
